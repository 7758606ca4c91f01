// How a record is found by the tokens of a search, for the search across records and for the
// lists' search alike. Every index it asks starts from the workspace (migration 0017): the
// word postings (a btree per record type), the words and the grams of each record (GIN,
// scoped by workspace), and the workspace's dictionary of words. Indexes are asked only by
// equality, ranges and array containment; LIKE, whose errors can depend on the rows it reads,
// only confirms candidates, after the workspace's policy has picked the rows.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { onePlan, sendWithNext } from '../../platform/db/intent.ts';

/** How loosely `%` matches words: low enough that one swapped or missing letter in a name is found. */
const typoThreshold = 0.2;

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Edits a word may be away from a query token and still match it: none for short tokens. */
function allowedEdits(token: string): number {
  const length = [...token].length;
  return length <= 3 ? 0 : length <= 5 ? 1 : length <= 9 ? 2 : 3;
}

/**
 * For each token, the strings of which one must occur in a record's search_text: the token
 * itself, and in the typo pass its corrections (then without the token when no word contains
 * it). See similarWords.
 */
export type Alternatives = string[][];

/**
 * Runs of four or more letters and the dictionary words containing them (see
 * wordsContaining): such a run occurs in a search_text exactly when one of the record's
 * words (runs of four or more letters, migration 0013) contains it.
 */
export type Expansions = Map<string, string[]>;

/** Words a run may stand for before its grams are the cheaper way to find it. */
const maxWords = 64;
const letterRun = /\p{L}{4,}/gu;
/** A string has grams (see farley_grams) when it holds three letters or digits in a row. */
const hasGrams = /[\p{L}\p{N}]{3}/u;

/** The runs of four or more letters in a string, which the words index can answer. */
function letterRuns(s: string): string[] {
  return s.match(letterRun) ?? [];
}

/** The dictionary words containing a string (at most maxWords + 1 of them), as an SQL expression of the string. */
function containing(string: RawBuilder<string>): RawBuilder<string[]> {
  return sql<string[]>`array(select w.word from search_words w
    where farley_grams(w.workspace_id, w.word) @> farley_grams(farley_workspace(), ${string})
      and w.word like '%' || ${string} || '%' limit ${maxWords + 1})`;
}

/**
 * The workspace's words containing each run of letters of the alternatives. A run no word
 * contains occurs nowhere; runs that too many words contain are left to the grams index.
 */
export async function wordsContaining(tx: Db, alternatives: Alternatives): Promise<Expansions> {
  const runs = [...new Set(alternatives.flat().flatMap(letterRuns))];
  if (runs.length === 0) return new Map();
  // Runs hold letters only: nothing in them needs escaping for LIKE.
  const { rows } = await onePlan(sql<{ run: string; words: string[] }>`
    select s as run, ${containing(sql`s`)} as words from unnest(${runs}::text[]) s`).execute(tx);
  return new Map(rows.filter((row) => row.words.length <= maxWords).map((row) => [row.run, row.words]));
}

const correctable = /^\p{L}+$/u;

/** At most this many corrections of one token are searched for. */
const maxCorrections = 8;

/** The corrections of each token (see similarWords) and the words containing them. */
export interface Corrections {
  alternatives: Alternatives;
  expansions: Expansions;
}

/**
 * The workspace's words (migration 0011) closest to each token, within allowedEdits: the
 * dictionary's trigram index narrows the words down to a handful, Levenshtein confirms. Only
 * the closest count: "schidt" becomes "schmidt" (one edit), not also "schmid" and "schmitt"
 * (two), each of which would cost an index scan over thousands of records. A token with
 * nothing to correct (short, digits, an email) keeps only itself.
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
      await sendWithNext(
        sql.raw(`select set_config('pg_trgm.similarity_threshold', '${typoThreshold}', true)`),
      ).execute(tx);
      loosened = true;
    }
    const distance = sql<number>`levenshtein_less_equal(word, ${token}, ${edits})`;
    const near = tx
      .selectFrom('search_words')
      .select(['word', distance.as('distance')])
      // Whether the token itself is in some word: if not (the exact pass found it nowhere),
      // searching for it again would only cost an index scan.
      .select(sql<boolean>`cardinality(${containing(sql`${token}::text`)}) > 0`.as('occurs'))
      .where(sql<boolean>`word % ${token}`)
      .where(distance, '<=', edits)
      .orderBy(distance)
      .orderBy('word')
      .limit(maxCorrections);
    const rows = await tx
      .selectFrom(near.as('near'))
      .select(['word', 'distance', 'occurs'])
      .select(
        sql<string[] | null>`case when distance = min(distance) over () then ${containing(sql`near.word`)} end`.as(
          'words',
        ),
      )
      .orderBy('distance')
      .orderBy('word')
      .execute();
    const closest = rows.filter((row) => row.distance === rows[0].distance && row.word !== token);
    const corrections = closest.map((row) => row.word);
    alternatives.push(corrections.length > 0 && !rows[0].occurs ? corrections : [token, ...corrections]);
    for (const row of closest)
      if (row.words !== null && row.words.length <= maxWords) expansions.set(row.word, row.words);
  }
  return { alternatives, expansions };
}

/** A record table and the table of the words of its live records (migration 0015). */
export interface Postings {
  table: 'contacts' | 'companies' | 'deals';
  words: 'contact_words' | 'company_words' | 'deal_words';
}

