// HTTP routes of signing in and out.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { loginInput, me } from '../../../contract/auth.ts';
import { getUser } from '../users/users.service.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { login, logout } from './auth.service.ts';
import { sessionCookie } from './auth.hooks.ts';

export async function authRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Authentication'];

  const describe = async (scope: { workspaceId: string; userId: string }, csrfToken: string | null) => ({
    user: await getUser(ctx, scope, scope.userId),
    workspace: await inTenant(ctx.db.app, scope, (tx) => workspaceSettings(tx, scope.workspaceId)),
    csrfToken,
  });

  api.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in with email and password',
        security: [],
        description:
          'Sets the HttpOnly session cookie. Cookie-authenticated writes must send the returned csrfToken in the x-csrf-token header. Ten failed attempts for one email within 15 minutes lock it for 15 minutes (429).',
        body: loginInput,
        response: { 200: me, 400: problemSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await login(
        ctx,
        request.body.email,
        request.body.password,
        request.ip,
        request.headers['user-agent'],
      );
      reply.setCookie(sessionCookie, result.cookie, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.cookieSecure,
        expires: result.expiresAt,
      });
      return describe(result, result.csrfToken);
    },
  );

  api.post(
    '/auth/logout',
    {
      config: { public: true },
      schema: { tags, summary: 'Sign out (ends the session)', response: { 204: z.null() } },
    },
    async (request, reply) => {
      if (request.actor) await logout(ctx, request.actor);
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/auth/me',
    {
      config: { policy: ['read', 'session'] },
      schema: { tags, summary: 'Who am I', response: { 200: me, 401: problemSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      return describe(actor, actor.csrfToken ?? null);
    },
  );
}
