// HTTP routes of sign-in through an identity provider: admins' settings, the providers the
// sign-in page offers, and the two legs of the browser's journey (start, callback).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { oidcProviders, oidcSettingsInput, oidcSetup } from '../../../contract/oidc.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemSchema } from '../../platform/http/problems.ts';
import { setSessionCookie } from './auth.hooks.ts';
import { deleteSettings, finishSignIn, getSetup, providersFor, saveSettings, startSignIn } from './oidc.service.ts';
import { oidcStateCookie, oidcStateMinutes, oidcStatePath, openState } from './oidcState.ts';

export async function oidcRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Authentication'];

  /** The address users reach Farley at: FARLEY_PUBLIC_URL, else this request's. */
  const originOf = (request: FastifyRequest) => ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;

  const stateCookieOptions = {
    path: oidcStatePath,
    httpOnly: true,
    // Lax: the provider sends the browser back with a top-level GET, which carries it.
    sameSite: 'lax' as const,
    secure: ctx.config.cookieSecure,
  };

  /**
   * A failed sign-in ends on the sign-in page, which says why in the user's language (the
   * problem code) and offers the workspace's button again; never a bare error page.
   */
  const backToSignIn = (reply: FastifyReply, error: unknown, workspaceId?: string) => {
    if (!(error instanceof AppError)) throw error;
    if (error.kind === 'unavailable') reply.log.warn({ err: error.cause ?? error }, 'identity provider unavailable');
    else reply.log.info({ code: error.code, detail: error.detail }, 'sign-in with identity provider refused');
    const params = new URLSearchParams({ error: error.code });
    if (workspaceId) params.set('workspace', workspaceId);
    return reply.redirect(`/sign-in?${params}`, 303);
  };

  api.get(
    '/oidc-settings',
    {
      config: { policy: ['read', 'oidcSettings'] },
      schema: {
        tags,
        summary: "The workspace's identity provider (OpenID Connect), and what to register there",
        description:
          "settings is null when none is set up. redirectUri is what the provider must allow; signInUrl opens the sign-in page with this workspace's button.",
        response: { 200: oidcSetup, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => getSetup(ctx, actorOf(request), originOf(request)),
  );

  api.put(
    '/oidc-settings',
    {
      config: { policy: ['update', 'oidcSettings'] },
      schema: {
        tags,
        summary: "Set up or change the workspace's identity provider",
        description:
          'The issuer must answer its discovery (.well-known/openid-configuration) first (422 oidc_discovery_failed otherwise). clientSecret is stored sealed and never shown; leave it out to keep the stored one.',
        body: oidcSettingsInput,
        response: { 200: oidcSetup, 400: problemSchema, 401: problemSchema, 403: problemSchema, 422: problemSchema },
      },
    },
    async (request) => saveSettings(ctx, actorOf(request), request.body, originOf(request)),
  );

  api.delete(
    '/oidc-settings',
    {
      config: { policy: ['delete', 'oidcSettings'] },
      schema: {
        tags,
        summary: "Remove the workspace's identity provider (password sign-in stays)",
        response: { 204: z.null(), 401: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      await deleteSettings(ctx, actorOf(request));
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/auth/oidc/providers',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Identity providers the sign-in page may offer',
        security: [],
        description:
          "By the domain of a typed email (only workspaces that listed the domain), or by a workspace's id from the link an admin shared. Says nothing about whether a user exists.",
        querystring: z
          .object({
            email: z.string().max(254).optional(),
            workspace: z.uuid().optional(),
          })
          .strict(),
        response: { 200: oidcProviders, 400: problemSchema },
      },
    },
    async (request) => providersFor(ctx, request.query),
  );

  api.get(
    '/auth/oidc/start',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Start signing in at the workspace's identity provider (a browser navigation)",
        security: [],
        description:
          'Redirects (303) to the provider with PKCE, state and nonce, kept in a sealed cookie for 10 minutes. next is a path of this app to go to afterwards; login_hint is passed on. A failure redirects to /sign-in?error=<problem code>.',
        querystring: z
          .object({
            workspace: z.uuid(),
            next: z.string().max(2000).optional(),
            login_hint: z.string().max(254).optional(),
          })
          .strict(),
        response: { 303: z.null(), 400: problemSchema },
      },
    },
    async (request, reply) => {
      const { workspace, next, login_hint } = request.query;
      try {
        const started = await startSignIn(ctx, {
          workspaceId: workspace,
          next,
          loginHint: login_hint,
          origin: originOf(request),
        });
        reply.setCookie(oidcStateCookie, started.cookie, { ...stateCookieOptions, maxAge: oidcStateMinutes * 60 });
        return reply.redirect(started.url, 303);
      } catch (error) {
        return backToSignIn(reply, error, workspace);
      }
    },
  );

  api.get(
    '/auth/oidc/callback',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Where the identity provider sends the browser back (the redirect URI)',
        security: [],
        description:
          'Checks state, nonce and PKCE, redeems the code, finds (or creates) the user of the verified email, sets the session cookie as POST /auth/login does and redirects (303) to the next path of the start. A failure redirects to /sign-in?error=<problem code>.',
        // Farley always sends a state, and a provider always returns it; the rest is the
        // provider's business (code, iss, session_state, error…).
        querystring: z
          .object({ state: z.string().max(2000) })
          .catchall(z.union([z.string().max(4000), z.array(z.string().max(4000))])),
        response: { 303: z.null(), 400: problemSchema },
      },
    },
    async (request, reply) => {
      const query = new URLSearchParams(request.url.split('?')[1] ?? '');
      const cookie = request.cookies[oidcStateCookie];
      // Used once, whatever happens: an answer cannot be replayed in this browser.
      reply.clearCookie(oidcStateCookie, stateCookieOptions);
      try {
        const result = await finishSignIn(ctx, { cookie, query });
        setSessionCookie(reply, ctx, result);
        return reply.redirect(result.next, 303);
      } catch (error) {
        // The workspace of the state, even an expired one, to offer its button again.
        return backToSignIn(reply, error, openState(ctx.secrets, cookie, 0)?.workspaceId);
      }
    },
  );
}
