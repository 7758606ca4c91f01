// HTTP routes of the audit log: GET /audit-log (managers and admins).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { auditPage, auditQuery } from '../../../contract/audit.ts';
import { auditService } from './audit.service.ts';

export async function auditRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = auditService(ctx);
  api.get(
    '/audit-log',
    {
      config: { policy: ['read', 'audit'] },
      schema: {
        tags: ['Audit log'],
        summary: 'Who changed what and when',
        description:
          'Every create, change, trash and restore of a record, newest first, keyset-paginated. Written by the database, so no write skips it.',
        querystring: auditQuery,
        response: { 200: auditPage, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => service.list(actorOf(request), request.query),
  );
}
