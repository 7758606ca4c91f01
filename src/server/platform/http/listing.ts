// Lists: filters on every scalar field, multi-field sorting and keyset pagination, built
// from one description of a resource's fields. The same description yields the zod schema
// of the query string, so the OpenAPI document lists every filter.
import { sql, type QueryExecutorProvider, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import { badRequest, invalidCursor } from '../errors.ts';
import { planEachTime } from '../db/intent.ts';
import { listCountLimit, listResponse, type ListCount } from '../../../contract/common.ts';

export type FieldKind = 'text' | 'integer' | 'decimal' | 'date' | 'timestamp' | 'boolean' | 'enum' | 'uuid' | 'array';

export interface Field {
  column: string;
  kind: FieldKind;
  values?: readonly string[];
  /** The column can hold NULL (affects keyset conditions). */
  nullable?: boolean;
  /** Not offered as a sort key. */
  unsortable?: boolean;
  /**
   * Sorted by a rank the row carries instead of the column (a deal's stage by the stage's
   * position): the selected column that holds it (the cursor reads it) and its SQL.
   */
  rank?: { column: string; sql(alias: string): RawBuilder<number> };
  /**
   * Filtered through a link in another table rather than a column (a contact's companies):
   * the condition that a row is linked to one of `ids`, or to any when null. The field then
   * offers eq, ne, in and empty.
   */
  linked?(alias: string, ids: string[] | null): RawBuilder<boolean>;
}

export type Fields = Record<string, Field>;

const rangeKinds: FieldKind[] = ['integer', 'decimal', 'date', 'timestamp'];

/** The filter operators a field offers (the list query string and the list metadata use it). */
export function operatorsOf(field: Field): string[] {
  if (field.kind === 'array') return ['has', 'empty'];
  const ops = ['eq', 'ne', 'in', 'empty'];
  if (field.linked) return ops;
  if (rangeKinds.includes(field.kind)) ops.push('gt', 'gte', 'lt', 'lte');
  if (field.kind === 'text') ops.push('contains', 'startsWith');
  return ops;
}

const opHelp: Record<string, string> = {
  eq: 'equals',
  ne: 'does not equal',
  in: 'is one of (comma-separated)',
  empty: 'is empty (true) or not (false)',
  gt: 'greater than',
  gte: 'greater than or equal',
  lt: 'less than',
  lte: 'less than or equal',
  contains: 'contains (case-insensitive)',
  startsWith: 'starts with (case-insensitive)',
  has: 'contains the element',
};

/** The query-string schema of a list: paging, sorting, search and one parameter per filter. */
export function listQuerySchema(fields: Fields, extra: z.ZodRawShape = {}) {
  const shape: Record<string, z.ZodType> = {
    limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1–500, default 50)'),
    cursor: z.string().max(2000).optional().describe('nextCursor of the previous page'),
    sort: z
      .string()
      .max(200)
      .optional()
      .describe(
        `Comma-separated fields, "-" for descending: ${Object.keys(fields)
          .filter((f) => !fields[f].unsortable)
          .join(', ')}`,
      ),
    q: z.string().max(200).optional().describe('Full-text search (accent- and case-insensitive, typo-tolerant)'),
    trashed: z.enum(['true', 'false']).optional().describe('true lists the trash instead'),
    ...extra,
  };
  for (const [name, field] of Object.entries(fields)) {
    for (const op of operatorsOf(field)) {
      const key = op === 'eq' ? name : `${name}.${op}`;
      shape[key] = z.string().max(1000).optional().describe(`${name} ${opHelp[op]}`);
    }
  }
  return z.object(shape).strict();
}

/** The query-string schema of a list's count: a list's filters, search and trash, without paging. */
export function countQuerySchema(fields: Fields, extra: z.ZodRawShape = {}) {
  return listQuerySchema(fields, extra).omit({ limit: true, cursor: true, sort: true });
}

