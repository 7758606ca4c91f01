// HTTP routes of document numbering: everyone reads the patterns, managers change them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { numbering, numberingPatch } from '../../../contract/numbering.ts';
import { numberingService } from './numbering.service.ts';

const tags = ['Numbering'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

export async function numberingRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = numberingService(ctx);
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/numbering',
    {
      config: { policy: ['read', 'numbering'] },
      schema: {
        tags,
        summary: "The workspace's numbering patterns of quotes and orders",
        response: { 200: numbering, ...problems },
      },
    },
    async (request) => service.get(actorOf(request)),
  );

  api.patch(
    '/numbering',
    {
      config: { policy: ['update', 'numbering'] },
      schema: {
        tags,
        summary: 'Change numbering patterns (managers)',
        description:
          'A pattern needs the year ({YYYY} or {YY}) and one number placeholder ({NNNN}); a refused one is 422 ' +
          'with the field `patterns.<kind>`, and nothing is changed. The counters go on under a new pattern.',
        body: numberingPatch,
        response: { 200: numbering, ...problems, 422: problemSchema },
      },
    },
    async (request) => service.update(actorOf(request), request.body),
  );
}
