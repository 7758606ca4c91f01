// HTTP routes of the letterhead: everyone reads it and its logo and prints the preview,
// managers change it and upload or remove the logo (raw image body or multipart/form-data).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Busboy } from '@fastify/busboy';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { badRequest, invalid } from '../../platform/errors.ts';
import { letterhead, letterheadPatch, maxLogoBytes } from '../../../contract/letterhead.ts';
import { letterheadService } from './letterhead.service.ts';

const tags = ['Letterhead'];
const problems = problemsOf(400, 401, 403);

/** The first file of a multipart body (already read: a logo is small). */
function filePart(contentType: string, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let found: Buffer[] | null = null;
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fields: 20 } });
    } catch (error) {
      reject(badRequest(`The multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    parser.on('file', (_field, stream) => {
      if (found) return stream.resume();
      const chunks: Buffer[] = [];
      found = chunks;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    });
    parser.on('error', (error) => reject(badRequest(`The multipart body cannot be read: ${(error as Error).message}`)));
    parser.on('finish', () => {
      if (found) resolve(Buffer.concat(found));
      else
        reject(
          invalid([{ path: 'logo', code: 'required', message: 'the body holds no file' }], 'No file in the upload.'),
        );
    });
    parser.end(body);
  });
}

export async function letterheadRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = letterheadService(ctx);
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/letterhead',
    {
      config: { policy: ['read', 'letterhead'] },
      schema: {
        tags,
        summary: "The workspace's letterhead on printed quotes and order confirmations",
        response: { 200: letterhead, ...problems },
      },
    },
    async (request) => service.get(actorOf(request)),
  );

  api.patch(
    '/letterhead',
    {
      config: { policy: ['update', 'letterhead'] },
      schema: {
        tags,
        summary: 'Change the letterhead (managers)',
        description:
          'Empty text clears a field (the company name then falls back to the workspace name). An IBAN with wrong ' +
          'check digits, a BIC, VAT ID or country that is none is 422 with the field, and nothing is changed.',
        body: letterheadPatch,
        response: { 200: letterhead, ...problems, 422: problemsOf(422)[422] },
      },
    },
    async (request) => service.update(actorOf(request), request.body),
  );

  api.get(
    '/letterhead/logo',
    {
      config: { policy: ['read', 'letterhead'] },
      schema: {
        tags,
        summary: 'The logo image (PNG or JPEG)',
        response: { 200: z.any(), ...problemsOf(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const logo = await service.getLogo(actorOf(request));
      return reply
        .header('content-type', logo.content_type)
        .header('cache-control', 'private, no-cache')
        .send(logo.bytes);
    },
  );

  api.delete(
    '/letterhead/logo',
    {
      config: { policy: ['update', 'letterhead'] },
      schema: {
        tags,
        summary: 'Remove the logo (managers)',
        response: { 200: letterhead, ...problemsOf(401, 403, 404) },
      },
    },
    async (request) => service.deleteLogo(actorOf(request)),
  );

  api.get(
    '/letterhead/preview.pdf',
    {
      config: { policy: ['read', 'letterhead'] },
      schema: {
        tags,
        summary: 'A sample quote printed with the letterhead (PDF)',
        querystring: z.object({ language: z.enum(['de', 'en']).default('de') }).strict(),
        response: { 200: z.any(), ...problems },
      },
    },
    async (request, reply) => {
      const pdf = await service.preview(actorOf(request), request.query.language);
      const name = request.query.language === 'de' ? 'Briefkopf-Vorschau.pdf' : 'Letterhead-preview.pdf';
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${name}"`)
        .header('cache-control', 'private, no-cache')
        .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    },
  );

  // The upload in a scope of its own: any content type, read whole (a logo is small).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 4 * maxLogoBytes }, (_request, body, done) =>
      done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().put(
      '/letterhead/logo',
      {
        config: { policy: ['update', 'letterhead'] },
        schema: {
          tags,
          summary: 'Upload the logo (managers)',
          description:
            `The image as the raw body or the first file of multipart/form-data: a PNG or JPEG of at most ${maxLogoBytes} ` +
            'bytes, recognised by its first bytes. Anything else is 422 (field `logo`).',
          response: { 200: letterhead, ...problems, 413: problemsOf(413)[413], 422: problemsOf(422)[422] },
        },
      },
      async (request) => {
        const type = String(request.headers['content-type'] ?? '');
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const bytes = type.startsWith('multipart/form-data') ? await filePart(type, body) : body;
        return service.setLogo(actorOf(request), bytes);
      },
    );
  });
}
