// HTTP routes of orders: the record routes, the upsert by external number (an ERP pushing the
// same order twice gets one order), and a contact's or company's purchase history.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { withEtag } from '../../platform/http/versioning.ts';
import { idParams } from '../../../contract/common.ts';
import {
  externalNumberParams,
  order,
  orderCreate,
  orderPatch,
  orderUpsert,
  purchaseHistory,
  purchasesQuery,
} from '../../../contract/orders.ts';
import { purchaseService } from './orders.history.ts';
import { orderFields } from './orders.repository.ts';
import { orderService } from './orders.service.ts';

const problems = problemsOf(400, 401, 403, 404);

export async function orderRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = orderService(ctx);
  recordRoutes(app, {
    path: 'orders',
    noun: 'order',
    resource: 'order',
    tag: 'Orders',
    fields: orderFields,
    item: order,
    create: orderCreate,
    patch: orderPatch,
    service,
  });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.put(
    '/orders/by-external-number/:externalNumber',
    {
      config: { policy: ['create', 'order'] },
      schema: {
        tags: ['Orders'],
        summary: 'Create or replace the order with this external number',
        description:
          'Idempotent: the same body twice gives one order (201, then 200 with nothing changed); a changed body ' +
          'replaces the order\'s fields and lines (200, version + 1). The order keeps no Farley number (source "api").',
        params: externalNumberParams,
        body: orderUpsert,
        response: { 200: order, 201: order, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const { order: stored, created } = await service.upsert(
        actorOf(request),
        request.params.externalNumber,
        request.body,
      );
      if (created) reply.code(201).header('location', `/api/v1/orders/${stored.id}`);
      return withEtag(reply, stored);
    },
  );

  const history = purchaseService(ctx);
  for (const type of ['contact', 'company'] as const) {
    api.get(
      `/${type === 'contact' ? 'contacts' : 'companies'}/:id/purchases`,
      {
        config: { policy: ['read', 'order'] },
        schema: {
          tags: ['Orders'],
          summary: `A ${type}'s purchase history and customer figures`,
          description:
            'Orders newest first (paged), revenue per year, products bought most, and the figures: revenue this ' +
            'and last year, number of orders, average order value, days since the last order. Net of returns; ' +
            'cancelled orders are left out of every sum.',
          params: idParams,
          querystring: purchasesQuery,
          response: { 200: purchaseHistory, ...problems },
        },
      },
      async (request) => history.history(actorOf(request), { type, id: request.params.id }, request.query),
    );
  }
}
