// Reading the analyses: a run as the API shows it, the latest run, and a customer's results of
// the latest run with their classes over the earlier ones.
import { sql } from 'kysely';
import type { AbcOverview, AnalyticsRun, CustomerAnalytics } from '../../../contract/analytics.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Row } from '../../platform/presenting.ts';
import { defaultSettings, minimumWeeks } from './analytics.service.ts';

export function presentRun(row: Row<'analytics_runs'>): AnalyticsRun {
  const bgnbd = row.bgnbd as AnalyticsRun['bgnbd'];
  const gammaGamma = row.gamma_gamma as AnalyticsRun['gammaGamma'];
  return {
    id: row.id,
    asOf: row.as_of,
    currency: row.currency,
    customers: row.customers,
    bgnbd,
    gammaGamma,
    abc: row.abc as AnalyticsRun['abc'],
    note: row.note as AnalyticsRun['note'],
    settings: { ...defaultSettings, ...(row.settings as Partial<AnalyticsRun['settings']>) },
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export function findRun(tx: Db, runId: string) {
  return tx.selectFrom('analytics_runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

/** The finished runs, newest first. */
export function listRuns(tx: Db, limit: number) {
  return tx
    .selectFrom('analytics_runs')
    .selectAll()
    .where('finished_at', 'is not', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function latestRun(tx: Db) {
  return (await listRuns(tx, 1))[0];
}

export async function customerAnalytics(tx: Db, workspaceId: string, customerId: string): Promise<CustomerAnalytics> {
  const run = await latestRun(tx);
  const empty: CustomerAnalytics = {
    runId: run?.id ?? null,
    asOf: run?.as_of ?? null,
    reason: run ? 'no_orders' : 'no_run',
    purchases: null,
    firstOrder: null,
    lastOrder: null,
    revenueTotal: null,
    revenueWindow: null,
    marginTotal: null,
    marginWindow: null,
    costCoverage: null,
    abcClass: null,
    rfm: null,
    pAlive: null,
    expectedPurchases: null,
    expectedSpend: null,
    clv: null,
    churn: null,
    crossSell: [],
    currency: run?.currency ?? null,
    settings: run ? { ...defaultSettings, ...(run.settings as Partial<CustomerAnalytics['settings']>) } : null,
    history: [],
  };
  if (!run) return empty;
  const rows = await tx
    .selectFrom('customer_analytics as c')
    .innerJoin('analytics_runs as r', (join) =>
      join.onRef('r.workspace_id', '=', 'c.workspace_id').onRef('r.id', '=', 'c.run_id'),
    )
    .select(['c.run_id', 'r.as_of', 'c.abc_class', 'c.rfm_segment', 'c.p_alive'])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.customer_id', '=', customerId)
    .where('r.finished_at', 'is not', null)
    .orderBy('c.run_id', 'desc')
    .limit(25)
    .execute();
  const history = rows
    .filter((r) => r.run_id !== run.id)
    .slice(0, 24)
    .map((r) => ({ runId: r.run_id, asOf: r.as_of, abcClass: r.abc_class, segment: r.rfm_segment, pAlive: r.p_alive }));
  const mine = await tx
    .selectFrom('customer_analytics')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('run_id', '=', run.id)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!mine) return { ...empty, history };
  const weeks = (Date.parse(run.as_of) - Date.parse(mine.first_order)) / 86_400_000 / 7;
  const reason = run.note ? 'too_few_customers' : weeks < minimumWeeks ? 'too_little_history' : null;
  return {
    ...empty,
    reason,
    purchases: mine.purchase_days,
    firstOrder: mine.first_order,
    lastOrder: mine.last_order,
    revenueTotal: Number(mine.revenue_total).toFixed(2),
    revenueWindow: Number(mine.revenue_window).toFixed(2),
    marginTotal: mine.margin_total === null ? null : Number(mine.margin_total).toFixed(2),
    marginWindow: mine.margin_window === null ? null : Number(mine.margin_window).toFixed(2),
    costCoverage: mine.cost_coverage,
    abcClass: mine.abc_class,
    rfm:
      mine.rfm_r && mine.rfm_f && mine.rfm_m
        ? { r: mine.rfm_r, f: mine.rfm_f, m: mine.rfm_m, segment: mine.rfm_segment ?? '' }
        : null,
    pAlive: mine.p_alive,
    expectedPurchases: mine.expected_purchases,
    expectedSpend: mine.expected_spend === null ? null : Number(mine.expected_spend).toFixed(2),
    clv: mine.clv === null ? null : Number(mine.clv).toFixed(2),
    churn: (mine.churn_detail as CustomerAnalytics['churn']) ?? null,
    crossSell: await crossSell(tx, workspaceId, run.id, customerId),
    history,
  };
}

/**
 * A customer's suggestions: the rules of the run from the catalogue products they bought to
 * active products they have not, the most confident rule per product, the best three. One in
 * the same product group as the product it follows from, at a higher list price, is an
 * up-sell: the better version that customers of the cheaper one also bought.
 */
async function crossSell(
  tx: Db,
  workspaceId: string,
  runId: string,
  customerId: string,
): Promise<CustomerAnalytics['crossSell']> {
  const { rows } = await sql<{
    other_id: string;
    sku: string;
    name: string;
    confidence: number;
    lift: number;
    customers_both: number;
    because_id: string;
    because_name: string;
    up_sell: boolean;
  }>`
    with mine as (
      select product_id from customer_products
       where workspace_id = ${workspaceId} and customer_id = ${customerId} and product_id is not null and lines > 0
    ), best as (
      select distinct on (r.other_id) r.other_id, r.product_id, r.confidence, r.lift, r.customers_both
        from product_rules r
       where r.workspace_id = ${workspaceId} and r.run_id = ${runId} and r.product_id in (select product_id from mine)
         and r.other_id not in (select product_id from mine)
       order by r.other_id, r.confidence desc, r.lift desc
    )
    select b.other_id, p.sku, p.name, b.confidence, b.lift, b.customers_both, b.product_id as because_id,
           q.name as because_name,
           (p.product_group is not null and p.product_group = q.product_group and p.currency = q.currency
             and p.list_price > q.list_price) as up_sell
      from best b
      join products p on p.workspace_id = ${workspaceId} and p.id = b.other_id and p.deleted_at is null and p.active
      join products q on q.workspace_id = ${workspaceId} and q.id = b.product_id
     order by b.confidence desc, b.lift desc, p.name
     limit 3`.execute(tx);
  return rows.map((r) => ({
    productId: r.other_id,
    sku: r.sku,
    name: r.name,
    confidence: r.confidence,
    lift: r.lift,
    customers: r.customers_both,
    because: { productId: r.because_id, name: r.because_name },
    upSell: r.up_sell,
  }));
}

/**
 * The latest run's ABC classes (customers, revenue of the window and its share) and the Lorenz
 * curve of the revenue: for each per cent of the customers, best first, the share of the
 * revenue they bring together.
 */
export async function abcOverview(tx: Db, workspaceId: string): Promise<AbcOverview> {
  const run = await latestRun(tx);
  if (!run) return { runId: null, currency: null, basis: null, classes: [], lorenz: [] };
  const { rows: classes } = await sql<{
    abc_class: 'A' | 'B' | 'C';
    customers: number;
    revenue: string;
    share: number;
  }>`
    select abc_class, count(*)::int as customers, sum(revenue_window)::text as revenue,
           coalesce(sum(revenue_window) / nullif((select sum(revenue_window) from customer_analytics
             where workspace_id = ${workspaceId} and run_id = ${run.id} and revenue_window > 0), 0), 0)::float8 as share
      from customer_analytics
     where workspace_id = ${workspaceId} and run_id = ${run.id} and abc_class is not null
     group by abc_class order by abc_class`.execute(tx);
  const { rows: curve } = await sql<{ customers: number; revenue: number }>`
    with ranked as (
      select row_number() over (order by revenue_window desc, customer_id) as i, count(*) over () as n,
             sum(revenue_window) over (order by revenue_window desc, customer_id) as running,
             sum(revenue_window) over () as total
        from customer_analytics
       where workspace_id = ${workspaceId} and run_id = ${run.id} and revenue_window > 0
    )
    select ceil(100.0 * i / n)::int as customers, round((100 * max(running) / max(total))::numeric, 2)::float8 as revenue
      from ranked group by 1 order by 1`.execute(tx);
  const settings = { ...defaultSettings, ...(run.settings as Partial<AnalyticsRun['settings']>) };
  return {
    runId: run.id,
    currency: run.currency,
    basis: settings.abcBasis,
    classes: classes.map((c) => ({
      abcClass: c.abc_class,
      customers: c.customers,
      revenue: Number(c.revenue).toFixed(2),
      share: c.share,
    })),
    lorenz: curve.length ? [{ customers: 0, revenue: 0 }, ...curve] : [],
  };
}
