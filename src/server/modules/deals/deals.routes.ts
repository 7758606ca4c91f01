// HTTP routes of deals: the record routes, the list's bulk actions and each deal's stage history.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { bulkRoutes } from '../../platform/http/bulkRoutes.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { idParams } from '../../../contract/common.ts';
import { deal, dealCreate, dealPatch, dealStageHistory } from '../../../contract/deals.ts';
import { dealFields } from './deals.repository.ts';
import { dealSearchText, dealService } from './deals.service.ts';

export async function dealRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = dealService(ctx);
  recordRoutes(app, {
    path: 'deals', noun: 'deal', tag: 'Deals', fields: dealFields,
    item: deal, create: dealCreate, patch: dealPatch, service,
  });
  bulkRoutes(app, ctx, { path: 'deals', tag: 'Deals', searchText: dealSearchText });

  app.withTypeProvider<ZodTypeProvider>().get('/deals/:id/stage-history', {
    schema: {
      tags: ['Deals'], summary: 'Stage history of a deal',
      description: 'Every stage the deal entered, from the one it was created in, oldest first: for cycle times and conversion rates.',
      params: idParams,
      response: { 200: dealStageHistory, 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema },
    },
  }, async (request) => service.stageHistory(actorOf(request), request.params.id));
}
