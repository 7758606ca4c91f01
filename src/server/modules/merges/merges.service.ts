// Merging duplicate contacts or companies, and undoing a merge. One transaction moves
// everything that hangs on the merged records to the survivor (links of activities and tasks,
// deals, quotes, orders, affiliations, recent views, child companies, duplicate pairs, import origins), sends
// the merged records to the trash pointing at the survivor, and remembers each row it moved
// or dropped, so that the undo puts back exactly that.
import { withScores } from '../../platform/customerAnalytics.ts';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AddressEntry, EmailEntry, PhoneEntry, RecordType } from '../../platform/db/schema.ts';
import type { RecordValues } from '../../platform/db/records.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { AppError, inTrash, invalid, mergedInto, notFound, type FieldError } from '../../platform/errors.ts';
import type { KeepAllKind, Merge, MergeInput, MergeIntoRecord, MergeType } from '../../../contract/merges.ts';
import { type ContactSearchSource, contactSearchText, companiesOfContacts } from '../contacts/contacts.service.ts';
import { presentContact } from '../contacts/contacts.presenter.ts';
import { type CompanySearchSource, companySearchText } from '../companies/companies.service.ts';
import { presentCompany } from '../companies/companies.presenter.ts';
import * as repo from './merges.repository.ts';
import type { AffiliationRow, LinkRow, MergeRow, ViewRow } from './merges.repository.ts';
import { afterMerge, afterUndo, type HookMoves } from './merges.hooks.ts';

const recordTypeOf = { contacts: 'contact', companies: 'company' } as const satisfies Record<MergeType, RecordType>;
/** The column of a deal (and of an affiliation) that names a record of the type. */
const refColumnOf = { contacts: 'contact_id', companies: 'company_id' } as const;

/** A stored record as the merge handles it: column by column. */
type Stored = { [column: string]: unknown; id: string };

const reachKinds = ['emails', 'phones', 'addresses'] as const;
type ReachKind = (typeof reachKinds)[number];
const jsonColumns = new Set<string>(reachKinds);

