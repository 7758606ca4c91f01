// Revenue from orders: per month or quarter of a period against the same period a year before,
// and per month (and owner) for the forecasts. Revenue is the net total of the orders in the
// workspace's currency that are not cancelled or trashed; returns lower it. Reads the index
// orders_revenue (0044) alone.
import { sql } from 'kysely';
import type { RevenueKpis } from '../../../contract/kpis.ts';
import type { Db } from '../../platform/db/database.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { addDays, type KpiFilter, money, ownedBy, yearBefore } from './kpis.scope.ts';

const counted = (workspaceId: string, currency: string) =>
  sql`o.workspace_id = ${workspaceId} and o.deleted_at is null and o.status <> 'cancelled' and o.currency = ${currency}`;

/** Revenue per period of the filter's days, beside the same days a year before. */
export async function revenueKpis(
  tx: Db,
  workspaceId: string,
  filter: KpiFilter & { interval: 'month' | 'quarter' },
): Promise<RevenueKpis> {
  const currency = (await workspaceSettings(tx, workspaceId)).defaultCurrency;
  const unit = filter.interval === 'quarter' ? 'quarter' : 'month';
  const step = filter.interval === 'quarter' ? '3 months' : '1 month';
  const owned = ownedBy(workspaceId, 'o.owner_id', filter);
  const earlierFrom = yearBefore(filter.from);
  const earlierTo = yearBefore(addDays(filter.to, 1));
  // Summed per day first, in the order of the index (a few thousand days, not millions of
  // orders, meet the periods); the days of the year before are shifted by a year onto the
  // period they are compared with.
  const { rows } = await sql<{ start: string; revenue: string; previous: string }>`
    with amounts as (
      select o.order_date as day, sum(o.net_total) as revenue, 0::numeric as previous
        from orders o
       where ${counted(workspaceId, currency)} and o.order_date between ${filter.from}::date and ${filter.to}::date and ${owned}
       group by o.order_date
      union all
      select (o.order_date + interval '1 year')::date, 0, sum(o.net_total)
        from orders o
       where ${counted(workspaceId, currency)} and o.order_date >= ${earlierFrom}::date and o.order_date < ${earlierTo}::date
         and ${owned}
       group by o.order_date
    ), periods as (
      select generate_series(date_trunc(${unit}, ${filter.from}::timestamp), ${filter.to}::timestamp, ${step}::interval)::date as start
    )
    select p.start::text as start, coalesce(sum(a.revenue), 0)::text as revenue, coalesce(sum(a.previous), 0)::text as previous
      from periods p left join amounts a on date_trunc(${unit}, a.day::timestamp)::date = p.start
     group by p.start order by p.start`.execute(tx);
  const { rows: others } = await sql<{ n: number }>`
    select count(*)::int as n from orders o
     where o.workspace_id = ${workspaceId} and o.deleted_at is null and o.status <> 'cancelled'
       and o.currency <> ${currency} and o.order_date between ${filter.from}::date and ${filter.to}::date and ${owned}`.execute(
    tx,
  );
  const change = (now: number, before: number) => (before > 0 ? now / before - 1 : null);
  const revenue = rows.reduce((sum, r) => sum + Number(r.revenue), 0);
  const previous = rows.reduce((sum, r) => sum + Number(r.previous), 0);
  return {
    period: { from: filter.from, to: filter.to, currency },
    interval: filter.interval,
    rows: rows.map((r) => ({
      start: r.start,
      revenue: money(r.revenue),
      previousYear: money(r.previous),
      change: change(Number(r.revenue), Number(r.previous)),
    })),
    total: { revenue: money(revenue), previousYear: money(previous), change: change(revenue, previous) },
    otherCurrencyOrders: others[0]?.n ?? 0,
  };
}

/**
 * Revenue per month from `fromMonth` up to (not including) `toDay`, per owner when `byOwner`
 * (null: orders without owner), else for the filter's owners as one.
 */
export async function revenueByMonth(
  tx: Db,
  workspaceId: string,
  currency: string,
  range: { fromMonth: string; toDay: string },
  filter: Pick<KpiFilter, 'ownerId' | 'teamId'>,
  byOwner = false,
) {
  const { rows } = await sql<{ owner_id: string | null; month: string; revenue: string }>`
    select ${byOwner ? sql`o.owner_id` : sql`null::uuid`} as owner_id,
           date_trunc('month', o.order_date::timestamp)::date::text as month, sum(o.net_total)::text as revenue
      from orders o
     where ${counted(workspaceId, currency)} and o.order_date >= ${range.fromMonth}::date
       and o.order_date < ${range.toDay}::date and ${ownedBy(workspaceId, 'o.owner_id', filter)}
     group by 1, 2`.execute(tx);
  return rows.map((r) => ({ ownerId: r.owner_id, month: r.month, revenue: Number(r.revenue) }));
}

/** The first day with an order in the workspace's currency, or null. */
export async function firstOrderDay(tx: Db, workspaceId: string, currency: string): Promise<string | null> {
  const { rows } = await sql<{ day: string | null }>`
    select min(o.order_date)::text as day from orders o where ${counted(workspaceId, currency)}`.execute(tx);
  return rows[0]?.day ?? null;
}
