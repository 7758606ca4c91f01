// HTTP route of the workspace's data-quality overview.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { qualityOverview } from '../../../contract/quality.ts';
import { qualityService } from './quality.service.ts';

export async function qualityRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const quality = qualityService(ctx);
  api.get(
    '/data-quality',
    {
      config: { policy: ['read', 'dataQuality'] },
      schema: {
        tags: ['Data quality'],
        summary: "The workspace's data quality: score distribution, frequent problems, duplicates, trend",
        description:
          'Per type (contacts, companies): the live records, their average score and how many score in each ' +
          'fifth, the reasons by frequency, and the daily average of the last 90 days.',
        response: { 200: qualityOverview, ...problemsOf(401, 403) },
      },
    },
    async (request) => quality.overview(actorOf(request)),
  );
}
