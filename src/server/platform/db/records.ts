// What every record table shares: ids, optimistic versions, the trash.
import { v7 as uuidv7 } from 'uuid';
import { sql, type Selectable, type UpdateObject } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './database.ts';
import { AppError, inTrash, mergedInto, notFound } from '../errors.ts';

export const newId = (): string => uuidv7();

/** Tables whose rows have id, version and deleted_at. */
export type RecordTable = {
  [K in keyof Database]: Database[K] extends { id: string; version: unknown; deleted_at: unknown } ? K : never;
}[keyof Database];

/** A record as read, typed from its table. */
export type RecordRow<T extends RecordTable> = Selectable<Database[T]>;

/** What an update of a record may set: its columns, as values or SQL expressions. */
export type RecordValues<T extends RecordTable> = UpdateObject<Database, T>;

function stale(): AppError {
  return new AppError('precondition_failed', 'The record was changed by someone else. Load it again and retry.');
}

/** A live (untrashed) record, or 404: `in_trash` when it is in the workspace's trash. */
export async function findLive<T extends RecordTable>(
  tx: Db,
  table: T,
  id: string,
  what: string,
): Promise<RecordRow<T>> {
  const row = await tx
    .selectFrom(table as 'contacts')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(what);
  // A merged record's callers are sent on to the record it was merged into.
  if (row.deleted_at) throw row.merged_into_id ? mergedInto(what, row.merged_into_id) : inTrash(what);
  // Kysely cannot follow a table name that is a type parameter; the query reads `table`'s row.
  return row as unknown as RecordRow<T>;
}

/**
 * Updates a live record, bumping its version. With `expectedVersion` the update only happens
 * if nobody changed the record in between (412 otherwise).
 */
export async function updateLive<T extends RecordTable>(
  tx: Db,
  table: T,
  id: string,
  values: RecordValues<T>,
  expectedVersion: number | undefined,
  what: string,
): Promise<RecordRow<T>> {
  let query = tx
    .updateTable(table as 'contacts')
    .set({ ...(values as RecordValues<'contacts'>), version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('deleted_at', 'is', null);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const row = await query.returningAll().executeTakeFirst();
  if (row) return row as unknown as RecordRow<T>;
  await findLive(tx, table, id, what);
  throw stale();
}

export async function trash<T extends RecordTable>(
  tx: Db,
  table: T,
  id: string,
  expectedVersion: number | undefined,
  what: string,
) {
  const values: RecordValues<'contacts'> = { deleted_at: sql`now()` };
  return updateLive(tx, table, id, values as RecordValues<T>, expectedVersion, what);
}

export async function restore<T extends RecordTable>(
  tx: Db,
  table: T,
  id: string,
  what: string,
): Promise<RecordRow<T>> {
  const row = await tx
    .updateTable(table as 'contacts')
    .set({ deleted_at: null, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('deleted_at', 'is not', null)
    .returningAll()
    .executeTakeFirst();
  if (row) return row as unknown as RecordRow<T>;
  const live = await tx
    .selectFrom(table as 'contacts')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (live) throw new AppError('conflict', `The ${what} is not in the trash.`, undefined, undefined, 'not_in_trash');
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
      missing.map((id) => ({ path, code: 'not_found', message: `no record ${id}` })),
      undefined,
      'missing_reference',
    );
  }
}
