// SQL of a workspace's lost reasons.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { WrittenColumns } from '../../platform/presenting.ts';

/** Every reason, in the order they are offered. */
export async function listReasons(tx: Db, activeOnly: boolean) {
  let query = tx.selectFrom('lost_reasons').selectAll().orderBy('position').orderBy('id');
  if (activeOnly) query = query.where('active', '=', true);
  return query.execute();
}

export async function findReason(tx: Db, id: string) {
  return tx.selectFrom('lost_reasons').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A reason of the same name, ignoring case (the unique index lost_reasons_name says the same). */
export async function findByName(tx: Db, name: string) {
  return tx.selectFrom('lost_reasons').select('id').where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
}

export async function insertReasons(
  tx: Db,
  rows: Array<{ workspace_id: string; id: string; key: string | null; name: string; position: number }>,
) {
  return tx.insertInto('lost_reasons').values(rows).returningAll().execute();
}

export async function nextPosition(tx: Db): Promise<number> {
  const row = await tx
    .selectFrom('lost_reasons')
    .select(sql<number>`coalesce(max(position) + 1, 0)::int`.as('next'))
    .executeTakeFirstOrThrow();
  return row.next;
}

/** Writes the values if the version still matches (any version when `version` is undefined). */
export async function updateReason(
  tx: Db,
  id: string,
  values: WrittenColumns<'lost_reasons'>,
  version: number | undefined,
) {
  let query = tx
    .updateTable('lost_reasons')
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id);
  if (version !== undefined) query = query.where('version', '=', version);
  return query.returningAll().executeTakeFirst();
}

/** Positions 0, 1, 2 … in the order of `ids`; each changed reason's version goes up. */
export async function setOrder(tx: Db, ids: string[]) {
  const order = sql.join(ids.map((id, position) => sql`(${id}::uuid, ${position}::int)`));
  await sql`
    update lost_reasons r set position = o.position, version = r.version + 1, updated_at = now()
      from (values ${order}) as o(id, position)
     where r.id = o.id and r.position <> o.position`.execute(tx);
}
