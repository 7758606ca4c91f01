// HTTP routes of imports: upload (the body streamed to disk, raw or multipart), preview,
// start, progress, cancel, undo, the rejected rows, saved mappings.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Busboy } from '@fastify/busboy';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { badRequest, invalid } from '../../platform/errors.ts';
import { idParams } from '../../../contract/common.ts';
import {
  importMapping,
  importPreview,
  importPreviewQuery,
  importRun,
  importSettings,
  importStart,
  importUploaded,
  importUploadQuery,
  importRecordTypes,
  savedMapping,
  savedMappingQuery,
} from '../../../contract/imports.ts';
import { importService } from './imports.service.ts';

const tags = ['Imports'];
const problems = problemsOf(400, 401, 403, 404);

const contentTypes: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  vcf: 'text/vcard; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The file part of a multipart upload, as a stream, with its name; the first file counts. */
function filePart(request: IncomingMessage, body: Readable): Promise<{ stream: Readable; fileName: string | null }> {
  return new Promise((resolve, reject) => {
    let found = false;
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: { ...request.headers, 'content-type': String(request.headers['content-type'] ?? '') },
        limits: { files: 1, fields: 20, fieldSize: 10_000 },
      });
    } catch (error) {
      reject(badRequest(`The multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    parser.on('file', (_field, stream, fileName) => {
      if (found) return stream.resume();
      found = true;
      resolve({ stream, fileName: fileName || null });
    });
    parser.on('error', (error) => {
      if (!found) reject(badRequest(`The multipart body cannot be read: ${(error as Error).message}`));
    });
    parser.on('finish', () => {
      if (!found)
        reject(
          invalid([{ path: 'file', code: 'required', message: 'the body holds no file' }], 'No file in the upload.'),
        );
    });
    body.pipe(parser);
  });
}

export async function importRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = importService(ctx);

  // The upload in a scope of its own: its body is handed over as a stream, whatever its type,
  // and never parsed or held in memory (the other routes keep the JSON parser and its limit).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/imports',
      {
        config: { policy: ['create', 'import'] },
        schema: {
          tags,
          summary: 'Upload a file to import',
          description:
            'The file as the raw body (any content type; name it with ?fileName=) or as multipart/form-data. ' +
            'Stored on disk; answers what the reader found: format, columns, encoding, delimiter, sheets, ' +
            'an estimate of the rows and the mapping guessed from the column names (for ?recordType=, default contacts). ' +
            'Larger than FARLEY_IMPORT_MAX_BYTES (default 2 GB): 413.',
          querystring: importUploadQuery.extend({ recordType: z.enum(importRecordTypes).optional() }),
          response: { 201: importUploaded, ...problems, 413: problemsOf(413)[413], 422: problemsOf(422)[422] },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const limit = ctx.config.importMaxBytes;
        const declared = Number(request.headers['content-length'] ?? Number.NaN);
        if (declared > limit) {
          request.raw.resume();
          throw Object.assign(new Error(`The file is larger than the ${limit} bytes an import may have.`), {
            statusCode: 413,
            code: 'FST_ERR_CTP_BODY_TOO_LARGE',
          });
        }
        const raw = (request.body as Readable | undefined) ?? request.raw;
        const { fileName: named, recordType, ...read } = request.query;
        let body: Readable = raw;
        let fileName = named ?? null;
        if (String(request.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
          const part = await filePart(request.raw, raw);
          body = part.stream;
          fileName ??= part.fileName;
        }
        const uploaded = await service.upload(actor, {
          body,
          fileName: (fileName ?? 'upload').slice(0, 255),
          read,
          recordType,
        });
        return reply.code(201).header('location', `/api/v1/imports/${uploaded.id}`).send(uploaded);
      },
    );
  });

  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/imports',
    {
      config: { policy: ['read', 'import'] },
      schema: {
        tags,
        summary: 'List the imports, newest first',
        response: { 200: z.object({ data: z.array(importRun) }), ...problems },
      },
    },
    async (request) => service.list(actorOf(request)),
  );

  api.get(
    '/imports/:id',
    {
      config: { policy: ['read', 'import'] },
      schema: {
        tags,
        summary: 'An import: settings, progress and outcome',
        params: idParams,
        response: { 200: importRun, ...problems },
      },
    },
    async (request) => service.get(actorOf(request), request.params.id),
  );

  api.get(
    '/imports/:id/preview',
    {
      config: { policy: ['read', 'import'] },
      schema: {
        tags,
        summary: 'Preview an import (the settings as query parameters, the mapping as JSON)',
        params: idParams,
        querystring: importPreviewQuery,
        response: { 200: importPreview, ...problems, 422: problemsOf(422)[422] },
      },
    },
    async (request) => {
      const { mapping, ...rest } = request.query;
      let parsed: unknown = {};
      try {
        parsed = mapping ? JSON.parse(mapping) : {};
      } catch {
        throw badRequest('The mapping is not valid JSON.', [
          { path: 'query.mapping', code: 'invalid_format', message: 'not JSON' },
        ]);
      }
      const settings = importSettings.safeParse({ ...rest, mapping: parsed });
      if (!settings.success)
        throw badRequest(
          'The preview settings are invalid.',
          settings.error.issues.map((issue) => ({ path: `query.${issue.path.join('.')}`, message: issue.message })),
        );
      return service.preview(actorOf(request), request.params.id, settings.data);
    },
  );

  api.post(
    '/imports/:id/preview',
    {
      config: { policy: ['read', 'import'] },
      schema: {
        tags,
        summary: 'Preview an import: the first 20 rows as they would be stored, and a dry run over the first 1,000',
        params: idParams,
        body: importSettings,
        response: { 200: importPreview, ...problems, 422: problemsOf(422)[422] },
      },
    },
    async (request) => service.preview(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/imports/:id/start',
    {
      config: { policy: ['create', 'import'] },
      schema: {
        tags,
        summary: 'Start the import (a background job); follow it with GET /imports/{id}',
        params: idParams,
        body: importStart,
        response: {
          202: z.object({ id: z.string(), status: z.string() }),
          ...problems,
          409: problemsOf(409)[409],
          422: problemsOf(422)[422],
        },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await service.start(actorOf(request), request.params.id, request.body)),
  );

  api.post(
    '/imports/:id/cancel',
    {
      config: { policy: ['update', 'import'] },
      schema: {
        tags,
        summary: 'Cancel a running import after its current batch',
        params: idParams,
        response: { 200: importRun, ...problems, 409: problemsOf(409)[409] },
      },
    },
    async (request) => service.cancel(actorOf(request), request.params.id),
  );

  api.post(
    '/imports/:id/undo',
    {
      config: { policy: ['delete', 'import'] },
      schema: {
        tags,
        summary: 'Undo an import within 30 days: its records to the trash, the fields it changed back',
        params: idParams,
        response: { 200: importRun, ...problems, 409: problemsOf(409)[409] },
      },
    },
    async (request) => service.undo(actorOf(request), request.params.id),
  );

  api.get(
    '/imports/:id/rejected',
    {
      config: { policy: ['read', 'import'] },
      schema: {
        tags,
        summary: 'The rejected rows as a file in the original format, each with its problems',
        params: idParams,
        response: { 200: z.any(), ...problems },
      },
    },
    async (request, reply) => {
      const file = await service.rejected(actorOf(request), request.params.id);
      return reply
        .header('content-type', contentTypes[file.format] ?? 'application/octet-stream')
        .header('content-length', String(file.size))
        .header('content-disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]+/g, '_')}"`)
        .send(file.stream);
    },
  );

  api.get(
    '/import-mappings',
    {
      config: { policy: ['read', 'import'] },
      schema: {
        tags,
        summary: 'Saved mappings (save one with saveMappingAs when starting an import)',
        querystring: savedMappingQuery,
        response: { 200: z.object({ data: z.array(savedMapping) }), ...problems },
      },
    },
    async (request) => service.mappings(actorOf(request), request.query.recordType),
  );
}

export { importMapping };
