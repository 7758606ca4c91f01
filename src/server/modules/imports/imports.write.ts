// Writing one batch of built rows (imports.build.ts) in the caller's transaction: matching
// against stored records, merging into them (fillEmpty or overwrite, the old values kept for
// undo), and set-based inserts of everything new: a few statements per batch whatever its
// size, each row's columns computed exactly as the API's create computes them (normalised
// phones, emails and addresses, the search text, the data-quality score). The database's
// triggers fill the search words as for a record made by hand; in a bulk transaction (see
// WriteEnv.bulk) the batch adds them itself, set-based, exactly as the triggers would.
import { scoreTables } from '../../platform/customerAnalytics.ts';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { appRole } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import { type ReachInput, reachLists } from '../../platform/contactdata.ts';
import { recordImportedConsents } from '../consents/consents.service.ts';
import { AppError } from '../../platform/errors.ts';
import { columnsFrom } from '../../platform/presenting.ts';
import type { ImportRecordType, ImportRowReason } from '../../../contract/imports.ts';
import { contactColumns } from '../contacts/contacts.repository.ts';
import { type ContactSearchSource, contactSearchText } from '../contacts/contacts.service.ts';
import { type CompanySearchSource, companyColumns, companySearchText } from '../companies/companies.service.ts';
import { dealColumns, dealSearchText } from '../deals/deals.service.ts';
import { activityColumns } from '../activities/activities.service.ts';
import type { Built, Problem } from './imports.rows.ts';
import type { ImportRecordRow } from './imports.repository.ts';
import { addImportRecords } from './imports.repository.ts';
import { refreshQuality } from '../quality/quality.service.ts';
import { type ScoredRow, scoreRecord } from '../quality/quality.score.ts';
import { wordsOf } from '../../db/migrations/0013_search_word_index.ts';
import { wordPostings } from '../../db/migrations/0015_word_postings.ts';
import { scoped } from '../../db/migrations/0062_record_access.ts';

export type MatchMode = 'none' | 'customerNumber' | 'email' | 'duplicates' | 'sku';

export interface StageInfo {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  position: number;
}
export interface PipelineInfo {
  id: string;
  name: string;
  isDefault: boolean;
  stages: StageInfo[];
}

/** What stays the same for every batch of a run. */
export interface WriteEnv {
  workspaceId: string;
  userId: string | null;
  importId: string;
  recordType: ImportRecordType;
  match: MatchMode;
  update: 'fillEmpty' | 'overwrite';
  onInvalid: 'reject' | 'skipValue';
  defaultCountry: string;
  defaultCurrency: string;
  /** Whether contacts and companies have customer_number and external_id (migration 0021). */
  numbered: boolean;
  pipelines: PipelineInfo[];
  /** Companies found or made by this run, by match key, across batches (bounded). */
  companies: Map<string, string>;
  /** The values among these that are on the privacy blocking list (contacts: rows with them fail). */
  blocked?: (tx: Db, values: Array<{ kind: 'email' | 'phone'; value: string }>) => Promise<Set<string>>;
  /** Orders: an unknown customer number makes a new contact with it. */
  createCustomers?: boolean;
  /** vCard UID → the record and line it made in this run. */
  uids: Map<string, { id: string; line: number }>;
  /**
   * The batch runs in a bulk transaction (imports.run.ts): after its updates it switches the
   * row triggers off (setTriggers) and then does their work itself, set-based.
   */
  bulk?: boolean;
  /**
   * The duplicate matcher for a whole batch (duplicates/batch.ts), when match is
   * 'duplicates': per record its stored match or an earlier record of the batch.
   */
  matchBatch?: (
    tx: Db,
    workspaceId: string,
    type: 'contacts' | 'companies',
    records: Array<Record<string, unknown>>,
    options: { minScore: number; defaultCountry: string },
  ) => Promise<Array<{ id: string | null; earlier: number | null }>>;
}

export interface RowIn {
  line: number;
  built: Built | null;
  problems: Problem[];
  uid: string | null;
}

export type RowAction = 'create' | 'update' | 'skip' | 'fail';

export interface RowOut {
  line: number;
  action: RowAction;
  problems: Problem[];
  recordId: string | null;
  /** The values as stored (API field names), for the preview. */
  values: Record<string, unknown>;
}

const tableOf = {
  contacts: 'contacts',
  companies: 'companies',
  deals: 'deals',
  activities: 'activities',
  notes: 'activities',
  products: 'products',
  orders: 'orders',
} as const;

type Columns = Record<string, unknown>;

