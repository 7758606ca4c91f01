// SQL of the search across records. Search is a read model across companies, contacts and
// deals: it reads their tables (and affiliations/companies for subtitles) read-only, one
// ranked query per record type over its search_text, found through the words index
// (search_words, migration 0013) or the trigram index.
// The deals table is owned by the deals module; nothing here writes to it.
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { onePlan, planEachTime, sendWithNext } from '../../platform/db/statements.ts';
import type { SearchType } from '../../../contract/search.ts';

/** How loosely `%` matches words: low enough that one swapped or missing letter in a name is found. */
export const typoThreshold = 0.2;

export interface HitRow { id: string; title: string; subtitle: string | null; score: number }

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
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
      return sql`when ${column} like ${t + '%'} or ${column} like ${'% ' + t + '%'} then ${weight}::float8
      when ${column} like ${'%' + t + '%'} then ${0.8 * weight}::float8`;
    });
    return sql`(case ${sql.join(cases, sql` `)} else 0 end)`;
  });
  return sql<number>`round(((${sql.join(perToken, sql` + `)}) / ${alternatives.length} * 0.9
    + 0.1 * least(1.0, ${tokens.join(' ').length}::float8 / greatest(1, length(${column}))))::numeric, 4)::float8`;
}

/** Edits a word may be away from a query token and still match it: none for short tokens. */
export function allowedEdits(token: string): number {
  const length = [...token].length;
  return length <= 3 ? 0 : length <= 5 ? 1 : length <= 9 ? 2 : 3;
}

/**
 * How a search finds its candidates: every token must be a substring of search_text (the
 * words index or the trigram index answers that at once, see wordsContaining). The exact pass takes the tokens as they are; the typo
 * pass also accepts, for a token with a typo, the workspace's words within a few edits of it
 * (see similarWords), so "Schidt" finds "Schmidt" through the same index.
 *
 * Alternatives hold, for each token, the strings of which one must occur: the token itself,
 * and in the typo pass its corrections (then without the token when no word contains it).
 */
export type Alternatives = string[][];

/**
 * Strings of letters and the dictionary words containing them (see wordsContaining): such a
 * string is found through the words index, or not at all when no word contains it; any other
 * string through the trigram index.
 */
export type Expansions = Map<string, string[]>;

/** Words a string may stand for before the trigram index is the cheaper way to find it. */
const maxWords = 64;
const lettersOnly = /^\p{L}{4,}$/u;

/**
 * The workspace's words containing each string of letters among the alternatives. A string of
 * four or more letters occurs in a search_text exactly when one of its words (runs of four
 * or more letters, migration 0013) contains it, and the dictionary holds every word: a string
 * no word contains occurs nowhere. Strings too many words contain are left to the trigram index.
 */
export async function wordsContaining(tx: Db, alternatives: Alternatives): Promise<Expansions> {
  const strings = [...new Set(alternatives.flat())].filter((s) => lettersOnly.test(s));
  if (strings.length === 0) return new Map();
  const { rows } = await onePlan(sql<{ string: string; words: string[] }>`
    select s as string, ${containing(sql`s`)} as words from unnest(${strings}::text[]) s`).execute(tx);
  return new Map(rows.filter((row) => row.words.length <= maxWords).map((row) => [row.string, row.words]));
}

/** Tables of the words of each live record, by record table (migration 0015). */
type Postings = 'contact_words' | 'company_words' | 'deal_words';

/**
 * What a record must match (`where`), or null when nothing can (a token occurs nowhere). A
 * search of one token found through words takes the first records of each word from the
 * word postings, the words taking turns, and stops there; the GIN index of
 * search_words would build the set of all of them first (tens of thousands for a common
 * name). The plan of that is the same for any words: it is planned once (`generic`, onePlan).
 * A search of several tokens needs the records that have them all: the GIN index
 * intersects its lists for that. When some string is found through the trigram index
 * (no word list for it), which index is the better way depends on the values, so such a
 * query is planned each time.
 */
interface Match { where: RawBuilder<boolean>; generic: boolean }

