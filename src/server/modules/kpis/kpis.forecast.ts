// The forecast of the coming months, two ways side by side: from the weighted pipeline (open
// deals by expected close date × probability) and from history (the mean revenue of the last
// three full months). How accurate they are: a backtest of the history method over the past
// twelve months, and the snapshots stored each day (0044) set against what came in.
import { sql } from 'kysely';
import type { ForecastKpis } from '../../../contract/kpis.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { today } from '../orders/index.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { firstOrderDay, revenueByMonth } from './kpis.revenue.ts';
import { addDays, addMonths, type KpiFilter, money, ownedBy } from './kpis.scope.ts';

/** The history forecast is the mean revenue of this many full months. */
export const historyMonths = 3;
/** The backtest looks back this many months, and says too little below the minimum. */
export const backtestMonths = 12;
export const minimumBacktestMonths = 6;
/** A snapshot covers this month and the next five. */
export const snapshotMonths = 6;

type OwnerFilter = Pick<KpiFilter, 'ownerId' | 'teamId'>;

interface Bucket {
  ownerId: string | null;
  /** 'overdue', 'undated' or the first day of the month of the expected close date. */
  bucket: string;
  deals: number;
  amount: number;
  weighted: number;
}

/** Open deals by the month they are expected to close in (before `end`), overdue or undated. */
async function pipelineBuckets(
  tx: Db,
  workspaceId: string,
  currency: string,
  asOf: string,
  end: string,
  filter: OwnerFilter,
  byOwner = false,
): Promise<Bucket[]> {
  const { rows } = await sql<{
    owner_id: string | null;
    bucket: string;
    deals: number;
    amount: string;
    weighted: string;
  }>`
    select ${byOwner ? sql`d.owner_id` : sql`null::uuid`} as owner_id,
           case when d.expected_close_date is null then 'undated'
                when d.expected_close_date < ${asOf}::date then 'overdue'
                else date_trunc('month', d.expected_close_date::timestamp)::date::text end as bucket,
           count(*)::int as deals,
           coalesce(sum(d.amount) filter (where d.currency = ${currency}), 0)::text as amount,
           coalesce(round(sum(d.amount * coalesce(d.probability, s.probability)) filter (where d.currency = ${currency}) / 100, 2), 0)::text as weighted
      from deals d
      join pipeline_stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
     where d.workspace_id = ${workspaceId} and d.deleted_at is null and d.status = 'open'
       and (d.expected_close_date is null or d.expected_close_date < ${end}::date)
       and ${ownedBy(workspaceId, 'd.owner_id', filter)}
     group by 1, 2`.execute(tx);
  return rows.map((r) => ({
    ownerId: r.owner_id,
    bucket: r.bucket,
    deals: r.deals,
    amount: Number(r.amount),
    weighted: Number(r.weighted),
  }));
}

/** Σ|forecast − actual| / Σ actual and Σ(forecast − actual) / Σ actual. */
export function accuracyOf(rows: Array<{ forecast: number; actual: number }>) {
  const actual = rows.reduce((sum, r) => sum + r.actual, 0);
  const off = rows.reduce((sum, r) => sum + Math.abs(r.forecast - r.actual), 0);
  const over = rows.reduce((sum, r) => sum + (r.forecast - r.actual), 0);
  return {
    months: rows.length,
    error: rows.length > 0 && actual > 0 ? off / actual : null,
    bias: rows.length > 0 && actual > 0 ? over / actual : null,
  };
}

/**
 * The history forecast for `month`: the mean revenue of the three full months before it, or
 * null when one of them lies before the workspace's first order (no history to go by).
 */
function historyFor(month: string, revenue: (month: string) => number, firstMonth: string | null): number | null {
  const earliest = addMonths(month, -historyMonths);
  if (!firstMonth || earliest < firstMonth) return null;
  let sum = 0;
  for (let k = 1; k <= historyMonths; k++) sum += revenue(addMonths(month, -k));
  return sum / historyMonths;
}

