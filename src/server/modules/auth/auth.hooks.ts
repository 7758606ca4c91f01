// Every request: find out who is calling, then check the route's policy and CSRF rules.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { authorize, leastRole } from '../../platform/policy.ts';
import { leaseOf } from '../../platform/db/tenant.ts';
import { actorFromSession, actorFromToken, confirm, renewedUntil } from './auth.service.ts';

export const sessionCookie = 'farley_session';

/** Sets the session cookie of a sign-in (password or identity provider alike). */
export function setSessionCookie(reply: FastifyReply, ctx: AppContext, session: { cookie: string; expiresAt: Date }) {
  reply.setCookie(sessionCookie, session.cookie, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.cookieSecure,
    expires: session.expiresAt,
  });
}
export const csrfHeader = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The actor holds the request's tenant transaction (a lease, see auth.service.ts) until the
 * route's first inTenant call takes it over. If none does (a 400 from validation, a 403, a
 * route without database work, an error, a client that hung up), it ends with the response:
 * 'close' fires after every response, sent or cut off. Committed, as it holds nothing but the
 * credential's touch then. Public routes (sign-in, sign-out) keep their own transactions.
 */
async function leaseToRoute(actor: Actor, reply: FastifyReply, isPublic: boolean) {
  const lease = leaseOf(actor);
  if (!lease) return;
  if (isPublic) return lease.end('commit');
  const end = () => void lease.end('commit');
  // The client may have gone while the lookup ran; then 'close' has fired already.
  if (reply.raw.destroyed) end();
  else reply.raw.once('close', end);
}

/**
 * Installs the checks on `api`, the plugin scope that holds every API route: they run for
 * whatever path reached a route there (`/%61pi/v1/…` included), and for nothing else. The
 * request decorator `actor` belongs to the root, so that every hook and handler may read it.
 */
export function installAuthHooks(api: FastifyInstance, ctx: AppContext) {
  // A route that forgets its policy stops the start, rather than serving everyone.
  api.addHook('onRoute', (route) => {
    const config = route.config ?? {};
    if (config.public === true) return;
    const [action, resource] = config.policy ?? [];
    if (!action || !resource || !leastRole(action, resource)) {
      throw new Error(
        `${route.method} ${route.url} has no policy: give it config.policy = [action, resource] from platform/policy.ts, or config.public = true.`,
      );
    }
  });

  // preValidation, not preHandler: who may call a route is settled before the body is looked
  // at, so a refused caller learns nothing about validation (401/403, never 400).
  api.addHook('preValidation', async (request, reply) => {
    const routeConfig = request.routeOptions.config ?? {};
    const isPublic = routeConfig.public === true;
    // A safe request of a caller proven lately has its lookup checked alongside its first read.
    const speculate = !isPublic && safeMethods.has(request.method) && request.headers[assumeNothing] === undefined;
    const authorization = request.headers.authorization;
    if (authorization) {
      const [scheme, token] = authorization.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token)
        throw new AppError('unauthenticated', 'Use "Authorization: Bearer <token>".');
      request.actor = await actorFromToken(ctx, token.trim(), { speculate });
      if (!request.actor) {
        throw new AppError(
          'unauthenticated',
          'The API token is invalid, expired or revoked.',
          undefined,
          undefined,
          'invalid_token',
        );
      }
      await leaseToRoute(request.actor, reply, isPublic);
    } else {
      const cookie = request.cookies[sessionCookie];
      if (cookie) request.actor = await actorFromSession(ctx, cookie, { speculate });
      if (request.actor) await leaseToRoute(request.actor, reply, isPublic);
      const renewed = request.actor && renewedUntil(request.actor);
      if (cookie && renewed && !isPublic) setSessionCookie(reply, ctx, { cookie, expiresAt: renewed });
      if (
        request.actor &&
        !safeMethods.has(request.method) &&
        request.headers[csrfHeader] !== request.actor.csrfToken
      ) {
        // Public routes (sign-in) must work for a browser that still holds an old cookie:
        // there the unproven session simply does not count.
        if (!isPublic)
          throw new AppError(
            'forbidden',
            `Send the CSRF token from sign-in in the ${csrfHeader} header.`,
            undefined,
            undefined,
            'csrf_missing',
          );
        request.actor = null;
      }
    }
    if (isPublic) return;
    if (!request.actor) throw new AppError('unauthenticated', 'Sign in or send an API token.');
    // The onRoute check above gives every non-public route a policy; without one, nobody may.
    if (!routeConfig.policy) throw new AppError('forbidden', 'This route has no policy.');
    if (request.actor.twoFactorSetupDue && !routeConfig.duringTwoFactorSetup)
      throw new AppError(
        'forbidden',
        'This workspace requires two-factor sign-in: set it up first (POST /auth/two-factor/setup).',
        undefined,
        undefined,
        'two_factor_setup_required',
      );
    authorize(request.actor, ...routeConfig.policy);
  });

  // No answer leaves for a caller who was assumed (see authenticate) and turned out not to be
  // that caller any more: the request runs again as if new, its caller looked up first. Then
  // a revoked token gets its 401 and a user whose role changed the answer for the new role.
  // Why the caller is assumed at all, and why this stays correct: docs/architecture.md,
  // "The assumed caller".
  api.addHook('onSend', async (request, reply, payload) => {
    if (!request.actor || (await confirm(request.actor))) return payload;
    await leaseOf(request.actor)?.end('rollback');
    request.actor = null;
    const again = await api.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: { ...request.headers, [assumeNothing]: '1' },
      remoteAddress: request.ip,
    });
    for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
    for (const [name, value] of Object.entries(again.headers)) {
      if (value !== undefined && !hopByHop.has(name)) reply.header(name, value);
    }
    reply.code(again.statusCode);
    return again.rawPayload;
  });
}

/** Asks the auth hook not to assume the caller (the request runs again after a failed check). */
const assumeNothing = 'x-farley-assume-nothing';
const hopByHop = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date']);
