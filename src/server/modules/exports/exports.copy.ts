// The lean CSV export: PostgreSQL writes the file. One COPY (select …) TO STDOUT in the tenant
// transaction (so row-level security binds it as it binds the list), with the list's filters,
// search and sort compiled into the select, every cell formatted and escaped in SQL as
// exports.writers.ts's csvCell does it, and the lines passed on as they come. This process
// only turns the line ends into CRLF, counts the rows and prefixes BOM and header: it parses
// no row. The reply's backpressure reaches PostgreSQL through the connection's socket.
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { sql, type RawBuilder } from 'kysely';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Db } from '../../platform/db/database.ts';
import { pgClientOf } from '../../platform/db/driver.ts';
import { wholeList, type Fields, type ListQuery, type ListSearch } from '../../platform/http/listing.ts';
import type { ExportColumn, ExportLanguage } from './exports.columns.ts';

/** A list whose CSV export PostgreSQL can write: its table, list fields and each column's SQL. */
export interface CopySource {
  /** The table, read under the alias `c`. */
  table: string;
  fields: Fields;
  defaultSort: string;
  /** What the list's search is (listSearchIn). */
  search(tx: Db, workspaceId: string, query: ListQuery, capped: boolean): Promise<ListSearch | null>;
  /** Per export column key: the cell's value as SQL over `c` and the joins it names. */
  cells: Record<string, { sql: string; joins?: string[] }>;
  /** The joins by name, in the order they must come (a join may use those before it). */
  joins: Array<{
    name: string;
    sql: string;
    needs?: string[];
    /** The WITH queries it reads (`name as (…)`, comma-separated). */
    with?: string;
  }>;
}

/**
 * A text cell as escapeFormula (exports.writers.ts) writes it: a leading apostrophe before
 * =, +, -, @, tab or CR unless the cell is number-like; empty text as NULL, which COPY writes
 * as an empty field (an empty string it would quote, where csv-stringify does not).
 */
function textCell(text: string): string {
  const value = `(${text})`;
  return (
    `(case when ascii(${value}) in (9, 13, 43, 45, 61, 64) and ${value} !~ '^[+-]?[0-9][0-9 ()./-]*$' ` +
    `then '''' || ${value} else nullif(${value}, '') end)`
  );
}

const yesNo: Record<ExportLanguage, [string, string]> = { de: ['ja', 'nein'], en: ['yes', 'no'] };

/** A cell as csvCell writes its value: by the column's kind. */
function cell(value: string, column: ExportColumn<unknown>, decimalComma: boolean, language: ExportLanguage): string {
  switch (column.kind) {
    case 'text':
      return textCell(value);
    case 'date':
      return `to_char((${value}), 'YYYY-MM-DD')`;
    case 'timestamp':
      // Date#toISOString's text: UTC, milliseconds (cut, not rounded, as a Date keeps them).
      return `to_char((${value}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'integer':
      return `(${value})::text`;
    case 'decimal':
      return decimalComma ? `replace((${value})::text, '.', ',')` : `(${value})::text`;
    case 'boolean': {
      const [yes, no] = yesNo[language];
      return `(case when (${value}) then '${yes}' when not (${value}) then '${no}' end)`;
    }
  }
}

/** A parameter of a compiled query as an SQL literal: COPY takes no parameters. */
function literal(client: pg.ClientBase, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return `(${String(value)})`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) {
    // pg's text form of an array parameter: {"a","b"}.
    const elements = value.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`));
    return client.escapeLiteral(`{${elements.join(',')}}`);
  }
  if (typeof value === 'object') return client.escapeLiteral(JSON.stringify(value));
  return client.escapeLiteral(String(value));
}

/** The compiled query's text with its parameters written in as literals. */
export function inlined(client: pg.ClientBase, text: string, parameters: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (placeholder, n: string) => {
    const index = Number(n) - 1;
    return index < parameters.length ? literal(client, parameters[index]) : placeholder;
  });
}