function matchCondition(alternatives: Alternatives, expansions: Expansions, postings: Postings, cap: number): Match | null {
  if (alternatives.length === 0) return null;
  // A string containing another of its token's strings matches nothing more ("schmidt" once "schmid" is in).
  const needed = alternatives.map((strings) => strings.filter((s, i) => !strings.some((o, j) => j !== i && s !== o && s.includes(o))));
  if (needed.length === 1 && needed[0].every((s) => expansions.has(s))) {
    const words = [...new Set(needed[0].flatMap((s) => expansions.get(s)!))];
    if (words.length === 0) return null;
    // Each word's first records in turn (its first, then its second, …), so that a rare word
    // is not crowded out by a common one.
    const where = sql<boolean>`id = any(array(
      select p.record_id from unnest(${words}::text[]) w(word)
        cross join lateral (select record_id, row_number() over () as k from ${sql.table(postings)} where word = w.word limit ${cap}) p
      order by p.k limit ${cap}))`;
    return { where, generic: true };
  }
  const perToken = needed.map((strings) => {
    const words = [...new Set(strings.flatMap((s) => expansions.get(s) ?? []))];
    const tests = strings.filter((s) => !expansions.has(s)).map((s) => sql`search_text like ${'%' + escapeLike(s) + '%'}`);
    if (words.length > 0) tests.unshift(sql`search_words && ${words}::text[]`);
    return tests.length > 0 ? sql`(${sql.join(tests, sql` or `)})` : null;
  });
  if (perToken.some((test) => test === null)) return null;
  // Found through words alone, every such query is best answered by the GIN index, whatever
  // the words: it is planned once. A `like` test leaves the choice to the values.
  const wordsOnly = needed.every((strings) => strings.every((s) => expansions.has(s)));
  return { where: sql<boolean>`(${sql.join(perToken as RawBuilder<unknown>[], sql` and `)})`, generic: wordsOnly };
}



const correctable = /^\p{L}+$/u;

/** At most this many corrections of one token are searched for. */
const maxCorrections = 8;

/** A string's words (see wordsContaining), as an SQL expression of the string. */
function containing(string: RawBuilder<string>): RawBuilder<string[]> {
  return sql<string[]>`array(select w.word from search_words w where w.word like '%' || ${string} || '%' limit ${maxWords + 1})`;
}

/** The corrections of each token (see similarWords) and the words containing them. */
export interface Corrections { alternatives: Alternatives; expansions: Expansions }

/**
 * The workspace's words (migration 0011) closest to each token, within allowedEdits: the
 * trigram index narrows the words down to a handful, Levenshtein confirms. Only the closest
 * count: "schidt" becomes "schmidt" (one edit), not also "schmid" and "schmitt" (two), each
 * of which would cost an index scan over thousands of records. A token with nothing to
 * correct (short, digits, an email) keeps only itself.
 *
 * The same statement finds the words containing each correction (wordsContaining), which
 * the typo pass then needs no statement of its own for: a round trip less for every typo.
 */
