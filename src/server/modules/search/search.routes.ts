// HTTP routes of search across records and of caller/sender lookup.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { lookupQuery, lookupResponse, searchQuery, searchResponse } from '../../../contract/search.ts';
import { searchService } from './search.service.ts';
import { lookupService } from './lookup.service.ts';

const problems = problemsOf(400, 401, 403);

export async function searchRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const search = searchService(ctx);
  const lookup = lookupService(ctx);

  api.get(
    '/search',
    {
      config: { policy: ['read', 'search'] },
      schema: {
        tags: ['Search'],
        summary: 'Search companies, contacts and deals',
        description:
          'Ranked by relevance; accent- and case-insensitive (muller, Mueller and Müller find Müller), ' +
          'prefix-aware, tolerant of small typos, matching emails and phone numbers in any notation. Trashed records never appear.',
        querystring: searchQuery,
        response: { 200: searchResponse, ...problems },
      },
    },
    async (request) => search.search(actorOf(request), request.query),
  );

  api.get(
    '/lookup',
    {
      config: { policy: ['read', 'search'] },
      schema: {
        tags: ['Search'],
        summary: 'Identify a caller or sender by phone number or email',
        description:
          'Send exactly one of phone or email. Returns the matching contacts and companies with their key facts; ' +
          "empty data when nobody matches. Phone numbers are read in the workspace's default country unless they carry a country code.",
        querystring: lookupQuery,
        response: { 200: lookupResponse, ...problems },
      },
    },
    async (request) => lookup.lookup(actorOf(request), request.query),
  );
}
