// HTTP routes of issued sales documents: the stored PDFs of quotes and order confirmations, and
// turning an accepted quote into an order.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, isoDate } from '../../../contract/common.ts';
import { order } from '../../../contract/orders.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { notFound } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { routePolicy } from '../../platform/policy.ts';
import { orderService } from '../orders/orders.service.ts';
import { type DocumentFile, ensureOrderPdf, ensureQuotePdf } from './documents.files.ts';
import { orderFromQuote } from './quoteToOrder.ts';

const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

function sendPdf(reply: FastifyReply, file: DocumentFile) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'private, max-age=3600')
    .send(file.bytes);
}

export async function salesDocumentRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.db.app;
  const orders = orderService(ctx);

  api.get(
    '/quotes/:id/pdf',
    {
      config: { policy: routePolicy('read', 'quote') },
      schema: {
        tags: ['Quotes'],
        summary: 'The PDF of an issued quote, as it was stored at issue (404 for a draft)',
        params: idParams,
        response: { 200: z.any(), ...problems },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const file = await inTenant(db, actor, (tx) => ensureQuotePdf(tx, actor.workspaceId, request.params.id));
      if (!file) throw notFound('issued quote');
      return sendPdf(reply, file);
    },
  );
  api.get(
    '/orders/:id/pdf',
    {
      config: { policy: routePolicy('read', 'order') },
      schema: {
        tags: ['Orders'],
        summary:
          'The order confirmation PDF of an order made in Farley (404 for orders imported or pushed by another system)',
        params: idParams,
        response: { 200: z.any(), ...problems },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const file = await inTenant(db, actor, (tx) => ensureOrderPdf(tx, actor.workspaceId, request.params.id));
      if (!file) throw notFound('order confirmation');
      return sendPdf(reply, file);
    },
  );

  api.post(
    '/quotes/:id/order',
    {
      config: { policy: ['create', 'order'] },
      schema: {
        tags: ['Quotes'],
        summary: 'Turn an accepted quote into an order (201)',
        description:
          "The order takes the quote's customer, deal, owner, item lines (not the optional ones) and totals as " +
          'frozen at issue, and the next order confirmation number; its confirmation PDF is stored with it. ' +
          '409 `quote_wrong_status` unless the quote is accepted, 409 `quote_ordered` for a second time.',
        params: idParams,
        body: z.object({ orderDate: isoDate.optional() }).strict().nullable().optional(),
        response: { 201: order, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const made = await inTenant(db, actor, (tx) => orderFromQuote(tx, actor, request.params.id, request.body ?? {}));
      // The confirmation is printed once the number is committed; a failure here is retried
      // by the first download, which reports it.
      await inTenant(db, actor, (tx) => ensureOrderPdf(tx, actor.workspaceId, made.id)).catch(() => undefined);
      reply.code(201).header('location', `/api/v1/orders/${made.id}`);
      return orders.get(actor, made.id);
    },
  );
}
