// HTTP routes of email: the CRM's messages (list, search, read, files), sending, taking mail
// out of the CRM, senders the CRM does not know yet, and a mailbox's sync.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { attachmentDisposition } from '../../platform/http/disposition.ts';
import { id, idParams } from '../../../contract/common.ts';
import {
  emailDetail,
  emailDetailQuery,
  emailExclusion,
  emailExclusionCreate,
  emailList,
  emailQuery,
  emailSend,
  privateOutcome,
  syncStatus,
  unknownSender,
} from '../../../contract/emails.ts';
import { readStoredFile } from '../../platform/files.ts';
import { notFound } from '../../platform/errors.ts';
import { emailService } from './emails.service.ts';
import { sendEmail } from './emails.send.ts';

const tags = ['Emails'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
/** Room for 20 attachments of up to 25 MB (base64) in one send. */
const sendBodyLimit = 40 * 1024 * 1024;

export async function emailRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = emailService(ctx);
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/emails',
    {
      config: { policy: ['read', 'email'] },
      schema: {
        tags,
        summary: 'Emails in the CRM: an inbox, a record’s, a thread, or a full-text search',
        description:
          'Without filters: the mail of the mailboxes the caller sees, newest first. `contactId`, `companyId`, ' +
          '`dealId`: the emails on that record’s timeline. `threadId`: one thread, oldest first. `q`: full-text ' +
          'search over subject, sender and text in German and English word forms.',
        querystring: emailQuery,
        response: { 200: emailList, ...problems, 404: problemSchema },
      },
    },
    async (request) => service.list(actorOf(request), request.query),
  );

  api.get(
    '/emails/:id',
    {
      config: { policy: ['read', 'email'] },
      schema: {
        tags,
        summary: 'Read an email',
        description:
          'The HTML body is sanitised; remote images are blocked (their address in `data-blocked-src`) unless `images=1`.',
        params: idParams,
        querystring: emailDetailQuery,
        response: { 200: emailDetail, ...problems, 404: problemSchema },
      },
    },
    async (request) => service.get(actorOf(request), request.params.id, request.query.images === '1'),
  );

  api.get(
    '/emails/:id/attachments/:attachmentId',
    {
      config: { policy: ['read', 'email'] },
      schema: {
        tags,
        summary: 'Download an attachment',
        description: 'Always as a download (Content-Disposition: attachment), never shown inline.',
        params: z.object({ id, attachmentId: id }).strict(),
        response: { 200: z.any(), ...problems, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const file = await service.attachment(actorOf(request), request.params.id, request.params.attachmentId);
      const bytes = await readStoredFile(ctx.config.dataDir, file.sha256).catch(() => {
        throw notFound('attachment file');
      });
      return reply
        .header('content-type', 'application/octet-stream')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-disposition', attachmentDisposition(file.filename))
        .header('cache-control', 'private, max-age=3600')
        .send(bytes);
    },
  );

  api.post(
    '/emails',
    {
      bodyLimit: sendBodyLimit,
      config: { policy: ['create', 'email'] },
      schema: {
        tags,
        summary: 'Send an email (now or later)',
        description:
          'Sent through the mailbox’s SMTP server, a copy filed in its Sent folder, and stored on the timelines of ' +
          'the records its addresses match and those named. With `sendAt` in the future it waits (status ' +
          '`scheduled`). An SMTP failure is 422 `email_not_sent` and nothing is stored.',
        body: emailSend,
        response: { 201: emailDetail, ...problems, 404: problemSchema, 413: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const emailId = await sendEmail(ctx, actor, request.body);
      reply.code(201).header('location', `/api/v1/emails/${emailId}`);
      return service.get(actor, emailId, false);
    },
  );

  api.post(
    '/emails/:id/private',
    {
      config: { policy: ['update', 'email'] },
      schema: {
        tags,
        summary: 'Take an email out of the CRM',
        description:
          'The message, its files and its timeline entry are deleted, and the sync never stores it again. For the ' +
          'owner of the mailbox it came through (and admins).',
        params: idParams,
        response: { 200: privateOutcome, ...problems, 404: problemSchema },
      },
    },
    async (request) => service.makePrivate(actorOf(request), request.params.id),
  );

  api.get(
    '/email-exclusions',
    {
      config: { policy: ['read', 'email'] },
      schema: {
        tags,
        summary: 'What the caller has taken out of the CRM (correspondents and messages)',
        response: { 200: z.object({ data: z.array(emailExclusion) }), ...problems },
      },
    },
    async (request) => service.exclusions(actorOf(request)),
  );

  api.post(
    '/email-exclusions',
    {
      config: { policy: ['update', 'email'] },
      schema: {
        tags,
        summary: 'Make a correspondent private',
        description:
          'Their stored mail from the mailboxes the caller may change leaves the CRM, and those mailboxes never ' +
          'store their mail again.',
        body: emailExclusionCreate,
        response: { 200: privateOutcome, ...problems },
      },
    },
    async (request) => service.excludeAddress(actorOf(request), request.body.address),
  );

  api.get(
    '/email-senders',
    {
      config: { policy: ['read', 'email'] },
      schema: {
        tags,
        summary: 'Senders the CRM does not know who wrote to the caller’s mailboxes more than once',
        response: { 200: z.object({ data: z.array(unknownSender) }), ...problems },
      },
    },
    async (request) => service.unknownSenders(actorOf(request)),
  );

  api.post(
    '/email-senders/dismiss',
    {
      config: { policy: ['update', 'email'] },
      schema: {
        tags,
        summary: 'Stop offering a sender as a new contact',
        body: z.object({ address: z.email().max(320) }).strict(),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await service.dismissSender(actorOf(request), request.body.address);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/mailboxes/:id/sync',
    {
      config: { policy: ['read', 'mailbox'] },
      schema: {
        tags,
        summary: 'How the sync of a mailbox stands: per folder, and the newest log lines',
        params: idParams,
        response: { 200: syncStatus, ...problems, 404: problemSchema },
      },
    },
    async (request) => service.syncStatus(actorOf(request), request.params.id),
  );

  api.post(
    '/mailboxes/:id/sync',
    {
      config: { policy: ['read', 'mailbox'] },
      schema: {
        tags,
        summary: 'Sync a mailbox now',
        description: 'Starts a run in the background (none starts while one is under way); GET tells how it goes.',
        params: idParams,
        response: { 202: z.object({ started: z.boolean() }), ...problems, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const started = await service.startSync(actorOf(request), request.params.id);
      return reply.code(202).send(started);
    },
  );
}
