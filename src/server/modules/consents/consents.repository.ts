// SQL of consents: the append-only history per contact (the database refuses changes, see
// migration 0060) and the workspace's own purposes.
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { ConsentPurposesTable, ConsentsTable } from '../../platform/db/schema.ts';

export async function workspacePurposes(tx: Db) {
  return tx.selectFrom('consent_purposes').selectAll().orderBy('created_at').orderBy('key').execute();
}

export async function findPurpose(tx: Db, key: string) {
  return tx.selectFrom('consent_purposes').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function insertPurpose(tx: Db, row: Insertable<ConsentPurposesTable>) {
  return tx.insertInto('consent_purposes').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * The history of a contact, newest first, with the entries of the contacts merged into it
 * (a merge trashes the other contact and leaves its rows where they are: they cannot move).
 */
export async function historyOf(tx: Db, contactId: string) {
  return tx
    .withRecursive('merged(id)', (db) =>
      db
        .selectNoFrom(sql<string>`${contactId}::uuid`.as('id'))
        .unionAll(db.selectFrom('contacts as c').innerJoin('merged as m', 'm.id', 'c.merged_into_id').select('c.id')),
    )
    .selectFrom('consents as k')
    .leftJoin('users as u', (join) =>
      join.onRef('u.workspace_id', '=', 'k.workspace_id').onRef('u.id', '=', 'k.recorded_by'),
    )
    .selectAll('k')
    .select(['u.name as recorded_by_name', sql<string | null>`host(k.ip_address)`.as('ip')])
    .where('k.contact_id', 'in', (eb) => eb.selectFrom('merged').select('id'))
    .orderBy('k.effective_at', 'desc')
    .orderBy('k.recorded_at', 'desc')
    .orderBy('k.id', 'desc')
    .execute();
}

export type ConsentRow = Awaited<ReturnType<typeof historyOf>>[number];

export async function insertConsents(tx: Db, rows: Array<Insertable<ConsentsTable>>) {
  if (rows.length === 0) return [];
  return tx.insertInto('consents').values(rows).returning('id').execute();
}

/** The latest entry per purpose of some contacts (the import asks before it records a "no"). */
export async function latestOf(tx: Db, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  return tx
    .selectFrom('consents')
    .select(['contact_id', 'purpose', 'status', 'effective_at'])
    .distinctOn(['contact_id', 'purpose'])
    .where('contact_id', 'in', contactIds)
    .orderBy('contact_id')
    .orderBy('purpose')
    .orderBy('effective_at', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute();
}