/**
 * What a record must match (`where`), or null when nothing can (a string occurs nowhere).
 * `generic`: the plan is the same for any values, so it is planned once (onePlan). `ids`:
 * when the match is a set of record ids taken from the word postings (live records only),
 * that set, which needs no look at the records themselves.
 */
export interface Match {
  where: RawBuilder<boolean>;
  generic: boolean;
  ids?: RawBuilder<string[]>;
}

/** How one string of a token is found, and what confirms it. */
interface Found {
  /** The index condition: the words of its runs, or its grams; none for a string without either. */
  index: RawBuilder<boolean> | null;
  /** The test on the candidates, when the index condition alone does not say the string occurs. */
  confirm: RawBuilder<boolean> | null;
  /** Found by the words index alone, exactly: no test needed, one plan for all. */
  wordsOnly: boolean;
  /** One or two letters or digits, which match the beginning of a word: its bit in the postings' initials. */
  initial: number | null;
}

const words = (list: string[]) =>
  sql<boolean>`farley_scoped(workspace_id, search_words) && farley_scoped(farley_workspace(), ${list}::text[])`;
const grams = (s: string) =>
  sql<boolean>`farley_grams(workspace_id, search_text) @> farley_grams(farley_workspace(), ${s}::text)`;
const occurs = (s: string) => sql<boolean>`search_text like ${`%${escapeLike(s)}%`}`;
/** A run of letters or digits of search_text begins with `s` (letters and digits only). */
const begins = (s: string) => sql<boolean>`search_text ~ ${`(^|[^[:alnum:]])${s}`}`;
const shortRun = /^[\p{L}\p{N}]{1,2}$/u;

/** The bit of farley_initials (migration 0017) that a word beginning with `s` sets. */
function initialBit(s: string): number {
  const c = s[0];
  return c >= 'a' && c <= 'z' ? 1 << (c.charCodeAt(0) - 97) : c >= '0' && c <= '9' ? 1 << 26 : 1 << 27;
}

/**
 * How `s` is found; null when it occurs nowhere (a run of it is in no word). One or two
 * letters or digits match the beginning of a word, as a search box's user means "A. Müller";
 * longer strings match anywhere.
 */
function found(s: string, expansions: Expansions): Found | null {
  const runs = letterRuns(s).filter((run) => expansions.has(run));
  if (runs.length > 0) {
    const lists = runs.map((run) => expansions.get(run)!);
    if (lists.some((list) => list.length === 0)) return null;
    const alone = runs.length === 1 && runs[0] === s;
    return {
      index: sql<boolean>`(${sql.join(lists.map(words), sql` and `)})`,
      confirm: alone ? null : occurs(s),
      wordsOnly: alone,
      initial: null,
    };
  }
  if (hasGrams.test(s)) return { index: grams(s), confirm: occurs(s), wordsOnly: false, initial: null };
  if (shortRun.test(s)) return { index: null, confirm: begins(s), wordsOnly: false, initial: initialBit(s) };
  return { index: null, confirm: occurs(s), wordsOnly: false, initial: null };
}

const either = (parts: RawBuilder<boolean>[]) => sql<boolean>`(${sql.join(parts, sql` or `)})`;

/**
 * What a record must match for every token to be found in it (see Match). A search of one
 * token found through words alone takes the first records of each word from the word
 * postings (`postings`; live records only), the words taking turns, and stops at `cap`; the
 * GIN index of the words would build the set of all of them first (tens of thousands for a
 * common name). Beside initials ("A. M. Müller"), the word's postings are read until `cap`
 * of them have the initials too: the postings carry them (migration 0017), so no record is
 * looked at that is not shown. A search of several words needs the records that have them
 * all: the words' and grams' GIN indexes intersect their lists for that, and initials then
 * filter the few records found. When every token is that short, the postings give the
 * records with a word starting with the longest one and the other initials.
 */
