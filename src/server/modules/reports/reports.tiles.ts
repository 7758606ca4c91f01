// The built-in dashboard tiles, by name: each computes its numbers for the caller (their own
// pipeline, tasks and customers) and the dashboard's date range. Most are report definitions
// with the caller filled in; the rest read what a report cannot (the latest analytics run,
// revenue against the year before, the data-quality snapshots). More tiles are added here by
// name; dashboards refer to them by that name.
import { sql } from 'kysely';
import type { DateRange, ReportDefinitionInput, ReportResult, TileResult } from '../../../contract/reports.ts';
import { reportDefinition } from '../../../contract/reports.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { runReport } from './reports.engine.ts';
import { personNameSql } from '../../platform/db/names.ts';
import { readPortfolio } from '../analytics/index.ts';
import { kpiFilterOf, ownerKpis } from '../kpis/index.ts';

type TileRun = (tx: Db, actor: Actor, range: DateRange) => Promise<Omit<TileResult, 'title' | 'reportId' | 'builtin'>>;

/** A tile that is a report with the caller filled in. */
const reportTile =
  (define: (actor: Actor) => ReportDefinitionInput): TileRun =>
  async (tx, actor, range) => {
    const definition = reportDefinition.parse(define(actor));
    return {
      chart: definition.chart,
      definition,
      result: await runReport(tx, actor.workspaceId, definition, range),
      problem: null,
    };
  };

/** A tile computed by its own query: the result as a report's, without a definition. */
const column = (
  key: string,
  field: string,
  kind: ReportResult['columns'][number]['kind'],
  bucket: 'day' | 'month' | null = kind === 'date' ? 'month' : null,
) => ({ key, field, fn: null, bucket, kind });

const tableTile = (chart: TileResult['chart'], result: Omit<ReportResult, 'truncated' | 'rollup'>) => ({
  chart,
  definition: null,
  result: { ...result, truncated: false, rollup: false },
  problem: null,
});