export async function similarWords(tx: Db, tokens: string[]): Promise<Corrections> {
  const alternatives: Alternatives = [];
  const expansions: Expansions = new Map();
  let loosened = false;
  for (const token of tokens) {
    const edits = allowedEdits(token);
    if (edits === 0 || !correctable.test(token)) {
      alternatives.push([token]);
      continue;
    }
    if (!loosened) {
      // Lets `%` find words with small typos for the rest of the transaction: a swapped pair
      // in a six-letter word ("mulelr" for "muller") shares only a quarter of its trigrams.
      // It goes out with the query below, not on its own (sendWithNext).
      await sql.raw(sendWithNext(`select set_config('pg_trgm.similarity_threshold', '${typoThreshold}', true)`)).execute(tx);
      loosened = true;
    }
    const distance = sql<number>`levenshtein_less_equal(word, ${token}, ${edits})`;
    const near = tx.selectFrom('search_words')
      .select(['word', distance.as('distance')])
      // Whether the token itself is in some word: if not (the exact pass found it nowhere),
      // searching for it again would only cost an index scan.
      .select(sql<boolean>`exists (select from search_words w where w.word like ${'%' + escapeLike(token) + '%'})`.as('occurs'))
      .where(sql<boolean>`word % ${token}`)
      .where(distance, '<=', edits)
      .orderBy(distance).orderBy('word')
      .limit(maxCorrections);
    const rows = await tx.selectFrom(near.as('near'))
      .select(['word', 'distance', 'occurs'])
      // Words hold letters only: nothing in them needs escaping for LIKE.
      .select(sql<string[] | null>`case when distance = min(distance) over () then ${containing(sql`near.word`)} end`.as('words'))
      .orderBy('distance').orderBy('word')
      .execute();
    const closest = rows.filter((row) => row.distance === rows[0].distance && row.word !== token);
    const corrections = closest.map((row) => row.word);
    alternatives.push(corrections.length > 0 && !rows[0].occurs ? corrections : [token, ...corrections]);
    for (const row of closest) if (row.words !== null && row.words.length <= maxWords) expansions.set(row.word, row.words);
  }
  return { alternatives, expansions };
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

type HitQuery = SelectQueryBuilder<any, any, HitRow>;

function contactHits(tx: Db, match: Match, alternatives: Alternatives, tokens: string[], limit: number, cap: number): HitQuery {
  const primaryCompany = sql<string | null>`(
    select co.name from affiliations a
    join companies co on co.workspace_id = a.workspace_id and co.id = a.company_id and co.deleted_at is null
    where a.workspace_id = c.workspace_id and a.contact_id = c.id
    order by a.is_primary desc, a.created_at limit 1)`;
  const candidates = tx.selectFrom('contacts')
    .select(['workspace_id', 'id', 'title', 'first_name', 'last_name', 'job_title', 'email_list', 'cities', 'search_text'])
    .where('deleted_at', 'is', null)
    .where(match.where)
    .limit(cap);
  return tx.selectFrom(candidates.as('c'))
    .select([
      'c.id',
      sql<string>`concat_ws(' ', c.title, c.first_name, c.last_name)`.as('title'),
      sql<string | null>`coalesce(${primaryCompany}, c.job_title, c.email_list[1], c.cities[1])`.as('subtitle'),
      score(sql`c.search_text`, alternatives, tokens).as('score'),
    ])
    .orderBy('score', 'desc').orderBy(sql`c.last_name collate "und-x-icu"`).orderBy('c.id')
    .limit(limit);
}

function companyHits(tx: Db, match: Match, alternatives: Alternatives, tokens: string[], limit: number, cap: number): HitQuery {
  const candidates = tx.selectFrom('companies')
    .select(['id', 'name', 'industry', 'cities', 'search_text'])
    .where('deleted_at', 'is', null)
    .where(match.where)
    .limit(cap);
  return tx.selectFrom(candidates.as('c'))
    .select([
      'id',
      'name as title',
      sql<string | null>`nullif(concat_ws(' · ', industry, cities[1]), '')`.as('subtitle'),
      score(sql`search_text`, alternatives, tokens).as('score'),
    ])
    .orderBy('score', 'desc').orderBy(sql`name collate "und-x-icu"`).orderBy('id')
    .limit(limit);
}

function dealHits(tx: Db, match: Match, alternatives: Alternatives, tokens: string[], limit: number, cap: number): HitQuery {
  const candidates = tx.selectFrom('deals')
    .select(['workspace_id', 'id', 'title', 'company_id', 'search_text'])
    .where('deleted_at', 'is', null)
    .where(match.where)
    .limit(cap);
  // The company's name only for the hits shown: a subquery in the select list runs after the limit.
  const company = sql<string | null>`(
    select co.name from companies co
    where co.workspace_id = d.workspace_id and co.id = d.company_id and co.deleted_at is null)`;
  return tx.selectFrom(candidates.as('d'))
    .select([
      'd.id',
      'd.title',
      company.as('subtitle'),
      score(sql`d.search_text`, alternatives, tokens).as('score'),
    ])
    .orderBy('score', 'desc').orderBy(sql`d.title collate "und-x-icu"`).orderBy('d.id')
    .limit(limit);
}

const finders = {
  contact: [contactHits, 'contact_words'],
  company: [companyHits, 'company_words'],
  deal: [dealHits, 'deal_words'],
} as const;

export type TypedHitRow = HitRow & { type: SearchType };

/**
 * The best `limit` hits of each of `types`, ranked within their type, in one statement: a
 * query per type, put together with UNION ALL (one round trip instead of three).
 */
export async function searchRecords(
  tx: Db, types: SearchType[], alternatives: Alternatives, expansions: Expansions, tokens: string[], limit: number,
): Promise<TypedHitRow[]> {
  const cap = Math.max(candidateCap, limit);
  let generic = true;
  const parts: Array<SelectQueryBuilder<any, any, TypedHitRow>> = [];
  for (const type of types) {
    const [hits, postings] = finders[type];
    const match = matchCondition(alternatives, expansions, postings, cap);
    if (!match) continue;
    generic &&= match.generic;
    parts.push(tx.selectFrom(hits(tx, match, alternatives, tokens, limit, cap).as(type)).select(sql.lit(type).as('type')).selectAll());
  }
  if (parts.length === 0) return [];
  const union = parts.slice(1).reduce((all, part) => all.unionAll(part), parts[0]);
  return (generic ? onePlan(union) : planEachTime(union)).execute();
}