/** The select of the export: the chosen columns' cells over the list's rows in its order. */
export function copySelect(
  source: CopySource,
  columns: ExportColumn<unknown>[],
  options: {
    query: ListQuery;
    search: ListSearch | null;
    decimalComma: boolean;
    language: ExportLanguage;
  },
): { select: RawBuilder<unknown>; none: boolean } {
  const list = wholeList({
    fields: source.fields,
    query: options.query,
    defaultSort: source.defaultSort,
    alias: 'c',
    search: options.search,
  });
  const needed = new Set<string>();
  const need = (name: string) => {
    if (needed.has(name)) return;
    const join = source.joins.find((j) => j.name === name);
    if (!join) throw new Error(`no join ${name}`);
    for (const before of join.needs ?? []) need(before);
    needed.add(name);
  };
  const cells = columns.map((column) => {
    const spec = source.cells[column.key];
    if (!spec) throw new Error(`no SQL for the export column ${column.key}`);
    for (const name of spec.joins ?? []) need(name);
    return cell(spec.sql, column, options.decimalComma, options.language);
  });
  const used = source.joins.filter((j) => needed.has(j.name));
  const joins = used.map((j) => j.sql);
  const withs = used.flatMap((j) => (j.with ? [j.with] : []));
  const select = sql`${sql.raw(withs.length ? `with ${withs.join(', ')} ` : '')}select ${sql.raw(cells.length ? cells.join(', ') : 'null')}
    from ${sql.raw(`${source.table} c ${joins.join(' ')}`)}
    where ${list.where}
    order by ${list.orderBy}`;
  return { select, none: list.none };
}

/**
 * CSV lines from COPY as the current writer has them: CRLF line ends (a line end inside a
 * quoted cell stays as it is), the BOM and the header first. The header is written when the
 * first rows come, or at the end: an empty list's header leaves out the optional columns, as
 * the page-by-page export does. `rows` counts the records passed on.
 */
export class CsvLines extends Transform {
  rows = 0;
  #quoted = false;
  #started = false;

  constructor(
    readonly header: (anyRows: boolean) => Buffer,
    readonly onFirst: () => void,
  ) {
    super();
  }

  #start(anyRows: boolean): void {
    if (this.#started) return;
    this.#started = true;
    this.push(this.header(anyRows));
    this.onFirst();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#start(true);
    const parts: Buffer[] = [];
    let start = 0;
    let at = 0;
    let quote = chunk.indexOf(34);
    let newline = chunk.indexOf(10);
    for (;;) {
      if (this.#quoted) {
        // Inside a quoted cell: only its closing quote counts (a doubled one opens it again).
        if (quote === -1) break;
        this.#quoted = false;
        at = quote + 1;
        quote = chunk.indexOf(34, at);
        continue;
      }
      if (newline !== -1 && newline < at) newline = chunk.indexOf(10, at);
      if (newline === -1) {
        // No line end left; a quote still opens a cell that goes on in the next chunk.
        if (quote !== -1) {
          this.#quoted = true;
          at = quote + 1;
          quote = chunk.indexOf(34, at);
          continue;
        }
        break;
      }
      if (quote !== -1 && quote < newline) {
        this.#quoted = true;
        at = quote + 1;
        quote = chunk.indexOf(34, at);
        continue;
      }
      parts.push(chunk.subarray(start, newline), crlf);
      this.rows++;
      start = newline + 1;
      at = start;
      newline = chunk.indexOf(10, at);
    }
    if (start < chunk.length) parts.push(chunk.subarray(start));
    done(null, Buffer.concat(parts));
  }

  override _flush(done: TransformCallback): void {
    this.#start(false);
    done();
  }
}

const crlf = Buffer.from('\r\n');

/**
 * Starts the COPY on the tenant transaction `tx` (its begin already sent) and returns its
 * stream. The statement may run as long as the download takes (the house's statement limit
 * is for requests, not downloads), and PostgreSQL checks every second whether the client is
 * still there while it works on rows it has not sent yet. No JIT: the select's many cell
 * expressions make compiling them cost more than it saves, and it delays the first row.
 */
export async function startCopy(
  tx: Db,
  select: RawBuilder<unknown>,
  delimiter: ',' | ';',
): Promise<{ client: pg.Client; stream: Readable }> {
  await sql`select set_config('statement_timeout', '0', true),
    set_config('client_connection_check_interval', '1000', true),
    set_config('work_mem', '64MB', true),
    set_config('enable_memoize', 'off', true),
    set_config('jit', 'off', true)`.execute(tx);
  const client = await pgClientOf(tx);
  const compiled = select.compile(tx);
  const text = `copy (${inlined(client, compiled.sql, compiled.parameters)}) to stdout with (format csv, delimiter '${delimiter}')`;
  const stream = client.query(copyTo(text));
  return { client, stream };
}

/** The entries of jsonb array `list` with `primary` true first, the rest after, each in their order. */
const primaryFirst = (list: string) =>
  `(case when ${list}->0->>'primary' = 'true' or not ${list} @> '[{"primary": true}]' then ${list} ` +
  `else jsonb_path_query_array(${list}, '$[*] ? (@.primary == true)') || ` +
  `jsonb_path_query_array(${list}, '$[*] ? (!(@.primary == true))') end)`;

/**
 * The strings `key` of jsonb array `list`'s entries (the entries themselves without a key)
 * from index `from` on, joined with "; " (exports.columns.ts's nth).
 */
