// HTTP routes of timelines: GET /contacts/{id}/timeline, /companies/{id}/timeline, /deals/{id}/timeline.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import type { RecordType } from '../../platform/db/schema.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { routePolicy } from '../../platform/policy.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { idParams } from '../../../contract/common.ts';
import { timelinePage, timelineQuery } from '../../../contract/timeline.ts';
import { timelineService } from './timeline.service.ts';

const problems = problemsOf(400, 401, 403, 404);

const records: Array<{ path: string; type: RecordType; tag: string; whose: string }> = [
  {
    path: 'contacts',
    type: 'contact',
    tag: 'Contacts',
    whose: 'the contact, and stage changes of the deals it is the contact of',
  },
  {
    path: 'companies',
    type: 'company',
    tag: 'Companies',
    whose:
      "the company, its people (affiliated contacts) and its deals, and stage changes of those deals and of its people's deals",
  },
  { path: 'deals', type: 'deal', tag: 'Deals', whose: 'the deal, and its stage changes' },
];

export async function timelineRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = timelineService(ctx);
  for (const { path, type, tag, whose } of records) {
    api.get(
      `/${path}/:id/timeline`,
      {
        config: { policy: routePolicy('read', type) },
        schema: {
          tags: [tag],
          summary: `The timeline of a ${type}`,
          description: `Activities and tasks linked to ${whose}; newest first, keyset-paginated with limit and cursor.`,
          params: idParams,
          querystring: timelineQuery,
          response: { 200: timelinePage, ...problems },
        },
      },
      async (request) => service.page(actorOf(request), type, request.params.id, request.query),
    );
  }
}
