// Record links of activities and tasks: which contacts, companies and deals an entry belongs
// to. Both link tables have the same shape (owner id, record_type, record_id), so the SQL
// for reading, replacing, adding and removing links and for "linked to" filters lives here once.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from './database.ts';
import type { RecordType } from './schema.ts';
import { assertExists } from './records.ts';
import { personNameSql } from './names.ts';

export interface LinkSets {
  contactIds: string[];
  companyIds: string[];
  dealIds: string[];
}

export const linkSetOf = { contact: 'contactIds', company: 'companyIds', deal: 'dealIds' } as const;
const targetTable = { contact: 'contacts', company: 'companies', deal: 'deals' } as const;
const recordTypes = Object.keys(linkSetOf) as RecordType[];

/** A link table and the column naming its owner. */
export interface LinkTable {
  table: 'activity_links' | 'task_links';
  owner: 'activity_id' | 'task_id';
}

export const noLinks = (): LinkSets => ({ contactIds: [], companyIds: [], dealIds: [] });

/** 422 (with the field as path) unless every id names a live record of its kind. */
export async function assertLinkTargets(tx: Db, input: Partial<LinkSets>, path?: string) {
  for (const type of recordTypes) {
    const ids = input[linkSetOf[type]];
    if (ids?.length) await assertExists(tx, targetTable[type], ids, path ?? linkSetOf[type]);
  }
}

/** The links of each owner, as id lists per kind (sorted, so responses are stable). */
export async function linksOf(tx: Db, t: LinkTable, ownerIds: string[]): Promise<Map<string, LinkSets>> {
  const result = new Map<string, LinkSets>(ownerIds.map((id) => [id, noLinks()]));
  if (ownerIds.length === 0) return result;
  const rows = await sql<{ owner: string; record_type: RecordType; record_id: string }>`
    select ${sql.ref(t.owner)} as owner, record_type, record_id from ${sql.table(t.table)}
    where ${sql.ref(t.owner)} = any(${ownerIds}::uuid[])
    order by record_type, record_id`.execute(tx);
  for (const row of rows.rows) result.get(row.owner)?.[linkSetOf[row.record_type]].push(row.record_id);
  return result;
}

/** A linked record as entries show it: enough to name it without fetching it. */
export interface LinkedRecord {
  type: RecordType;
  id: string;
  name: string;
  trashed: boolean;
}

export type WithLinked = LinkSets & { linked: LinkedRecord[] };

/**
 * The links of each owner with the linked records' names, for a whole page at once in one
 * statement: each link finds its record by primary key. Trashed records stay (the link still
 * exists) and say so; the client shows them without a link.
 */
export async function linkedOf(tx: Db, t: LinkTable, ownerIds: string[]): Promise<Map<string, WithLinked>> {
  const sets = new Map<string, LinkSets>(ownerIds.map((id) => [id, noLinks()]));
  const names = new Map<string, { name: string; trashed: boolean }>();
  if (ownerIds.length > 0) {
    const named = sql.join(
      recordTypes.map(
        (type) => sql`
      select ${nameColumn[type]} as name, r.deleted_at is not null as trashed from ${sql.table(targetTable[type])} r
       where l.record_type = ${sql.lit(type)} and r.workspace_id = l.workspace_id and r.id = l.record_id`,
      ),
      sql` union all `,
    );
    const rows = await sql<{
      owner: string;
      record_type: RecordType;
      record_id: string;
      name: string | null;
      trashed: boolean | null;
    }>`
      select l.${sql.ref(t.owner)} as owner, l.record_type, l.record_id, n.name, n.trashed
        from ${sql.table(t.table)} l left join lateral (${named}) n on true
       where l.${sql.ref(t.owner)} = any(${ownerIds}::uuid[])
       order by l.record_type, l.record_id`.execute(tx);
    for (const row of rows.rows) {
      sets.get(row.owner)?.[linkSetOf[row.record_type]].push(row.record_id);
      if (row.name !== null)
        names.set(`${row.record_type}:${row.record_id}`, { name: row.name, trashed: row.trashed === true });
    }
  }
  const result = new Map<string, WithLinked>();
  for (const [owner, set] of sets) {
    const linked: LinkedRecord[] = [];
    for (const type of recordTypes) {
      for (const id of set[linkSetOf[type]]) {
        const found = names.get(`${type}:${id}`);
        if (found) linked.push({ type, id, ...found });
      }
    }
    result.set(owner, { ...set, linked });
  }
  return result;
}