export function matchCondition(
  alternatives: Alternatives,
  expansions: Expansions,
  postings: Postings | null,
  cap: number,
): Match | null {
  if (alternatives.length === 0) return null;
  // A string containing another of its token's strings matches nothing more ("schmidt" once "schmid" is in).
  const needed = alternatives.map((strings) =>
    strings.filter((s, i) => !strings.some((o, j) => j !== i && s !== o && s.includes(o))),
  );
  const tokens = needed.map((strings) =>
    strings.map((s) => found(s, expansions)).filter((f): f is Found => f !== null),
  );
  if (tokens.some((strings) => strings.length === 0)) return null;
  const initials = tokens.filter((strings) => strings.length === 1 && strings[0].initial !== null);
  // The bits every match's initials must have, and the tests the bits alone do not settle
  // (a second letter, a letter beyond a–z).
  const mask = initials.reduce((bits, strings) => bits | strings[0].initial!, 0);
  const unsettled = initials
    .filter((strings) => !/^[a-z0-9]$/.test(needed[tokens.indexOf(strings)][0]))
    .map((strings) => strings[0].confirm!);
  const byWord = tokens.filter((strings) => !initials.includes(strings));
  if (postings && byWord.length === 1 && byWord[0].every((f) => f.wordsOnly)) {
    const list = [...new Set(needed[tokens.indexOf(byWord[0])].flatMap((s) => expansions.get(s) ?? []))];
    const ids =
      mask === 0
        ? // Each word's first records in turn (its first, then its second, …), so that a rare
          // word is not crowded out by a common one.
          sql<string[]>`array(
        select p.record_id from unnest(${list}::text[]) w(word)
          cross join lateral (select record_id, row_number() over () as k from ${sql.table(postings.words)} where word = w.word limit ${cap}) p
        order by p.k limit ${cap})`
        : sql<string[]>`array(
        select p.record_id from unnest(${list}::text[]) w(word)
          join ${sql.table(postings.words)} p on p.word = w.word
         where p.initials & ${mask} = ${mask} limit ${cap})`;
    const where = sql<boolean>`id = any(${ids})`;
    if (unsettled.length === 0) return { where, generic: true, ids };
    return { where: sql<boolean>`(${sql.join([where, ...unsettled], sql` and `)})`, generic: true };
  }
  const conditions = tokens.map((strings) =>
    either(
      strings.map((f) =>
        f.index && f.confirm ? sql<boolean>`(${f.index} and ${f.confirm})` : (f.index ?? f.confirm)!,
      ),
    ),
  );
  if (byWord.length === 0 && postings) {
    // Only initials: the records with a word starting with the longest, and the other initials.
    const longest = needed
      .flat()
      .filter((s) => /^\p{L}+$/u.test(s))
      .sort((x, y) => y.length - x.length)[0];
    if (longest) conditions.unshift(beginning(longest, mask, postings.words, cap));
  }
  // Found through words (initials filtering the few records found), every such query is best
  // answered by the words index, whatever the words: it is planned once. Grams, or no index
  // at all, leave the choice to the values.
  const generic = byWord.length > 0 && byWord.every((strings) => strings.every((f) => f.wordsOnly));
  return { where: sql<boolean>`(${sql.join(conditions, sql` and `)})`, generic };
}

/**
 * Records with a word starting with `prefix` (letters only) and words starting with each of
 * `mask`'s initials, from the word postings by a range of their key.
 */
function beginning(prefix: string, mask: number, postings: Postings['words'], cap: number): RawBuilder<boolean> {
  const upper = nextPrefix(prefix);
  const range = upper === null ? sql`word >= ${prefix}` : sql`word >= ${prefix} and word < ${upper}`;
  return sql<boolean>`id = any(array(select record_id from ${sql.table(postings)} where ${range} and initials & ${mask} = ${mask} limit ${cap}))`;
}

/** The least string greater than every string starting with `prefix`, or null if there is none. */
function nextPrefix(prefix: string): string | null {
  const chars = [...prefix];
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!;
    // Letters sort by code point in C collations and alphabetically in others; past "z" the
    // prefix gets shorter instead, so that no punctuation has to sort after letters.
    if (last !== 0x7a && last < 0x10ffff) return chars.join('') + String.fromCodePoint(last + 1);
  }
  return null;
}