export interface ListQuery {
  limit: number;
  cursor?: string;
  sort?: string;
  q?: string;
  trashed?: 'true' | 'false';
  [key: string]: unknown;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseValue(name: string, field: Field, raw: string): unknown {
  const bad = (what: string) =>
    badRequest(`Filter ${name}: ${what}`, [{ path: `query.${name}`, message: what }], 'invalid_filter');
  switch (field.kind) {
    case 'integer': {
      const n = Number(raw);
      if (!Number.isInteger(n) || Math.abs(n) > 2147483647) throw bad(`"${raw}" is not a whole number`);
      return n;
    }
    case 'decimal':
      if (!/^-?\d{1,16}(\.\d{1,2})?$/.test(raw)) throw bad(`"${raw}" is not a decimal number`);
      return raw;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw)))
        throw bad(`"${raw}" is not a date (YYYY-MM-DD)`);
      return raw;
    case 'timestamp': {
      const t = Date.parse(raw);
      if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(t)) throw bad(`"${raw}" is not an ISO 8601 time`);
      return new Date(t).toISOString();
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw bad('use true or false');
      return raw === 'true';
    case 'enum':
      if (!field.values?.includes(raw)) throw bad(`"${raw}" is not one of ${field.values?.join(', ')}`);
      return raw;
    case 'uuid':
      if (!uuidPattern.test(raw)) throw bad(`"${raw}" is not an id`);
      return raw.toLowerCase();
    default:
      return raw;
  }
}

function castFor(field: Field): string {
  switch (field.kind) {
    case 'integer':
      return 'integer';
    case 'decimal':
      return 'numeric';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamptz';
    case 'boolean':
      return 'boolean';
    case 'uuid':
      return 'uuid';
    default:
      return 'text';
  }
}

function typed(field: Field, value: unknown): RawBuilder<unknown> {
  return sql`cast(${value} as ${sql.raw(castFor(field))})`;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function ref(alias: string, column: string) {
  return sql.ref(alias ? `${alias}.${column}` : column);
}

/** WHERE conditions for the filter parameters present in `query`. */
export function filterConditions(fields: Fields, query: Record<string, unknown>, alias = ''): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  for (const [name, field] of Object.entries(fields)) {
    for (const op of operatorsOf(field)) {
      const raw = query[op === 'eq' ? name : `${name}.${op}`];
      if (typeof raw !== 'string') continue;
      const col = ref(alias, field.column);
      if (field.linked) {
        conditions.push(linkedCondition(name, field, field.linked, alias, op, raw));
      } else if (op === 'empty') {
        if (raw !== 'true' && raw !== 'false')
          throw badRequest(`Filter ${name}.empty: use true or false`, undefined, 'invalid_filter');
        const empty =
          field.kind === 'array'
            ? sql<boolean>`cardinality(${col}) = 0`
            : field.kind === 'text'
              ? sql<boolean>`coalesce(${col}, '') = ''`
              : sql<boolean>`${col} is null`;
        conditions.push(raw === 'true' ? empty : sql<boolean>`not (${empty})`);
      } else if (op === 'has') {
        conditions.push(sql<boolean>`${col} @> array[${raw}]::text[]`);
      } else if (op === 'contains') {
        conditions.push(sql<boolean>`${col} ilike ${`%${escapeLike(raw)}%`}`);
      } else if (op === 'startsWith') {
        conditions.push(sql<boolean>`${col} ilike ${`${escapeLike(raw)}%`}`);
      } else if (op === 'in') {
        const values = raw.split(',').map((v) => parseValue(name, field, v.trim()));
        if (values.length > 100) throw badRequest(`Filter ${name}.in: at most 100 values`, undefined, 'invalid_filter');
        conditions.push(sql<boolean>`${col} in (${sql.join(values.map((v) => typed(field, v)))})`);
      } else {
        const value = typed(field, parseValue(name, field, raw));
        const operator = { eq: '=', ne: 'is distinct from', gt: '>', gte: '>=', lt: '<', lte: '<=' }[op]!;
        conditions.push(sql<boolean>`${col} ${sql.raw(operator)} ${value}`);
      }
    }
  }
  return conditions;
}

function linkedCondition(
  name: string,
  field: Field,
  linked: NonNullable<Field['linked']>,
  alias: string,
  op: string,
  raw: string,
): RawBuilder<boolean> {
  const ids = (values: string[]) => values.map((v) => String(parseValue(name, field, v.trim())));
  if (op === 'empty') {
    if (raw !== 'true' && raw !== 'false')
      throw badRequest(`Filter ${name}.empty: use true or false`, undefined, 'invalid_filter');
    return raw === 'true' ? sql<boolean>`not ${linked(alias, null)}` : linked(alias, null);
  }
  if (op === 'in') {
    const values = raw.split(',');
    if (values.length > 100) throw badRequest(`Filter ${name}.in: at most 100 values`, undefined, 'invalid_filter');
    return linked(alias, ids(values));
  }
  return op === 'ne' ? sql<boolean>`not ${linked(alias, ids([raw]))}` : linked(alias, ids([raw]));
}

export interface SortKey {
  name: string;
  field: Field;
  desc: boolean;
}

