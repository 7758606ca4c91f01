// Search across companies, contacts and deals: one ranked list of hits, trashed records
// excluded; and the search of a record list (listSearchIn). Phone numbers are understood in
// any common notation.
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { ListQuery, ListSearch } from '../../platform/http/listing.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { SearchHit, SearchQuery, SearchType } from '../../../contract/search.ts';
import { searchTypes } from '../../../contract/search.ts';
import { listSearchLimit } from '../../../contract/common.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { toE164 } from '../../platform/contactdata.ts';
import { badRequest } from '../../platform/errors.ts';
import { queryTokens } from '../../platform/text.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import * as repo from './search.repository.ts';
import {
  matchCondition,
  similarWords,
  wordsContaining,
  type Alternatives,
  type Expansions,
} from './search.matching.ts';

const phoneLike = /^[0-9+()\-./\s]+$/;
/** Dialled numbers start with + or 0 (00 international, 0 national); "10115" is more likely a postal code. */
const dialled = /^\(?(\+|0)/;

/**
 * What to match in search_text, which holds phones as digits (4930123…, 030123…): a query
 * that looks like a dialled number becomes the digits of its E.164 form or, when it is only
 * part of a number, its digits run together.
 */
export function searchableQuery(q: string, defaultCountry: string): string {
  const digits = q.replace(/\D/g, '');
  if (!phoneLike.test(q) || !dialled.test(q) || digits.length < 5) return q;
  const e164 = toE164(q, defaultCountry);
  return e164 ? e164.slice(1) : digits;
}

/** Whether a token says too little to search for alone: one or two digits ("12" begins a sixth of all numbers). */
const tooLittle = (token: string) => /^\p{N}{1,2}$/u.test(token);

/**
 * The tokens to look for in search_text: a query that looks like a phone number in its
 * searchable form. A 400 problem when the query has only one or two digits to go by.
 */
async function searchTokens(tx: Db, workspaceId: string, q: string): Promise<string[]> {
  // The workspace's country only matters for a query that looks like a phone number.
  const tokens = queryTokens(
    phoneLike.test(q) ? searchableQuery(q, (await workspaceSettings(tx, workspaceId)).defaultCountry) : q,
  );
  if (tokens.length > 0 && tokens.every(tooLittle)) {
    throw badRequest(
      'Search for at least three digits of a number, or for a word.',
      [{ path: 'query.q', code: 'too_short', message: 'too short to search for' }],
      'search_too_short',
    );
  }
  return tokens;
}

export function searchService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    search: (actor: Actor, query: SearchQuery) =>
      inTenant(db, actor, async (tx): Promise<{ data: SearchHit[] }> => {
        const tokens = await searchTokens(tx, actor.workspaceId, query.q);
        if (tokens.length === 0) {
          throw badRequest(
            'The search needs at least one letter or digit.',
            [{ path: 'query.q', code: 'required', message: 'nothing to search for' }],
            'search_too_short',
          );
        }
        const types = (query.types ?? searchTypes) as SearchType[];
        const hits: SearchHit[] = [];
        const seen = new Set<string>();
        const collect = async (alternatives: Alternatives, expansions: Expansions) => {
          for (const row of await repo.searchRecords(tx, types, alternatives, expansions, tokens, query.limit)) {
            if (!seen.has(row.id)) hits.push(row);
            seen.add(row.id);
          }
        };
        // The tokens as they are first; corrected for typos only when that does not fill the page (exact
        // matches rank higher anyway) and there is something to correct. The typo pass needs the
        // words containing its strings: the tokens' are the exact pass's, the corrections' come with them.
        const exact = tokens.map((token) => [token]);
        const words = await wordsContaining(tx, exact);
        await collect(exact, words);
        if (hits.length < query.limit) {
          const { alternatives, expansions } = await similarWords(tx, tokens);
          if (alternatives.some((strings, i) => strings.length !== 1 || strings[0] !== tokens[i])) {
            await collect(alternatives, new Map([...words, ...expansions]));
          }
        }
        hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title, 'de'));
        return { data: hits.slice(0, query.limit) };
      }),
  };
}

/**
 * At most this many records are found by a list's search without filters; the list sorts and
 * pages those. A common surname ("Brandt" in a million contacts) matches thousands: looking
 * them all up to sort them by name took most of a list page's time, and nobody scrolls
 * through them. A filter or a second word narrows the search to every match.
 */
export const listSearchCap = listSearchLimit;

/**
 * What a list's search (`query.q`) found, in the caller's transaction: the same records as the
 * search across records, found the same way, exactly or, when a word occurs nowhere,
 * corrected for typos. Trashed records are found in the trash's list (`trashed=true`) only.
 *
 * `capped` (a whole list without filters): the ids of at most listSearchCap of them, the
 * cheapest way to a page. Otherwise (a filtered list, a company's people) the condition the
 * records must meet, to be combined with the list's own: then every match counts.
 * Null when the list is not searched (no `q`, or no letter or digit in it).
 */
export async function listSearchIn(
  tx: Db,
  workspaceId: string,
  type: SearchType,
  query: ListQuery,
  capped: boolean,
): Promise<ListSearch | null> {
  if (!query.q) return null;
  const trashed = query.trashed === 'true';
  const tokens = await searchTokens(tx, workspaceId, query.q);
  if (tokens.length === 0) return null;
  const exact = tokens.map((token) => [token]);
  const words = await wordsContaining(tx, exact);
  // The word postings hold live records only, and give the first records of a word: for ids.
  const postings = capped && !trashed ? repo.postingsOf[type] : null;
  let match = matchCondition(exact, words, postings, listSearchCap);
  if (!match) {
    const { alternatives, expansions } = await similarWords(tx, tokens);
    match = matchCondition(alternatives, new Map([...words, ...expansions]), postings, listSearchCap);
  }
  if (!match) return { ids: [], limited: false };
  if (!capped) return { where: match.where };
  const ids = await repo.matchingIds(tx, type, match, trashed, listSearchCap);
  return { ids, limited: ids.length >= listSearchCap };
}
