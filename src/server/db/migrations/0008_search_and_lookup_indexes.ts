// Indexes PostgreSQL actually chooses for search and lookup (checked with EXPLAIN):
// - One GIN index per array column instead of one over all of them: a five-column GIN
//   index was costed so high that a phone or email lookup never used it.
// - Trigram indexes on search_text without workspace_id: with the btree_gin workspace_id
//   column in front, every row of the workspace matches the first key, the planner prices
//   the index like a full scan and never picks it. The one documented exception to
//   "workspace_id first in every index": the few matching rows are then filtered to the
//   workspace by the query and row-level security (and under Citus each shard has its own).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['contacts', 'companies']) {
    await sql.raw(`drop index if exists ${table}_lookup`).execute(db);
    for (const column of ['email_list', 'phone_list', 'tags', 'cities', 'postal_codes']) {
      await sql.raw(`create index ${table}_${column} on ${table} using gin (workspace_id, ${column})`).execute(db);
    }
  }
  for (const table of ['contacts', 'companies', 'deals']) {
    await sql.raw(`drop index if exists ${table}_search`).execute(db);
    await sql.raw(`create index ${table}_search on ${table} using gin (search_text gin_trgm_ops)`).execute(db);
  }
}