/** The keys of a `sort` parameter; a 400 problem for unknown, unsortable or too many fields. */
export function parseSort(fields: Fields, sort: string): SortKey[] {
  const keys = sort
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const desc = part.startsWith('-');
      const name = desc ? part.slice(1) : part;
      // Own keys only: "toString" or "__proto__" must not find Object.prototype's members.
      const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
      if (!field || field.unsortable || field.kind === 'array') {
        throw badRequest(
          `Cannot sort by "${name}".`,
          [{ path: 'query.sort', code: 'invalid_choice', message: `unknown sort field ${name}` }],
          'invalid_sort',
        );
      }
      return { name, field, desc };
    });
  if (keys.length === 0 || keys.length > 4) throw badRequest('Sort by one to four fields.', undefined, 'invalid_sort');
  return keys;
}

/**
 * A sort key's expression. `looked` (the rows are a search's few, looked up by id): wrapped in
 * a coalesce that changes nothing but that no index provides in order, so that PostgreSQL
 * sorts the rows it looked up. Walking an index in sort order until a page of them turns up
 * looks cheaper to it, as it takes them to be spread evenly; they are not (a surname search
 * finds one surname, and walked the whole name index to the end of the alphabet).
 */
function sortExpression(alias: string, key: SortKey, looked = false) {
  const { field } = key;
  const base = field.rank ? field.rank.sql(alias) : ref(alias, field.column);
  const col = looked ? sql`coalesce(${base}, ${base})` : base;
  if (field.kind === 'enum' && !field.rank) return funnelRank(field, col);
  return field.kind === 'text' && !field.rank ? sql`${col} collate "und-x-icu"` : sql`${col}`;
}

/**
 * An enum sorts in the order of its values (a contact's lifecycle stages from lead to former
 * customer), not by the spelling of its keys. The values are written into the statement as a
 * constant, so that an index on the same expression (migration 0020) serves the sort.
 */
function funnelRank(field: Field, value: RawBuilder<unknown>) {
  const values = (field.values ?? []).map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
  return sql`array_position(${sql.raw(`array[${values}]::text[]`)}, ${value})`;
}

/** The column a sort key's value is read from in a row (for the cursor). */
function sortColumn(key: SortKey): string {
  return key.field.rank?.column ?? key.field.column;
}

/** A cursor's value of a sort key, compared with sortExpression. */
function sortValue(key: SortKey, value: unknown): RawBuilder<unknown> {
  if (key.field.rank) return sql`cast(${value} as integer)`;
  const typedValue = typed(key.field, value);
  return key.field.kind === 'enum' ? funnelRank(key.field, typedValue) : typedValue;
}

interface Cursor {
  s: string;
  v: unknown[];
  id: string;
}

function decodeCursor(cursor: string, sort: string, keys: SortKey[]): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (
      parsed.s !== sort ||
      !Array.isArray(parsed.v) ||
      parsed.v.length !== keys.length ||
      !uuidPattern.test(parsed.id)
    ) {
      throw new Error('mismatch');
    }
    keys.forEach((key, i) => {
      if (parsed.v[i] === null) return;
      if (key.field.rank) parseValue(key.name, { column: '', kind: 'integer' }, String(parsed.v[i]));
      else parseValue(key.name, key.field, String(parsed.v[i]));
    });
    return parsed;
  } catch {
    throw invalidCursor('The cursor is invalid or belongs to another sort order.');
  }
}

function cursorValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}

/** Rows strictly after the cursor in the sort order (asc NULLS LAST, desc NULLS FIRST, id last). */
function afterCursor(alias: string, keys: SortKey[], cursor: Cursor, looked: boolean): RawBuilder<boolean> {
  const idDesc = keys[keys.length - 1].desc;
  const id = ref(alias, 'id');
  const simple = keys.every((k) => k.desc === idDesc && !k.field.nullable) && cursor.v.every((v) => v !== null);
  if (simple) {
    const left = sql.join([...keys.map((k) => sortExpression(alias, k, looked)), sql`${id}`]);
    const right = sql.join([...keys.map((k, i) => sortValue(k, cursor.v[i])), sql`${cursor.id}::uuid`]);
    return sql<boolean>`(${left}) ${sql.raw(idDesc ? '<' : '>')} (${right})`;
  }
  const alternatives: RawBuilder<boolean>[] = [];
  const equalSoFar: RawBuilder<boolean>[] = [];
  keys.forEach((key, i) => {
    const expr = sortExpression(alias, key, looked);
    const v = cursor.v[i];
    let strictlyAfter: RawBuilder<boolean> | null;
    if (v === null) strictlyAfter = key.desc ? sql<boolean>`${expr} is not null` : null;
    else {
      const value = sortValue(key, v);
      strictlyAfter = key.desc
        ? sql<boolean>`${expr} < ${value}`
        : sql<boolean>`(${expr} > ${value} or ${expr} is null)`;
    }
    if (strictlyAfter) alternatives.push(sql.join([...equalSoFar, strictlyAfter], sql` and `) as RawBuilder<boolean>);
    equalSoFar.push(v === null ? sql<boolean>`${expr} is null` : sql<boolean>`${expr} = ${sortValue(key, v)}`);
  });
  alternatives.push(
    sql.join(
      [...equalSoFar, sql`${id} ${sql.raw(idDesc ? '<' : '>')} ${cursor.id}::uuid`],
      sql` and `,
    ) as RawBuilder<boolean>,
  );
  return sql<boolean>`(${sql.join(
    alternatives.map((a) => sql`(${a})`),
    sql` or `,
  )})`;
}

