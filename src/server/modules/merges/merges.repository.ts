// SQL of merges: locking the records, re-pointing what hangs on the merged ones, and the
// merges table that remembers every re-pointed or dropped row for the undo.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { RecordType } from '../../platform/db/schema.ts';
import type { MergeType } from '../../../contract/merges.ts';
import { personNameSql } from '../../platform/db/names.ts';

export type MergeTable = 'contacts' | 'companies';

/** The records of a merge, locked against concurrent writes until the transaction ends. */
export async function lockRecords(tx: Db, table: MergeTable, ids: string[]) {
  return tx
    .selectFrom(table as 'contacts')
    .selectAll()
    .where('id', 'in', ids)
    .forUpdate()
    .execute();
}

/** A link of an activity or a task to a record. */
export interface LinkRow {
  owner: string;
  record_id: string;
  occurred_at?: string | null;
}

type LinkTableName = 'activity_links' | 'task_links';
const ownerColumn = { activity_links: 'activity_id', task_links: 'task_id' } as const;

/** The links of some records of one type, with the activity's time where the table keeps it. */
export async function linksTo(tx: Db, table: LinkTableName, type: RecordType, ids: string[]): Promise<LinkRow[]> {
  const time =
    table === 'activity_links'
      ? sql`, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at`
      : sql``;
  const rows = await sql<LinkRow>`select ${sql.ref(ownerColumn[table])} as owner, record_id ${time}
    from ${sql.table(table)} where record_type = ${type} and record_id = any(${ids}::uuid[])`.execute(tx);
  return rows.rows;
}

/** Points the given links (owner, from) of `type` at `to`. */
export async function repointLinks(tx: Db, table: LinkTableName, type: RecordType, links: LinkRow[], to: string) {
  if (links.length === 0) return;
  await sql`update ${sql.table(table)} set record_id = ${to}
    where record_type = ${type} and (${sql.ref(ownerColumn[table])}, record_id) in (
      select * from unnest(${links.map((l) => l.owner)}::uuid[], ${links.map((l) => l.record_id)}::uuid[]))`.execute(
    tx,
  );
}

/** Removes the given links (owner, record) of `type`. */
export async function deleteLinks(tx: Db, table: LinkTableName, type: RecordType, links: LinkRow[]) {
  if (links.length === 0) return;
  await sql`delete from ${sql.table(table)}
    where record_type = ${type} and (${sql.ref(ownerColumn[table])}, record_id) in (
      select * from unnest(${links.map((l) => l.owner)}::uuid[], ${links.map((l) => l.record_id)}::uuid[]))`.execute(
    tx,
  );
}

/** Adds links back (the undo of a dropped link); one that exists again stays as it is. */
export async function insertLinks(tx: Db, table: LinkTableName, type: RecordType, links: LinkRow[]) {
  if (links.length === 0) return;
  const owners = links.map((l) => l.owner);
  const records = links.map((l) => l.record_id);
  if (table === 'activity_links') {
    await sql`insert into activity_links (workspace_id, activity_id, record_type, record_id, occurred_at)
      select farley_workspace(), o, ${type}, r, t from unnest(${owners}::uuid[], ${records}::uuid[],
        ${links.map((l) => l.occurred_at ?? null)}::timestamptz[]) as x(o, r, t)
      on conflict do nothing`.execute(tx);
  } else {
    await sql`insert into task_links (workspace_id, task_id, record_type, record_id)
      select farley_workspace(), o, ${type}, r from unnest(${owners}::uuid[], ${records}::uuid[]) as x(o, r)
      on conflict do nothing`.execute(tx);
  }
}

/** The records that point at a customer by a column of their own, and follow it into a merge. */
export type CustomerRefTable = 'deals' | 'quotes' | 'orders';