const latestRun = (tx: Db) =>
  tx
    .selectFrom('analytics_runs')
    .select('id')
    .where('finished_at', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

/** The first and last day of the range, by default the twelve months up to this one. */
function monthsOf(range: DateRange): { from: string; to: string } {
  const now = new Date();
  const to = range.to ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
  const end = new Date(`${to}T00:00:00Z`);
  const from =
    range.from ?? new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
  return { from, to };
}

export const builtinTileRuns: Record<string, TileRun> = {
  myOpenPipeline: reportTile((actor) => ({
    type: 'deals',
    filters: [
      { field: 'status', op: 'eq', value: 'open' },
      { field: 'ownerId', op: 'eq', value: actor.userId },
    ],
    groups: [{ field: 'stageId' }],
    measures: [{ fn: 'sum', field: 'amount' }, { fn: 'count' }],
    chart: 'funnel',
  })),

  myOpenTasks: reportTile((actor) => ({
    type: 'tasks',
    filters: [
      { field: 'status', op: 'eq', value: 'open' },
      { field: 'assigneeId', op: 'eq', value: actor.userId },
    ],
    groups: [{ field: 'dueAt', bucket: 'week' }],
    measures: [{ fn: 'count' }],
    chart: 'bar',
    dateField: 'dueAt',
  })),

  teamPipeline: reportTile(() => ({
    type: 'deals',
    filters: [{ field: 'status', op: 'eq', value: 'open' }],
    groups: [{ field: 'stageId' }, { field: 'ownerId' }],
    measures: [{ fn: 'sum', field: 'amount' }],
    chart: 'stackedBar',
  })),

  /**
   * Each rep's open and weighted pipeline, and their deals won and lost in the range: the
   * team's KPIs (the KPI page has all of them, per team and stage too).
   */
  async teamKpis(tx, actor, range) {
    const { byOwner } = await ownerKpis(tx, actor.workspaceId, kpiFilterOf({ from: range.from, to: range.to }));
    return tableTile('table', {
      columns: [
        column('group0', 'ownerId', 'text'),
        column('measure0', 'openPipeline', 'money'),
        column('measure1', 'weightedPipeline', 'money'),
        column('measure2', 'won', 'number'),
        column('measure3', 'winRate', 'number'),
        column('measure4', 'averageDealSize', 'money'),
      ],
      rows: byOwner.map((r) => [
        r.id,
        Number(r.pipeline.amount),
        Number(r.pipeline.weighted),
        r.outcomes.won,
        r.outcomes.winRate === null ? null : Math.round(r.outcomes.winRate * 1000) / 10,
        r.outcomes.averageDealSize === null ? null : Number(r.outcomes.averageDealSize),
      ]),
      labels: Object.fromEntries(byOwner.map((r) => [r.id, r.name ?? ''])),
    });
  },

  /** The caller's customers whose churn risk (1 − P(alive)) in the latest run is above one half. */
  async myCustomersAtRisk(tx, actor) {
    const run = await latestRun(tx);
    if (!run) return { chart: 'table', definition: null, result: null, problem: 'no_run' };
    const { rows } = await sql<{ id: string; name: string; risk: number; revenue: number }>`
      select c.customer_id::text as id, coalesce(co.name, ${personNameSql('ct')}) as name,
             round((100 * (1 - c.p_alive))::numeric, 1)::float8 as risk, round(c.revenue_total, 2)::float8 as revenue
        from customer_analytics c
        left join companies co on c.customer_type = 'company' and co.workspace_id = c.workspace_id
             and co.id = c.customer_id and co.deleted_at is null
        left join contacts ct on c.customer_type = 'contact' and ct.workspace_id = c.workspace_id
             and ct.id = c.customer_id and ct.deleted_at is null
       where c.workspace_id = ${actor.workspaceId}::uuid and c.run_id = ${run.id} and c.p_alive < 0.5
         and coalesce(co.owner_id, ct.owner_id) = ${actor.userId}
       order by c.revenue_total desc, c.customer_id
       limit 10`.execute(tx);
    return tableTile('table', {
      columns: [
        column('group0', 'customer', 'text'),
        column('measure0', 'churnRisk', 'number'),
        column('measure1', 'revenueTotal', 'money'),
      ],
      rows: rows.map((r) => [r.id, r.risk, r.revenue]),
      labels: Object.fromEntries(rows.map((r) => [r.id, r.name])),
    });
  },

  /** The caller's most valuable open next best actions (their customers), as the start page lists them. */
  async myNextActions(tx, actor) {
    const { rows } = await sql<{ id: string; name: string; kind: string; value: number | null }>`
      select n.id::text, coalesce(co.name, ${personNameSql('ct')}) as name, n.kind,
             n.expected_value::float8 as value
        from next_actions n
        left join companies co on n.customer_type = 'company' and co.workspace_id = n.workspace_id and co.id = n.customer_id
        left join contacts ct on n.customer_type = 'contact' and ct.workspace_id = n.workspace_id and ct.id = n.customer_id
       where n.workspace_id = ${actor.workspaceId}::uuid and n.status = 'open' and n.owner_id = ${actor.userId}
       order by n.score desc, n.id
       limit 10`.execute(tx);
    return tableTile('table', {
      columns: [
        column('group0', 'customer', 'text'),
        column('group1', 'nextAction', 'text'),
        column('measure0', 'expectedValue', 'money'),
      ],
      rows: rows.map((r) => [r.id, r.kind, r.value]),
      labels: Object.fromEntries(rows.map((r) => [r.id, r.name])),
    });
  },

  /** The customer portfolio: customers, revenue and potential per field (potentials are assumptions). */
  async portfolioMatrix(tx, actor) {
    const portfolio = await readPortfolio(tx, actor.workspaceId);
    if (!portfolio.potentialMedian) return { chart: 'table', definition: null, result: null, problem: 'no_run' };
    return tableTile('table', {
      columns: [
        column('group0', 'portfolioField', 'text'),
        column('measure0', 'customers', 'number'),
        column('measure1', 'revenue', 'money'),
        column('measure2', 'potential', 'money'),
      ],
      rows: portfolio.fields.map((f) => [f.field, f.customers, Number(f.revenue), Number(f.potential)]),
      labels: {},
    });
  },

  async abcDistribution(tx) {
    const run = await latestRun(tx);
    if (!run) return { chart: 'pie', definition: null, result: null, problem: 'no_run' };
    const { abc } = await tx
      .selectFrom('analytics_runs')
      .select('abc')
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    return tableTile('pie', {
      columns: [column('group0', 'abcClass', 'text'), column('measure0', 'customers', 'number')],
      rows: (['A', 'B', 'C'] as const).map((c) => [c, (abc as Record<string, number>)[c] ?? 0]),
      labels: {},
    });
  },

  /** Net revenue of the orders (not cancelled) per month, beside the same month a year before. */
  async revenueTrend(tx, actor, range) {
    const { from, to } = monthsOf(range);
    const { rows } = await sql<{ month: string; revenue: number | null; before: number | null }>`
      with months as (
        select generate_series(date_trunc('month', ${from}::date), date_trunc('month', ${to}::date), interval '1 month')::date as month
      ), sums as (
        select month, sum(net_amount) as revenue from order_line_months
         where workspace_id = ${actor.workspaceId}::uuid and status <> 'cancelled'
           and month >= (date_trunc('month', ${from}::date) - interval '1 year')::date
           and month <= date_trunc('month', ${to}::date)::date
         group by month
      )
      select to_char(m.month, 'YYYY-MM-DD') as month, round(s.revenue, 2)::float8 as revenue,
             round(b.revenue, 2)::float8 as before
        from months m
        left join sums s on s.month = m.month
        left join sums b on b.month = (m.month - interval '1 year')::date
       order by m.month`.execute(tx);
    return tableTile('line', {
      columns: [
        column('group0', 'month', 'date'),
        column('measure0', 'revenue', 'money'),
        column('measure1', 'revenueYearBefore', 'money'),
      ],
      rows: rows.map((r) => [r.month, r.revenue ?? 0, r.before ?? 0]),
      labels: {},
    });
  },

  /** The average data quality of contacts and companies, per snapshot day. */
  async qualityTrend(tx, actor, range) {
    const to = range.to ?? new Date().toISOString().slice(0, 10);
    const from = range.from ?? new Date(Date.parse(to) - 89 * 86_400_000).toISOString().slice(0, 10);
    const { rows } = await sql<{ day: string; type: string; average: number }>`
      select to_char(day, 'YYYY-MM-DD') as day, type, round(average, 1)::float8 as average
        from quality_snapshots
       where workspace_id = ${actor.workspaceId}::uuid and day between ${from}::date and ${to}::date
       order by day, type
       limit 1000`.execute(tx);
    return tableTile('line', {
      columns: [
        column('group0', 'day', 'date', 'day'),
        column('group1', 'type', 'text'),
        column('measure0', 'quality', 'number'),
      ],
      rows: rows.map((r) => [r.day, r.type, r.average]),
      labels: {},
    });
  },
};

/** The default dashboards, by name: a sales rep's and a manager's. */
export const builtinDashboards: Record<string, { tiles: { builtin: string; width: number }[] }> = {
  salesRep: {
    tiles: [
      { builtin: 'myOpenPipeline', width: 1 },
      { builtin: 'myOpenTasks', width: 1 },
      { builtin: 'myCustomersAtRisk', width: 1 },
      { builtin: 'myNextActions', width: 2 },
    ],
  },
  manager: {
    tiles: [
      { builtin: 'teamKpis', width: 2 },
      { builtin: 'teamPipeline', width: 2 },
      { builtin: 'abcDistribution', width: 1 },
      { builtin: 'portfolioMatrix', width: 2 },
      { builtin: 'revenueTrend', width: 2 },
      { builtin: 'qualityTrend', width: 1 },
    ],
  },
};
