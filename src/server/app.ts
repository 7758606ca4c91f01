// The Fastify application: plugins, error handling, OpenAPI and every module's routes.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { AppContext } from './platform/context.ts';
import type { Config } from './platform/config.ts';
import { leastRole, partnerMay, type Role, roleAtLeast, roles } from './platform/policy.ts';
import { frameworkErrors, installProblemHandlers } from './platform/http/problems.ts';
import { installSlowRequestLog } from './platform/http/slowRequests.ts';
import { installSecurityHeaders, securityHeaders } from './platform/http/securityHeaders.ts';
import { installAuthHooks } from './modules/auth/auth.hooks.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { oidcRoutes } from './modules/auth/oidc.routes.ts';
import { twoFactorRoutes } from './modules/auth/twoFactor.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { accountRoutes } from './modules/account/account.routes.ts';
import { passwordResetRoutes } from './modules/auth/passwordResets.routes.ts';
import { teamRoutes } from './modules/teams/teams.routes.ts';
import { mailboxRoutes } from './modules/mailboxes/mailboxes.routes.ts';
import { emailRoutes } from './modules/emails/emails.routes.ts';
import { emailTemplateRoutes } from './modules/emailTemplates/emailTemplates.routes.ts';
import { appointmentRoutes } from './modules/appointments/appointments.routes.ts';
import { tokenRoutes } from './modules/tokens/tokens.routes.ts';
import { companyRoutes } from './modules/companies/companies.routes.ts';
import { contactRoutes } from './modules/contacts/contacts.routes.ts';
import { pipelineRoutes } from './modules/pipelines/pipelines.routes.ts';
import { dealRoutes } from './modules/deals/deals.routes.ts';
import { lostReasonRoutes } from './modules/lostReasons/lostReasons.routes.ts';
import { numberingRoutes } from './modules/numbering/numbering.routes.ts';
import { productRoutes } from './modules/products/products.routes.ts';
import { priceListRoutes } from './modules/priceLists/priceLists.routes.ts';
import { letterheadRoutes } from './modules/letterhead/letterhead.routes.ts';
import { analyticsRoutes } from './modules/analytics/analytics.routes.ts';
import { nextActionRoutes } from './modules/nextActions/nextActions.routes.ts';
import { kpiRoutes } from './modules/kpis/kpis.routes.ts';
import { closeSalesPdfPool } from './modules/salesPdf/index.ts';
import { quoteRoutes } from './modules/quotes/quotes.routes.ts';
import { orderRoutes } from './modules/orders/orders.routes.ts';
import { salesDocumentRoutes } from './modules/salesDocuments/salesDocuments.routes.ts';
import { activityRoutes } from './modules/activities/activities.routes.ts';
import { taskRoutes } from './modules/tasks/tasks.routes.ts';
import { timelineRoutes } from './modules/timeline/timeline.routes.ts';
import { searchRoutes } from './modules/search/search.routes.ts';
import { qualityRoutes } from './modules/quality/quality.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { metaRoutes } from './modules/meta/meta.routes.ts';
import { viewRoutes } from './modules/views/views.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { todayRoutes } from './modules/today/today.routes.ts';
import { duplicateRoutes } from './modules/duplicates/duplicates.routes.ts';
import { mergeRoutes } from './modules/merges/merges.routes.ts';
import { exportRoutes } from './modules/exports/exports.routes.ts';
import { importRoutes } from './modules/imports/imports.routes.ts';
import { importFieldRoutes } from './modules/imports/imports.fields.ts';
import { reportRoutes } from './modules/reports/reports.routes.ts';
import { davRoutes } from './modules/dav/dav.routes.ts';
import { consentRoutes } from './modules/consents/consents.routes.ts';
import { personalDataRoutes } from './modules/personalData/personalData.routes.ts';
import { davServer } from './modules/dav/dav.server.ts';
import { accessRoutes, installFieldAccess } from './modules/access/access.routes.ts';
import { privacyRoutes } from './modules/privacy/privacy.routes.ts';

export const apiModules = [
  authRoutes,
  oidcRoutes,
  twoFactorRoutes,
  userRoutes,
  accountRoutes,
  passwordResetRoutes,
  teamRoutes,
  tokenRoutes,
  companyRoutes,
  contactRoutes,
  pipelineRoutes,
  dealRoutes,
  lostReasonRoutes,
  numberingRoutes,
  productRoutes,
  priceListRoutes,
  letterheadRoutes,
  analyticsRoutes,
  nextActionRoutes,
  kpiRoutes,
  quoteRoutes,
  orderRoutes,
  salesDocumentRoutes,
  activityRoutes,
  taskRoutes,
  timelineRoutes,
  searchRoutes,
  qualityRoutes,
  auditRoutes,
  metaRoutes,
  viewRoutes,
  notificationRoutes,
  todayRoutes,
  duplicateRoutes,
  mergeRoutes,
  exportRoutes,
  importRoutes,
  importFieldRoutes,
  reportRoutes,
  mailboxRoutes,
  emailRoutes,
  emailTemplateRoutes,
  davRoutes,
  appointmentRoutes,
  accessRoutes,
  privacyRoutes,
  consentRoutes,
  personalDataRoutes,
];

