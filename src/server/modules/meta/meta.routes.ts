// HTTP routes of the list metadata. One static route per list rather than a {resource}
// parameter: an unknown resource is then the router's 404 problem, and the routes read
// no workspace data (so the tenancy checks of parameterised routes do not apply).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { listMeta, listResources } from '../../../contract/meta.ts';
import { listMetaOf } from './meta.service.ts';

export async function metaRoutes(app: FastifyInstance, _ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  for (const resource of listResources) {
    const described = listMetaOf(resource);
    api.get(
      `/meta/lists/${resource}`,
      {
        config: { policy: ['read', 'meta'] },
        schema: {
          tags: ['Meta'],
          summary: `Fields of the ${resource} list`,
          description:
            'Each field with its kind, filter operators, enum values and whether it sorts and may be empty: ' +
            'what a filter builder and a column chooser need.',
          response: { 200: listMeta, 401: problemSchema, 403: problemSchema },
        },
      },
      async (request) => {
        actorOf(request);
        return described;
      },
    );
  }
}