/** A company's key for matching by name: case and runs of spaces do not count. */
export const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
const domainPattern = /^(?:[a-z]+:\/\/)?(?:www\.)?([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[\p{L}]{2,})(?:[/:?#].*)?$/iu;
/** The domain a company reference names, when it is a web address rather than a name. */
export const domainOf = (text: string): string | null =>
  /\s/.test(text.trim()) ? null : (domainPattern.exec(text.trim())?.[1]?.toLowerCase() ?? null);

/**
 * The country phone numbers without a country code are read in: the row's own (a contact
 * with an address in the USA has American numbers), else the workspace's.
 */
function countryOf(input: Columns, env: WriteEnv): string {
  const first = (input.addresses as Columns[] | undefined)?.[0]?.country;
  return typeof first === 'string' && /^[A-Z]{2}$/.test(first) ? first : env.defaultCountry;
}

/** The columns of a contact as the API's create writes them. */
function contactColumnsOf(input: Columns, env: WriteEnv): Columns {
  const { emails, phones, addresses, ...plain } = input;
  const columns: Columns = columnsFrom(contactColumns, plain);
  return Object.assign(columns, reachLists(input as ReachInput, countryOf(input, env)));
}

function companyColumnsOf(input: Columns, env: WriteEnv): Columns {
  const revenue = input.annualRevenue as { amount: string; currency: string } | null | undefined;
  return {
    ...columnsFrom(companyColumns, input),
    ...(revenue !== undefined && {
      annual_revenue: revenue?.amount ?? null,
      annual_revenue_currency: revenue?.currency ?? null,
    }),
    ...reachLists(input as ReachInput, countryOf(input, env)),
  };
}

/** Stored columns → the API's input shape, for merging a row into a stored record. */
function inputOfRow(row: Columns, recordType: 'contacts' | 'companies'): Columns {
  const fields: Record<string, { column: string }> = recordType === 'contacts' ? contactColumns : companyColumns;
  const input: Columns = {};
  for (const [field, { column }] of Object.entries(fields)) input[field] = row[column];
  input.emails = ((row.emails as Columns[]) ?? []).map((e) => ({
    email: e.email,
    label: e.label ?? null,
    primary: Boolean(e.primary),
  }));
  input.phones = ((row.phones as Columns[]) ?? []).map((p) => ({
    number: p.number,
    label: p.label ?? null,
    primary: Boolean(p.primary),
  }));
  input.addresses = ((row.addresses as Columns[]) ?? []).map((a) => ({ ...a, primary: Boolean(a.primary) }));
  if (recordType === 'companies')
    input.annualRevenue =
      row.annual_revenue == null ? null : { amount: String(row.annual_revenue), currency: row.annual_revenue_currency };
  return input;
}

const empty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

const entryKey: Record<string, (entry: Columns) => string> = {
  emails: (e) => String(e.email).toLowerCase(),
  phones: (p) => String(p.number).replace(/[^\d+]/g, ''),
  addresses: (a) => [a.street, a.postalCode, a.city].map((v) => String(v ?? '').toLowerCase()).join('|'),
};

/**
 * `incoming` merged into `current` (both in the API's input shape). fillEmpty sets what is
 * empty and adds emails and phones not there yet; overwrite replaces every value the row
 * has. Tags are added either way.
 */
export function mergeInput(current: Columns, incoming: Columns, mode: 'fillEmpty' | 'overwrite'): Columns {
  const out: Columns = { ...current };
  for (const [key, value] of Object.entries(incoming)) {
    if (value === undefined || value === null) continue;
    if (key === 'tags') {
      out.tags = [...new Set([...((current.tags as string[]) ?? []), ...(value as string[])])];
    } else if (entryKey[key]) {
      const list = (current[key] as Columns[]) ?? [];
      if (mode === 'overwrite' && (value as Columns[]).length) out[key] = value;
      else if (key === 'addresses' && list.length) out[key] = list;
      else {
        const seen = new Set(list.map(entryKey[key]));
        const added = (value as Columns[]).filter((entry) => !seen.has(entryKey[key](entry)));
        out[key] = [...list, ...added.map((entry) => ({ ...entry, primary: list.length === 0 && entry.primary }))];
      }
    } else if (mode === 'overwrite' || empty(current[key])) out[key] = value;
  }
  return out;
}

interface Target {
  id: string;
  isNew: boolean;
  input: Columns;
  /** The stored row (updates only). */
  current?: Columns;
  lines: number[];
  outs: RowOut[];
  built: Built;
}

async function lookupBy(
  tx: Db,
  env: WriteEnv,
  table: 'contacts' | 'companies',
  column: 'customer_number' | 'email_list',
  keys: string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (keys.length === 0) return found;
  if (column === 'customer_number') {
    const { rows } = await sql<{ id: string; key: string }>`
      select id, customer_number as key from ${sql.table(table)}
      where workspace_id = ${env.workspaceId} and deleted_at is null and customer_number = any(${keys}::text[])
      order by created_at, id`.execute(tx);
    for (const row of rows) if (!found.has(row.key)) found.set(row.key, row.id);
  } else {
    const { rows } = await sql<{ id: string; key: string }>`
      select t.id, e as key from ${sql.table(table)} t, unnest(t.email_list) e
      where t.workspace_id = ${env.workspaceId} and t.deleted_at is null and t.email_list && ${keys}::text[]
        and e = any(${keys}::text[])
      order by t.created_at, t.id`.execute(tx);
    for (const row of rows) if (!found.has(row.key)) found.set(row.key, row.id);
  }
  return found;
}

/** The key a row is matched by under the run's mode (lower-cased email, customer number), or null. */
function matchKeys(env: WriteEnv, built: Built): string[] {
  if (env.match === 'customerNumber') return built.customerNumber ? [built.customerNumber] : [];
  if (env.match === 'email') {
    const emails = (built.input.emails as Columns[] | undefined) ?? [];
    return emails.map((e) => String(e.email).toLowerCase());
  }
  return [];
}

/** Contacts and companies: match, merge, insert and update. */
async function writeParties(tx: Db, env: WriteEnv, rows: RowIn[], outs: RowOut[]): Promise<Target[]> {
  const recordType = env.recordType as 'contacts' | 'companies';
  const table = recordType;
  const keyed = env.match === 'customerNumber' || env.match === 'email';
  const found = keyed
    ? await lookupBy(tx, env, table, env.match === 'customerNumber' ? 'customer_number' : 'email_list', [
        ...new Set(rows.flatMap((row) => (row.built ? matchKeys(env, row.built) : []))),
      ])
    : new Map<string, string>();
  const targets = new Map<string, Target>();
  const byKey = new Map<string, Target>();
  const pending: Array<{ row: RowIn; out: RowOut; existing: string | null; keys: string[]; earlier: number | null }> =
    [];
  // Matching by the duplicate matcher: the whole batch at once, against the stored records
  // and against its own earlier rows (`earlier`: the index in `pending`).
  const live = rows.flatMap((row, i) => (row.built ? [{ row, i }] : []));
  const matches =
    env.match === 'duplicates' && env.matchBatch
      ? await env.matchBatch(
          tx,
          env.workspaceId,
          table,
          live.map(({ row }) => ({
            ...(row.built as Built).input,
            customerNumber: (row.built as Built).customerNumber,
            externalId: (row.built as Built).externalId,
          })),
          { minScore: 0.9, defaultCountry: env.defaultCountry },
        )
      : null;
  for (const [n, { row, i }] of live.entries()) {
    const out = outs[i];
    if (!row.built) continue;
    let existing: string | null = null;
    const keys = keyed ? matchKeys(env, row.built) : [];
    for (const key of keys) existing ??= found.get(key) ?? null;
    const earlier = matches?.[n]?.earlier ?? null;
    if (matches?.[n]?.id) existing = matches[n].id;
    if (row.uid) {
      const first = env.uids.get(row.uid);
      if (first) {
        existing = first.id;
        out.problems.push({
          line: row.line,
          field: 'UID',
          code: 'merged',
          params: { reason: 'same_uid', line: first.line },
          message: `the same UID as line ${first.line}: merged into that ${recordType === 'contacts' ? 'contact' : 'company'}`,
        });
      }
    }
    pending.push({ row, out, existing, keys, earlier });
  }
  // The stored records rows are merged into, locked for the rest of the batch.
  const existingIds = [...new Set(pending.map((p) => p.existing).filter((id): id is string => Boolean(id)))];
  const stored = new Map<string, Columns>();
  if (existingIds.length) {
    const { rows: current } = await sql<Columns>`
      select * from ${sql.table(table)} where workspace_id = ${env.workspaceId} and id = any(${existingIds}::uuid[])
      for update`.execute(tx);
    for (const row of current) stored.set(row.id as string, row);
  }
  const byUid = new Map<string, Target>();
  // The target of each pending row, for the rows the matcher found to repeat it.
  const targetOf: Target[] = [];
  for (const { row, out, existing, keys, earlier } of pending) {
    const built = row.built as Built;
    let target = existing ? targets.get(existing) : undefined;
    if (!target && !existing && earlier !== null) target = targetOf[earlier];
    for (const key of keys) target ??= byKey.get(key);
    const sameCard = row.uid && !target ? byUid.get(row.uid) : undefined;
    if (sameCard) {
      target = sameCard;
      out.problems.push({
        line: row.line,
        field: 'UID',
        code: 'merged',
        params: { reason: 'same_uid', line: sameCard.lines[0] },
        message: `the same UID as line ${sameCard.lines[0]}: merged into that ${recordType === 'contacts' ? 'contact' : 'company'}`,
      });
    }
    if (!target && existing && stored.has(existing) && !(stored.get(existing) as Columns).deleted_at) {
      const current = stored.get(existing) as Columns;
      target = {
        id: existing,
        isNew: false,
        current,
        input: inputOfRow(current, recordType),
        lines: [],
        outs: [],
        built,
      };
      if (env.numbered) {
        target.input.customerNumber = current.customer_number ?? null;
        target.input.externalId = current.external_id ?? null;
      }
      targets.set(existing, target);
    }
    const incoming = { ...built.input };
    if (env.numbered) {
      if (built.customerNumber) incoming.customerNumber = built.customerNumber;
      if (built.externalId) incoming.externalId = built.externalId;
    }
    if (target) {
      // A second row for a record of this batch: what it adds fills the first's gaps.
      target.input = mergeInput(target.input, incoming, target.isNew ? 'fillEmpty' : env.update);
      if (target.isNew && !target.built.refs.company && built.refs.company)
        target.built = { ...target.built, refs: built.refs };
    } else {
      target = { id: newId(), isNew: true, input: incoming, lines: [], outs: [], built };
      targets.set(target.id, target);
    }
    for (const key of keys) byKey.set(key, target);
    targetOf.push(target);
    target.lines.push(row.line);
    target.outs.push(out);
    out.recordId = target.id;
    if (row.uid && !byUid.has(row.uid)) byUid.set(row.uid, target);
    if (row.uid && !env.uids.has(row.uid)) env.uids.set(row.uid, { id: target.id, line: row.line });
  }
  return [...targets.values()];
}

function columnsFor(env: WriteEnv, input: Columns): Columns {
  if (env.recordType === 'contacts') {
    const columns = contactColumnsOf(input, env);
    columns.search_text = contactSearchText(columns as ContactSearchSource);
    return columns;
  }
  const columns = companyColumnsOf(input, env);
  columns.search_text = companySearchText(columns as CompanySearchSource);
  return columns;
}

/**
 * The record-scoped tables (migration 0062) with the column that makes a record "own": an
 * empty one gets farley_default_owner (0064), as the row trigger would give it, since bulk
 * imports run with row triggers off.
 */
const scopedTables = new Map(scoped.map((s) => [s.table, s]));

const insertDefaults: Record<string, Columns> = {
  contacts: {
    emails: [],
    phones: [],
    addresses: [],
    tags: [],
    email_list: [],
    phone_list: [],
    cities: [],
    postal_codes: [],
    lifecycle_stage: 'lead',
  },
  companies: {
    emails: [],
    phones: [],
    addresses: [],
    tags: [],
    email_list: [],
    phone_list: [],
    cities: [],
    postal_codes: [],
  },
  deals: { tags: [], status: 'open' },
  activities: { direction: 'internal' },
};

/**
 * A column's type: its qualified name without modifiers (bpchar, not character, which
 * would mean char(1)), and whether it is an array or JSON.
 */
interface ColumnType {
  name: string;
  array: boolean;
  json: boolean;
}
const columnTypes = new Map<string, Promise<Map<string, ColumnType>>>();

/** The types of a table's columns (read once per process; migrations run before imports). */
function typesOf(tx: Db, table: string): Promise<Map<string, ColumnType>> {
  let types = columnTypes.get(table);
  if (!types) {
    types = sql<{ column: string; name: string; array: boolean }>`
      select a.attname as column, quote_ident(n.nspname) || '.' || quote_ident(t.typname) as name,
        t.typcategory = 'A' as array
        from pg_attribute a join pg_type t on t.oid = a.atttypid join pg_namespace n on n.oid = t.typnamespace
       where a.attrelid = ${table}::regclass and a.attnum > 0 and not a.attisdropped`
      .execute(tx)
      .then(
        ({ rows }) =>
          new Map(
            rows.map((r) => [r.column, { name: r.name, array: r.array, json: /^pg_catalog\.jsonb?$/.test(r.name) }]),
          ),
      );
    types.catch(() => columnTypes.delete(table));
    columnTypes.set(table, types);
  }
  return types;
}

/** An array's text form as PostgreSQL's array input reads it (one dimension). */
function arrayLiteral(values: unknown[]): string {
  const items = values.map((v) =>
    v === null || v === undefined ? 'NULL' : `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
  );
  return `{${items.join(',')}}`;
}

/** A value's text form for a column of `type`, as jsonb_populate_recordset would read it. */
function textOf(value: unknown, type: ColumnType | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (type?.json) return JSON.stringify(value);
  if (Array.isArray(value)) return type?.array ? arrayLiteral(value) : JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Inserts rows of `table` with one statement: each column travels as one text array and
 * unnest turns them into rows, each value read by its column type's input (as COPY reads
 * it; cheaper for PostgreSQL than parsing one JSON document of the batch); every row gets
 * every column of the batch (the table's defaults filled in beforehand).
 */
export async function insertRows(tx: Db, table: string, rows: Columns[], words?: WordsOf): Promise<void> {
  if (rows.length === 0) return;
  const defaults = insertDefaults[table] ?? {};
  const owner = scopedTables.get(table);
  const columns = [
    ...new Set([...Object.keys(defaults), ...rows.flatMap((row) => Object.keys(row)), ...(owner ? [owner.owner] : [])]),
  ];
  const types = await typesOf(tx, table);
  const values = columns.map((column) => {
    const type = types.get(column);
    return rows.map((row) => {
      const value = row[column];
      return textOf(value === undefined || value === null ? (defaults[column] ?? null) : value, type);
    });
  });
  const list = sql.join(columns.map((c) => sql.ref(c)));
  // Cast to the type without its modifiers: the insert's assignment then checks a length or
  // rounds a scale as it would for any other insert (an explicit cast would cut char(3)).
  const read = sql.join(
    columns.map((c) => {
      const value = sql`u.${sql.ref(c)}::${sql.raw(types.get(c)?.name ?? 'text')}`;
      return c === owner?.owner ? sql`coalesce(${value}, farley_default_owner(${owner.type}))` : value;
    }),
  );
  const from = sql`unnest(${sql.join(values.map((v) => sql`${v}::text[]`))}) as u(${list})`;
  if (!words) {
    await sql`insert into ${sql.table(table)} (${list}) select ${read} from ${from}`.execute(tx);
    return;
  }
  // The triggers are off: search_words is computed here, with the expression the
  // search_words_column trigger uses, and the statement adds what the search_words and
  // word_postings triggers (migrations 0011, 0015, 0017) would: the records' words go into
  // the workspace's dictionary, each word into the postings with the record's initials
  // (computed once per record, not once per word: `offset 0`, as the demo loader does).
  // The words go in sorted so that concurrent imports insert overlapping words in the same
  // order. The postings need no conflict check: their records are new.
  // And each record's (empty) row of analytics scores, which a trigger adds otherwise (0048).
  const postings = wordPostings[table as keyof typeof wordPostings];
  const scores = scoreTables[table as keyof typeof scoreTables];
  await sql`
    with written as (
      insert into ${sql.table(table)} (${list}, search_words)
      select ${read}, ${sql.raw(wordsOf('u.search_text'))} from ${from}
      returning workspace_id, id, search_text, search_words, deleted_at
    ), scored as (
      insert into ${sql.table(scores)} (workspace_id, id) select workspace_id, id from written
    ), dictionary as (
      insert into search_words (workspace_id, word)
      select distinct r.workspace_id, w from written r, unnest(r.search_words) w
       order by 2
      on conflict do nothing
    )
    insert into ${sql.table(postings)} (workspace_id, word, record_id, initials)
    select r.workspace_id, w, r.id, x.initials
      from written r cross join lateral (select farley_initials(r.search_text) as initials offset 0) x,
        unnest(r.search_words) w
     where r.deleted_at is null
     order by 2, 3`.execute(tx);
}

interface WordsOf {
  workspaceId: string;
}

/** With the triggers on, nothing is to do; with them off, insertRows adds the words itself. */
const wordsFor = (env: WriteEnv): WordsOf | undefined => (env.bulk ? { workspaceId: env.workspaceId } : undefined);

/**
 * Switches the row triggers off (replica) or on again (origin, for a row of the batch
 * written again after one that switched them off) for the rest of the bulk transaction. Only the owner may set
 * session_replication_role, so the transaction steps back to its login role for the setting
 * and returns to the application role at once: row-level security keeps binding every
 * statement of the batch to the import's workspace. Skipped with them: the audit trigger
 * (an import writes no audit rows anyway, see auditOff), the search words and postings and
 * the rows of analytics scores (insertRows adds them) and the foreign-key checks, which the batch satisfies by
 * construction: the ids it links (companies, contacts, users) were read or made in the same
 * transaction, and nothing in Farley deletes such rows for real (records go to the trash).
 */
export async function setTriggers(tx: Db, role: 'replica' | 'origin'): Promise<void> {
  await sql
    .raw(`set local role none; set local session_replication_role = ${role}; set local role ${appRole}`)
    .execute(tx);
}

/** A new record's data-quality score, as refreshQuality would compute it after the insert. */
function scoreNew(table: 'contacts' | 'companies', row: Columns, hasCompany: boolean, now: Date): Columns {
  const score = scoreRecord(
    table,
    {
      first_name: (row.first_name as string | null | undefined) ?? null,
      lifecycle_stage: (row.lifecycle_stage as string | undefined) ?? (table === 'contacts' ? 'lead' : undefined),
      website: (row.website as string | null | undefined) ?? null,
      industry: (row.industry as string | null | undefined) ?? null,
      emails: (row.emails as ScoredRow['emails'] | undefined) ?? [],
      phones: (row.phones as ScoredRow['phones'] | undefined) ?? [],
      addresses: (row.addresses as ScoredRow['addresses'] | undefined) ?? [],
      owner_id: (row.owner_id as string | null | undefined) ?? null,
      last_activity_at: null,
      updated_at: now,
    },
    { hasCompany, possibleDuplicate: false, now },
  );
  row.quality = score.quality;
  row.quality_reasons = score.reasons;
  return row;
}

/** Updates stored rows, each with its own changed columns (grouped by the set of columns). */
export async function updateRows(tx: Db, env: WriteEnv, table: string, rows: Array<{ id: string; columns: Columns }>) {
  const groups = new Map<string, Array<{ id: string; columns: Columns }>>();
  for (const row of rows) {
    const key = Object.keys(row.columns).sort().join(',');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const [key, group] of groups) {
    const columns = key.split(',');
    const sets = sql.join(columns.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
    const data = group.map((row) => ({ id: row.id, ...row.columns }));
    await sql`
      update ${sql.table(table)} as t set ${sets}, version = t.version + 1, updated_at = now()
      from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(data)}::jsonb) as v
      where t.workspace_id = ${env.workspaceId} and t.id = v.id`.execute(tx);
  }
}

/**
 * Whether a stored value and a new one are the same. JSON columns come back from PostgreSQL
 * with their keys in jsonb's order, not in the order they were written: keys are compared
 * sorted, or an unchanged phone list would count as a change (and an update of the record).
 */
const same = (a: unknown, b: unknown) => canonical(normal(a)) === canonical(normal(b));
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Columns).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
function normal(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  if (typeof value === 'number') return String(value);
  return value;
}

/** The company of each reference (customer number, name or domain), made when missing. */
async function resolveCompanies(
  tx: Db,
  env: WriteEnv,
  refs: Array<{ name?: string; number?: string }>,
  created: ImportRecordRow[],
): Promise<Array<string | null>> {
  const keyOf = (ref: { name?: string; number?: string }) =>
    ref.number
      ? `#${ref.number}`
      : ref.name
        ? domainOf(ref.name)
          ? `@${domainOf(ref.name)}`
          : `=${nameKey(ref.name)}`
        : null;
  // Bounded: forgotten companies are looked up again. Cleared before the batch's keys are
  // taken, so that none of them is forgotten between being found and being handed out.
  if (env.companies.size > 100_000) env.companies.clear();
  // Each reference's key once (a key per reference costs two regular expressions); the first
  // reference of each key names the company made for it.
  const keys = refs.map(keyOf);
  const firstRef = new Map<string, { name?: string; number?: string }>();
  keys.forEach((key, i) => {
    if (key !== null && !firstRef.has(key)) firstRef.set(key, refs[i]);
  });
  const wanted = [...firstRef.keys()].filter((k) => !env.companies.has(k));
  if (wanted.length) {
    const names = wanted.filter((k) => k.startsWith('=')).map((k) => k.slice(1));
    const domains = wanted.filter((k) => k.startsWith('@')).map((k) => k.slice(1));
    const numbers = env.numbered ? wanted.filter((k) => k.startsWith('#')).map((k) => k.slice(1)) : [];
    const { rows } = await sql<{ id: string; name_key: string; domain_key: string | null; number: string | null }>`
      select id, farley_name_key(name) as name_key, farley_domain_key(website) as domain_key,
        ${env.numbered ? sql`customer_number` : sql`null::text`} as number
      from companies
      where workspace_id = ${env.workspaceId} and deleted_at is null and (
        farley_name_key(name) = any(${names}::text[])
        or (website is not null and farley_domain_key(website) = any(${domains}::text[]))
        ${numbers.length ? sql`or customer_number = any(${numbers}::text[])` : sql``})
      order by created_at, id`.execute(tx);
    const wantedSet = new Set(wanted);
    for (const row of rows) {
      for (const key of [
        `=${row.name_key}`,
        row.domain_key ? `@${row.domain_key}` : null,
        row.number ? `#${row.number}` : null,
      ]) {
        if (key && wantedSet.has(key) && !env.companies.has(key)) env.companies.set(key, row.id);
      }
    }
    const missing = wanted.filter((k) => !env.companies.has(k));
    const made: Columns[] = [];
    for (const key of missing) {
      const ref = firstRef.get(key) as { name?: string; number?: string };
      const domain = ref.name ? domainOf(ref.name) : null;
      const input: Columns = { name: domain ?? ref.name ?? ref.number };
      if (domain) input.website = domain;
      if (ref.number && env.numbered) input.customerNumber = ref.number;
      const columns = companyColumnsOf(input, env);
      const id = newId();
      made.push(
        scoreNew(
          'companies',
          {
            ...columns,
            name: input.name,
            workspace_id: env.workspaceId,
            id,
            search_text: companySearchText(columns as CompanySearchSource),
          },
          false,
          new Date(),
        ),
      );
      env.companies.set(key, id);
      created.push({ record_type: 'company', record_id: id, action: 'created', previous: null });
    }
    await insertRows(tx, 'companies', made, wordsFor(env));
  }
  return keys.map((key) => (key ? (env.companies.get(key) ?? null) : null));
}

/** Contacts by email or customer number, deals by external id or title: null where none is. */
async function resolveRecords(
  tx: Db,
  env: WriteEnv,
  type: 'contact' | 'deal',
  refs: string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(refs)];
  const found = new Map<string, string>();
  if (wanted.length === 0) return found;
  if (type === 'contact') {
    const emails = wanted.filter((r) => r.includes('@')).map((r) => r.toLowerCase());
    const byEmail = await lookupBy(tx, env, 'contacts', 'email_list', emails);
    for (const ref of wanted)
      if (byEmail.has(ref.toLowerCase())) found.set(ref, byEmail.get(ref.toLowerCase()) as string);
    if (env.numbered) {
      const byNumber = await lookupBy(
        tx,
        env,
        'contacts',
        'customer_number',
        wanted.filter((r) => !found.has(r)),
      );
      for (const [key, id] of byNumber) found.set(key, id);
    }
    return found;
  }
  const { rows } = await sql<{ id: string; external_id: string | null; title: string }>`
    select id, external_id, title from deals
    where workspace_id = ${env.workspaceId} and deleted_at is null
      and (external_id = any(${wanted}::text[]) or lower(title) = any(${wanted.map((w) => w.toLowerCase())}::text[]))
    order by created_at, id`.execute(tx);
  for (const ref of wanted) {
    const hit =
      rows.find((r) => r.external_id === ref) ?? rows.find((r) => r.title.toLowerCase() === ref.toLowerCase());
    if (hit) found.set(ref, hit.id);
  }
  return found;
}

/** Notes (activities of type note) on records, with their links and the records' last activity. */
async function addNotes(
  tx: Db,
  env: WriteEnv,
  notes: Array<{ body: string; type: 'contact' | 'company' | 'deal'; id: string }>,
  created: ImportRecordRow[],
) {
  if (notes.length === 0) return;
  const now = new Date().toISOString();
  const rows = notes.map((note) => ({
    workspace_id: env.workspaceId,
    id: newId(),
    type: 'note',
    direction: 'internal',
    body: note.body.slice(0, 100_000),
    occurred_at: now,
    author_id: env.userId,
  }));
  await insertRows(tx, 'activities', rows);
  await insertLinks(
    tx,
    env,
    rows.map((row, i) => ({
      activity_id: row.id,
      record_type: notes[i].type,
      record_id: notes[i].id,
      occurred_at: now,
    })),
  );
  for (const row of rows)
    created.push({ record_type: 'activity', record_id: row.id, action: 'created', previous: null });
}

async function insertLinks(
  tx: Db,
  env: WriteEnv,
  links: Array<{ activity_id: string; record_type: string; record_id: string; occurred_at: string }>,
) {
  if (links.length === 0) return;
  await sql`
    insert into activity_links (workspace_id, activity_id, record_type, record_id, occurred_at)
    select ${env.workspaceId}, l.activity_id, l.record_type, l.record_id, l.occurred_at
    from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as l(activity_id uuid, record_type text, record_id uuid, occurred_at timestamptz)
    on conflict do nothing`.execute(tx);
  // The records' latest activity moves up (a high-water mark, as activities.repository keeps it).
  for (const [type, table] of [
    ['contact', 'contacts'],
    ['company', 'companies'],
    ['deal', 'deals'],
  ] as const) {
    const mine = links.filter((l) => l.record_type === type);
    if (mine.length === 0) continue;
    await sql`
      update ${sql.table(table)} as t set last_activity_at = l.at
      from (select record_id, max(occurred_at) as at from jsonb_to_recordset(${JSON.stringify(mine)}::jsonb)
              as x(record_id uuid, occurred_at timestamptz) group by record_id) l
      where t.workspace_id = ${env.workspaceId} and t.id = l.record_id
        and (t.last_activity_at is null or t.last_activity_at < l.at)`.execute(tx);
  }
}

function fail(
  out: RowOut,
  field: ImportRowReason<'not_found'> & string,
  message: string,
  env: WriteEnv,
  value: string,
): boolean {
  out.problems.push({ line: out.line, field, code: 'not_found', params: { reason: field, value }, message });
  if (env.onInvalid === 'reject') {
    out.action = 'fail';
    return true;
  }
  return false;
}

/** What happens to each row until the write says otherwise: a built row is created, the rest fail. */
export function startOuts(rows: RowIn[]): RowOut[] {
  return rows.map((row) => ({
    line: row.line,
    action: row.built ? 'create' : 'fail',
    problems: [...row.problems],
    recordId: null,
    values: row.built?.input ?? {},
  }));
}

/**
 * Writes one batch in `tx` and says what happened to each row. A row that breaks a rule
 * the database enforces fails the whole batch; the caller then writes the batch again row
 * by row (see imports.run.ts) so that only that row fails.
 */
export async function writeBatch(tx: Db, env: WriteEnv, batch: RowIn[]): Promise<RowOut[]> {
  const outs = startOuts(batch);
  const rows = env.recordType === 'contacts' ? await refuseBlocked(tx, env, batch, outs) : batch;
  const records: ImportRecordRow[] = [];
  const notes: Array<{ body: string; type: 'contact' | 'company' | 'deal'; id: string }> = [];
  if (env.recordType === 'contacts' || env.recordType === 'companies') {
    const targets = await writeParties(tx, env, rows, outs);
    const inserts: Columns[] = [];
    const updates: Array<{ id: string; columns: Columns }> = [];
    for (const target of targets) {
      let columns: Columns;
      try {
        columns = columnsFor(env, target.input);
      } catch (error) {
        // normalizeReach refused a value the schema let through (a phone number that cannot be one).
        if (!(error instanceof AppError)) throw error;
        for (const out of target.outs) {
          for (const e of error.errors ?? [])
            out.problems.push({
              line: out.line,
              field: fieldOfPath(target.built, e.path),
              code: e.code ?? 'invalid',
              message: e.message,
            });
        }
        const retry = env.onInvalid === 'skipValue' ? dropPaths(target.input, error.errors ?? []) : null;
        if (!retry) {
          for (const out of target.outs) out.action = 'fail';
          continue;
        }
        target.input = retry;
        columns = columnsFor(env, target.input);
      }
      if (target.isNew) {
        // The columns are this target's own: the row is made of them.
        const row: Columns = Object.assign(columns, { workspace_id: env.workspaceId, id: target.id });
        if (env.recordType === 'contacts') row.last_name = target.input.lastName ?? '';
        else row.name = target.input.name;
        inserts.push(row);
        records.push({
          record_type: env.recordType === 'contacts' ? 'contact' : 'company',
          record_id: target.id,
          action: 'created',
          previous: null,
        });
        target.outs.forEach((out, i) => {
          out.action = i === 0 ? 'create' : 'skip';
        });
      } else {
        const current = target.current as Columns;
        if (env.recordType === 'contacts' && current.restricted_at) {
          // GDPR Art. 18: a restricted contact is not written over; what the row says of consents still counts.
          for (const out of target.outs) {
            out.action = 'skip';
            out.problems.push({
              line: out.line,
              field: null,
              code: 'contact_restricted',
              message: 'the contact is restricted (GDPR Art. 18) and was left as it is',
            });
          }
          continue;
        }
        const changed: Columns = {};
        const previous: Columns = {};
        for (const [column, value] of Object.entries(columns)) {
          if (!same(current[column], value)) {
            changed[column] = value;
            previous[column] = normal(current[column]);
          }
        }
        for (const out of target.outs) out.action = Object.keys(changed).length ? 'update' : 'skip';
        if (Object.keys(changed).length) {
          updates.push({ id: target.id, columns: changed });
          records.push({
            record_type: env.recordType === 'contacts' ? 'contact' : 'company',
            record_id: target.id,
            action: 'updated',
            previous,
          });
        }
      }
      for (const out of target.outs) out.values = target.input;
      if (target.built.note)
        notes.push({
          body: target.built.note,
          type: env.recordType === 'contacts' ? 'contact' : 'company',
          id: target.id,
        });
    }
    // Updates first, with the triggers on (they work out which words changed); then, in a
    // bulk transaction, the inserts without them.
    if (env.bulk && updates.length) await setTriggers(tx, 'origin');
    await updateRows(tx, env, env.recordType, updates);
    if (env.bulk) await setTriggers(tx, 'replica');
    const now = new Date();
    if (env.recordType === 'contacts') {
      const linked = targets.filter(
        (t) => t.outs.some((o) => o.action !== 'fail') && (t.built.refs.company || t.built.refs.companyCustomerNumber),
      );
      const companyIds = await resolveCompanies(
        tx,
        env,
        linked.map((t) => ({ name: t.built.refs.company, number: t.built.refs.companyCustomerNumber })),
        records,
      );
      // A new contact's score reads whether it belongs to a company: the affiliation below.
      const withCompany = new Set(linked.filter((_, i) => companyIds[i]).map((t) => t.id));
      await insertRows(
        tx,
        'contacts',
        inserts.map((row) => scoreNew('contacts', row, withCompany.has(row.id as string), now)),
        wordsFor(env),
      );
      const affiliations = linked.map((t, i) => ({
        id: newId(),
        contact_id: t.id,
        company_id: companyIds[i],
        job_title: (t.input.jobTitle as string | null | undefined) ?? null,
      }));
      await recordImportedConsents(
        tx,
        { workspaceId: env.workspaceId, importId: env.importId, userId: env.userId },
        targets.flatMap((t) =>
          t.outs.some((o) => o.action !== 'fail')
            ? (t.built.consents ?? []).map((c) => ({ ...c, contactId: t.id }))
            : [],
        ),
      );
      if (affiliations.length) {
        const { rows: made } = await sql<{ id: string }>`
          insert into affiliations (workspace_id, id, contact_id, company_id, job_title, is_primary)
          select ${env.workspaceId}, a.id, a.contact_id, a.company_id, a.job_title,
            not exists (select from affiliations p where p.workspace_id = ${env.workspaceId} and p.contact_id = a.contact_id and p.is_primary)
          from jsonb_to_recordset(${JSON.stringify(affiliations)}::jsonb) as a(id uuid, contact_id uuid, company_id uuid, job_title text)
          on conflict (workspace_id, contact_id, company_id) do nothing
          returning id`.execute(tx);
        for (const row of made)
          records.push({ record_type: 'affiliation', record_id: row.id, action: 'created', previous: null });
      }
    } else {
      await insertRows(
        tx,
        'companies',
        inserts.map((row) => scoreNew('companies', row, false, now)),
        wordsFor(env),
      );
    }
  } else if (env.recordType === 'deals') {
    await writeDeals(tx, env, rows, outs, records, notes);
  } else {
    await writeActivities(tx, env, rows, outs, records);
  }
  await addNotes(tx, env, notes, records);
  await addImportRecords(tx, env.workspaceId, env.importId, records);
  // The rows were written without the services: new ones got their data-quality score with
  // the insert (scoreNew), updated ones are scored here, after the affiliations it reads.
  const written = (type: ImportRecordRow['record_type']) =>
    records.filter((r) => r.record_type === type && r.action === 'updated').map((r) => r.record_id);
  await refreshQuality(tx, 'contacts', written('contact'));
  await refreshQuality(tx, 'companies', written('company'));
  return outs;
}

/**
 * Contact rows with an email address or phone number of an erased person (the blocking list,
 * GDPR Art. 17) fail with `blocked_value`; they come back without their built record.
 */
async function refuseBlocked(tx: Db, env: WriteEnv, rows: RowIn[], outs: RowOut[]): Promise<RowIn[]> {
  if (!env.blocked) return rows;
  const perRow = rows.map((row) => {
    if (!row.built) return null;
    try {
      const lists = reachLists(row.built.input as ReachInput, countryOf(row.built.input, env));
      return { emails: lists.email_list ?? [], phones: lists.phone_list ?? [] };
    } catch {
      return null; // an unreadable value: the write reports it
    }
  });
  const values = perRow.flatMap((lists) => [
    ...(lists?.emails ?? []).map((value) => ({ kind: 'email' as const, value })),
    ...(lists?.phones ?? []).map((value) => ({ kind: 'phone' as const, value })),
  ]);
  if (values.length === 0) return rows;
  const blocked = await env.blocked(tx, values);
  if (blocked.size === 0) return rows;
  return rows.map((row, i) => {
    const lists = perRow[i];
    const hit = lists && [...lists.emails, ...lists.phones].find((value) => blocked.has(value));
    if (!hit || !row.built) return row;
    const isEmail = lists.emails.includes(hit);
    outs[i].action = 'fail';
    outs[i].problems.push({
      line: row.line,
      field: fieldOfPath(row.built, isEmail ? 'emails.0' : 'phones.0'),
      code: 'blocked_value',
      message: `the ${isEmail ? 'email address' : 'phone number'} belongs to a person erased on request (blocking list)`,
    });
    return { ...row, built: null };
  });
}

function fieldOfPath(built: Built, path: string): string {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const field = built.sources[parts.slice(0, n).join('.')];
    if (field) return field;
  }
  return parts[0];
}

