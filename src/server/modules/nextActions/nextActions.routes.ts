// HTTP routes of the next best actions: a customer's or a sales rep's list, what was done with
// one (a task made from it, done, dismissed) and how often each kind was taken up.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../contract/common.ts';
import {
  nextAction,
  nextActionDecision,
  nextActions,
  nextActionsQuery,
  nextActionStats,
  nextActionTask,
} from '../../../contract/nextActions.ts';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { nextActionService } from './nextActions.service.ts';

const tags = ['Next best actions'];
const problems = problemsOf(400, 401, 403, 404);

export async function nextActionRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = nextActionService(ctx);

  api.get(
    '/next-actions',
    {
      config: { policy: ['read', 'nextAction'] },
      schema: {
        tags,
        summary: 'Suggested next actions, best first: all, a customer’s, or on the caller’s customers (owner=me)',
        description:
          'Made by each analytics run from its results; see docs/analytics.md. `status=done` or `dismissed` lists decided ones, newest first.',
        querystring: nextActionsQuery,
        response: { 200: nextActions, ...problems },
      },
    },
    async (request) => service.list(actorOf(request), request.query),
  );

  api.get(
    '/next-actions/stats',
    {
      config: { policy: ['read', 'nextAction'] },
      schema: {
        tags,
        summary: 'Per kind of action: open, done, dismissed, the acceptance rate and how often an order followed',
        response: { 200: nextActionStats, ...problems },
      },
    },
    async (request) => service.stats(actorOf(request)),
  );

  api.post(
    '/next-actions/:id/decision',
    {
      config: { policy: ['update', 'nextAction'] },
      schema: {
        tags,
        summary: 'Record what was done with a suggestion: done or dismissed',
        description: 'A suggestion decided already is 409.',
        params: idParams,
        body: nextActionDecision,
        response: { 200: nextAction, ...problems, 409: problemsOf(409)[409] },
      },
    },
    async (request) => service.decide(actorOf(request), request.params.id, request.body.status),
  );

  api.post(
    '/next-actions/:id/task',
    {
      config: { policy: ['update', 'nextAction'] },
      schema: {
        tags,
        summary: 'Make a task on the customer from a suggestion; the suggestion is then done',
        description:
          "The task is the customer's owner's (else the caller's) and linked to the customer. A suggestion decided already is 409.",
        params: idParams,
        body: nextActionTask,
        response: {
          201: z.object({ action: nextAction, taskId: z.string() }).meta({ id: 'NextActionTaskMade' }),
          ...problems,
          409: problemsOf(409)[409],
        },
      },
    },
    async (request, reply) => {
      const made = await service.makeTask(actorOf(request), request.params.id, request.body);
      reply.code(201);
      return made;
    },
  );
}
