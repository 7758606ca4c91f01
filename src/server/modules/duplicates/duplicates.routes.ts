// HTTP routes of duplicates: the check while typing for contacts and companies, the pairs the
// last scan found, dismissing a pair, and starting and following a scan.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { finalRead } from '../../platform/db/intent.ts';
import {
  companyDuplicateCheck,
  contactDuplicateCheck,
  duplicateCandidates,
  duplicateDismiss,
  duplicateListQuery,
  duplicatePairList,
  duplicateScan,
  duplicateScanStart,
  duplicateType,
} from '../../../contract/duplicates.ts';
import { checkDuplicates, dismissPair, latestScan, listPairs, startScan, withSummaries } from './duplicates.service.ts';

const problems = problemsOf(400, 401, 403);
const tags = ['Duplicates'];

export async function duplicateRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.db.app;

  api.post(
    '/contacts/duplicates',
    {
      config: { policy: ['read', 'contact'] },
      schema: {
        tags,
        summary: 'Likely duplicates of a contact being entered',
        description:
          'Takes a (partial) contact create body and answers with the stored contacts that are likely the same person, best first (match probability 0.5 or more).',
        body: contactDuplicateCheck,
        response: { 200: duplicateCandidates, ...problems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return inTenant(db, actor, (tx) => checkDuplicates(tx, actor.workspaceId, 'contacts', request.body));
    },
  );

  api.post(
    '/companies/duplicates',
    {
      config: { policy: ['read', 'company'] },
      schema: {
        tags,
        summary: 'Likely duplicates of a company being entered',
        body: companyDuplicateCheck,
        response: { 200: duplicateCandidates, ...problems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return inTenant(db, actor, (tx) => checkDuplicates(tx, actor.workspaceId, 'companies', request.body));
    },
  );

  api.get(
    '/duplicates',
    {
      config: { policy: ['read', 'duplicate'] },
      schema: {
        tags,
        summary: 'Likely duplicate pairs found by the last scan, best first',
        description: 'Pairs a user dismissed and pairs with a record in the trash are left out.',
        querystring: duplicateListQuery,
        response: { 200: duplicatePairList, ...problems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return inTenant(db, actor, async (tx) => {
        const page = await listPairs(tx, actor.workspaceId, request.query);
        return {
          pairs: await withSummaries(finalRead(tx), request.query.type, page.pairs),
          nextCursor: page.nextCursor,
        };
      });
    },
  );

  api.post(
    '/duplicates/dismiss',
    {
      config: { policy: ['update', 'duplicate'] },
      schema: {
        tags,
        summary: 'Mark two records as not duplicates of each other',
        description: 'Later scans keep the pair dismissed.',
        body: duplicateDismiss,
        response: {
          200: z.object({ ids: z.tuple([z.string(), z.string()]), status: z.literal('dismissed') }),
          ...problems,
          404: problemSchema,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return inTenant(db, actor, (tx) => dismissPair(tx, actor, request.body.ids));
    },
  );

  api.post(
    '/duplicates/scan',
    {
      config: { policy: ['create', 'duplicate'] },
      schema: {
        tags,
        summary: 'Scan all contacts or companies of the workspace for duplicates',
        description: 'Runs as a background job; follow it with GET /duplicates/scan?type=.',
        body: duplicateScanStart,
        response: { 202: duplicateScan, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const scan = await startScan(ctx, actor, request.body.type, (message, error) =>
        request.log.error({ err: error }, message),
      );
      return reply.code(202).send(scan);
    },
  );

  api.get(
    '/duplicates/scan',
    {
      config: { policy: ['read', 'duplicate'] },
      schema: {
        tags,
        summary: 'The latest duplicate scan of contacts or companies',
        querystring: z.object({ type: duplicateType }).strict(),
        response: { 200: z.object({ scan: duplicateScan.nullable() }), ...problems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return inTenant(db, actor, async (tx) => ({
        scan: await latestScan(finalRead(tx), actor.workspaceId, request.query.type),
      }));
    },
  );
}