export interface Page<Row> {
  rows: Row[];
  nextCursor: string | null;
  /** The list's search stopped at its limit (see ListSearch): there may be more matches. */
  searchLimited?: boolean;
}

/**
 * What a list's search found (the search module's listSearchIn): the ids of the records, or
 * a condition on the columns search_text, search_words and workspace_id of the list's rows.
 */
export type ListSearch = { ids: string[]; limited: boolean } | { where: RawBuilder<boolean> };

/** What a page's response says of its search's limit: `searchLimited: true` when it was reached. */
export function limitOf(page: Page<unknown>): { searchLimited?: true } {
  return page.searchLimited ? { searchLimited: true } : {};
}

/** Whether the list query has filters (a searched list then needs every match, not the first ones). */
export function hasFilters(fields: Fields, query: ListQuery): boolean {
  return filterConditions(fields, query).length > 0;
}

/**
 * Applies filters, search, trash, sort and the cursor to a select over one table and runs it.
 * The builder must select the table's columns (sort columns are read from the rows). The
 * search is the caller's (`search`, see ListSearch): the page is taken from what it found.
 *
 * With `hydrate`, a filtered page is found in two steps in one statement: first the page's
 * ids (a query that reads only what the filters and the sort need, so an index carrying the
 * filter columns answers it without touching the table), then `hydrate(ids)` reads the rows
 * to show, sorted again. An unfiltered page reads its rows directly.
 */