/** The columns of an API field (firstName → first_name; money takes two). */
function columnsOfField(field: string): string[] {
  if (field === 'annualRevenue') return ['annual_revenue', 'annual_revenue_currency'];
  return [field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
}

const fold = (value: unknown) =>
  String(value ?? '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');

/** When two entries of a multi-valued field are the same: emails ignoring case, phones in E.164. */
const sameKey: Record<ReachKind, (entry: never) => string> = {
  emails: (e: EmailEntry) => fold(e.email),
  phones: (p: PhoneEntry) => p.e164 ?? p.number.replace(/\D/g, ''),
  addresses: (a: AddressEntry) => [a.street, a.postalCode, a.city, a.country].map(fold).join('|'),
};

/** The entries of all lists, the first list's first; a repeat is left out, one primary at most. */
function unite<E extends { primary?: boolean }>(kind: ReachKind, lists: E[][]): E[] {
  const seen = new Set<string>();
  const out: E[] = [];
  let primary = false;
  for (const [index, list] of lists.entries()) {
    for (const entry of list) {
      const key = (sameKey[kind] as (e: E) => string)(entry);
      if (seen.has(key)) continue;
      seen.add(key);
      // The winning record's primary entry stays primary; the others' entries join as further ones.
      const isPrimary = index === 0 && entry.primary === true && !primary;
      if (isPrimary) primary = true;
      out.push({ ...entry, primary: isPrimary });
    }
  }
  return out;
}

/** The columns derived from a multi-valued field, as the services write them. */
function derived(kind: ReachKind, list: unknown[]): Record<string, string[]> {
  const distinct = (values: Array<string | null | undefined>) => [
    ...new Set(values.filter((v): v is string => Boolean(v))),
  ];
  if (kind === 'emails') return { email_list: distinct((list as EmailEntry[]).map((e) => e.email.toLowerCase())) };
  if (kind === 'phones') return { phone_list: distinct((list as PhoneEntry[]).map((p) => p.e164)) };
  const addresses = list as AddressEntry[];
  return { cities: distinct(addresses.map((a) => a.city)), postal_codes: distinct(addresses.map((a) => a.postalCode)) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The survivor's new column values: the winning values per field, the united lists, the derived columns. */
function mergedValues(
  type: MergeType,
  survivor: Stored,
  losers: Stored[],
  fields: Record<string, string | undefined>,
  keepAll: KeepAllKind[],
): Record<string, unknown> {
  const byId = new Map([survivor, ...losers].map((row) => [row.id, row]));
  const winnerOf = (field: string) => byId.get(fields[field] ?? survivor.id) ?? survivor;
  const next: Record<string, unknown> = {};
  for (const field of Object.keys(fields)) {
    if ((reachKinds as readonly string[]).includes(field) || field === 'tags') continue;
    const winner = winnerOf(field);
    for (const column of columnsOfField(field)) if (column in survivor) next[column] = winner[column];
  }
  // The winner's values first, then the others' in the order asked: survivor, then merged ones.
  const inOrder = (field: string) => {
    const winner = winnerOf(field);
    return [winner, ...[survivor, ...losers].filter((row) => row.id !== winner.id)];
  };
  for (const kind of reachKinds) {
    const rows = keepAll.includes(kind) ? inOrder(kind) : [winnerOf(kind)];
    const list = unite(
      kind,
      rows.map((row) => (row[kind] as Array<{ primary?: boolean }>) ?? []),
    );
    if (same(list, survivor[kind])) continue;
    next[kind] = list;
    Object.assign(next, derived(kind, list));
  }
  const tags = keepAll.includes('tags')
    ? [...new Set(inOrder('tags').flatMap((row) => (row.tags as string[]) ?? []))]
    : ((winnerOf('tags').tags as string[]) ?? []);
  next.tags = tags;
  // A company cannot become its own parent, nor the child of a company merged into it.
  if (type === 'companies') {
    const parent = 'parent_company_id' in next ? next.parent_company_id : survivor.parent_company_id;
    if (parent && byId.has(String(parent))) next.parent_company_id = null;
  }
  const latest = [survivor, ...losers]
    .map((row) => row.last_activity_at as Date | null)
    .filter((at): at is Date => at instanceof Date)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  if (latest) next.last_activity_at = latest;
  const result = { ...survivor, ...next };
  next.search_text =
    type === 'contacts'
      ? contactSearchText(result as ContactSearchSource)
      : companySearchText(result as CompanySearchSource);
  // Only what changes is written, and remembered for the undo.
  return Object.fromEntries(Object.entries(next).filter(([column, value]) => !same(value, survivor[column])));
}

/** Column values as an update writes them: lists of entries as JSON text for their jsonb columns. */
function writable(values: Record<string, unknown>): RecordValues<'contacts'> {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(values))
    out[column] = jsonColumns.has(column) ? JSON.stringify(value) : value;
  return out as RecordValues<'contacts'>;
}

/** What the merge re-pointed or dropped, per kind: the undo puts back exactly these. */
interface Moved {
  activityLinks: { repointed: LinkRow[]; dropped: LinkRow[] };
  taskLinks: { repointed: LinkRow[]; dropped: LinkRow[] };
  deals: Array<{ id: string; from: string }>;
  /** Quotes and orders follow since issue 21; merges from before have none. */
  quotes?: Array<{ id: string; from: string }>;
  orders?: Array<{ id: string; from: string }>;
  affiliations: {
    moved: Array<{ id: string; from: string; wasPrimary: boolean }>;
    dropped: AffiliationRow[];
    promoted: string[];
  };
  views: { repointed: ViewRow[]; dropped: ViewRow[] };
  children: Array<{ id: string; from: string }>;
  hooks: HookMoves;
  /** The survivor's changed columns as the merge wrote them (merges before this was kept: absent). */
  after?: Record<string, unknown>;
}

/** Columns the merge derives from others or that move on their own; an edit shows in their sources. */
const derivedColumns = new Set([
  'search_text',
  'email_list',
  'phone_list',
  'cities',
  'postal_codes',
  'last_activity_at',
]);

/** JSON with the keys of every object sorted: jsonb hands objects back in an order of its own. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** The API fields among the survivor's columns that were edited since the merge wrote them. */
function editedSince(survivor: Stored, after: Record<string, unknown>): string[] {
  const fields = Object.keys(after)
    .filter((column) => !derivedColumns.has(column) && canonical(survivor[column]) !== canonical(after[column]))
    .map((column) =>
      column === 'annual_revenue_currency'
        ? 'annualRevenue'
        : column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
    );
  return [...new Set(fields)];
}

/** Moves the links of one link table from the merged records to the survivor; a repeat is dropped. */
async function moveLinks(
  tx: Db,
  table: 'activity_links' | 'task_links',
  type: RecordType,
  survivorId: string,
  loserIds: string[],
) {
  const links = await repo.linksTo(tx, table, type, [survivorId, ...loserIds]);
  const linked = new Set(links.filter((l) => l.record_id === survivorId).map((l) => l.owner));
  const repointed: LinkRow[] = [];
  const dropped: LinkRow[] = [];
  for (const link of links) {
    if (link.record_id === survivorId) continue;
    if (linked.has(link.owner)) dropped.push(link);
    else {
      repointed.push(link);
      linked.add(link.owner);
    }
  }
  await repo.deleteLinks(tx, table, type, dropped);
  await repo.repointLinks(tx, table, type, repointed, survivorId);
  return { repointed, dropped };
}

/**
 * Moves affiliations: a merged contact's companies become the survivor's, a merged company's
 * people the survivor's. A pair that exists already (the same person at the same company) is
 * not doubled: the merged record's affiliation is dropped. A contact keeps one primary company.
 */
async function moveAffiliations(tx: Db, type: MergeType, survivorId: string, loserIds: string[]) {
  const column = refColumnOf[type];
  const other = type === 'contacts' ? 'company_id' : 'contact_id';
  const rows = await repo.affiliationsBy(tx, column, [survivorId, ...loserIds]);
  const kept = new Map(rows.filter((a) => a[column] === survivorId).map((a) => [a[other], a]));
  let survivorHasPrimary = rows.some((a) => a[column] === survivorId && a.is_primary);
  const moved: Moved['affiliations']['moved'] = [];
  const dropped: AffiliationRow[] = [];
  const promoted: string[] = [];
  const moves: Array<{ id: string; isPrimary: boolean }> = [];
  for (const a of rows) {
    if (a[column] === survivorId) continue;
    const existing = kept.get(a[other]);
    if (existing) {
      dropped.push(a);
      // A merged company was this person's primary one: the survivor takes its place.
      if (type === 'companies' && a.is_primary && !existing.is_primary) {
        existing.is_primary = true;
        promoted.push(existing.id);
      }
      continue;
    }
    let isPrimary = a.is_primary;
    if (type === 'contacts') {
      isPrimary = a.is_primary && !survivorHasPrimary;
      if (isPrimary) survivorHasPrimary = true;
    }
    moved.push({ id: a.id, from: a[column], wasPrimary: a.is_primary });
    moves.push({ id: a.id, isPrimary });
    kept.set(a[other], { ...a, is_primary: isPrimary });
  }
  await repo.deleteAffiliations(
    tx,
    dropped.map((a) => a.id),
  );
  for (const move of moves) await repo.moveAffiliation(tx, move.id, column, survivorId, move.isPrimary);
  await repo.setAffiliationPrimary(tx, promoted, true);
  return { moved, dropped, promoted };
}

async function moveViews(tx: Db, type: RecordType, survivorId: string, loserIds: string[]) {
  const views = await repo.viewsOf(tx, type, [survivorId, ...loserIds]);
  const seen = new Set(views.filter((v) => v.record_id === survivorId).map((v) => v.user_id));
  const repointed: ViewRow[] = [];
  const dropped: ViewRow[] = [];
  for (const view of views) {
    if (view.record_id === survivorId) continue;
    if (seen.has(view.user_id)) dropped.push(view);
    else {
      repointed.push(view);
      seen.add(view.user_id);
    }
  }
  await repo.deleteViews(tx, type, dropped);
  await repo.repointViews(tx, type, repointed, survivorId);
  return { repointed, dropped };
}

/** 422 for ids that cannot be a merge: the survivor among the merged, an id twice, a winner not in it. */
function checkInput(input: MergeInput) {
  const errors: FieldError[] = [];
  const ids = new Set([input.survivorId]);
  input.mergedIds.forEach((id, i) => {
    if (id === input.survivorId)
      errors.push({ path: `mergedIds.${i}`, code: 'invalid', message: 'the survivor cannot be merged into itself' });
    else if (ids.has(id)) errors.push({ path: `mergedIds.${i}`, code: 'duplicate', message: 'named twice' });
    ids.add(id);
  });
  for (const [field, winner] of Object.entries((input.fields ?? {}) as Record<string, string | undefined>))
    if (winner && !ids.has(winner))
      errors.push({
        path: `fields.${field}`,
        code: 'invalid',
        message: 'must be the id of the survivor or of a merged record',
      });
  if (errors.length) throw invalid(errors);
}

function presentMerge(row: MergeRow): Merge {
  return {
    id: row.id,
    type: row.type,
    survivorId: row.survivor_id,
    mergedIds: row.merged_ids,
    fields: row.fields,
    keepAll: row.keep_all as KeepAllKind[],
    createdAt: row.created_at.toISOString(),
    undoneAt: row.undone_at ? row.undone_at.toISOString() : null,
  };
}

/** The survivor as its own API shows it. */
async function presentSurvivor(tx: Db, type: MergeType, row: Stored) {
  const scored = await withScores(tx, type, row);
  if (type === 'contacts') {
    const companies = await companiesOfContacts(tx, [row.id]);
    return presentContact(scored as unknown as Parameters<typeof presentContact>[0], companies.get(row.id) ?? []);
  }
  return presentCompany(scored as unknown as Parameters<typeof presentCompany>[0]);
}

/** How many of a record's merges its page offers to undo: the latest ones. */
const historyLimit = 20;

export function mergeService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    /**
     * The merges into a record that are not undone, newest first, with the merged records' names
     * and where they are now: a user who finds a wrong merge later can undo it from the page.
     */
    into: (actor: Actor, type: MergeType, id: string) =>
      inTenant(db, actor, async (tx): Promise<MergeIntoRecord[]> => {
        const [record] = await repo.recordsOfMerges(tx, type, [id]);
        if (!record) throw notFound(recordTypeOf[type]);
        const merges = await repo.mergesInto(tx, type, id, historyLimit);
        const records = new Map(
          (await repo.recordsOfMerges(tx, type, [...new Set(merges.flatMap((m) => m.merged_ids))])).map((r) => [
            r.id,
            r,
          ]),
        );
        return merges.map((m) => {
          const merged = m.merged_ids.map((mergedId) => {
            const r = records.get(mergedId);
            const state = !r ? 'gone' : r.deleted_at && r.merged_into_id === id ? 'merged' : 'restored';
            return { id: mergedId, name: r?.name ?? '', state } as const;
          });
          return {
            id: m.id,
            createdAt: m.created_at.toISOString(),
            merged,
            undoable: merged.every((r) => r.state === 'merged'),
          };
        });
      }),

    merge: (actor: Actor, type: MergeType, input: MergeInput) =>
      inTenant(db, actor, async (tx) => {
        const recordType = recordTypeOf[type];
        checkInput(input);
        const loserIds = input.mergedIds;
        const rows = (await repo.lockRecords(tx, type, [input.survivorId, ...loserIds])) as unknown as Stored[];
        const byId = new Map(rows.map((row) => [row.id, row]));
        // Missing (or another workspace's): 404; in the trash: as a read of it would say.
        for (const id of [input.survivorId, ...loserIds]) {
          const row = byId.get(id);
          if (!row) throw notFound(recordType);
          if (row.deleted_at)
            throw row.merged_into_id ? mergedInto(recordType, String(row.merged_into_id)) : inTrash(recordType);
        }
        const survivor = byId.get(input.survivorId) as Stored;
        const losers = loserIds.map((id) => byId.get(id) as Stored);
        const values = mergedValues(
          type,
          survivor,
          losers,
          (input.fields ?? {}) as Record<string, string | undefined>,
          input.keepAll,
        );
        const before = Object.fromEntries(Object.keys(values).map((column) => [column, survivor[column] ?? null]));

        // The merged records leave first: a unique value (a customer number) can then pass to the survivor.
        await tx
          .updateTable(type as 'contacts')
          .set({
            deleted_at: sql`now()`,
            merged_into_id: survivor.id,
            version: sql`version + 1`,
            updated_at: sql`now()`,
          })
          .where('id', 'in', loserIds)
          .execute();
        const updated = (await tx
          .updateTable(type as 'contacts')
          .set({ ...writable(values), version: sql`version + 1`, updated_at: sql`now()` })
          .where('id', '=', survivor.id)
          .returningAll()
          .executeTakeFirstOrThrow()) as unknown as Stored;

        const moved: Moved = {
          activityLinks: await moveLinks(tx, 'activity_links', recordType, survivor.id, loserIds),
          taskLinks: await moveLinks(tx, 'task_links', recordType, survivor.id, loserIds),
          deals: await repo.repointRefs(tx, 'deals', refColumnOf[type], loserIds, survivor.id),
          quotes: await repo.repointRefs(tx, 'quotes', refColumnOf[type], loserIds, survivor.id),
          orders: await repo.repointRefs(tx, 'orders', refColumnOf[type], loserIds, survivor.id),
          affiliations: await moveAffiliations(tx, type, survivor.id, loserIds),
          views: await moveViews(tx, recordType, survivor.id, loserIds),
          children: type === 'companies' ? await repo.repointChildren(tx, loserIds, survivor.id) : [],
          hooks: await afterMerge(tx, type, survivor.id, loserIds),
          after: values,
        };
        const mergeRow = await repo.insertMerge(tx, {
          id: newId(),
          type,
          survivor_id: survivor.id,
          merged_ids: loserIds,
          fields: Object.fromEntries(
            Object.entries((input.fields ?? {}) as Record<string, string | undefined>).filter(
              (entry): entry is [string, string] => typeof entry[1] === 'string',
            ),
          ),
          keep_all: input.keepAll,
          before,
          moved: moved as unknown as Record<string, unknown>,
          actor_id: actor.userId,
        });
        await repo.auditMerge(tx, recordType, survivor.id, [null, loserIds]);
        return { ...(await presentSurvivor(tx, type, updated)), mergeId: mergeRow.id };
      }),

    undo: (actor: Actor, id: string) =>
      inTenant(db, actor, async (tx) => {
        const row = await repo.findMergeForUpdate(tx, id);
        if (!row) throw notFound('merge');
        const type = row.type;
        const recordType = recordTypeOf[type];
        authorize(actor, 'update', recordType);
        if (row.undone_at)
          throw new AppError('conflict', 'The merge was undone already.', undefined, undefined, 'merge_undone');
        const records = (await repo.lockRecords(tx, type, [row.survivor_id, ...row.merged_ids])) as unknown as Stored[];
        const byId = new Map(records.map((r) => [r.id, r]));
        const notUndoable = (detail: string) =>
          new AppError('conflict', detail, undefined, undefined, 'merge_not_undoable');
        const survivor = byId.get(row.survivor_id);
        if (!survivor || survivor.deleted_at)
          throw notUndoable(`The ${recordType} that survived the merge is in the trash or gone; restore it first.`);
        for (const loserId of row.merged_ids) {
          const loser = byId.get(loserId);
          if (!loser?.deleted_at || loser.merged_into_id !== row.survivor_id)
            throw notUndoable(`The merged ${recordType} ${loserId} was restored or removed since.`);
        }
        const moved = row.moved as unknown as Moved;
        const survivorId = row.survivor_id;
        // The undo gives those fields their values from before the merge: an edit made since
        // would be lost without a word, so it is refused and the fields are named.
        const edited = moved.after ? editedSince(survivor, moved.after) : [];
        if (edited.length > 0)
          throw new AppError(
            'conflict',
            `The surviving ${recordType}'s ${edited.join(', ')} changed since the merge; undoing it would overwrite that. Undo those changes by hand, or leave the merge.`,
            undefined,
            undefined,
            'merge_survivor_changed',
          );

        // The survivor's fields as they were before the merge, first: a unique value it took
        // over (a customer number) is free again when the merged records return.
        if (Object.keys(row.before).length > 0)
          await tx
            .updateTable(type as 'contacts')
            .set({ ...writable(row.before), version: sql`version + 1`, updated_at: sql`now()` })
            .where('id', '=', survivorId)
            .execute();
        await tx
          .updateTable(type as 'contacts')
          .set({ deleted_at: null, merged_into_id: null, version: sql`version + 1`, updated_at: sql`now()` })
          .where('id', 'in', row.merged_ids)
          .execute();
        await afterUndo(tx, type, survivorId, moved.hooks);
        await repo.restoreChildren(tx, moved.children, survivorId);
        await repo.restoreViews(tx, recordType, moved.views.repointed, survivorId);
        await repo.insertViews(tx, recordType, moved.views.dropped);
        // Affiliations: the promoted primary steps back, the moved ones return, the dropped ones come back.
        const column = refColumnOf[type];
        await repo.setAffiliationPrimary(tx, moved.affiliations.promoted, false);
        for (const a of moved.affiliations.moved) await repo.moveAffiliation(tx, a.id, column, a.from, a.wasPrimary);
        await repo.insertAffiliations(tx, moved.affiliations.dropped);
        await repo.restoreRefs(tx, 'deals', column, moved.deals, survivorId);
        await repo.restoreRefs(tx, 'quotes', column, moved.quotes ?? [], survivorId);
        await repo.restoreRefs(tx, 'orders', column, moved.orders ?? [], survivorId);
        for (const [table, links] of [
          ['task_links', moved.taskLinks],
          ['activity_links', moved.activityLinks],
        ] as const) {
          await repo.restoreLinks(tx, table, recordType, links.repointed, survivorId);
          await repo.insertLinks(tx, table, recordType, links.dropped);
        }
        await repo.auditMerge(tx, recordType, survivorId, [row.merged_ids, null]);
        return presentMerge(await repo.markUndone(tx, id, actor.userId));
      }),
  };
}
