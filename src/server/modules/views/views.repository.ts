// SQL of saved views. A user sees their own views and the workspace's shared ones.
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { SavedViewsTable } from '../../platform/db/schema.ts';
import type { ViewResource } from '../../../contract/views.ts';

export type ViewRow = Awaited<ReturnType<typeof findVisibleView>> & {};

const visibleTo = (userId: string) => sql<boolean>`(saved_views.shared or saved_views.owner_id = ${userId})`;

export async function listVisibleViews(tx: Db, userId: string, resource: ViewResource | undefined) {
  let query = tx.selectFrom('saved_views').selectAll().where(visibleTo(userId));
  if (resource) query = query.where('resource', '=', resource);
  return query.orderBy(sql`name collate "und-x-icu"`).orderBy('id').execute();
}

export async function findVisibleView(tx: Db, id: string, userId: string) {
  return tx.selectFrom('saved_views').selectAll().where('id', '=', id).where(visibleTo(userId)).executeTakeFirst();
}

export async function insertView(tx: Db, values: Insertable<SavedViewsTable>) {
  return tx.insertInto('saved_views').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Undefined when `expectedVersion` no longer matches. */
export async function updateView(
  tx: Db,
  id: string,
  values: Partial<Insertable<SavedViewsTable>>,
  expectedVersion: number | undefined,
) {
  let query = tx
    .updateTable('saved_views')
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  return query.returningAll().executeTakeFirst();
}

/** How many rows went: 0 when `expectedVersion` no longer matches. */
export async function deleteView(tx: Db, id: string, expectedVersion: number | undefined): Promise<number> {
  let query = tx.deleteFrom('saved_views').where('id', '=', id);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