/** What the stored snapshots said about the full months of the past year, and what came. */
async function snapshotComparison(
  tx: Db,
  workspaceId: string,
  currency: string,
  asOf: string,
  filter: OwnerFilter,
  revenue: (month: string) => number,
): Promise<ForecastKpis['snapshots']> {
  const thisMonth = addMonths(asOf, 0);
  const owned = ownedBy(workspaceId, 'f.owner_id', filter);
  const { rows } = await sql<{ month: string; taken_on: string; weighted: string; history: string | null }>`
    with latest as (
      select month, max(taken_on) as taken_on from forecast_snapshots
       where workspace_id = ${workspaceId} and currency = ${currency} and taken_on < month
         and month >= ${addMonths(asOf, -backtestMonths)}::date and month < ${thisMonth}::date
       group by month
    )
    select l.month::text as month, l.taken_on::text as taken_on,
           coalesce(sum(f.weighted) filter (where ${owned}), 0)::text as weighted,
           (sum(f.history) filter (where ${owned}))::text as history
      from latest l
      join forecast_snapshots f on f.workspace_id = ${workspaceId} and f.month = l.month and f.taken_on = l.taken_on
     group by l.month, l.taken_on order by l.month`.execute(tx);
  const { rows: won } = await sql<{ month: string; amount: string }>`
    select date_trunc('month', d.closed_at at time zone 'UTC')::date::text as month, sum(d.amount)::text as amount
      from deals d
     where d.workspace_id = ${workspaceId} and d.deleted_at is null and d.status = 'won' and d.currency = ${currency}
       and d.closed_at >= ${addMonths(asOf, -backtestMonths)}::date and d.closed_at < ${thisMonth}::date
       and ${ownedBy(workspaceId, 'd.owner_id', filter)}
     group by 1`.execute(tx);
  const wonIn = new Map(won.map((r) => [r.month, Number(r.amount)]));
  const compared = rows.map((r) => ({
    month: r.month,
    takenOn: r.taken_on,
    weighted: Number(r.weighted),
    wonAmount: wonIn.get(r.month) ?? 0,
    history: r.history === null ? null : Number(r.history),
    revenue: revenue(r.month),
  }));
  return {
    rows: compared.map((r) => ({
      month: r.month,
      takenOn: r.takenOn,
      weighted: money(r.weighted),
      wonAmount: money(r.wonAmount),
      history: r.history === null ? null : money(r.history),
      revenue: money(r.revenue),
    })),
    weightedAccuracy: accuracyOf(compared.map((r) => ({ forecast: r.weighted, actual: r.wonAmount }))),
    historyAccuracy: accuracyOf(
      compared.flatMap((r) => (r.history === null ? [] : [{ forecast: r.history, actual: r.revenue }])),
    ),
  };
}

/** The forecast of `months` months from this one for the filter's owners, as of `asOf`. */
export async function salesForecast(
  tx: Db,
  workspaceId: string,
  filter: OwnerFilter & { months: number },
  asOf: string = today(),
): Promise<ForecastKpis> {
  const currency = (await workspaceSettings(tx, workspaceId)).defaultCurrency;
  const thisMonth = addMonths(asOf, 0);
  const buckets = await pipelineBuckets(tx, workspaceId, currency, asOf, addMonths(asOf, filter.months), filter);
  const first = await firstOrderDay(tx, workspaceId, currency);
  const firstMonth = first ? addMonths(first, 0) : null;
  const monthly = await revenueByMonth(
    tx,
    workspaceId,
    currency,
    { fromMonth: addMonths(asOf, -(backtestMonths + historyMonths)), toDay: addDays(asOf, 1) },
    filter,
  );
  const revenueIn = new Map(monthly.map((r) => [r.month, r.revenue]));
  const revenue = (month: string) => revenueIn.get(month) ?? 0;
  const history = historyFor(thisMonth, revenue, firstMonth);
  const bucket = (name: string) => buckets.find((b) => b.bucket === name);
  const figures = (b: Bucket | undefined) => ({
    deals: b?.deals ?? 0,
    amount: money(b?.amount),
    weighted: money(b?.weighted),
  });
  const backtest = Array.from({ length: backtestMonths }, (_, i) => addMonths(asOf, i - backtestMonths)).flatMap(
    (month) => {
      const forecast = historyFor(month, revenue, firstMonth);
      return forecast === null ? [] : [{ month, forecast, actual: revenue(month) }];
    },
  );
  return {
    currency,
    asOf,
    months: Array.from({ length: filter.months }, (_, i) => {
      const month = addMonths(asOf, i);
      const b = bucket(month);
      return {
        month,
        weighted: money(b?.weighted),
        deals: b?.deals ?? 0,
        history: history === null ? null : money(history),
        booked: i === 0 ? money(revenue(thisMonth)) : null,
      };
    }),
    overdue: figures(bucket('overdue')),
    undated: figures(bucket('undated')),
    historyNote: history === null ? 'too_little_history' : null,
    backtest: {
      rows: backtest.map((r) => ({ month: r.month, forecast: money(r.forecast), actual: money(r.actual) })),
      accuracy: accuracyOf(backtest),
      note: backtest.length < minimumBacktestMonths ? 'too_little_history' : null,
    },
    snapshots: await snapshotComparison(tx, workspaceId, currency, asOf, filter, revenue),
  };
}

