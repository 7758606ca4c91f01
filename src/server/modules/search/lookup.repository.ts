// SQL of caller and sender lookup. Lookup is a read model across records: to answer "who is
// calling?" in one round of queries it reads contacts, companies, users, deals, tasks and
// activities directly, read-only. Those tables are written only by their own modules.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { onePlan } from '../../platform/db/intent.ts';
import { personNameSql } from '../../platform/db/names.ts';
import type { ActivitiesTable, RecordType } from '../../platform/db/schema.ts';

/** At most this many contacts and this many companies share one phone number or email. */
export const maxMatches = 25;

export type Match = { phone: string } | { email: string };

/**
 * A phone number or email address is found through its GIN index, and the few hits are then
 * sorted. The hits are fenced off (a materialized CTE) because the planner cannot estimate how
 * rare one number is in an array column: it took the name index for the ORDER BY … LIMIT and
 * walked every company (docs/performance.md, "Lookup by phone").
 */
function matching(match: Match) {
  return 'phone' in match
    ? sql<boolean>`phone_list @> array[${match.phone}]::text[]`
    : sql<boolean>`email_list @> array[${match.email}]::text[]`;
}

export async function contactsMatching(tx: Db, match: Match) {
  return tx
    .with(
      (cte) => cte('hits').materialized(),
      (db) =>
        db
          .selectFrom('contacts')
          .select([
            'id',
            'last_name',
            personNameSql().as('name'),
            'email_list',
            'phone_list',
            'job_title',
            'lifecycle_stage',
            'owner_id',
          ])
          .where('deleted_at', 'is', null)
          .where(matching(match)),
    )
    .selectFrom('hits')
    .selectAll()
    .orderBy(sql`last_name collate "und-x-icu"`)
    .orderBy('id')
    .limit(maxMatches)
    .execute();
}

export async function companiesMatching(tx: Db, match: Match) {
  return tx
    .with(
      (cte) => cte('hits').materialized(),
      (db) =>
        db
          .selectFrom('companies')
          .select(['id', 'name', 'email_list', 'phone_list', 'industry', 'cities', 'owner_id'])
          .where('deleted_at', 'is', null)
          .where(matching(match)),
    )
    .selectFrom('hits')
    .selectAll()
    .orderBy(sql`name collate "und-x-icu"`)
    .orderBy('id')
    .limit(maxMatches)
    .execute();
}

export async function userNames(tx: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return tx.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** Open, untrashed deals of some contacts (by primary contact) or companies: count and sum per currency. */
export async function openDeals(tx: Db, by: 'contact_id' | 'company_id', ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .selectFrom('deals')
    .select([
      sql<string>`${sql.ref(by)}`.as('record_id'),
      'currency',
      sql<number>`count(*)`.as('count'),
      sql<string | null>`sum(amount)::numeric(18,2)::text`.as('sum'),
    ])
    .where(by, 'in', ids)
    .where('status', '=', 'open')
    .where('deleted_at', 'is', null)
    .groupBy([by, 'currency'])
    .orderBy('currency')
    .execute();
}

/** Number of open, untrashed tasks linked to each record. */
export async function openTasks(tx: Db, recordType: RecordType, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .selectFrom('task_links as l')
    .innerJoin('tasks as t', (join) =>
      join.onRef('t.workspace_id', '=', 'l.workspace_id').onRef('t.id', '=', 'l.task_id'),
    )
    .select(['l.record_id', sql<number>`count(*)`.as('count')])
    .where('l.record_type', '=', recordType)
    .where('l.record_id', 'in', ids)
    .where('t.status', '=', 'open')
    .where('t.deleted_at', 'is', null)
    .groupBy('l.record_id')
    .execute();
}

/**
 * The latest untrashed activity linked to each record: for each, its links newest first in
 * the record index, stopping at the first. Sorting all links to keep one per record
 * (DISTINCT ON) read every link of every record, with its activity, whenever a number matched
 * several records (for one record the planner had cut it short itself).
 */
export async function lastActivities(tx: Db, recordType: RecordType, ids: string[]) {
  if (ids.length === 0) return [];
  // The plan is the same for any records: planned once (onePlan).
  const { rows } = await onePlan(sql<{
    record_id: string;
    id: string;
    type: ActivitiesTable['type'];
    subject: string | null;
    occurred_at: Date;
  }>`
    select r.record_id, last.id, last.type, last.subject, last.occurred_at
      from unnest(${ids}::uuid[]) as r(record_id)
      cross join lateral (
        select a.id, a.type, a.subject, a.occurred_at from activity_links l
          join activities a on a.workspace_id = l.workspace_id and a.id = l.activity_id
         where l.record_type = ${recordType} and l.record_id = r.record_id and a.deleted_at is null
         order by l.occurred_at desc, l.activity_id desc
         limit 1) last`).execute(tx);
  return rows;
}
