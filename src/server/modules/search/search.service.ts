// Search across companies, contacts and deals: one ranked list of hits, trashed records
// excluded. Phone numbers are understood in any common notation.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { SearchHit, SearchQuery, SearchType } from '../../../contract/search.ts';
import { searchTypes } from '../../../contract/search.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { toE164 } from '../../platform/contactdata.ts';
import { Problem } from '../../platform/http/problems.ts';
import { queryTokens } from '../../platform/text.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import * as repo from './search.repository.ts';

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

export function searchService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    search: (actor: Actor, query: SearchQuery) => inTenant(db, actor, async (tx): Promise<{ data: SearchHit[] }> => {
      // The workspace's country only matters for a query that looks like a phone number.
      const q = phoneLike.test(query.q)
        ? searchableQuery(query.q, (await workspaceSettings(tx, actor.workspaceId)).defaultCountry)
        : query.q;
      const tokens = queryTokens(q);
      if (tokens.length === 0) {
        throw new Problem(400, 'The search needs at least one letter or digit.', [{ path: 'query.q', message: 'nothing to search for' }]);
      }
      const types = (query.types ?? searchTypes) as SearchType[];
      const hits: SearchHit[] = [];
      const seen = new Set<string>();
      const collect = async (alternatives: repo.Alternatives, expansions: repo.Expansions) => {
        for (const row of await repo.searchRecords(tx, types, alternatives, expansions, tokens, query.limit)) {
          if (!seen.has(row.id)) hits.push(row);
          seen.add(row.id);
        }
      };
      // The tokens as they are first; corrected for typos only when that does not fill the page (exact
      // matches rank higher anyway) and there is something to correct. The typo pass needs the
      // words containing its strings: the tokens' are the exact pass's, the corrections' come with them.
      const exact = tokens.map((token) => [token]);
      const words = await repo.wordsContaining(tx, exact);
      await collect(exact, words);
      if (hits.length < query.limit) {
        const { alternatives, expansions } = await repo.similarWords(tx, tokens);
        if (alternatives.some((strings, i) => strings.length !== 1 || strings[0] !== tokens[i])) {
          await collect(alternatives, new Map([...words, ...expansions]));
        }
      }
      hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title, 'de'));
      return { data: hits.slice(0, query.limit) };
    }),
  };
}
