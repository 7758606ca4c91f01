// A run of the analyses (issue 22): every customer's purchase history as of a date summed up,
// ABC and RFM classes, BG/NBD and Gamma-Gamma fitted on the workspace's own orders and each
// customer's predictions from them, stored as one run with the settings and parameters used.
//
// Only orders up to the as-of date count (a model can be fitted on a calibration period and
// checked on the time after it), cancelled and trashed ones not at all, and only orders in the
// workspace's currency (no conversion). A purchase is an order day: several orders of a
// customer on one day are one purchase, as in the published models. Returns lower revenue but
// are no purchases.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { newId } from '../../platform/db/records.ts';
import { inTenant, type TenantScope } from '../../platform/db/tenant.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import {
  type BgNbd,
  expectedAverageSpend,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  type GammaGamma,
  probabilityAlive,
} from './clv.ts';
import { abcClasses, type ChurnSignal, churnSignal, quintiles, rfmSegment } from './segments.ts';
import { today } from '../orders/index.ts';
import { publishRun } from './analytics.publish.ts';
import { makeNextActions } from '../nextActions/index.ts';

import type { AnalyticsSettings, AnalyticsSettingsPatch } from '../../../contract/analytics.ts';
import { invalid } from '../../platform/errors.ts';

export const defaultSettings: AnalyticsSettings = {
  windowMonths: 12,
  abcA: 80,
  abcB: 95,
  horizonMonths: 36,
  discountRate: 10,
  abcBasis: 'revenue',
};

/** A model is fitted only on this many customers, of whom this many bought again. */
export const minimumCustomers = 30;
export const minimumRepeatBuyers = 10;
/** A customer whose first purchase is less than this many weeks old gets no prediction. */
export const minimumWeeks = 4;

const weeksPerYear = 365.25 / 7;
const day = 86_400_000;
const weeksBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / day / 7;

export interface CustomerHistory {
  customerType: 'company' | 'contact';
  customerId: string;
  purchaseDays: number;
  firstOrder: string;
  lastOrder: string;
  /** The mean amount of the purchase days after the first (null without any). */
  zbar: number | null;
  revenueTotal: number;
  revenueWindow: number;
  /** Net revenue of the window before the window (for a falling trend). */
  revenuePrevious: number;
  ordersWindow: number;
  /** Net revenue minus the known costs, to date and in the window; null without any known cost. */
  marginTotal: number | null;
  marginWindow: number | null;
  /** The share of the revenue to date whose costs are known. */
  costCoverage: number | null;
}

export async function readSettings(tx: Db, workspaceId: string): Promise<AnalyticsSettings> {
  const row = await tx
    .selectFrom('analytics_settings')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!row) return defaultSettings;
  return {
    windowMonths: row.window_months,
    abcA: Number(row.abc_a),
    abcB: Number(row.abc_b),
    horizonMonths: row.horizon_months,
    discountRate: Number(row.discount_rate),
    abcBasis: row.abc_basis,
  };
}

/** Changes a workspace's settings; the ABC thresholds must stay in order (422 naming the field). */
export async function writeSettings(
  tx: Db,
  workspaceId: string,
  patch: AnalyticsSettingsPatch,
): Promise<AnalyticsSettings> {
  const next = { ...(await readSettings(tx, workspaceId)), ...patch };
  if (next.abcA >= next.abcB)
    throw invalid(
      [
        {
          path: patch.abcB !== undefined ? 'abcB' : 'abcA',
          code: 'invalid',
          message: 'the B threshold must be above the A threshold',
        },
      ],
      'The ABC thresholds are out of order.',
    );
  const row = {
    window_months: next.windowMonths,
    abc_a: String(next.abcA),
    abc_b: String(next.abcB),
    horizon_months: next.horizonMonths,
    discount_rate: String(next.discountRate),
    abc_basis: next.abcBasis,
  };
  await tx
    .insertInto('analytics_settings')
    .values({ workspace_id: workspaceId, ...row })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...row, updated_at: new Date() }))
    .execute();
  return next;
}

