// SQL of the search across records. Search is a read model across companies, contacts and
// deals: it reads their tables (and affiliations/companies for subtitles) read-only, one
// ranked query per record type over its trigram-indexed search_text.
// The deals table is owned by the deals module; nothing here writes to it.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { searchCondition } from '../../platform/http/listing.ts';

/** How loosely `<%` matches words: low enough that one swapped or missing letter in a name is found. */
export const typoThreshold = 0.4;

export interface HitRow { id: string; title: string; subtitle: string | null; score: number }

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Relevance from 0 to 1: per token, a word starting with it counts 1, containing it 0.8,
 * else its trigram word similarity (typos); averaged, plus a little for how much of the
 * record's text the query covers (so "Müller" ranks above "Müller-Lüdenscheidt Holding").
 */
function score(column: RawBuilder<unknown>, tokens: string[]): RawBuilder<number> {
  const perToken = tokens.map((token) => {
    const t = escapeLike(token);
    return sql`(case when ${column} like ${t + '%'} or ${column} like ${'% ' + t + '%'} then 1.0
      when ${column} like ${'%' + t + '%'} then 0.8
      else 0.9 * word_similarity(${token}, ${column}) end)`;
  });
  return sql<number>`round(((${sql.join(perToken, sql` + `)}) / ${tokens.length} * 0.9
    + 0.1 * similarity(${tokens.join(' ')}, ${column}))::numeric, 4)::float8`;
}

/** Edits a word may be away from a query token and still match it: none for short tokens. */
export function allowedEdits(token: string): number {
  const length = [...token].length;
  return length <= 3 ? 0 : length <= 5 ? 1 : length <= 9 ? 2 : 3;
}

/**
 * How a search finds its candidates. `exact`: every token is a substring (the trigram index
 * answers that at once). `fuzzy`: searchCondition (substring or `<%` word similarity); at the
 * loose typo threshold `<%` also pairs pieces of neighbouring words ("wien" with
 * "jurgen weiss"), so a token that is not a substring must be within a few edits of one word.
 */
export type MatchMode = 'exact' | 'fuzzy';

function matchCondition(column: RawBuilder<unknown>, q: string, tokens: string[], mode: MatchMode): RawBuilder<boolean> | null {
  if (tokens.length === 0) return null;
  const substrings = tokens.map((token) => sql<boolean>`${column} like ${'%' + escapeLike(token) + '%'}`);
  if (mode === 'exact') return sql<boolean>`(${sql.join(substrings, sql` and `)})`;
  const candidates = searchCondition(column, q);
  if (!candidates) return null;
  const confirmed = tokens.map((token, i) => {
    const edits = allowedEdits(token);
    if (edits === 0) return substrings[i];
    return sql`(${substrings[i]} or exists (
      select 1 from regexp_split_to_table(${column}, '[^[:alnum:]]+') as word
      where abs(length(word) - ${[...token].length}) <= ${edits}
        and levenshtein_less_equal(word, ${token}, ${edits}) <= ${edits}))`;
  });
  return sql<boolean>`(${candidates} and ${sql.join(confirmed, sql` and `)})`;
}

/**
 * At most this many matching records of a type are ranked. A common name ("Schmidt" in a
 * million contacts) matches tens of thousands of records that all rank alike; scoring every
 * one of them took seconds, and no one pages through them: the search needs more words.
 */
export const candidateCap = 200;

/** Lets `<%` accept small typos for the rest of the transaction. */
export async function allowTypos(tx: Db) {
  await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(typoThreshold)}, true)`.execute(tx);
}

export async function searchContacts(tx: Db, q: string, tokens: string[], limit: number, mode: MatchMode): Promise<HitRow[]> {
  const condition = matchCondition(sql`search_text`, q, tokens, mode);
  if (!condition) return [];
  const primaryCompany = sql<string | null>`(
    select co.name from affiliations a
    join companies co on co.workspace_id = a.workspace_id and co.id = a.company_id and co.deleted_at is null
    where a.workspace_id = c.workspace_id and a.contact_id = c.id
    order by a.is_primary desc, a.created_at limit 1)`;
  const candidates = tx.selectFrom('contacts')
    .select(['workspace_id', 'id', 'title', 'first_name', 'last_name', 'job_title', 'email_list', 'cities', 'search_text'])
    .where('deleted_at', 'is', null)
    .where(condition)
    .limit(candidateCap);
  const rows = await tx.selectFrom(candidates.as('c'))
    .select([
      'c.id',
      sql<string>`concat_ws(' ', c.title, c.first_name, c.last_name)`.as('title'),
      sql<string | null>`coalesce(${primaryCompany}, c.job_title, c.email_list[1], c.cities[1])`.as('subtitle'),
      score(sql`c.search_text`, tokens).as('score'),
    ])
    .orderBy('score', 'desc').orderBy(sql`c.last_name collate "und-x-icu"`).orderBy('c.id')
    .limit(limit)
    .execute();
  return rows;
}

export async function searchCompanies(tx: Db, q: string, tokens: string[], limit: number, mode: MatchMode): Promise<HitRow[]> {
  const condition = matchCondition(sql`search_text`, q, tokens, mode);
  if (!condition) return [];
  const candidates = tx.selectFrom('companies')
    .select(['id', 'name', 'industry', 'cities', 'search_text'])
    .where('deleted_at', 'is', null)
    .where(condition)
    .limit(candidateCap);
  return tx.selectFrom(candidates.as('c'))
    .select([
      'id',
      'name as title',
      sql<string | null>`nullif(concat_ws(' · ', industry, cities[1]), '')`.as('subtitle'),
      score(sql`search_text`, tokens).as('score'),
    ])
    .orderBy('score', 'desc').orderBy(sql`name collate "und-x-icu"`).orderBy('id')
    .limit(limit)
    .execute();
}

export async function searchDeals(tx: Db, q: string, tokens: string[], limit: number, mode: MatchMode): Promise<HitRow[]> {
  const condition = matchCondition(sql`search_text`, q, tokens, mode);
  if (!condition) return [];
  const candidates = tx.selectFrom('deals')
    .select(['workspace_id', 'id', 'title', 'company_id', 'search_text'])
    .where('deleted_at', 'is', null)
    .where(condition)
    .limit(candidateCap);
  return tx.selectFrom(candidates.as('d'))
    .leftJoin('companies as co', (join) => join
      .onRef('co.workspace_id', '=', 'd.workspace_id').onRef('co.id', '=', 'd.company_id')
      .on('co.deleted_at', 'is', null))
    .select([
      'd.id',
      'd.title',
      'co.name as subtitle',
      score(sql`d.search_text`, tokens).as('score'),
    ])
    .orderBy('score', 'desc').orderBy(sql`d.title collate "und-x-icu"`).orderBy('d.id')
    .limit(limit)
    .execute();
}