/** The newest analytics run's results on contacts and companies (migration 0042). */
const analyticsCells = {
  abcClass: { sql: 'c.abc_class' },
  rfmSegment: { sql: 'c.rfm_segment' },
  pAlive: { sql: 'c.p_alive' },
  clv: { sql: 'c.clv' },
  windowRevenue: { sql: 'c.window_revenue' },
  churnSignal: { sql: 'c.churn_signal' },
};

const joinedFrom = (list: string, from: number, key?: string) => {
  const one = key ? `${list}->${from}->>'${key}'` : `${list}->>${from}`;
  const rest = key
    ? `select string_agg(t.v->>'${key}', '; ' order by t.n) from jsonb_array_elements(${list}) with ordinality t(v, n)`
    : `select string_agg(t.v, '; ' order by t.n) from jsonb_array_elements_text(${list}) with ordinality t(v, n)`;
  return (
    `(case when jsonb_array_length(${list}) <= ${from} then null ` +
    `when jsonb_array_length(${list}) = ${from + 1} then ${one} else (${rest} where t.n > ${from}) end)`
  );
};

// Phones as exports.columns.ts's reach sorts them: a label with mobil, handy or cell (any
// case) is a mobile, one with fax a fax, any other (or none) a landline.
const mobileLabels = 'mobil|handy|cell';
const faxLabels = 'fax';
const mobileLabel = `@.label like_regex "${mobileLabels}" flag "i"`;
const faxLabel = `@.label like_regex "${faxLabels}" flag "i"`;
/** The numbers of the first two phones (p's n0, n1) whose flag `kind` (m or f) is set, joined with "; ". */
const twoOf = (kind: 'm' | 'f') =>
  `when p.${kind}0 and p.${kind}1 then p.n0 || '; ' || p.n1 when p.${kind}0 then p.n0 when p.${kind}1 then p.n1`;
const landline = `(@.label == null || !(${mobileLabel})) && (@.label == null || !(${faxLabel}))`;

/**
 * A contact's first company by index lookups: the primary affiliation first (no sort), most
 * contacts with a company have one; the others are sorted as the list sorts them.
 */
const firstCompanyLookup = `coalesce((select co.name from affiliations a
  join companies co on co.workspace_id = a.workspace_id and co.id = a.company_id and co.deleted_at is null
  where a.workspace_id = c.workspace_id and a.contact_id = c.id and a.is_primary), (select co.name from affiliations a
  join companies co on co.workspace_id = a.workspace_id and co.id = a.company_id and co.deleted_at is null
  where a.workspace_id = c.workspace_id and a.contact_id = c.id
  order by a.is_primary desc, co.name collate "und-x-icu", a.id limit 1))`;

/** How large the first companies' names may be in all for one jsonb array (whose limit is 256 MB). */
export const firstCompanyBytes = 200_000_000;

/**
 * The contacts list: the columns of exports.columns.ts's contactColumns, each as SQL. Emails,
 * phones and the address are sorted once per row in lateral subqueries (OFFSET 0 keeps
 * PostgreSQL from copying their expressions into every cell that reads them); the first
 * company is the one contact.companies[0] is (primary first, then by name).
 */
