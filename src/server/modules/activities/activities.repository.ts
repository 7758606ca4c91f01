// SQL of activities: the activity rows, their links (which carry a copy of the activity's
// time so that timelines read one index in order), and the records' last_activity_at.
import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { ActivitiesTable } from '../../platform/db/schema.ts';
import { linkedToConditions, type LinkSets, type LinkTable } from '../../platform/db/links.ts';
import { listPage, type Fields, type ListQuery } from '../../platform/http/listing.ts';
import { activityTypes, directions } from '../../../contract/activities.ts';

export const activityLinks: LinkTable = { table: 'activity_links', owner: 'activity_id' };

export const activityFields: Fields = {
  type: { column: 'type', kind: 'enum', values: activityTypes },
  direction: { column: 'direction', kind: 'enum', values: directions },
  subject: { column: 'subject', kind: 'text', nullable: true },
  body: { column: 'body', kind: 'text', nullable: true, unsortable: true },
  occurredAt: { column: 'occurred_at', kind: 'timestamp' },
  durationMinutes: { column: 'duration_minutes', kind: 'integer', nullable: true },
  outcome: { column: 'outcome', kind: 'text', nullable: true },
  authorId: { column: 'author_id', kind: 'uuid', nullable: true },
  confidential: { column: 'confidential', kind: 'boolean' },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};

/** A page of activities; `only`: a condition the list starts from (platform/db/visibleSet.ts). */
export async function listActivities(tx: Db, query: ListQuery, only?: RawBuilder<boolean>) {
  let builder = tx.selectFrom('activities').selectAll();
  if (only) builder = builder.where(only);
  for (const condition of linkedToConditions(activityLinks, 'activities', query)) builder = builder.where(condition);
  return listPage(builder, { fields: activityFields, query, defaultSort: '-occurredAt' });
}

export async function insertActivity(tx: Db, values: Insertable<ActivitiesTable>) {
  return tx.insertInto('activities').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Live activities by id (for the timeline), in no particular order. */
export async function findActivities(tx: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return tx.selectFrom('activities').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null).execute();
}

/** Whether an activity, live or trashed, is marked confidential (undefined: none seen). */
export async function findConfidential(tx: Db, id: string) {
  return tx.selectFrom('activities').select('confidential').where('id', '=', id).executeTakeFirst();
}

/** Keeps the copied time in the links equal to the activity's. */
export async function setLinkTimes(tx: Db, activityId: string, occurredAt: Date) {
  await tx
    .updateTable('activity_links')
    .set({ occurred_at: occurredAt })
    .where('activity_id', '=', activityId)
    .execute();
}

const recordTables = [
  ['contactIds', 'contacts'],
  ['companyIds', 'companies'],
  ['dealIds', 'deals'],
] as const;

/**
 * Raises last_activity_at of the linked contacts, companies and deals to `at` where it is
 * older. The column belongs to those records' tables, but only activities know when it moves,
 * so this module keeps it (a high-water mark: it never moves back when an activity is
 * trashed or moved earlier). It is derived data, not an edit: the version stays (a client's
 * If-Match must not go stale because a call was logged) and the audit trail skips it.
 */
export async function touchLinkedRecords(tx: Db, links: LinkSets, at: Date) {
  if (recordTables.every(([key]) => links[key].length === 0)) return;
  await sql`select set_config('farley.audit', 'off', true)`.execute(tx);
  for (const [key, table] of recordTables) {
    if (links[key].length === 0) continue;
    await tx
      .updateTable(table as 'contacts')
      .set({ last_activity_at: at })
      .where('id', 'in', links[key])
      .where((eb) => eb.or([eb('last_activity_at', 'is', null), eb('last_activity_at', '<', at)]))
      .execute();
  }
  await sql`select set_config('farley.audit', '', true)`.execute(tx);
}
