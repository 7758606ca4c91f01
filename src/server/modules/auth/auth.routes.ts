// HTTP routes of signing in and out: password, the second factor, and the sign-in throttle.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { loginInput, me } from '../../../contract/auth.ts';
import { secondFactorInput, secondFactorNeeded, signInThrottle } from '../../../contract/twoFactor.ts';
import { permissionsOf } from '../../platform/policy.ts';
import { getUser } from '../users/users.service.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { logout } from './auth.service.ts';
import { clearOwnThrottle, completeSignIn, login, ownThrottle, type LoginResult } from './signIn.service.ts';
import { sessionCookie } from './auth.hooks.ts';
import { knownDeviceCookie, knownDeviceDays } from './knownDevice.ts';

/** The pending sign-in waiting for its second factor. */
export const challengeCookie = 'farley_sign_in';
/** Cookies only sign-in reads travel only to sign-in. */
const authPath = '/api/v1/auth';

export async function authRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Authentication'];

  const describe = async (
    scope: { workspaceId: string; userId: string },
    csrfToken: string | null,
    twoFactorSetupRequired: boolean,
  ) => {
    const user = await getUser(ctx, scope, scope.userId);
    return {
      user,
      workspace: await inTenant(ctx.db.app, scope, (tx) => workspaceSettings(tx, scope.workspaceId)),
      csrfToken,
      twoFactorSetupRequired,
      may: permissionsOf({ userId: user.id, role: user.role }),
    };
  };

  const startSession = (reply: FastifyReply, result: LoginResult) => {
    reply.setCookie(sessionCookie, result.cookie, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.cookieSecure,
      expires: result.expiresAt,
    });
    reply.setCookie(knownDeviceCookie, result.device, {
      path: authPath,
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.cookieSecure,
      maxAge: knownDeviceDays * 86400,
    });
    return describe(result, result.csrfToken, result.twoFactorSetupDue);
  };

  api.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in with email and password',
        security: [],
        description:
          'Sets the HttpOnly session cookie. Cookie-authenticated writes must send the returned csrfToken in the x-csrf-token header. ' +
          'A user with two-factor sign-in gets `secondFactorRequired` instead, and a short-lived cookie for POST /auth/login/second-factor. ' +
          'Failed attempts make further ones wait, per email and per client address, doubling up to 15 minutes (429 with Retry-After); ' +
          'a browser that signed in to the account before waits only for its address (docs/security.md).',
        body: loginInput,
        response: {
          200: z.union([me, secondFactorNeeded]),
          400: problemSchema,
          401: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const result = await login(ctx, request.body.email, request.body.password, {
        address: request.ip,
        device: request.cookies[knownDeviceCookie],
        userAgent: request.headers['user-agent'],
        log: request.log,
      });
      if (result.kind === 'session') return startSession(reply, result);
      reply.setCookie(challengeCookie, result.cookie, {
        path: authPath,
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.cookieSecure,
        expires: result.expiresAt,
      });
      return { secondFactorRequired: true as const, expiresAt: result.expiresAt.toISOString() };
    },
  );

  api.post(
    '/auth/login/second-factor',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Finish signing in with a code of the authenticator app or a recovery code',
        security: [],
        description:
          'Needs the cookie that POST /auth/login set when it answered `secondFactorRequired`. Five wrong codes end the pending sign-in (sign_in_expired); wrong codes count towards the throttle like wrong passwords.',
        body: secondFactorInput,
        response: { 200: me, 400: problemSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await completeSignIn(ctx, request.cookies[challengeCookie], request.body.code, {
        address: request.ip,
        device: request.cookies[knownDeviceCookie],
        userAgent: request.headers['user-agent'],
        log: request.log,
      });
      reply.clearCookie(challengeCookie, { path: authPath });
      return startSession(reply, result);
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
      reply.clearCookie(challengeCookie, { path: authPath });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/auth/me',
    {
      config: { policy: ['read', 'session'], duringTwoFactorSetup: true },
      schema: { tags, summary: 'Who am I', response: { 200: me, 401: problemSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      return describe(actor, actor.csrfToken ?? null, actor.twoFactorSetupDue ?? false);
    },
  );

  api.get(
    '/auth/throttle',
    {
      config: { policy: ['read', 'signInThrottle'] },
      schema: {
        tags,
        summary: 'How failed sign-ins for your email hold back sign-ins from new browsers',
        response: { 200: signInThrottle, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => ownThrottle(ctx, actorOf(request)),
  );

  api.delete(
    '/auth/throttle',
    {
      config: { policy: ['delete', 'signInThrottle'] },
      schema: {
        tags,
        summary: "Clear your email's failed sign-ins, so that you can sign in from a new browser at once",
        response: { 204: z.null(), 401: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      await clearOwnThrottle(ctx, actorOf(request), request.log);
      return reply.code(204).send(null);
    },
  );
}
