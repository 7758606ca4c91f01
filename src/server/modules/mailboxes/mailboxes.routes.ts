// HTTP routes of mailboxes: connect, list, change, remove, and check the servers again.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { expectedVersion, withEtag } from '../../platform/http/versioning.ts';
import { idParams } from '../../../contract/common.ts';
import { mailbox, mailboxCheck, mailboxCreate, mailboxList, mailboxPatch } from '../../../contract/mailboxes.ts';
import { mailboxService } from './mailboxes.service.ts';

const tags = ['Mailboxes'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const checked =
  'Both servers are checked first (IMAP: sign-in and every folder to sync; SMTP: sign-in); a failure is ' +
  '422 `mailbox_unreachable` whose `errors` name the server and the failure (`imap.auth`, `smtp.dns`…), ' +
  'and nothing is saved.';

export async function mailboxRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = mailboxService(ctx);
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/mailboxes',
    {
      config: { policy: ['read', 'mailbox'] },
      schema: {
        tags,
        summary: "The caller's mailboxes and their teams' shared ones (admins: all of the workspace)",
        response: { 200: mailboxList, ...problems },
      },
    },
    async (request) => service.list(actorOf(request)),
  );

  api.get(
    '/mailboxes/:id',
    {
      config: { policy: ['read', 'mailbox'] },
      schema: {
        tags,
        summary: 'Read a mailbox (never its passwords)',
        params: idParams,
        response: { 200: mailbox, ...problems, 404: problemSchema },
      },
    },
    async (request, reply) => withEtag(reply, await service.get(actorOf(request), request.params.id)),
  );

  api.post(
    '/mailboxes',
    {
      config: { policy: ['create', 'mailbox'] },
      schema: {
        tags,
        summary: 'Connect a mailbox',
        description: `${checked} A shared team mailbox (\`teamId\`) is for admins to connect.`,
        body: mailboxCreate,
        response: { 201: mailbox, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await service.create(actorOf(request), request.body);
      reply.code(201);
      return withEtag(reply, created);
    },
  );

  api.patch(
    '/mailboxes/:id',
    {
      config: { policy: ['update', 'mailbox'] },
      schema: {
        tags,
        summary: 'Change a mailbox',
        description: `A change of servers or folders is checked: ${checked} Send If-Match with the ETag to refuse the change (412) if someone else changed it first.`,
        params: idParams,
        body: mailboxPatch,
        response: { 200: mailbox, ...problems, 404: problemSchema, 412: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.update(actorOf(request), request.params.id, request.body, expectedVersion(request)),
      ),
  );

  api.delete(
    '/mailboxes/:id',
    {
      config: { policy: ['delete', 'mailbox'] },
      schema: {
        tags,
        summary: 'Remove a mailbox from Farley (its passwords with it)',
        params: idParams,
        response: { 204: z.null(), ...problems, 404: problemSchema, 412: problemSchema },
      },
    },
    async (request, reply) => {
      await service.remove(actorOf(request), request.params.id, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/mailboxes/:id/check',
    {
      config: { policy: ['update', 'mailbox'] },
      schema: {
        tags,
        summary: "Check the mailbox's servers again",
        description: "The result per server; the mailbox's status and problems are updated from it.",
        params: idParams,
        response: { 200: mailboxCheck, ...problems, 404: problemSchema },
      },
    },
    async (request) => service.check(actorOf(request), request.params.id),
  );
}