/**
 * The web app at `/`: hashed assets cached for good, and index.html (never cached) for
 * every other GET outside /api, so the browser's router owns those paths. Unknown /api
 * paths and other methods still get the problem document of the not-found handler.
 */
async function serveWebApp(app: FastifyInstance, webDir: string) {
  const assets = path.join(webDir, 'assets');
  if (existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      immutable: true,
      maxAge: '365d',
    });
  }
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const url = request.url.split('?')[0];
    if (url === '/api' || url.startsWith('/api/') || url.startsWith('/assets/')) return reply.callNotFound();
    let html: Buffer;
    try {
      html = await readFile(path.join(webDir, 'index.html'));
    } catch {
      return reply.code(404).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        code: 'no_route',
        detail: 'The web app is not built: run `npm run build` (or `npm start`, which builds it).',
      });
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
}

/**
 * Each operation's entry of the policy table, as `x-farley-policy`: the action, the resource
 * and the roles that may (e.g. `{ action: 'delete', resource: 'contact', roles: ['manager', 'admin'] }`).
 */
const withPolicy: typeof jsonSchemaTransform = (input) => {
  const transformed = jsonSchemaTransform(input);
  const policy = input.route.config?.policy;
  if (!policy || !transformed.schema) return transformed;
  const [action, resource] = policy;
  const least = leastRole(action, resource);
  const may: Role[] = least ? roles.filter((role) => roleAtLeast(role, least)) : [];
  if (partnerMay(action, resource)) may.unshift('partner');
  return { ...transformed, schema: { ...transformed.schema, 'x-farley-policy': { action, resource, roles: may } } };
};

/**
 * Fastify's trustProxy for FARLEY_TRUST_PROXY. A hop count becomes a function: Fastify itself
 * trusts nothing for a number (a client that reaches Farley directly, past the proxy, could
 * name its own address then); an operator who sets one says that cannot happen.
 */
function proxyTrust(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

export async function buildApp(ctx: AppContext, options: { logger?: boolean | object } = {}): Promise<FastifyInstance> {
  const headers = securityHeaders({ secure: ctx.config.cookieSecure });
  const app = Fastify({
    logger: options.logger ?? false,
    // One line per request drowns the useful lines; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: proxyTrust(ctx.config.trustProxy),
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: (error, request, reply) => frameworkErrors(error, request, reply.headers(headers)),
    ajv: undefined,
  });
  app.setValidatorCompiler(validatorCompiler);
  // Responses are documented with zod but written with plain JSON.stringify: re-validating
  // every response would cost time on every request for no safety the tests don't give.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installProblemHandlers(app);
  installSecurityHeaders(app, headers);
  installSlowRequestLog(app, ctx.config.slowRequestMs);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Farley API',
        version: '1',
        description: 'The REST API of Farley, the open-source CRM. Conventions: docs/api.md.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token from `farley token create` or POST /api/v1/api-tokens',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'farley_session',
            description: 'Set by POST /api/v1/auth/login; writes also need the x-csrf-token header',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: withPolicy,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Swagger UI finds the document relative to the page's address, query included: at
    // /api/docs/?x it would fetch `/api/docs/?x/./json` (the page again) and show an error,
    // and /api/docs/static/index.html?x redirects to itself. No query means anything here,
    // so a request with one is sent to its path without it.
    uiHooks: {
      onRequest: async (request, reply) => {
        const at = request.url.indexOf('?');
        if (at >= 0) return reply.redirect(request.url.slice(0, at));
      },
    },
  });
  app.decorateRequest('actor', null);
  // The threads that render quote and order PDFs end with the server.
  app.addHook('onClose', async () => closeSalesPdfPool());

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db.app);
      return { status: 'ok' };
    } catch {
      return reply.code(503).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        code: 'database_unavailable',
        detail: 'The database is not reachable.',
      });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      // The API speaks JSON. Fastify also parses text/plain by default, the one body type
      // besides forms that a foreign page can send without a CORS preflight: without it, such a
      // request is a 415 whatever it carries (docs/security.md, "Cross-site request forgery").
      api.removeContentTypeParser('text/plain');
      installAuthHooks(api, ctx);
      installFieldAccess(api, ctx);
      for (const register of apiModules) await register(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  // CardDAV/CalDAV: beside the API, not in it: its own sign-in (app passwords), body parsers
  // and answers; the API's auth hooks above do not run there.
  await davServer(app, ctx);
  await serveWebApp(app, ctx.config.webDir);
  return app;
}
