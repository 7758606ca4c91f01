// HTTP routes of the start page: GET /today (the whole page in one request) and
// POST /recent-views (the web app's note that a record's page was opened).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { recentViewCreate, today, todayQuery } from '../../../contract/today.ts';
import { todayService } from './today.service.ts';

const tags = ['Today'];

export async function todayRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = todayService(ctx);
  api.get(
    '/today',
    {
      config: { policy: ['read', 'today'] },
      schema: {
        tags,
        summary: 'My start page',
        description:
          "The signed-in user's day: open tasks due by the end of today, open deals whose next step (earliest open task) is due or missing, deals in their stage for longer than this workspace's deals usually stay there, and recently viewed contacts, companies and deals. Trashed records never show.",
        querystring: todayQuery,
        response: { 200: today, ...problemsOf(400, 401, 403) },
      },
    },
    async (request) => service.get(actorOf(request), request.query),
  );
  api.post(
    '/recent-views',
    {
      config: { policy: ['create', 'recentView'] },
      schema: {
        tags,
        summary: 'Note that I opened a record',
        description:
          'Moves the contact, company or deal to the top of my recently viewed records (the newest 20 are kept). Clients send it when a record is opened; reading a record never records a view.',
        body: recentViewCreate,
        response: { 204: z.null(), ...problemsOf(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.viewed(actorOf(request), request.body);
      return reply.code(204).send(null);
    },
  );
}
