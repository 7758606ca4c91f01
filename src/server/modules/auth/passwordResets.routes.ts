// HTTP routes of password resets: asking for a link by email and using one (both open to
// anybody: the link is the proof), and an admin's one-time link for a user.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { idParams } from '../../../contract/common.ts';
import {
  passwordResetComplete,
  passwordResetLink,
  passwordResetOptions,
  passwordResetRequest,
} from '../../../contract/account.ts';
import { passwordResetService } from './passwordResets.service.ts';

const tags = ['Authentication'];

export async function passwordResetRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = passwordResetService(ctx, app.log);

  api.get(
    '/auth/password-reset',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'How a forgotten password is reset here',
        security: [],
        response: { 200: passwordResetOptions },
      },
    },
    async () => service.options(),
  );

  api.post(
    '/auth/password-reset',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Mail me a password reset link',
        security: [],
        description:
          'Mails a one-time link (valid 1 hour) to the users this email signs in to. The answer is 202 whether or ' +
          'not the email is known. Three requests per email and twenty per address within an hour (429 ' +
          '`too_many_resets`). Without FARLEY_SMTP_URL the server sends no mail: 409 `no_system_mail`.',
        body: passwordResetRequest,
        response: { 202: z.null(), 400: problemSchema, 409: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      await service.request(request.body.email, request.ip);
      return reply.code(202).send(null);
    },
  );

  api.post(
    '/auth/password-reset/complete',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Set a new password with a reset link',
        security: [],
        description:
          'The token is the secret of the link (after `#token=`). Works once, before it expires; ends all ' +
          'sessions of the user and revokes their API tokens and app passwords. A refused password (422 ' +
          '`password_too_short`, `password_common`…) leaves the link usable; an unknown, expired or used one is 422 `reset_link_invalid`.',
        body: passwordResetComplete,
        response: { 204: z.null(), 400: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      await service.complete(request.body.token, request.body.password);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/users/:id/password-reset-link',
    {
      config: { policy: ['manage', 'user'] },
      schema: {
        tags: ['Users'],
        summary: "Issue a one-time link to set the user's password (admins)",
        description:
          'For a user who forgot their password, or a new user without one (an invitation). Valid 24 hours, ' +
          'works once; the secret is shown only in this answer. Earlier unused links of the user stop working.',
        params: idParams,
        response: { 201: passwordResetLink, ...problemsOf(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const link = await service.issueForUser(actorOf(request), request.params.id);
      reply.code(201).header('cache-control', 'no-store');
      return link;
    },
  );
}