/**
 * The input without the values the errors name: a part of an address (its postal code), or
 * a whole entry (a phone number); null when the error is about something else.
 */
function dropPaths(input: Columns, errors: Array<{ path: string }>): Columns | null {
  const out: Columns = { ...input };
  for (const { path } of errors) {
    const [key, index, part] = path.split('.');
    if (!Array.isArray(out[key])) return null;
    out[key] = (out[key] as Columns[]).map((entry, i) => {
      if (String(i) !== index || !entry) return entry;
      if (key === 'addresses' && part) {
        const { [part]: _, ...rest } = entry;
        return rest;
      }
      return undefined;
    });
  }
  for (const key of Object.keys(out))
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).filter((v) => v !== undefined);
  return out;
}

async function writeDeals(
  tx: Db,
  env: WriteEnv,
  rows: RowIn[],
  outs: RowOut[],
  records: ImportRecordRow[],
  notes: Array<{ body: string; type: 'contact' | 'company' | 'deal'; id: string }>,
) {
  const live = rows.map((row, i) => ({ row, out: outs[i] })).filter(({ row }) => row.built);
  const contactRefs = await resolveRecords(
    tx,
    env,
    'contact',
    live.flatMap(({ row }) => (row.built?.refs.contact ? [row.built.refs.contact] : [])),
  );
  const placed = live.map(({ row, out }) => {
    const refs = (row.built as Built).refs;
    const pipeline =
      (refs.pipeline && env.pipelines.find((p) => nameKey(p.name) === nameKey(refs.pipeline as string))) || null;
    if (refs.pipeline && !pipeline && fail(out, 'pipeline', `no pipeline "${refs.pipeline}"`, env, refs.pipeline))
      return null;
    const chosen = pipeline ?? env.pipelines.find((p) => p.isDefault) ?? env.pipelines[0];
    if (!chosen) return null;
    const stage = refs.stage ? chosen.stages.find((s) => nameKey(s.name) === nameKey(refs.stage as string)) : undefined;
    if (
      refs.stage &&
      !stage &&
      fail(out, 'stage', `no stage "${refs.stage}" in the pipeline ${chosen.name}`, env, refs.stage)
    )
      return null;
    const first =
      chosen.stages.filter((s) => s.kind === 'open').sort((a, b) => a.position - b.position)[0] ?? chosen.stages[0];
    let contactId: string | null = null;
    if (refs.contact) {
      contactId = contactRefs.get(refs.contact) ?? null;
      if (!contactId && fail(out, 'contact', `no contact "${refs.contact}"`, env, refs.contact)) return null;
    }
    return { row, out, pipeline: chosen, stage: stage ?? first, contactId };
  });
  const ok = placed.filter((p): p is NonNullable<typeof p> => p !== null && p.out.action !== 'fail');
  const withCompany = ok.filter((p) => p.row.built?.refs.company || p.row.built?.refs.companyCustomerNumber);
  const companyIds = await resolveCompanies(
    tx,
    env,
    withCompany.map((p) => ({ name: p.row.built?.refs.company, number: p.row.built?.refs.companyCustomerNumber })),
    records,
  );
  const companyOf = new Map(withCompany.map((p, i) => [p, companyIds[i]]));
  const inserts: Columns[] = [];
  const moves: Columns[] = [];
  for (const p of ok) {
    const built = p.row.built as Built;
    const input = built.input;
    const amount = input.amount as { amount: string; currency: string } | undefined;
    const id = newId();
    const closed = p.stage.kind !== 'open';
    const row: Columns = {
      workspace_id: env.workspaceId,
      id,
      owner_id: input.ownerId === undefined ? env.userId : input.ownerId,
      currency: env.defaultCurrency,
      pipeline_id: p.pipeline.id,
      stage_id: p.stage.id,
      status: p.stage.kind,
      stage_entered_at: new Date().toISOString(),
      closed_at: closed ? new Date().toISOString() : null,
      ...columnsFrom(dealColumns, input),
      ...(amount && { amount: amount.amount, currency: amount.currency }),
      company_id: companyOf.get(p) ?? null,
      contact_id: p.contactId,
      title: input.title,
      external_id: built.externalId,
    };
    inserts.push({ ...row, search_text: dealSearchText(row as Parameters<typeof dealSearchText>[0]) });
    moves.push({
      workspace_id: env.workspaceId,
      id: newId(),
      deal_id: id,
      from_stage_id: null,
      to_stage_id: p.stage.id,
      changed_by: env.userId,
    });
    records.push({ record_type: 'deal', record_id: id, action: 'created', previous: null });
    p.out.recordId = id;
    p.out.action = 'create';
    if (built.note) notes.push({ body: built.note, type: 'deal', id });
  }
  await insertRows(tx, 'deals', inserts);
  await insertRows(tx, 'deal_stage_changes', moves);
}

