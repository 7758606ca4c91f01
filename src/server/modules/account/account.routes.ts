// HTTP routes of the personal account: my sessions, my API tokens and app passwords, my
// password, my name and language. Every user their own; nobody reaches another's here.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema, problemsOf } from '../../platform/http/problems.ts';
import { idParams } from '../../../contract/common.ts';
import { accountSessionList, accountTokenList, passwordChange, profilePatch } from '../../../contract/account.ts';
import { user } from '../../../contract/users.ts';
import { sessionCookie } from '../auth/auth.hooks.ts';
import { accountService } from './account.service.ts';

const tags = ['Account'];
const problems = problemsOf(400, 401, 403);

export async function accountRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const service = accountService(ctx);

  api.get(
    '/auth/sessions',
    {
      config: { policy: ['read', 'account'] },
      schema: {
        tags,
        summary: 'My sessions: where I am signed in',
        description:
          'Live sessions of the caller, the most recently used first; `current` marks the one of this request.',
        response: { 200: accountSessionList, ...problems },
      },
    },
    async (request) => ({ data: await service.sessions(actorOf(request)) }),
  );

  api.delete(
    '/auth/sessions',
    {
      config: { policy: ['delete', 'account'] },
      schema: {
        tags,
        summary: 'Sign out everywhere else (ends all my sessions but this one)',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await service.endOtherSessions(actorOf(request));
      return reply.code(204).send(null);
    },
  );

  api.delete(
    '/auth/sessions/:id',
    {
      config: { policy: ['delete', 'account'] },
      schema: {
        tags,
        summary: 'End one of my sessions (the browser is signed out at its next request)',
        params: idParams,
        response: { 204: z.null(), ...problems, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await service.endSession(actor, request.params.id);
      if (request.params.id === actor.sessionId) reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/auth/tokens',
    {
      config: { policy: ['read', 'account'] },
      schema: {
        tags,
        summary: 'My API tokens and app passwords (never their secrets)',
        response: { 200: accountTokenList, ...problems },
      },
    },
    async (request) => ({ data: await service.tokens(actorOf(request)) }),
  );

  api.delete(
    '/auth/tokens/:id',
    {
      config: { policy: ['delete', 'account'] },
      schema: {
        tags,
        summary: 'Revoke one of my API tokens or app passwords (at once)',
        params: idParams,
        response: { 204: z.null(), ...problems, 404: problemSchema },
      },
    },
    async (request, reply) => {
      await service.revokeToken(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/auth/password',
    {
      config: { policy: ['update', 'account'] },
      schema: {
        tags,
        summary: 'Change my password',
        description:
          'Needs the current password. The new one must have 12 to 256 characters and be neither a common ' +
          'password nor contain the email, the name or "farley" (422 `password_common` and the like). Ends all other sessions ' +
          'of the user and revokes their API tokens and app passwords; the session or token of this request stays.',
        body: passwordChange,
        response: { 204: z.null(), ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => {
      await service.changePassword(actorOf(request), request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send(null);
    },
  );

  api.patch(
    '/auth/me',
    {
      config: { policy: ['update', 'account'] },
      schema: {
        tags,
        summary: 'Change my name or language',
        body: profilePatch,
        response: { 200: user, ...problems },
      },
    },
    async (request) => service.updateProfile(actorOf(request), request.body),
  );
}
