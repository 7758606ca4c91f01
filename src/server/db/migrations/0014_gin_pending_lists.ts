// Every GIN index keeps a short pending list. GIN collects new entries in a pending list
// (fastupdate) and merges them into the index only when the list outgrows
// gin_pending_list_limit (4 MB by default) or at vacuum; every scan reads the whole list. With
// contacts being written all day, search, lookup and tag filters read hundreds of pending
// pages per index per query. At 256 kB (32 pages) the merges come more often and cost each a
// little, writes are no slower, and no scan reads more than 32 pages (docs/performance.md,
// "GIN pending lists").
// A test (platform/db/indexes.test.ts) checks that every GIN index has it, new ones included.
import { type Kysely, sql } from 'kysely';

export const pendingListKb = 256;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    do $$
    declare index_name text;
    begin
      for index_name in
        select i.relname from pg_index x
          join pg_class i on i.oid = x.indexrelid
          join pg_am am on am.oid = i.relam
          join pg_namespace n on n.oid = i.relnamespace
         where am.amname = 'gin' and n.nspname = current_schema()
      loop
        execute format('alter index %I set (gin_pending_list_limit = ${pendingListKb})', index_name);
      end loop;
    end $$;
  `)
    .execute(db);
}