/** The first day of the window that ends with `asOf`. */
export function windowStart(asOf: string, months: number): string {
  const date = new Date(`${asOf}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
}

export async function customerHistories(
  tx: Db,
  workspaceId: string,
  asOf: string,
  since: string,
  currency: string,
  before: string,
): Promise<CustomerHistory[]> {
  const { rows } = await sql<{
    customer_type: 'company' | 'contact';
    customer_id: string;
    purchase_days: number;
    first_order: string;
    last_order: string;
    bought: string;
    first_amount: string;
    revenue_total: string;
    revenue_window: string;
    revenue_previous: string;
    orders_window: number;
  }>`
    with days as (
      select case when company_id is not null then 'company' else 'contact' end as customer_type,
             coalesce(company_id, contact_id) as customer_id, order_date as day,
             bool_or(kind = 'order') as purchase,
             coalesce(sum(net_total) filter (where kind = 'order'), 0) as bought,
             sum(net_total) as net
        from orders
       where workspace_id = ${workspaceId} and deleted_at is null and status <> 'cancelled'
         and order_date <= ${asOf}::date and currency = ${currency}
       group by 1, 2, 3
    )
    select customer_type, customer_id,
           count(*) filter (where purchase)::int as purchase_days,
           min(day) filter (where purchase)::text as first_order,
           max(day) filter (where purchase)::text as last_order,
           sum(bought) filter (where purchase)::text as bought,
           ((array_agg(bought order by day) filter (where purchase))[1])::text as first_amount,
           sum(net)::text as revenue_total,
           coalesce(sum(net) filter (where day >= ${since}::date), 0)::text as revenue_window,
           coalesce(sum(net) filter (where day >= ${before}::date and day < ${since}::date), 0)::text as revenue_previous,
           (count(*) filter (where purchase and day >= ${since}::date))::int as orders_window
      from days
     group by 1, 2
    having count(*) filter (where purchase) > 0
     order by 2`.execute(tx);
  return rows.map((r) => ({
    customerType: r.customer_type,
    customerId: r.customer_id,
    purchaseDays: r.purchase_days,
    firstOrder: r.first_order,
    lastOrder: r.last_order,
    zbar: r.purchase_days > 1 ? (Number(r.bought) - Number(r.first_amount)) / (r.purchase_days - 1) : null,
    revenueTotal: Number(r.revenue_total),
    revenueWindow: Number(r.revenue_window),
    revenuePrevious: Number(r.revenue_previous),
    ordersWindow: r.orders_window,
    marginTotal: null,
    marginWindow: null,
    costCoverage: null,
  }));
}

/**
 * Adds each customer's contribution margin to their history: the net amount of the order lines
 * minus quantity × the product's cost price (today's cost: Farley keeps no cost history), for
 * lines whose product has a cost price; returns count with the opposite sign. Read only when a
 * product of the workspace has a cost price, since it reads every order line.
 */
export async function addMargins(
  tx: Db,
  histories: CustomerHistory[],
  range: { workspaceId: string; asOf: string; since: string; currency: string },
): Promise<void> {
  const { workspaceId, asOf, since, currency } = range;
  const costed = await sql<{ any: boolean }>`
    select exists (select 1 from products where workspace_id = ${workspaceId} and cost_price is not null) as any`.execute(
    tx,
  );
  if (!costed.rows[0]?.any) return;
  const { rows } = await sql<{ customer_id: string; total: string; window: string; covered: string }>`
    select coalesce(o.company_id, o.contact_id) as customer_id,
           sum(l.net_amount - sign(l.net_amount) * abs(l.quantity) * p.cost_price)::text as total,
           coalesce(sum(l.net_amount - sign(l.net_amount) * abs(l.quantity) * p.cost_price)
             filter (where o.order_date >= ${since}::date), 0)::text as window,
           sum(abs(l.net_amount))::text as covered
      from orders o
      join order_lines l on l.workspace_id = o.workspace_id and l.order_id = o.id
      join products p on p.workspace_id = l.workspace_id and p.id = l.product_id and p.cost_price is not null
     where o.workspace_id = ${workspaceId} and o.deleted_at is null and o.status <> 'cancelled'
       and o.order_date <= ${asOf}::date and o.currency = ${currency}
     group by 1`.execute(tx);
  const byCustomer = new Map(rows.map((r) => [r.customer_id, r]));
  for (const h of histories) {
    const found = byCustomer.get(h.customerId);
    if (!found) continue;
    h.marginTotal = Number(found.total);
    h.marginWindow = Number(found.window);
    h.costCoverage = h.revenueTotal === 0 ? null : Math.min(1, Number(found.covered) / Math.abs(h.revenueTotal));
  }
}

export interface RunResult {
  runId: string;
  asOf: string;
  currency: string;
  customers: number;
  bgnbd: (BgNbd & { logLikelihood: number }) | null;
  gammaGamma: (GammaGamma & { logLikelihood: number }) | null;
  abc: { A: number; B: number; C: number };
  note: string | null;
}

export interface CustomerResult {
  abcClass: 'A' | 'B' | 'C' | null;
  rfm: { r: number; f: number; m: number; segment: string };
  pAlive: number | null;
  expectedPurchases: number | null;
  expectedSpend: number | null;
  clv: number | null;
  churn: ChurnSignal | null;
}

/** The classes and predictions of every customer, as of `asOf`. */
export function analyse(
  histories: CustomerHistory[],
  asOf: string,
  settings: AnalyticsSettings,
): { results: CustomerResult[]; bgnbd: RunResult['bgnbd']; gammaGamma: RunResult['gammaGamma']; note: string | null } {
  // By margin, a customer whose costs are unknown has none to rank by, so no class.
  const abc = abcClasses(
    histories.map((h) => (settings.abcBasis === 'margin' ? (h.marginWindow ?? 0) : h.revenueWindow)),
    settings.abcA,
    settings.abcB,
  );
  const recency = quintiles(
    histories.map((h) => weeksBetween(h.lastOrder, asOf)),
    false,
  );
  const frequency = quintiles(
    histories.map((h) => h.ordersWindow),
    true,
  );
  const monetary = quintiles(
    histories.map((h) => h.revenueWindow),
    true,
  );

  const summaries = histories.map((h) => ({
    x: h.purchaseDays - 1,
    tx: weeksBetween(h.firstOrder, h.lastOrder),
    T: weeksBetween(h.firstOrder, asOf),
  }));
  const buyers = histories.flatMap((h, i) =>
    summaries[i].x > 0 && h.zbar !== null && h.zbar > 0 ? [{ x: summaries[i].x, zbar: h.zbar }] : [],
  );
  let bgnbd: RunResult['bgnbd'] = null;
  let gammaGamma: RunResult['gammaGamma'] = null;
  let note: string | null = null;
  if (histories.length < minimumCustomers || buyers.length < minimumRepeatBuyers) note = `too_few_customers`;
  else {
    // Customers with the same history count once, weighted: the likelihood is summed far faster.
    const groups = new Map<string, { x: number; tx: number; T: number; weight: number }>();
    for (const s of summaries) {
      const key = `${s.x}|${s.tx}|${s.T}`;
      const group = groups.get(key);
      if (group) group.weight++;
      else groups.set(key, { ...s, weight: 1 });
    }
    const bg = fitBgNbd([...groups.values()]);
    bgnbd = { ...bg.params, logLikelihood: bg.logLikelihood };
    const gg = fitGammaGamma(buyers);
    gammaGamma = { ...gg.params, logLikelihood: gg.logLikelihood };
  }

  const monthly = weeksPerYear / 12;
  // What the purchase model says depends on (x, t_x, T) alone, which many customers share (all
  // who bought once on the same day): computed once per history. The value is the discounted
  // sum of the purchases expected month by month over the horizon, times the customer's spend.
  const predictions = new Map<string, { pAlive: number; nextYear: number; discounted: number }>();
  const predict = (summary: { x: number; tx: number; T: number }, model: BgNbd) => {
    const key = `${summary.x}|${summary.tx}|${summary.T}`;
    let found = predictions.get(key);
    if (!found) {
      let discounted = 0;
      let before = 0;
      for (let m = 1; m <= settings.horizonMonths; m++) {
        const upTo = expectedPurchases(model, summary, m * monthly);
        discounted += (upTo - before) / (1 + settings.discountRate / 100) ** (m / 12);
        before = upTo;
      }
      found = {
        pAlive: probabilityAlive(model, summary),
        nextYear: expectedPurchases(model, summary, weeksPerYear),
        discounted,
      };
      predictions.set(key, found);
    }
    return found;
  };
  const results = histories.map((h, i): CustomerResult => {
    const summary = summaries[i];
    const rfm = { r: recency[i], f: frequency[i], m: monetary[i] };
    const base = {
      abcClass: abc[i],
      rfm: { ...rfm, segment: rfmSegment(rfm.r, rfm.f, rfm.m) },
      churn: churnSignal(h, asOf),
    };
    if (!bgnbd || !gammaGamma || summary.T < minimumWeeks)
      return { ...base, pAlive: null, expectedPurchases: null, expectedSpend: null, clv: null };
    const spend =
      summary.x > 0 && h.zbar !== null && h.zbar > 0
        ? expectedAverageSpend(gammaGamma, summary.x, h.zbar)
        : expectedAverageSpend(gammaGamma, 0, 0);
    const { pAlive, nextYear, discounted } = predict(summary, bgnbd);
    return { ...base, pAlive, expectedPurchases: nextYear, expectedSpend: spend, clv: discounted * spend };
  });
  return { results, bgnbd, gammaGamma, note };
}

/** A rule needs this many customers who bought both products (its support). */
export const minimumBoth = 2;
/** Rules kept per product: the most confident ones. */
const rulesPerProduct = 20;

/** Customers with more catalogue products than this are left out of the rules (see below). */
export const rulesMaxProducts = 50;
/** The rules are mined from at most about this many customers (a fixed sample beyond). */
export const rulesSampleCustomers = 150_000;

/**
 * Item-to-item rules of the run: for each catalogue product X and another Y, how many
 * customers bought both, the confidence (of the customers who bought X, the share who bought
 * Y) and the lift (that share against Y's share of all customers; above 1, buying X makes Y
 * likelier). Kept: at least `minimumBoth` customers, lift above 1, the 20 most confident per X.
 *
 * The pairs grow with the square of a customer's products, so two limits keep a large
 * workspace's run short: customers with more than 50 different products (wholesalers who buy
 * the whole range say nothing about what goes together) are left out, and beyond 150,000
 * customers the rules come from a fixed sample of them (by a hash of their id, the same every
 * night): shares and lifts are ratios, which a sample of that size keeps. A run as of today
 * reads what each customer bought from customer_products; an earlier day, from its orders.
 */
async function writeProductRules(
  tx: Db,
  run: { workspaceId: string; runId: string; asOf: string; currency: string; customers: number },
) {
  const { workspaceId, runId, asOf, currency } = run;
  const every = Math.max(1, Math.ceil(run.customers / rulesSampleCustomers));
  const source =
    asOf >= today()
      ? sql`select distinct customer_id, product_id from customer_products
             where workspace_id = ${workspaceId} and currency = ${currency} and product_id is not null and lines > 0
               and quantity > 0`
      : sql`select distinct coalesce(o.company_id, o.contact_id) as customer_id, l.product_id
              from orders o join order_lines l on l.workspace_id = o.workspace_id and l.order_id = o.id
             where o.workspace_id = ${workspaceId} and o.deleted_at is null and o.status <> 'cancelled'
               and o.kind = 'order' and o.order_date <= ${asOf}::date and o.currency = ${currency}
               and l.product_id is not null and l.quantity > 0`;
  await sql`
    insert into product_rules (workspace_id, run_id, product_id, other_id, customers_both, confidence, lift)
    with raw as materialized (${source}),
    kept as (
      select customer_id from raw
       where abs(hashtext(customer_id::text)) % ${every}::int = 0
       group by customer_id having count(*) <= ${rulesMaxProducts}::int
    ), bought as materialized (
      select r.customer_id, r.product_id from raw r join kept k using (customer_id)
    ), counts as (
      select product_id, count(*)::float8 as n from bought group by 1
    ), total as (
      select count(distinct customer_id)::float8 as n from bought
    ), pairs as (
      select a.product_id, b.product_id as other_id, count(*)::int as together
        from bought a join bought b on b.customer_id = a.customer_id and b.product_id <> a.product_id
       where a.product_id in (select product_id from counts where n >= ${minimumBoth})
         and b.product_id in (select product_id from counts where n >= ${minimumBoth})
       group by 1, 2 having count(*) >= ${minimumBoth}
    ), ranked as (
      select p.product_id, p.other_id, p.together, p.together / c.n as confidence, (p.together / c.n) / (o.n / t.n) as lift,
             row_number() over (partition by p.product_id order by p.together / c.n desc, p.together desc, p.other_id) as rank
        from pairs p join counts c on c.product_id = p.product_id join counts o on o.product_id = p.other_id
        cross join total t
    )
    select ${workspaceId}, ${runId}, product_id, other_id, together, confidence, lift
      from ranked where rank <= ${rulesPerProduct} and lift > 1`.execute(tx);
}

const chunk = 5000;

/**
 * A run reads every customer's orders and writes a row per customer: a batch job, not a
 * request, whose statements may take longer than the tenant transaction's limit allows an
 * interactive read. Its transactions raise their own limit (still bounded) for that.
 */
const runStatementMs = 10 * 60_000;
const longStatements = (tx: Db) =>
  sql`select set_config('statement_timeout', ${String(runStatementMs)}, true)`.execute(tx);
const cents = (value: number | null) => (value === null ? null : value.toFixed(2));

/** Runs the analyses of a workspace as of `asOf` (default today) and stores them. */
export async function runAnalytics(
  ctx: AppContext,
  scope: TenantScope,
  options: { asOf?: string } = {},
): Promise<RunResult> {
  const { workspaceId } = scope;
  const asOf = options.asOf ?? today();
  const { settings, currency, histories } = await inTenant(ctx.db.app, scope, async (tx) => {
    await longStatements(tx);
    const settings = await readSettings(tx, workspaceId);
    const currency = (await workspaceSettings(tx, workspaceId)).defaultCurrency;
    const since = windowStart(asOf, settings.windowMonths);
    const before = windowStart(since, settings.windowMonths);
    const histories = await customerHistories(tx, workspaceId, asOf, since, currency, before);
    await addMargins(tx, histories, { workspaceId, asOf, since, currency });
    return { settings, currency, histories };
  });
  const { results, bgnbd, gammaGamma, note } = analyse(histories, asOf, settings);
  const abc = { A: 0, B: 0, C: 0 };
  for (const r of results) if (r.abcClass) abc[r.abcClass]++;
  const runId = newId();
  await inTenant(ctx.db.app, scope, async (tx) => {
    await longStatements(tx);
    await tx
      .insertInto('analytics_runs')
      .values({
        workspace_id: workspaceId,
        id: runId,
        as_of: asOf,
        settings: JSON.stringify(settings),
        currency,
        customers: histories.length,
        abc: JSON.stringify(abc),
        bgnbd: bgnbd ? JSON.stringify(bgnbd) : null,
        gamma_gamma: gammaGamma ? JSON.stringify(gammaGamma) : null,
        note,
        created_by: scope.userId ?? null,
      })
      .execute();
    for (let start = 0; start < histories.length; start += chunk) {
      const part = histories.slice(start, start + chunk);
      const outs = results.slice(start, start + chunk);
      const column = <T>(pick: (h: CustomerHistory, r: CustomerResult) => T) => part.map((h, i) => pick(h, outs[i]));
      await sql`
        insert into customer_analytics (workspace_id, run_id, customer_type, customer_id, purchase_days, first_order,
          last_order, revenue_total, revenue_window, revenue_previous, orders_window, abc_class, rfm_r, rfm_f, rfm_m,
          rfm_segment, p_alive, expected_purchases, expected_spend, clv, churn_signal, churn_detail, margin_total,
          margin_window, cost_coverage)
        select ${workspaceId}, ${runId}, * from unnest(
          ${column((h) => h.customerType)}::text[], ${column((h) => h.customerId)}::uuid[],
          ${column((h) => h.purchaseDays)}::int[], ${column((h) => h.firstOrder)}::date[], ${column((h) => h.lastOrder)}::date[],
          ${column((h) => h.revenueTotal.toFixed(2))}::numeric[], ${column((h) => h.revenueWindow.toFixed(2))}::numeric[],
          ${column((h) => h.revenuePrevious.toFixed(2))}::numeric[],
          ${column((h) => h.ordersWindow)}::int[], ${column((_, r) => r.abcClass)}::text[], ${column((_, r) => r.rfm.r)}::int[],
          ${column((_, r) => r.rfm.f)}::int[], ${column((_, r) => r.rfm.m)}::int[], ${column((_, r) => r.rfm.segment)}::text[],
          ${column((_, r) => r.pAlive)}::float8[], ${column((_, r) => r.expectedPurchases)}::float8[],
          ${column((_, r) => cents(r.expectedSpend))}::numeric[], ${column((_, r) => cents(r.clv))}::numeric[],
          ${column((_, r) => r.churn?.signal ?? null)}::text[],
          ${column((_, r) => (r.churn ? JSON.stringify(r.churn) : null))}::jsonb[],
          ${column((h) => cents(h.marginTotal))}::numeric[], ${column((h) => cents(h.marginWindow))}::numeric[],
          ${column((h) => h.costCoverage)}::float8[])`.execute(tx);
    }
    await writeProductRules(tx, { workspaceId, runId, asOf, currency, customers: histories.length });
    await sql`update analytics_runs set finished_at = clock_timestamp() where workspace_id = ${workspaceId} and id = ${runId}`.execute(
      tx,
    );
  });
  // The statistics know the runs before this one only: planned with them, the suggestions took
  // this run's hundreds of thousands of rows for a handful and looped over them for minutes.
  await sql`analyze customer_analytics, product_rules`.execute(ctx.db.owner);
  if (await publishRun(ctx, scope, runId))
    await inTenant(ctx.db.app, scope, async (tx) => {
      await longStatements(tx);
      await makeNextActions(tx, { workspaceId, runId, asOf, currency });
    });
  return { runId, asOf, currency, customers: histories.length, bgnbd, gammaGamma, abc, note };
}

/**
 * The nightly run: every workspace that has orders gets a run as of today (a workspace without
 * any would only collect empty runs). One workspace's failure does not stop the others.
 */
export async function runAllAnalytics(
  ctx: AppContext,
  log: (message: string, error?: unknown) => void = () => {},
): Promise<number> {
  const workspaces = await acrossWorkspaces(ctx.db.owner, (tx) =>
    tx
      .selectFrom('workspaces as w')
      .select('w.id')
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('orders as o')
            .select('o.id')
            .whereRef('o.workspace_id', '=', 'w.id')
            .where('o.deleted_at', 'is', null),
        ),
      )
      .execute(),
  );
  let runs = 0;
  for (const { id } of workspaces) {
    try {
      await runAnalytics(ctx, { workspaceId: id, userId: null });
      runs++;
    } catch (error) {
      log(`analytics run of workspace ${id} failed`, error);
    }
  }
  return runs;
}
