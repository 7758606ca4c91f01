// HTTP routes of the sales KPIs: everyone reads the KPIs, revenue and forecast of a period,
// owner or team; managers store a forecast snapshot now (the daily job stores one anyway).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  forecastKpis,
  forecastQuery,
  forecastSnapshotResult,
  kpiFilterQuery,
  revenueKpis,
  revenueQuery,
  salesKpis,
} from '../../../contract/kpis.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemsOf } from '../../platform/http/problems.ts';
import { salesForecast, takeForecastSnapshot } from './kpis.forecast.ts';
import { revenueKpis as readRevenue } from './kpis.revenue.ts';
import { salesKpis as readSales } from './kpis.sales.ts';
import { kpiFilterOf } from './kpis.scope.ts';

const tags = ['Sales KPIs'];
const problems = problemsOf(400, 401, 403);
const filterText =
  'Filter by `from`/`to` (days, inclusive; default the year up to today), `ownerId` and `teamId`. ' +
  'Amounts are in the workspace currency; records in other currencies are counted apart.';

export async function kpiRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/kpis/sales',
    {
      config: { policy: ['read', 'kpi'] },
      schema: {
        tags,
        summary: 'Pipeline, win rate, deal size, sales cycle, stage conversion, time in stage, quote acceptance',
        description: `${filterText} The pipeline is the open deals now; the rest counts what happened in the period.`,
        querystring: kpiFilterQuery,
        response: { 200: salesKpis, ...problems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const filter = kpiFilterOf(request.query);
      return inTenant(ctx.db.app, actor, (tx) => readSales(tx, actor.workspaceId, filter));
    },
  );

  api.get(
    '/kpis/revenue',
    {
      config: { policy: ['read', 'kpi'] },
      schema: {
        tags,
        summary: 'Revenue per month or quarter against the same period a year before',
        description: filterText,
        querystring: revenueQuery,
        response: { 200: revenueKpis, ...problems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const filter = { ...kpiFilterOf(request.query), interval: request.query.interval };
      return inTenant(ctx.db.app, actor, (tx) => readRevenue(tx, actor.workspaceId, filter));
    },
  );

  api.get(
    '/kpis/forecast',
    {
      config: { policy: ['read', 'kpi'] },
      schema: {
        tags,
        summary: 'Forecast of the coming months (weighted pipeline and history) and how accurate past forecasts were',
        querystring: forecastQuery,
        response: { 200: forecastKpis, ...problems },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return inTenant(ctx.db.app, actor, (tx) => salesForecast(tx, actor.workspaceId, request.query));
    },
  );

  api.post(
    '/kpis/forecast/snapshots',
    {
      config: { policy: ['create', 'kpi'] },
      schema: {
        tags,
        summary: 'Store what the forecast says today (managers); replaces a snapshot of the same day',
        response: { 201: forecastSnapshotResult, ...problems },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const result = await inTenant(ctx.db.app, actor, (tx) => takeForecastSnapshot(tx, actor.workspaceId));
      reply.code(201);
      return result;
    },
  );
}
