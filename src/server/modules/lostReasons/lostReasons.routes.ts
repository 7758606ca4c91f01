// HTTP routes of lost reasons: everyone reads the list, admins change it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { expectedVersion, withEtag } from '../../platform/http/versioning.ts';
import { idParams } from '../../../contract/common.ts';
import {
  lostReason,
  lostReasonCreate,
  lostReasonList,
  lostReasonOrder,
  lostReasonPatch,
} from '../../../contract/lostReasons.ts';
import { lostReasonService } from './lostReasons.service.ts';

const tags = ['Lost reasons'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

export async function lostReasonRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = lostReasonService(ctx);
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/lost-reasons',
    {
      config: { policy: ['read', 'lostReason'] },
      schema: {
        tags,
        summary: 'The lost reasons of the workspace, in the order offered',
        querystring: z
          .object({
            includeInactive: z
              .enum(['true', 'false'])
              .optional()
              .describe('true lists deactivated reasons too (default: only those offered)'),
          })
          .strict(),
        response: { 200: lostReasonList, ...problems },
      },
    },
    async (request) => service.list(actorOf(request), request.query.includeInactive === 'true'),
  );

  api.get(
    '/lost-reasons/:id',
    {
      config: { policy: ['read', 'lostReason'] },
      schema: {
        tags,
        summary: 'Read a lost reason (also a deactivated one)',
        params: idParams,
        response: { 200: lostReason, ...problems, 404: problemSchema },
      },
    },
    async (request, reply) => withEtag(reply, await service.get(actorOf(request), request.params.id)),
  );

  api.post(
    '/lost-reasons',
    {
      config: { policy: ['create', 'lostReason'] },
      schema: {
        tags,
        summary: 'Add a lost reason (offered last)',
        body: lostReasonCreate,
        response: { 201: lostReason, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await service.create(actorOf(request), request.body);
      reply.code(201);
      return withEtag(reply, created);
    },
  );

  api.patch(
    '/lost-reasons/:id',
    {
      config: { policy: ['update', 'lostReason'] },
      schema: {
        tags,
        summary: 'Rename, deactivate or reactivate a lost reason',
        description: 'Send If-Match with the ETag to refuse the change (412) if someone else changed it first.',
        params: idParams,
        body: lostReasonPatch,
        response: { 200: lostReason, ...problems, 404: problemSchema, 409: problemSchema, 412: problemSchema },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.update(actorOf(request), request.params.id, request.body, expectedVersion(request)),
      ),
  );

  api.put(
    '/lost-reasons/order',
    {
      config: { policy: ['update', 'lostReason'] },
      schema: {
        tags,
        summary: 'Put the lost reasons in a new order',
        body: lostReasonOrder,
        response: { 200: lostReasonList, ...problems, 422: problemSchema },
      },
    },
    async (request) => service.reorder(actorOf(request), request.body.ids),
  );
}
