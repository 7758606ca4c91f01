// HTTP routes of the analyses: managers start a run, everyone reads the runs and a customer's
// results.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  analyticsRun,
  analyticsRunBody,
  analyticsRuns,
  analyticsSettings,
  analyticsSettingsPatch,
  abcOverview,
  customerAnalytics,
  customerPotential,
  customerPotentialInput,
  portfolio,
  potentialRules,
  runsQuery,
} from '../../../contract/analytics.ts';
import { idParams } from '../../../contract/common.ts';
import type { AppContext } from '../../platform/context.ts';
import { findLive } from '../../platform/db/records.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { notFound } from '../../platform/errors.ts';
import { type Actor, actorOf } from '../../platform/http/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import {
  abcOverview as readAbc,
  customerAnalytics as readCustomer,
  findRun,
  listRuns,
  presentRun,
} from './analytics.read.ts';
import { readSettings, runAnalytics, writeSettings } from './analytics.service.ts';
import {
  clearPotential,
  readPortfolio,
  readPotential,
  readRules,
  writePotential,
  writeRules,
} from './analytics.portfolio.ts';

const tags = ['Analytics'];
const problems = problemsOf(400, 401, 403, 404);

export async function analyticsRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/analytics/runs',
    {
      config: { policy: ['create', 'analytics'] },
      schema: {
        tags,
        summary: 'Run the analyses now (managers)',
        description:
          'Computes ABC and RFM classes, fits BG/NBD and Gamma-Gamma on the orders up to `asOf` and stores every ' +
          "customer's results as a new run. Orders after `asOf` are ignored.",
        body: analyticsRunBody,
        response: { 201: analyticsRun, ...problems },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const result = await runAnalytics(ctx, { workspaceId: actor.workspaceId, userId: actor.userId }, request.body);
      const run = await inTenant(ctx.db.app, actor, async (tx) => {
        const row = await findRun(tx, result.runId);
        if (!row) throw notFound('analytics run');
        return presentRun(row);
      });
      reply.code(201);
      return run;
    },
  );

  api.get(
    '/analytics/runs',
    {
      config: { policy: ['read', 'analytics'] },
      schema: {
        tags,
        summary: 'The runs of the analyses, newest first: their day, model parameters and ABC counts',
        querystring: runsQuery,
        response: { 200: analyticsRuns, ...problems },
      },
    },
    async (request) =>
      inTenant(ctx.db.app, actorOf(request), async (tx) => {
        const rows = await listRuns(tx, request.query.limit);
        return { data: rows.map(presentRun) };
      }),
  );

  api.get(
    '/analytics/settings',
    {
      config: { policy: ['read', 'analytics'] },
      schema: {
        tags,
        summary: "The workspace's analytics settings: window, ABC thresholds, horizon and discount rate",
        response: { 200: analyticsSettings, ...problems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return inTenant(ctx.db.app, actor, (tx) => readSettings(tx, actor.workspaceId));
    },
  );

  api.patch(
    '/analytics/settings',
    {
      config: { policy: ['update', 'analytics'] },
      schema: {
        tags,
        summary: 'Change the analytics settings (managers); the next run uses them',
        description: 'ABC thresholds out of order (B not above A) are 422 naming the field, and nothing is changed.',
        body: analyticsSettingsPatch,
        response: { 200: analyticsSettings, ...problems, 422: problemsOf(422)[422] },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return inTenant(ctx.db.app, actor, (tx) => writeSettings(tx, actor.workspaceId, request.body));
    },
  );

  for (const type of ['contact', 'company'] as const) {
    api.get(
      `/${type === 'contact' ? 'contacts' : 'companies'}/:id/analytics`,
      {
        config: { policy: ['read', 'analytics'] },
        schema: {
          tags,
          summary: `A ${type}'s classes and predictions of the latest run, and their classes before`,
          params: idParams,
          response: { 200: customerAnalytics, ...problems },
        },
      },
      async (request) =>
        inTenant(ctx.db.app, actorOf(request), async (tx) => {
          await findLive(tx, type === 'contact' ? 'contacts' : 'companies', request.params.id, type);
          return readCustomer(tx, actorOf(request).workspaceId, request.params.id);
        }),
    );
  }

  api.get(
    '/analytics/abc',
    {
      config: { policy: ['read', 'analytics'] },
      schema: {
        tags,
        summary: "The latest run's ABC classes with their revenue, and the Lorenz curve of the revenue",
        response: { 200: abcOverview, ...problems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return inTenant(ctx.db.app, actor, (tx) => readAbc(tx, actor.workspaceId));
    },
  );

  api.get(
    '/analytics/portfolio',
    {
      config: { policy: ['read', 'analytics'] },
      schema: {
        tags,
        summary: 'The customer portfolio: customers by current value (ABC) and potential, with the strategy per field',
        description:
          'Value: the latest run (A and B are high). Potential: entered per customer, else by the potential rules; ' +
          'the median potential divides high from low. Potentials are assumptions, see docs/analytics.md.',
        response: { 200: portfolio, ...problems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return inTenant(ctx.db.app, actor, (tx) => readPortfolio(tx, actor.workspaceId));
    },
  );

  api.get(
    '/analytics/potential-rules',
    {
      config: { policy: ['read', 'analytics'] },
      schema: {
        tags,
        summary: "The workspace's potential rules: employees × yearly spend per employee, per industry",
        response: { 200: potentialRules, ...problems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return { data: await inTenant(ctx.db.app, actor, (tx) => readRules(tx, actor.workspaceId)) };
    },
  );

  api.put(
    '/analytics/potential-rules',
    {
      config: { policy: ['update', 'analytics'] },
      schema: {
        tags,
        summary: 'Replace the potential rules (managers)',
        description: 'Two rules for one industry (or two without industry) are 422 naming the second.',
        body: potentialRules,
        response: { 200: potentialRules, ...problems, 422: problemsOf(422)[422] },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return {
        data: await inTenant(ctx.db.app, actor, (tx) => writeRules(tx, actor.workspaceId, request.body.data)),
      };
    },
  );

  for (const type of ['contact', 'company'] as const) {
    const table = type === 'contact' ? 'contacts' : 'companies';
    const path = `/${table}/:id/potential`;
    /** The customer's potential after `change` (none: a read); 404 when the customer is not live. */
    const potentialAfter = (actor: Actor, id: string, change?: (tx: Db) => Promise<void>) =>
      inTenant(ctx.db.app, actor, async (tx) => {
        await findLive(tx, table, id, type);
        await change?.(tx);
        return readPotential(tx, actor.workspaceId, id);
      });
    api.get(
      path,
      {
        config: { policy: ['read', 'potential'] },
        schema: {
          tags,
          summary: `A ${type}'s potential (entered or by rule, with its basis), share of wallet and portfolio field`,
          params: idParams,
          response: { 200: customerPotential, ...problems },
        },
      },
      async (request) => potentialAfter(actorOf(request), request.params.id),
    );
    api.put(
      path,
      {
        config: { policy: ['update', 'potential'] },
        schema: {
          tags,
          summary: `Enter a ${type}'s potential with its basis; it overrides the rules`,
          params: idParams,
          body: customerPotentialInput,
          response: { 200: customerPotential, ...problems },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        return potentialAfter(actor, request.params.id, (tx) =>
          writePotential(tx, actor.workspaceId, { type, id: request.params.id }, request.body, actor.userId),
        );
      },
    );
    api.delete(
      path,
      {
        config: { policy: ['update', 'potential'] },
        schema: {
          tags,
          summary: `Remove a ${type}'s entered potential; the rules apply again`,
          params: idParams,
          response: { 200: customerPotential, ...problems },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        return potentialAfter(actor, request.params.id, (tx) =>
          clearPotential(tx, actor.workspaceId, request.params.id),
        );
      },
    );
  }
}
