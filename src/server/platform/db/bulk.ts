// SQL of bulk actions on the record lists: set-based updates of many live records of one
// workspace at once, each changed row getting a new version and updated_at (the audit
// trigger records every changed row as a single update would).
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

/** The tables whose lists offer bulk actions. */
export type BulkTable = 'contacts' | 'companies' | 'deals';

/** A row of a bulk table, with what every such table has (a type parameter hides it from Kysely). */
export type BulkRow<T extends BulkTable> = Selectable<Database[T]> & { id: string; tags: string[] };

/** The live rows among `ids`, locked until the transaction ends. */
export async function lockLiveRows<T extends BulkTable>(
  tx: Db,
  table: T,
  workspaceId: string,
  ids: string[],
): Promise<Array<BulkRow<T>>> {
  const { rows } = await sql<BulkRow<T>>`
    select * from ${sql.table(table)}
    where workspace_id = ${workspaceId} and id = any(${ids}::uuid[]) and deleted_at is null
    for update`.execute(tx);
  return rows;
}

/** Sets the same values on the live rows among `ids` for which `differs` holds; the changed ids. */
export async function updateAll(
  tx: Db,
  table: BulkTable,
  workspaceId: string,
  ids: string[],
  values: Record<string, unknown>,
  differs: RawBuilder<boolean>,
): Promise<string[]> {
  const assignments = Object.entries(values).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  const { rows } = await sql<{ id: string }>`
    update ${sql.table(table)}
    set ${sql.join(assignments)}, version = version + 1, updated_at = now()
    where workspace_id = ${workspaceId} and id = any(${ids}::uuid[]) and deleted_at is null and ${differs}
    returning id`.execute(tx);
  return rows.map((row) => row.id);
}

/** New tags and search_text per live row, in one statement; how many rows changed. */
export async function updateTags(
  tx: Db,
  table: BulkTable,
  workspaceId: string,
  changes: Array<{ id: string; tags: string[]; search_text: string }>,
): Promise<number> {
  if (changes.length === 0) return 0;
  const result = await sql`
    update ${sql.table(table)} as t
    set tags = v.tags, search_text = v.search_text, version = t.version + 1, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as v(id uuid, tags text[], search_text text)
    where t.workspace_id = ${workspaceId} and t.id = v.id and t.deleted_at is null`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** True when `userId` is an active, untrashed user of the workspace. */
export async function isActiveUser(tx: Db, workspaceId: string, userId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .where('active', '=', true)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Boolean(row);
}
