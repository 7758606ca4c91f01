// GET /imports/fields: the fields of the import catalogue for a record type, with their German
// and English labels, so that the web app's mapping step names them as the mapping file does.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { importField, importFieldsQuery } from '../../../contract/imports.ts';
import { fieldsOf } from './formats/index.ts';

export async function importFieldRoutes(app: FastifyInstance, _ctx: AppContext) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/imports/fields',
    {
      config: { policy: ['read', 'import'] },
      schema: {
        tags: ['Imports'],
        summary: 'The fields an import can fill for a record type, with German and English labels',
        querystring: importFieldsQuery,
        response: { 200: z.object({ data: z.array(importField) }), ...problemsOf(400, 401, 403) },
      },
    },
    async (request) => ({
      data: fieldsOf(request.query.recordType).map(({ key, label, kind }) => ({ key, label, kind })),
    }),
  );
}