/** Points `column` of `table`'s rows at `from` records to `to`; returns which row pointed where. */
export async function repointRefs(
  tx: Db,
  table: CustomerRefTable,
  column: 'contact_id' | 'company_id',
  from: string[],
  to: string,
): Promise<Array<{ id: string; from: string }>> {
  const rows = await sql<{ id: string; from: string }>`
    update ${sql.table(table)} d set ${sql.ref(column)} = ${to}, version = d.version + 1, updated_at = now()
      from (select id, ${sql.ref(column)} as prev from ${sql.table(table)}
             where ${sql.ref(column)} = any(${from}::uuid[]) for update) o
     where d.id = o.id
    returning d.id, o.prev as from`.execute(tx);
  return rows.rows;
}

/** Points rows back where they were (undo); a row moved on since stays where it is. */
export async function restoreRefs(
  tx: Db,
  table: CustomerRefTable,
  column: 'contact_id' | 'company_id',
  moved: Array<{ id: string; from: string }>,
  now: string,
) {
  if (moved.length === 0) return;
  await sql`update ${sql.table(table)} d set ${sql.ref(column)} = x.prev, version = d.version + 1, updated_at = now()
    from unnest(${moved.map((m) => m.id)}::uuid[], ${moved.map((m) => m.from)}::uuid[]) as x(id, prev)
    where d.id = x.id and d.${sql.ref(column)} = ${now}`.execute(tx);
}