// What a linked record is called: a person's name by the one rule (names.ts), a company's name, a deal's title.
const nameColumn = {
  contact: personNameSql(),
  company: sql`name`,
  deal: sql`title`,
} as const;

/**
 * Makes the owner's links of one kind exactly `ids`. `extra` holds columns every new link row
 * carries (activity links copy the activity's time).
 */
export async function replaceLinks(
  tx: Db,
  t: LinkTable,
  workspaceId: string,
  ownerId: string,
  type: RecordType,
  ids: string[],
  extra: Record<string, unknown> = {},
) {
  await sql`delete from ${sql.table(t.table)} where ${sql.ref(t.owner)} = ${ownerId}
    and record_type = ${type} and not (record_id = any(${ids}::uuid[]))`.execute(tx);
  for (const id of ids) await addLink(tx, t, workspaceId, ownerId, type, id, extra);
}

/** Adds one link; false when it existed already. */
export async function addLink(
  tx: Db,
  t: LinkTable,
  workspaceId: string,
  ownerId: string,
  type: RecordType,
  recordId: string,
  extra: Record<string, unknown> = {},
): Promise<boolean> {
  const row = { workspace_id: workspaceId, [t.owner]: ownerId, record_type: type, record_id: recordId, ...extra };
  const inserted = await tx
    .insertInto(t.table as 'task_links')
    .values(row as never)
    .onConflict((oc) => oc.doNothing())
    .returning('record_id')
    .execute();
  return inserted.length > 0;
}

/** Removes one link; false when there was none. */
export async function removeLink(
  tx: Db,
  t: LinkTable,
  ownerId: string,
  type: RecordType,
  recordId: string,
): Promise<boolean> {
  const deleted = await sql`delete from ${sql.table(t.table)} where ${sql.ref(t.owner)} = ${ownerId}
    and record_type = ${type} and record_id = ${recordId} returning record_id`.execute(tx);
  return deleted.rows.length > 0;
}

/**
 * "Linked to this contact/company/deal" list filters, as EXISTS conditions on the owner table
 * (`alias` names it in the outer query). Served by the link tables' record indexes.
 */
export function linkedToConditions(
  t: LinkTable,
  alias: string,
  filters: Record<string, unknown>,
): RawBuilder<boolean>[] {
  const wanted: Array<[RecordType, unknown]> = [
    ['contact', filters.contactId],
    ['company', filters.companyId],
    ['deal', filters.dealId],
  ];
  return wanted
    .filter(([, id]) => typeof id === 'string')
    .map(
      ([type, id]) => sql<boolean>`exists (
    select 1 from ${sql.table(t.table)} l
    where l.workspace_id = ${sql.ref(`${alias}.workspace_id`)} and l.record_type = ${type}
      and l.record_id = ${String(id).toLowerCase()}::uuid and l.${sql.ref(t.owner)} = ${sql.ref(`${alias}.id`)})`,
    );
}

/**
 * Writes an audit entry for changed links. Links live in their own table, outside the audited
 * row, so the database trigger does not see them; this entry has the trigger's shape and takes
 * actor and workspace from the same transaction settings. For a record created in this
 * transaction the links join the trigger's 'create' entry instead of following as an update.
 */
export async function auditLinkChange(
  tx: Db,
  recordType: string,
  recordId: string,
  before: LinkSets,
  after: LinkSets,
  created = false,
) {
  // Keys in the trigger's style (stored column names); the audit API shows them camelCased.
  const changes: Record<string, [string[] | null, string[]]> = {};
  for (const [type, key] of Object.entries(linkSetOf)) {
    const a = [...before[key]].sort();
    const b = [...after[key]].sort();
    if (a.join() !== b.join()) changes[`${type}_ids`] = [created ? null : a, b];
  }
  if (Object.keys(changes).length === 0) return;
  const json = JSON.stringify(changes);
  if (created) {
    await sql`update audit_log set changes = changes || ${json}::jsonb
      where workspace_id = farley_workspace() and record_type = ${recordType} and record_id = ${recordId}
        and action = 'create'`.execute(tx);
    return;
  }
  await sql`insert into audit_log (workspace_id, actor_id, record_type, record_id, action, changes)
    values (farley_workspace(), nullif(current_setting('farley.user_id', true), '')::uuid,
            ${recordType}, ${recordId}, 'update', ${json}::jsonb)`.execute(tx);
}
