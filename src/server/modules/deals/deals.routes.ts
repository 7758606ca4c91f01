// HTTP routes of deals: the record routes, the list's bulk actions, each deal's stage history and
// the per-stage totals of a pipeline's deals.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { bulkRoutes } from '../../platform/http/bulkRoutes.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { idParams } from '../../../contract/common.ts';
import {
  deal,
  dealCreate,
  dealOwnedBy,
  dealPatch,
  dealStageHistory,
  pipelineTotals,
  pipelineTotalsQuery,
} from '../../../contract/deals.ts';
import { expectedVersion, withEtag } from '../../platform/http/versioning.ts';
import { dealFields } from './deals.repository.ts';
import { dealSearchText, dealService } from './deals.service.ts';

export async function dealRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = dealService(ctx);
  recordRoutes(app, {
    path: 'deals',
    noun: 'deal',
    resource: 'deal',
    tag: 'Deals',
    fields: dealFields,
    listExtra: { ownedBy: dealOwnedBy.optional() },
    item: deal,
    create: dealCreate,
    patch: dealPatch,
    service,
  });
  bulkRoutes(app, ctx, { path: 'deals', resource: 'deal', tag: 'Deals', searchText: dealSearchText });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/deals/:id/stage-history',
    {
      config: { policy: ['read', 'deal'] },
      schema: {
        tags: ['Deals'],
        summary: 'Stage history of a deal',
        description:
          'Every stage the deal entered, from the one it was created in, oldest first: for cycle times and conversion rates.',
        params: idParams,
        response: {
          200: dealStageHistory,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request) => service.stageHistory(actorOf(request), request.params.id),
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/pipelines/:id/totals',
    {
      config: { policy: ['read', 'deal'] },
      schema: {
        tags: ['Deals'],
        summary: 'Deal count and totals per stage of a pipeline',
        description:
          "The figures of the board's columns over all live deals of the pipeline: count, sum and weighted sum (amount × probability) per currency.",
        params: idParams,
        querystring: pipelineTotalsQuery,
        response: {
          200: pipelineTotals,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request) => service.pipelineTotals(actorOf(request), request.params.id, request.query),
  );

  app.withTypeProvider<ZodTypeProvider>().post(
    '/deals/:id/reopen',
    {
      config: { policy: ['update', 'deal'] },
      schema: {
        tags: ['Deals'],
        summary: 'Reopen a won or lost deal',
        description:
          'Moves the deal back to the open stage it was in last (else the first open stage of its pipeline); ' +
          'the lost reason is cleared. 409 if the deal is open. Send If-Match to refuse it (412) after someone else changed the deal.',
        params: idParams,
        response: {
          200: deal,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
          409: problemSchema,
          412: problemSchema,
        },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.reopen(actorOf(request), request.params.id, expectedVersion(request))),
  );
}
