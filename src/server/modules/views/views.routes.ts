// HTTP routes of saved views. Every signed-in user (viewers too) may keep private views, so
// the writes are open to viewers here and the service asks the policy for the finer rules.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { expectedVersion, withEtag } from '../../platform/http/versioning.ts';
import { idParams } from '../../../contract/common.ts';
import { view, viewCreate, viewListQuery, viewPatch } from '../../../contract/views.ts';
import { viewService } from './views.service.ts';

const problems = problemsOf(400, 401, 403, 404);

export async function viewRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = viewService(ctx);
  const tags = ['Views'];

  api.get(
    '/views',
    {
      config: { policy: ['read', 'view'] },
      schema: {
        tags,
        summary: 'List saved views',
        description: "The caller's own views and every shared view of the workspace, ordered by name.",
        querystring: viewListQuery,
        response: { 200: z.object({ data: z.array(view) }), ...problems },
      },
    },
    async (request) => service.list(actorOf(request), request.query.resource),
  );

  api.post(
    '/views',
    {
      config: { policy: ['create', 'view'] },
      schema: {
        tags,
        summary: 'Save a view of a list',
        description: 'Private views: anyone signed in. Shared views (`shared: true`): agent or more.',
        body: viewCreate,
        response: { 201: view, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await service.create(actorOf(request), request.body);
      reply.code(201).header('location', `/api/v1/views/${created.id}`);
      return withEtag(reply, created);
    },
  );

  api.get(
    '/views/:id',
    {
      config: { policy: ['read', 'view'] },
      schema: { tags, summary: 'Read a saved view', params: idParams, response: { 200: view, ...problems } },
    },
    async (request, reply) => withEtag(reply, await service.get(actorOf(request), request.params.id)),
  );

  api.patch(
    '/views/:id',
    {
      config: { policy: ['update', 'view'] },
      schema: {
        tags,
        summary: 'Change a saved view',
        description:
          "Own private views: anyone. Shared views: agent or more; someone else's shared view: manager or more. " +
          'Send If-Match with the ETag to refuse the change (412) if someone else changed it first.',
        params: idParams,
        body: viewPatch,
        response: { 200: view, ...problems, 409: problemSchema, 412: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.update(actorOf(request), request.params.id, request.body, expectedVersion(request)),
      ),
  );

  api.delete(
    '/views/:id',
    {
      config: { policy: ['delete', 'view'] },
      schema: {
        tags,
        summary: 'Delete a saved view for good',
        description: 'Views are settings: deleting one removes it (no trash). The same roles as changing it.',
        params: idParams,
        response: { 204: z.null(), ...problems, 412: problemSchema },
      },
    },
    async (request, reply) => {
      await service.remove(actorOf(request), request.params.id, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );
}
