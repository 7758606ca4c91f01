// What every record table shares: ids, optimistic versions, the trash.
import { v7 as uuidv7 } from 'uuid';
import { sql } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './database.ts';
import { AppError, notFound } from '../errors.ts';

export const newId = (): string => uuidv7();

/** Tables whose rows have id, version and deleted_at. */
export type RecordTable = {
  [K in keyof Database]: Database[K] extends { id: string; version: unknown; deleted_at: unknown } ? K : never;
}[keyof Database];

function stale(): AppError {
  return new AppError('precondition_failed', 'The record was changed by someone else. Load it again and retry.');
}

/** A live (untrashed) record, or 404. */
export async function findLive(tx: Db, table: RecordTable, id: string, what: string): Promise<Record<string, any>> {
  const row = await tx
    .selectFrom(table as 'contacts')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound(what);
  return row;
}

/**
 * Updates a live record, bumping its version. With `expectedVersion` the update only happens
 * if nobody changed the record in between (412 otherwise).
 */
export async function updateLive(
  tx: Db,
  table: RecordTable,
  id: string,
  values: Record<string, unknown>,
  expectedVersion: number | undefined,
  what: string,
): Promise<Record<string, any>> {
  let query = tx
    .updateTable(table as 'contacts')
    .set({ ...(values as object), version: sql`version + 1`, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .where('deleted_at', 'is', null);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const row = await query.returningAll().executeTakeFirst();
  if (row) return row;
  await findLive(tx, table, id, what);
  throw stale();
}

export async function trash(tx: Db, table: RecordTable, id: string, expectedVersion: number | undefined, what: string) {
  return updateLive(tx, table, id, { deleted_at: sql`now()` }, expectedVersion, what);
}

export async function restore(tx: Db, table: RecordTable, id: string, what: string): Promise<Record<string, any>> {
  const row = await tx
    .updateTable(table as 'contacts')
    .set({ deleted_at: null, version: sql`version + 1`, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .where('deleted_at', 'is not', null)
    .returningAll()
    .executeTakeFirst();
  if (row) return row;
  const live = await tx
    .selectFrom(table as 'contacts')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (live) throw new AppError('conflict', `The ${what} is not in the trash.`);
  throw notFound(what);
}

/** Checks that referenced records exist (and are not trashed) in the workspace; 422 otherwise. */
export async function assertExists(tx: Db, table: RecordTable, ids: Array<string | null | undefined>, path: string) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return;
  const found = await tx
    .selectFrom(table as 'contacts')
    .select('id')
    .where('id', 'in', wanted)
    .where('deleted_at', 'is', null)
    .execute();
  if (found.length !== wanted.length) {
    const missing = wanted.filter((id) => !found.some((row) => row.id === id));
    throw new AppError(
      'invalid',
      'A referenced record does not exist.',
      missing.map((id) => ({ path, message: `no record ${id}` })),
    );
  }
}