export async function listPage<DB, TB extends keyof DB, Row extends Record<string, unknown>>(
  builder: SelectQueryBuilder<DB, TB, Row>,
  options: {
    fields: Fields;
    query: ListQuery;
    defaultSort: string;
    alias?: string;
    /** What the list's search found; undefined or null when it is not searched. */
    search?: ListSearch | null;
    hydrate?: (ids: SelectQueryBuilder<DB, TB, { id: string }>) => SelectQueryBuilder<DB, TB, Row>;
  },
): Promise<Page<Row>> {
  const alias = options.alias ?? '';
  const { query, fields } = options;
  const sort = query.sort ?? options.defaultSort;
  const keys = parseSort(fields, sort);
  const { search } = options;
  const filters = filterConditions(fields, query, alias);
  if (search && 'ids' in search && search.ids.length === 0) return { rows: [], nextCursor: null };
  let qb = matching(builder, alias, query, filters, search);
  const looked = search !== undefined && search !== null && 'ids' in search;
  if (query.cursor) qb = qb.where(afterCursor(alias, keys, decodeCursor(query.cursor, sort, keys), looked));
  const sorted = <O>(q: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> => {
    for (const key of keys)
      q = q.orderBy(sql`${sortExpression(alias, key, looked)} ${sql.raw(key.desc ? 'desc' : 'asc')}`);
    return q.orderBy(sql`${ref(alias, 'id')} ${sql.raw(keys[keys.length - 1].desc ? 'desc' : 'asc')}`);
  };
  qb = sorted(qb).limit(query.limit + 1);
  // Filters and search conditions differ in how many rows they match: planned for each page.
  // The records a search found are read by their ids, whatever they are.
  const valued = filters.length > 0 || (search !== undefined && search !== null && 'where' in search);
  const plan = <O>(q: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> => (valued ? planEachTime(q) : q);
  // Kysely cannot resolve a selection over a type-parameter database; the page's ids are { id }.
  const ids = () =>
    qb.clearSelect().select(sql<string>`${ref(alias, 'id')}`.as('id')) as SelectQueryBuilder<DB, TB, { id: string }>;
  const rows =
    options.hydrate && filters.length > 0
      ? await plan(sorted(options.hydrate(ids()))).execute()
      : await plan(qb).execute();
  let nextCursor: string | null = null;
  if (rows.length > query.limit) {
    rows.length = query.limit;
    const last = rows[rows.length - 1] as Record<string, unknown>;
    const cursor: Cursor = { s: sort, v: keys.map((k) => cursorValue(last[sortColumn(k)])), id: String(last.id) };
    nextCursor = Buffer.from(JSON.stringify(cursor)).toString('base64url');
  }
  return { rows, nextCursor, ...(looked && search.limited ? { searchLimited: true } : {}) };
}

/**
 * The whole list in one statement, for an export that reads it at once (exports.copy.ts):
 * the conditions of its rows (trash, filters, search) and its ORDER BY, as a page has them
 * but without cursor and limit. `none`: the search found nothing, so the list is empty.
 */
export function wholeList(options: {
  fields: Fields;
  query: ListQuery;
  defaultSort: string;
  alias: string;
  search?: ListSearch | null;
}): { where: RawBuilder<boolean>; orderBy: RawBuilder<unknown>; none: boolean } {
  const { fields, query, alias, search } = options;
  const keys = parseSort(fields, query.sort ?? options.defaultSort);
  const conditions = [
    query.trashed === 'true'
      ? sql<boolean>`${ref(alias, 'deleted_at')} is not null`
      : sql<boolean>`${ref(alias, 'deleted_at')} is null`,
    ...filterConditions(fields, query, alias),
  ];
  if (search && 'ids' in search) conditions.push(sql<boolean>`${ref(alias, 'id')} = any(${search.ids}::uuid[])`);
  else if (search) conditions.push(search.where);
  const looked = search !== undefined && search !== null && 'ids' in search;
  const orderBy = sql.join([
    ...keys.map((key) => sql`${sortExpression(alias, key, looked)} ${sql.raw(key.desc ? 'desc' : 'asc')}`),
    sql`${ref(alias, 'id')} ${sql.raw(keys[keys.length - 1].desc ? 'desc' : 'asc')}`,
  ]);
  return {
    where: sql.join(conditions, sql` and `) as RawBuilder<boolean>,
    orderBy,
    none: looked && search.ids.length === 0,
  };
}

/** The rows a list shows, on every page: live or trashed, filtered, searched. */
function matching<DB, TB extends keyof DB, O>(
  builder: SelectQueryBuilder<DB, TB, O>,
  alias: string,
  query: ListQuery,
  filters: RawBuilder<boolean>[],
  search: ListSearch | null | undefined,
): SelectQueryBuilder<DB, TB, O> {
  let qb = builder.where(
    query.trashed === 'true'
      ? sql<boolean>`${ref(alias, 'deleted_at')} is not null`
      : sql<boolean>`${ref(alias, 'deleted_at')} is null`,
  );
  for (const condition of filters) qb = qb.where(condition);
  if (search && 'ids' in search) qb = qb.where(sql<boolean>`${ref(alias, 'id')} = any(${search.ids}::uuid[])`);
  else if (search) qb = qb.where(search.where);
  return qb;
}

/**
 * A list counts exactly up to this many records and says "more than" beyond: counting a
 * million contacts under row-level security reads every one of them, on every visit.
 */
export const listCountCap = listCountLimit;

/**
 * How many records a list holds with its filters and search (sort and cursor aside): exact
 * up to listCountCap, else `more` with the cap. The search must be uncapped (every match
 * counts), a condition or ids.
 */
export async function listCount<DB, TB extends keyof DB, O>(
  db: QueryExecutorProvider,
  builder: SelectQueryBuilder<DB, TB, O>,
  options: { fields: Fields; query: ListQuery; alias?: string; search?: ListSearch | null },
): Promise<ListCount> {
  const alias = options.alias ?? '';
  const { search, query } = options;
  const filters = filterConditions(options.fields, query, alias);
  if (search && 'ids' in search && search.ids.length === 0) return { total: 0, more: false };
  const rows = matching(builder, alias, query, filters, search)
    .clearSelect()
    .select(sql<number>`1`.as('one'))
    .limit(listCountCap + 1);
  let count = sql<{ n: number }>`select count(*)::int as n from (${rows}) as matching`;
  // As a page: how many rows a filter or a search matches decides the plan.
  if (filters.length > 0 || (search && 'where' in search)) count = planEachTime(count);
  const [counted] = (await count.execute(db)).rows;
  const limited = search !== null && search !== undefined && 'ids' in search && search.limited;
  return counted.n > listCountCap ? { total: listCountCap, more: true } : { total: counted.n, more: Boolean(limited) };
}

/** The response schema of a list of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return listResponse(item);
}