async function writeActivities(tx: Db, env: WriteEnv, rows: RowIn[], outs: RowOut[], records: ImportRecordRow[]) {
  const live = rows.map((row, i) => ({ row, out: outs[i] })).filter(({ row }) => row.built);
  const refsOf = (kind: 'contact' | 'deal') =>
    live.flatMap(({ row }) => (row.built?.refs[kind] ? [row.built.refs[kind] as string] : []));
  const contacts = await resolveRecords(tx, env, 'contact', refsOf('contact'));
  const deals = await resolveRecords(tx, env, 'deal', refsOf('deal'));
  // Companies are looked up, never made, for an activity: a typo must not create a company.
  const companyNames = live.flatMap(({ row }) => (row.built?.refs.company ? [row.built.refs.company] : []));
  const companies = new Map<string, string>();
  if (companyNames.length) {
    const { rows: found } = await sql<{ id: string; key: string }>`
      select id, farley_name_key(name) as key from companies
      where workspace_id = ${env.workspaceId} and deleted_at is null
        and farley_name_key(name) = any(${companyNames.map(nameKey)}::text[])
      order by created_at, id`.execute(tx);
    for (const row of found) if (!companies.has(row.key)) companies.set(row.key, row.id);
  }
  const inserts: Columns[] = [];
  const links: Array<{ activity_id: string; record_type: string; record_id: string; occurred_at: string }> = [];
  for (const { row, out } of live) {
    const built = row.built as Built;
    const refs = built.refs;
    const linked: Array<['contact' | 'company' | 'deal', string]> = [];
    let failed = false;
    for (const [kind, map, key] of [
      ['contact', contacts, refs.contact],
      ['company', companies, refs.company ? nameKey(refs.company) : undefined],
      ['deal', deals, refs.deal],
    ] as const) {
      if (!key) continue;
      const id = map.get(key);
      if (id) linked.push([kind, id]);
      else {
        const named = kind === 'company' ? (refs.company ?? key) : key;
        if (fail(out, kind, `no ${kind} "${named}"`, env, named)) failed = true;
      }
    }
    if (failed) continue;
    const id = newId();
    const occurred = (built.input.occurredAt as string | undefined) ?? new Date().toISOString();
    inserts.push({
      ...columnsFrom(activityColumns, built.input),
      workspace_id: env.workspaceId,
      id,
      type: built.input.type,
      occurred_at: occurred,
      author_id: built.input.authorId === undefined ? env.userId : built.input.authorId,
    });
    for (const [kind, recordId] of linked)
      links.push({ activity_id: id, record_type: kind, record_id: recordId, occurred_at: occurred });
    records.push({ record_type: 'activity', record_id: id, action: 'created', previous: null });
    out.recordId = id;
    out.action = 'create';
  }
  await insertRows(tx, 'activities', inserts);
  await insertLinks(tx, env, links);
}

export { tableOf };
