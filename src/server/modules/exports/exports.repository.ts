// SQL of exports: what the columns name in words (users, stages), and the audit entry.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';

/** The workspace's users (a few hundred at most): owners are exported by their email. */
export async function usersOfWorkspace(tx: Db) {
  return tx.selectFrom('users').select(['id', 'email', 'locale']).execute();
}

/** Every stage with its pipeline's name, removed ones too: old deals may still stand in them. */
export async function stagesOfWorkspace(tx: Db) {
  return tx
    .selectFrom('pipeline_stages as s')
    .innerJoin('pipelines as p', (join) =>
      join.onRef('p.workspace_id', '=', 's.workspace_id').onRef('p.id', '=', 's.pipeline_id'),
    )
    .select(['s.id', 's.name', 'p.name as pipeline'])
    .execute();
}

/**
 * An export in the audit log: the log takes creates, changes and deletes of records, so an
 * export is logged as the creation of an `export` record (its own id) whose changes say what
 * was exported, how, and how many rows.
 */
export async function recordExport(tx: Db, actorId: string, details: Record<string, unknown>) {
  const changes = Object.fromEntries(Object.entries(details).map(([key, value]) => [key, [null, value]]));
  await sql`insert into audit_log (workspace_id, actor_id, record_type, record_id, action, changes)
    values (farley_workspace(), ${actorId}::uuid, 'export', ${newId()}::uuid, 'create', ${JSON.stringify(changes)}::jsonb)`.execute(
    tx,
  );
}