/**
 * Stores what both forecasts say today about this month and the next five, per owner (null:
 * deals and orders without owner), replacing a snapshot taken earlier the same day.
 */
export async function takeForecastSnapshot(tx: Db, workspaceId: string, asOf: string = today()) {
  const currency = (await workspaceSettings(tx, workspaceId)).defaultCurrency;
  const thisMonth = addMonths(asOf, 0);
  const buckets = await pipelineBuckets(tx, workspaceId, currency, asOf, addMonths(asOf, snapshotMonths), {}, true);
  const first = await firstOrderDay(tx, workspaceId, currency);
  const enough = first !== null && addMonths(first, 0) <= addMonths(asOf, -historyMonths);
  const recent = await revenueByMonth(
    tx,
    workspaceId,
    currency,
    { fromMonth: addMonths(asOf, -historyMonths), toDay: thisMonth },
    {},
    true,
  );
  const historyOf = new Map<string | null, number>();
  for (const r of recent) historyOf.set(r.ownerId, (historyOf.get(r.ownerId) ?? 0) + r.revenue / historyMonths);
  const owners = new Set<string | null>([...buckets.map((b) => b.ownerId), ...historyOf.keys()]);
  const rows = [];
  for (let i = 0; i < snapshotMonths; i++) {
    const month = addMonths(asOf, i);
    for (const owner of owners) {
      const b = buckets.find((x) => x.ownerId === owner && x.bucket === month);
      const history = enough ? (historyOf.get(owner) ?? 0) : null;
      if (!b && !history) continue;
      rows.push({
        month,
        owner,
        weighted: money(b?.weighted),
        history: history === null ? null : money(history),
        deals: b?.deals ?? 0,
      });
    }
  }
  await sql`delete from forecast_snapshots where workspace_id = ${workspaceId} and taken_on = ${asOf}::date`.execute(
    tx,
  );
  if (rows.length > 0)
    await sql`
      insert into forecast_snapshots (workspace_id, taken_on, month, owner_id, currency, weighted, history, deals)
      select ${workspaceId}, ${asOf}::date, t.month, t.owner_id, ${currency}, t.w, t.h, t.n from unnest(
        ${rows.map((r) => r.month)}::date[], ${rows.map((r) => r.owner)}::uuid[],
        ${rows.map((r) => r.weighted)}::numeric[], ${rows.map((r) => r.history)}::numeric[],
        ${rows.map((r) => r.deals)}::int[]) as t(month, owner_id, w, h, n)`.execute(tx);
  return { takenOn: asOf, rows: rows.length };
}

/**
 * The daily snapshot of every workspace that has deals or orders. One workspace's failure
 * does not stop the others.
 */
export async function takeAllForecastSnapshots(
  ctx: AppContext,
  log: (message: string, error?: unknown) => void = () => {},
): Promise<number> {
  const workspaces = await acrossWorkspaces(ctx.db.owner, async (tx) => {
    const { rows } = await sql<{ id: string }>`
      select w.id from workspaces w
       where exists (select 1 from deals d where d.workspace_id = w.id and d.deleted_at is null)
          or exists (select 1 from orders o where o.workspace_id = w.id and o.deleted_at is null)`.execute(tx);
    return rows;
  });
  let taken = 0;
  for (const { id } of workspaces) {
    try {
      await inTenant(ctx.db.app, { workspaceId: id }, (tx) => takeForecastSnapshot(tx, id));
      taken++;
    } catch (error) {
      log(`forecast snapshot of workspace ${id} failed`, error);
    }
  }
  return taken;
}
