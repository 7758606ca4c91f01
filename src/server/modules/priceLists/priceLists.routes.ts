// HTTP routes of price lists: the record routes (list, read with entries, create, change,
// trash, restore), a product's price in a list (PUT/DELETE …/entries/{productId}), and the
// price a customer gets (GET /price-lists/resolve), with which the quote editor prefills lines.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  priceList,
  priceListCreate,
  priceListEntryInput,
  priceListEntryParams,
  priceListPatch,
  unitPrice,
  unitPriceQuery,
} from '../../../contract/priceLists.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { recordRoutes } from '../../platform/http/recordRoutes.ts';
import { withEtag } from '../../platform/http/versioning.ts';
import { workspaceTimeZone } from '../numbering/numbering.service.ts';
import { unitPriceFor } from './index.ts';
import { priceListFields } from './priceLists.repository.ts';
import { priceListEntryService, priceListService } from './priceLists.service.ts';

const tags = ['Price lists'];
const problems = problemsOf(400, 401, 403, 404);

/** Today in the workspace's time zone, YYYY-MM-DD. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: workspaceTimeZone }).format(new Date());

export async function priceListRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const entries = priceListEntryService(ctx);

  api.get(
    '/price-lists/resolve',
    {
      config: { policy: ['read', 'priceList'] },
      schema: {
        tags,
        summary: 'The unit price a customer gets for a product on a day',
        description:
          "The contact's own price list, else the company's, else the default list, the first that is valid on the day and in the currency; from it the product's entry, else the percentage off the list price, else the list price (docs/sales.md).",
        querystring: unitPriceQuery,
        response: { 200: unitPrice, ...problems, 422: problemSchema },
      },
    },
    async (request) => {
      const query = request.query;
      return inTenant(ctx.db.app, actorOf(request), (tx) =>
        unitPriceFor(tx, { ...query, date: query.date ?? today() }),
      );
    },
  );

  recordRoutes(app, {
    path: 'price-lists',
    noun: 'price list',
    resource: 'priceList',
    tag: tags[0],
    fields: priceListFields,
    item: priceList,
    create: priceListCreate,
    patch: priceListPatch,
    service: priceListService(ctx),
  });

  api.put(
    '/price-lists/:id/entries/:productId',
    {
      config: { policy: ['update', 'priceList'] },
      schema: {
        tags,
        summary: "Set a product's own price in a price list",
        description: "Adds the product to the list or changes its price; the list's version goes up.",
        params: priceListEntryParams,
        body: priceListEntryInput,
        response: { 200: priceList, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await entries.set(actorOf(request), request.params.id, request.params.productId, request.body.price),
      ),
  );

  api.delete(
    '/price-lists/:id/entries/:productId',
    {
      config: { policy: ['update', 'priceList'] },
      schema: {
        tags,
        summary: "Remove a product's own price from a price list",
        description: 'The product gets the percentage off its list price again (or the list price).',
        params: priceListEntryParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await entries.remove(actorOf(request), request.params.id, request.params.productId);
      return reply.code(204).send(null);
    },
  );
}