/** An affiliation as the merge reads it: enough to move it, drop it and put it back. */
export interface AffiliationRow {
  id: string;
  contact_id: string;
  company_id: string;
  job_title: string | null;
  buying_role: string | null;
  is_primary: boolean;
  version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** The affiliations of some contacts (column contact_id) or companies (company_id). */
export async function affiliationsBy(
  tx: Db,
  column: 'contact_id' | 'company_id',
  ids: string[],
): Promise<AffiliationRow[]> {
  const rows = await sql<AffiliationRow>`
    select id, contact_id, company_id, job_title, buying_role, is_primary, version,
           created_at::text, updated_at::text, deleted_at::text
      from affiliations where ${sql.ref(column)} = any(${ids}::uuid[]) order by created_at, id for update`.execute(tx);
  return rows.rows;
}

export async function deleteAffiliations(tx: Db, ids: string[]) {
  if (ids.length === 0) return;
  await tx.deleteFrom('affiliations').where('id', 'in', ids).execute();
}

/** Re-points one affiliation to another contact or company, with its primary mark. */
export async function moveAffiliation(
  tx: Db,
  id: string,
  column: 'contact_id' | 'company_id',
  to: string,
  isPrimary: boolean,
) {
  await sql`update affiliations set ${sql.ref(column)} = ${to}, is_primary = ${isPrimary},
    version = version + 1, updated_at = now() where id = ${id}`.execute(tx);
}

/** Puts dropped affiliations back as they were (undo); one whose place was taken since stays out. */
export async function insertAffiliations(tx: Db, rows: AffiliationRow[]) {
  for (const row of rows) {
    await sql`insert into affiliations (workspace_id, id, contact_id, company_id, job_title, buying_role, is_primary,
        version, created_at, updated_at, deleted_at)
      values (farley_workspace(), ${row.id}, ${row.contact_id}, ${row.company_id}, ${row.job_title}, ${row.buying_role},
        ${row.is_primary}, ${row.version}, ${row.created_at}::timestamptz, ${row.updated_at}::timestamptz,
        ${row.deleted_at}::timestamptz)
      on conflict do nothing`.execute(tx);
  }
}

/** A user's view of a record (the start page's "recently viewed"). */
export interface ViewRow {
  user_id: string;
  record_id: string;
  viewed_at: string;
}

export async function viewsOf(tx: Db, type: RecordType, ids: string[]): Promise<ViewRow[]> {
  const rows = await sql<ViewRow>`select user_id, record_id, viewed_at::text from recent_views
    where record_type = ${type} and record_id = any(${ids}::uuid[]) for update`.execute(tx);
  return rows.rows;
}

export async function repointViews(tx: Db, type: RecordType, views: ViewRow[], to: string) {
  if (views.length === 0) return;
  await sql`update recent_views set record_id = ${to}
    where record_type = ${type} and (user_id, record_id) in (
      select * from unnest(${views.map((v) => v.user_id)}::uuid[], ${views.map((v) => v.record_id)}::uuid[]))`.execute(
    tx,
  );
}

export async function deleteViews(tx: Db, type: RecordType, views: ViewRow[]) {
  if (views.length === 0) return;
  await sql`delete from recent_views
    where record_type = ${type} and (user_id, record_id) in (
      select * from unnest(${views.map((v) => v.user_id)}::uuid[], ${views.map((v) => v.record_id)}::uuid[]))`.execute(
    tx,
  );
}

export async function insertViews(tx: Db, type: RecordType, views: ViewRow[]) {
  if (views.length === 0) return;
  await sql`insert into recent_views (workspace_id, user_id, record_type, record_id, viewed_at)
    select farley_workspace(), u, ${type}, r, t from unnest(${views.map((v) => v.user_id)}::uuid[],
      ${views.map((v) => v.record_id)}::uuid[], ${views.map((v) => v.viewed_at)}::timestamptz[]) as x(u, r, t)
    on conflict do nothing`.execute(tx);
}

/** Companies whose parent is one of `from`: they get `to` as parent. */
export async function repointChildren(
  tx: Db,
  from: string[],
  to: string,
): Promise<Array<{ id: string; from: string }>> {
  const rows = await sql<{ id: string; from: string }>`
    update companies c set parent_company_id = ${to}, version = c.version + 1, updated_at = now()
      from (select id, parent_company_id as prev from companies
             where parent_company_id = any(${from}::uuid[]) and id <> ${to} for update) o
     where c.id = o.id
    returning c.id, o.prev as from`.execute(tx);
  return rows.rows;
}

export async function restoreChildren(tx: Db, moved: Array<{ id: string; from: string }>, now: string) {
  if (moved.length === 0) return;
  await sql`update companies c set parent_company_id = x.prev, version = c.version + 1, updated_at = now()
    from unnest(${moved.map((m) => m.id)}::uuid[], ${moved.map((m) => m.from)}::uuid[]) as x(id, prev)
    where c.id = x.id and c.parent_company_id = ${now}`.execute(tx);
}

/** Whether a table exists in this database: other features' tables the merge keeps in step. */
export async function hasTable(tx: Db, name: string): Promise<boolean> {
  const row = await sql<{ found: boolean }>`select to_regclass(${name}) is not null as found`.execute(tx);
  return row.rows[0]?.found ?? false;
}

/**
 * The merges table. Its jsonb columns hold what the undo needs; they are written and read as
 * JSON text so that their shape is the service's alone.
 */
export interface MergeRow {
  id: string;
  type: MergeType;
  survivor_id: string;
  merged_ids: string[];
  fields: Record<string, string>;
  keep_all: string[];
  before: Record<string, unknown>;
  moved: Record<string, unknown>;
  created_at: Date;
  undone_at: Date | null;
}

export async function insertMerge(
  tx: Db,
  row: Omit<MergeRow, 'created_at' | 'undone_at'> & { actor_id: string | null },
): Promise<MergeRow> {
  const inserted = await sql<MergeRow>`
    insert into merges (workspace_id, id, type, survivor_id, merged_ids, fields, keep_all, before, moved, actor_id)
    values (farley_workspace(), ${row.id}, ${row.type}, ${row.survivor_id}, ${row.merged_ids}::uuid[],
      ${JSON.stringify(row.fields)}::jsonb, ${row.keep_all}::text[], ${JSON.stringify(row.before)}::jsonb,
      ${JSON.stringify(row.moved)}::jsonb, ${row.actor_id})
    returning id, type, survivor_id, merged_ids, fields, keep_all, before, moved, created_at, undone_at`.execute(tx);
  return inserted.rows[0];
}

export async function findMergeForUpdate(tx: Db, id: string): Promise<MergeRow | undefined> {
  const rows = await sql<MergeRow>`
    select id, type, survivor_id, merged_ids, fields, keep_all, before, moved, created_at, undone_at
      from merges where id = ${id} for update`.execute(tx);
  return rows.rows[0];
}

export async function markUndone(tx: Db, id: string, userId: string | null): Promise<MergeRow> {
  const rows = await sql<MergeRow>`
    update merges set undone_at = now(), undone_by = ${userId} where id = ${id}
    returning id, type, survivor_id, merged_ids, fields, keep_all, before, moved, created_at, undone_at`.execute(tx);
  return rows.rows[0];
}

/**
 * An audit entry for the merge on the survivor, in the trigger's shape: the trigger sees the
 * survivor's changed columns and the merged records going to the trash, not that they were one
 * merge; this entry says so (`merged`: the ids merged in, or taken out again by the undo).
 */
export async function auditMerge(tx: Db, recordType: RecordType, survivorId: string, change: [unknown, unknown]) {
  await sql`insert into audit_log (workspace_id, actor_id, record_type, record_id, action, changes)
    values (farley_workspace(), nullif(current_setting('farley.user_id', true), '')::uuid,
            ${recordType}, ${survivorId}, 'update', ${JSON.stringify({ merged: change })}::jsonb)`.execute(tx);
}

/** Points re-pointed links back at the records they came from (undo). */
export async function restoreLinks(tx: Db, table: LinkTableName, type: RecordType, links: LinkRow[], now: string) {
  if (links.length === 0) return;
  await sql`update ${sql.table(table)} l set record_id = x.prev
    from unnest(${links.map((l) => l.owner)}::uuid[], ${links.map((l) => l.record_id)}::uuid[]) as x(owner, prev)
    where l.record_type = ${type} and l.${sql.ref(ownerColumn[table])} = x.owner and l.record_id = ${now}`.execute(tx);
}

/** Points re-pointed views back at the records they came from (undo). */
export async function restoreViews(tx: Db, type: RecordType, views: ViewRow[], now: string) {
  if (views.length === 0) return;
  await sql`update recent_views v set record_id = x.prev
    from unnest(${views.map((v) => v.user_id)}::uuid[], ${views.map((v) => v.record_id)}::uuid[]) as x(u, prev)
    where v.record_type = ${type} and v.user_id = x.u and v.record_id = ${now}`.execute(tx);
}

export async function setAffiliationPrimary(tx: Db, ids: string[], isPrimary: boolean) {
  if (ids.length === 0) return;
  await sql`update affiliations set is_primary = ${isPrimary}, version = version + 1, updated_at = now()
    where id = any(${ids}::uuid[])`.execute(tx);
}

/** The merges into a record that are not undone, newest first (at most `limit`). */
export async function mergesInto(tx: Db, type: MergeType, survivorId: string, limit: number) {
  const rows = await sql<Pick<MergeRow, 'id' | 'merged_ids' | 'created_at'>>`
    select id, merged_ids, created_at from merges
     where type = ${type} and survivor_id = ${survivorId} and undone_at is null
     order by created_at desc, id desc limit ${limit}`.execute(tx);
  return rows.rows;
}

/** Name and trash state of records of a type, trashed ones included. */
export async function recordsOfMerges(tx: Db, type: MergeType, ids: string[]) {
  if (ids.length === 0) return [];
  const name = type === 'contacts' ? personNameSql('r') : sql.ref('r.name');
  const rows = await sql<{ id: string; name: string | null; deleted_at: Date | null; merged_into_id: string | null }>`
    select r.id, ${name} as name, r.deleted_at, r.merged_into_id from ${sql.table(type)} r
     where r.id = any(${ids}::uuid[])`.execute(tx);
  return rows.rows;
}
