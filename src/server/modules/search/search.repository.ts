// SQL of the search across records. Search is a read model across companies, contacts and
// deals: it reads their tables (and affiliations/companies for subtitles) read-only, one
// ranked query per record type over the candidates its tokens match (search.matching.ts).
// The deals table is owned by the deals module; nothing here writes to it.
import { sql, type RawBuilder, type AliasedSelectQueryBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { onePlan, planEachTime } from '../../platform/db/intent.ts';
import { personNameSql } from '../../platform/db/names.ts';
import type { SearchType } from '../../../contract/search.ts';
import {
  escapeLike,
  matchCondition,
  type Alternatives,
  type Expansions,
  type Match,
  type Postings,
} from './search.matching.ts';

export interface HitRow {
  id: string;
  title: string;
  subtitle: string | null;
  score: number;
}

/**
 * Relevance from 0 to 1, from LIKE tests on the few candidates only (no per-row trigram
 * arithmetic, which cost several milliseconds per 200 candidates): per token, a word starting
 * with it counts 1 and containing it 0.8; a correction of a typo (see similarWords, closest
 * first) counts a little less the further down its list. Averaged over the tokens, plus a
 * little for how much of the record's text the query covers (so "Müller" ranks above
 * "Müller-Lüdenscheidt Holding").
 */
function score(column: RawBuilder<unknown>, alternatives: Alternatives, tokens: string[]): RawBuilder<number> {
  const perToken = alternatives.map((strings, k) => {
    const cases = strings.map((s, i) => {
      const weight = s === tokens[k] ? 1 : 0.8 - 0.02 * i;
      const t = escapeLike(s);
      return sql`when ${column} like ${`${t}%`} or ${column} like ${`% ${t}%`} then ${weight}::float8
      when ${column} like ${`%${t}%`} then ${0.8 * weight}::float8`;
    });
    return sql`(case ${sql.join(cases, sql` `)} else 0 end)`;
  });
  return sql<number>`round(((${sql.join(perToken, sql` + `)}) / ${alternatives.length} * 0.9
    + 0.1 * least(1.0, ${tokens.join(' ').length}::float8 / greatest(1, length(${column}))))::numeric, 4)::float8`;
}

/**
 * At most this many matching records of a type are ranked (more when a page asks for more).
 * A common name ("Schmidt" in a million contacts) matches tens of thousands of records that
 * all rank alike; scoring every one of them took seconds, and no one pages through them:
 * the search needs more words. Fetching and scoring a candidate costs about 5 µs alone and
 * more under load; at 200 that was most of a search's database time, and going from 100 to
 * 50 took the database's time per typo search at concurrency 16 from 5.4–6.5 to 3.8–3.9 ms.
 * The page shows at most `limit` of all types together (20 by default).
 */
export const candidateCap = 50;

/** A finder's query, from whichever table: what the union needs of it is its rows, as a subquery. */
interface HitQuery {
  as<A extends string>(alias: A): AliasedSelectQueryBuilder<HitRow, A>;
}

function contactHits(
  tx: Db,
  match: Match,
  alternatives: Alternatives,
  tokens: string[],
  limit: number,
  cap: number,
): HitQuery {
  const primaryCompany = sql<string | null>`(
    select co.name from affiliations a
    join companies co on co.workspace_id = a.workspace_id and co.id = a.company_id and co.deleted_at is null
    where a.workspace_id = c.workspace_id and a.contact_id = c.id
    order by a.is_primary desc, a.created_at limit 1)`;
  const candidates = tx
    .selectFrom('contacts')
    .select([
      'workspace_id',
      'id',
      'salutation',
      'title',
      'first_name',
      'last_name',
      // A nameless contact is called by its email or phone (personNameSql).
      'emails',
      'phones',
      'job_title',
      'email_list',
      'cities',
      'search_text',
    ])
    .where('deleted_at', 'is', null)
    .where(match.where)
    .limit(cap);
  return tx
    .selectFrom(candidates.as('c'))
    .select([
      'c.id',
      personNameSql('c').as('title'),
      sql<string | null>`coalesce(${primaryCompany}, c.job_title, c.email_list[1], c.cities[1])`.as('subtitle'),
      score(sql`c.search_text`, alternatives, tokens).as('score'),
    ])
    .orderBy('score', 'desc')
    .orderBy(sql`c.last_name collate "und-x-icu"`)
    .orderBy('c.id')
    .limit(limit);
}

function companyHits(
  tx: Db,
  match: Match,
  alternatives: Alternatives,
  tokens: string[],
  limit: number,
  cap: number,
): HitQuery {
  const candidates = tx
    .selectFrom('companies')
    .select(['id', 'name', 'industry', 'cities', 'search_text'])
    .where('deleted_at', 'is', null)
    .where(match.where)
    .limit(cap);
  return tx
    .selectFrom(candidates.as('c'))
    .select([
      'id',
      'name as title',
      sql<string | null>`nullif(concat_ws(' · ', industry, cities[1]), '')`.as('subtitle'),
      score(sql`search_text`, alternatives, tokens).as('score'),
    ])
    .orderBy('score', 'desc')
    .orderBy(sql`name collate "und-x-icu"`)
    .orderBy('id')
    .limit(limit);
}

function dealHits(
  tx: Db,
  match: Match,
  alternatives: Alternatives,
  tokens: string[],
  limit: number,
  cap: number,
): HitQuery {
  const candidates = tx
    .selectFrom('deals')
    .select(['workspace_id', 'id', 'title', 'company_id', 'search_text'])
    .where('deleted_at', 'is', null)
    .where(match.where)
    .limit(cap);
  // The company's name only for the hits shown: a subquery in the select list runs after the limit.
  const company = sql<string | null>`(
    select co.name from companies co
    where co.workspace_id = d.workspace_id and co.id = d.company_id and co.deleted_at is null)`;
  return tx
    .selectFrom(candidates.as('d'))
    .select(['d.id', 'd.title', company.as('subtitle'), score(sql`d.search_text`, alternatives, tokens).as('score')])
    .orderBy('score', 'desc')
    .orderBy(sql`d.title collate "und-x-icu"`)
    .orderBy('d.id')
    .limit(limit);
}

/** The word postings of each record type's live records (migration 0015). */
export const postingsOf: Record<SearchType, Postings> = {
  contact: { table: 'contacts', words: 'contact_words' },
  company: { table: 'companies', words: 'company_words' },
  deal: { table: 'deals', words: 'deal_words' },
};
const finders = { contact: contactHits, company: companyHits, deal: dealHits };

/** A finder's hits with their type, as one part of the union of all types. */
function typedHits(tx: Db, type: keyof typeof finders, hits: HitQuery) {
  return tx.selectFrom(hits.as(type)).select(sql.lit(type).as('type')).selectAll();
}

export type TypedHitRow = HitRow & { type: SearchType };

/**
 * The best `limit` hits of each of `types`, ranked within their type, in one statement: a
 * query per type, put together with UNION ALL (one round trip instead of three).
 */
export async function searchRecords(
  tx: Db,
  types: SearchType[],
  alternatives: Alternatives,
  expansions: Expansions,
  tokens: string[],
  limit: number,
): Promise<TypedHitRow[]> {
  const cap = Math.max(candidateCap, limit);
  let generic = true;
  const parts: Array<ReturnType<typeof typedHits>> = [];
  for (const type of types) {
    const match = matchCondition(alternatives, expansions, postingsOf[type], cap);
    if (!match) continue;
    generic &&= match.generic;
    parts.push(typedHits(tx, type, finders[type](tx, match, alternatives, tokens, limit, cap)));
  }
  if (parts.length === 0) return [];
  const union = parts.slice(1).reduce((all, part) => all.unionAll(part), parts[0]);
  return (generic ? onePlan(union) : planEachTime(union)).execute();
}

/** The ids of at most `cap` records of `type` that `match`, in the trash or out of it (a list's search). */
export async function matchingIds(
  tx: Db,
  type: SearchType,
  match: Match,
  trashed: boolean,
  cap: number,
): Promise<string[]> {
  if (match.ids && !trashed) {
    const { rows } = await onePlan(sql<{ ids: string[] }>`select ${match.ids} as ids`).execute(tx);
    return rows[0].ids;
  }
  const query = tx
    .selectFrom(postingsOf[type].table)
    .select('id')
    .where('deleted_at', trashed ? 'is not' : 'is', null)
    .where(match.where)
    .limit(cap);
  const rows = await (match.generic ? onePlan(query) : planEachTime(query)).execute();
  return rows.map((row) => row.id);
}
