// Every request: find out who is calling, then check the route's role and CSRF rules.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { Problem } from '../../platform/http/problems.ts';
import { requireRole } from '../../platform/http/actor.ts';
import { actorFromSession, actorFromToken } from './auth.service.ts';

export const sessionCookie = 'farley_session';
export const csrfHeader = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuthHooks(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('actor', null);
  // preValidation, not preHandler: who may call a route is settled before the body is looked
  // at, so a refused caller learns nothing about validation (401/403, never 400).
  app.addHook('preValidation', async (request) => {
    const routeConfig = request.routeOptions.config ?? {};
    if (!request.url.startsWith('/api/v1/') || !request.routeOptions.url) return;
    const authorization = request.headers.authorization;
    if (authorization) {
      const [scheme, token] = authorization.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) throw new Problem(401, 'Use "Authorization: Bearer <token>".');
      request.actor = await actorFromToken(ctx, token.trim());
      if (!request.actor) throw new Problem(401, 'The API token is invalid, expired or revoked.');
    } else {
      const cookie = request.cookies[sessionCookie];
      if (cookie) request.actor = await actorFromSession(ctx, cookie);
      if (request.actor && !safeMethods.has(request.method) && request.headers[csrfHeader] !== request.actor.csrfToken) {
        // Public routes (sign-in) must work for a browser that still holds an old cookie:
        // there the unproven session simply does not count.
        if (!routeConfig.public) throw new Problem(403, `Send the CSRF token from sign-in in the ${csrfHeader} header.`);
        request.actor = null;
      }
    }
    if (routeConfig.public) return;
    if (!request.actor) throw new Problem(401, 'Sign in or send an API token.');
    requireRole(request.actor, routeConfig.minRole ?? (safeMethods.has(request.method) ? 'viewer' : 'agent'));
  });
}