export function contactsCopy(
  fields: Fields,
  defaultSort: string,
  search: CopySource['search'],
  options: { firstCompanyBytes?: number } = {},
): CopySource {
  const namesLimit = Math.trunc(options.firstCompanyBytes ?? firstCompanyBytes);
  const reach = ['x'];
  const phones = ['p', 'y'];
  return {
    table: 'contacts_listed',
    fields,
    defaultSort,
    search,
    joins: [
      {
        name: 'x',
        sql: `cross join lateral (select ${primaryFirst('c.emails')} as em, ${primaryFirst('c.phones')} as ph,
          coalesce(jsonb_path_query_first(c.addresses, '$[*] ? (@.primary == true)'), c.addresses->0) as ad
          offset 0) x`,
      },
      {
        // The first two phones' kinds, enough for nearly every contact without jsonpath.
        name: 'p',
        needs: ['x'],
        sql: `cross join lateral (select q.many, q.p0->>'number' as n0, q.p1->>'number' as n1, q.m0, q.f0, q.m1, q.f1,
          q.p0 is not null and not q.m0 and not q.f0 as l0, q.p1 is not null and not q.m1 and not q.f1 as l1
          from (select jsonb_array_length(x.ph) > 2 as many, x.ph->0 as p0, x.ph->1 as p1,
            coalesce(x.ph->0->>'label' ~* '${mobileLabels}', false) as m0, coalesce(x.ph->0->>'label' ~* '${faxLabels}', false) as f0,
            coalesce(x.ph->1->>'label' ~* '${mobileLabels}', false) as m1, coalesce(x.ph->1->>'label' ~* '${faxLabels}', false) as f1
            offset 0) q offset 0) p`,
      },
      {
        // More than two phones: each kind's numbers by jsonpath.
        name: 'y',
        needs: ['x', 'p'],
        sql: `cross join lateral (select case when p.many then jsonb_path_query_array(x.ph, '$[*] ? (${landline}).number') end as land,
          case when p.many then jsonb_path_query_array(x.ph, '$[*] ? (${mobileLabel}).number') end as mob,
          case when p.many then jsonb_path_query_array(x.ph, '$[*] ? (${faxLabel}).number') end as fax
          offset 0) y`,
      },
      {
        name: 'company',
        // Every contact's first company, worked out once for the whole workspace (one pass over
        // its affiliations): the contacts' ids sorted in one uuid array, their first companies'
        // names in a jsonb array of the same order; a row finds its own by binary search
        // (width_bucket), which costs a fraction of two index lookups per row and keeps the
        // rows in the list's order. Where the names would come near jsonb's size limit, each
        // row looks its first company up as before.
        with: `first_companies as materialized (select distinct on (a.contact_id) a.contact_id, co.name
          from affiliations a
          join companies co on co.workspace_id = a.workspace_id and co.id = a.company_id and co.deleted_at is null
          order by a.contact_id, a.is_primary desc, co.name collate "und-x-icu", a.id),
          first_companies_fit as materialized (select coalesce(sum(octet_length(f.name) + 16), 0) < ${namesLimit} as fits
          from first_companies f)`,
        // The arrays are built only when they fit (the WHERE of each is evaluated once).
        sql: `cross join lateral (select case when not b.fits then ${firstCompanyLookup}
            when b.at > 0 and b.ids[b.at] = c.id then b.names->>(b.at - 1) end as name
          from (select m.fits, m.ids, m.names, case when m.fits then width_bucket(c.id, m.ids) end as at
            from (select (select fits from first_companies_fit) as fits,
              (select array_agg(f.contact_id order by f.contact_id) from first_companies f
                where (select fits from first_companies_fit)) as ids,
              (select jsonb_agg(f.name order by f.contact_id) from first_companies f
                where (select fits from first_companies_fit)) as names) m
            offset 0) b
          offset 0) company`,
      },
      {
        name: 'owner',
        sql: `left join lateral (select u.email from users u
          where u.workspace_id = c.workspace_id and u.id = c.owner_id) owner on true`,
      },
    ],
    cells: {
      customerNumber: { sql: 'c.customer_number' },
      externalId: { sql: 'c.external_id' },
      salutation: { sql: 'c.salutation' },
      title: { sql: 'c.title' },
      firstName: { sql: 'c.first_name' },
      lastName: { sql: 'c.last_name' },
      company: { sql: 'company.name', joins: ['company'] },
      jobTitle: { sql: 'c.job_title' },
      email: { sql: "x.em->0->>'email'", joins: reach },
      email2: { sql: "x.em->1->>'email'", joins: reach },
      email3: { sql: joinedFrom('x.em', 2, 'email'), joins: reach },
      phone: { sql: 'case when p.many then y.land->>0 when p.l0 then p.n0 when p.l1 then p.n1 end', joins: phones },
      phone2: {
        sql: `case when p.many then ${joinedFrom('y.land', 1)} when p.l0 and p.l1 then p.n1 end`,
        joins: phones,
      },
      mobile: { sql: `case when p.many then ${joinedFrom('y.mob', 0)} ${twoOf('m')} end`, joins: phones },
      fax: { sql: `case when p.many then ${joinedFrom('y.fax', 0)} ${twoOf('f')} end`, joins: phones },
      street: { sql: "x.ad->>'street'", joins: reach },
      postalCode: { sql: "x.ad->>'postalCode'", joins: reach },
      city: { sql: "x.ad->>'city'", joins: reach },
      region: { sql: "x.ad->>'region'", joins: reach },
      country: { sql: "x.ad->>'country'", joins: reach },
      birthday: { sql: 'c.birthday' },
      lifecycleStage: { sql: 'c.lifecycle_stage::text' },
      source: { sql: 'c.source' },
      tags: { sql: "array_to_string(c.tags, '; ')" },
      owner: { sql: 'owner.email', joins: ['owner'] },
      lastActivityAt: { sql: 'c.last_activity_at' },
      createdAt: { sql: 'c.created_at' },
      updatedAt: { sql: 'c.updated_at' },
      ...analyticsCells,
    },
  };
}
