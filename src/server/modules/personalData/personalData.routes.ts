// HTTP route of the access and portability export (GDPR Art. 15, 20) of a contact.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { attachmentDisposition } from '../../platform/http/disposition.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { idParams } from '../../../contract/common.ts';
import { privacyExportQuery } from '../../../contract/consents.ts';
import { personalDataExport } from './personalData.service.ts';

export async function personalDataRoutes(app: FastifyInstance, ctx: AppContext) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/contacts/:id/personal-data',
    {
      config: { policy: ['read', 'personalData'] },
      schema: {
        tags: ['Privacy'],
        summary: 'Everything stored about the contact as a ZIP (GDPR Art. 15 access, Art. 20 portability)',
        description:
          'JSON files (contact, companies, consents, emails, activities, tasks, appointments, deals, quotes, orders, audit), ' +
          'the email attachments under files/, and summary.html in the chosen language. Logged in the audit log as an export.',
        params: idParams,
        querystring: privacyExportQuery,
        response: { 200: z.any(), ...problemsOf(400, 401, 403, 404), 503: problemSchema },
      },
    },
    async (request, reply) => {
      const { fileName, zip } = await personalDataExport(
        ctx,
        actorOf(request),
        request.params.id,
        request.query.language,
      );
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', attachmentDisposition(fileName))
        .header('cache-control', 'private, no-store')
        .send(zip);
    },
  );
}
