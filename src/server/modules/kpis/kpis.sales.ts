// The sales KPIs of a period: the open pipeline (now) per stage, owner and team; how the deals
// closed in the period (win rate, average deal size, sales cycle); how deals move through the
// stages (conversion and time in stage, from the stage history); how quotes were decided.
// Amounts count deals in the workspace's currency only; the rest are counted apart.
import { sql } from 'kysely';
import type { KpiGroupRow, SalesKpis } from '../../../contract/kpis.ts';
import type { Db } from '../../platform/db/database.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { type KpiFilter, money, ownedBy, ratio } from './kpis.scope.ts';

/** The deals closed in the period: closed on a day from `from` to `to`. */
const closedIn = (column: string, filter: KpiFilter) =>
  sql`(${sql.ref(column)} >= ${filter.from}::date and ${sql.ref(column)} < ${filter.to}::date + 1)`;

interface GroupFigures {
  key: string | null;
  /** The row of all deals (per owner, the grand total comes along). */
  total: boolean;
  open_deals: number;
  open_amount: string;
  weighted: string;
  won: number;
  lost: number;
  won_amount: string;
  average: string | null;
  cycle_median: number | null;
  cycle_average: number | null;
  other_currency: number;
}

/**
 * Pipeline and outcome figures per owner with the total of all deals (one scan), or per team
 * (a deal counts for each team its owner is in).
 */
async function groupFigures(
  tx: Db,
  workspaceId: string,
  currency: string,
  filter: KpiFilter,
  by: 'owner' | 'team',
): Promise<GroupFigures[]> {
  const key = by === 'owner' ? sql`d.owner_id` : sql`m.team_id`;
  const teams =
    by === 'team' ? sql`join team_members m on m.workspace_id = d.workspace_id and m.user_id = d.owner_id` : sql``;
  const { rows } = await sql<GroupFigures>`
    with scoped as (
      select ${key} as key, d.status, d.amount, d.currency = ${currency} as ours,
             coalesce(d.probability, s.probability) as probability,
             extract(epoch from d.closed_at - d.created_at) / 86400 as cycle
        from deals d
        join pipeline_stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
        ${teams}
       where d.workspace_id = ${workspaceId} and d.deleted_at is null and ${ownedBy(workspaceId, 'd.owner_id', filter)}
         and (d.status = 'open' or ${closedIn('d.closed_at', filter)})
    )
    select key, grouping(key) = 1 as total,
           (count(*) filter (where status = 'open'))::int as open_deals,
           coalesce(sum(amount) filter (where status = 'open' and ours), 0)::text as open_amount,
           coalesce(round(sum(amount * probability) filter (where status = 'open' and ours) / 100, 2), 0)::text as weighted,
           (count(*) filter (where status = 'won'))::int as won,
           (count(*) filter (where status = 'lost'))::int as lost,
           coalesce(sum(amount) filter (where status = 'won' and ours), 0)::text as won_amount,
           round(avg(amount) filter (where status = 'won' and ours), 2)::text as average,
           (percentile_cont(0.5) within group (order by cycle) filter (where status = 'won'))::float8 as cycle_median,
           (avg(cycle) filter (where status = 'won'))::float8 as cycle_average,
           (count(*) filter (where amount is not null and not ours))::int as other_currency
      from scoped
     group by ${by === 'owner' ? sql`grouping sets ((key), ())` : sql`key`}`.execute(tx);
  return rows;
}

const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

function presentFigures(row: GroupFigures | undefined) {
  const won = row?.won ?? 0;
  const lost = row?.lost ?? 0;
  return {
    pipeline: { deals: row?.open_deals ?? 0, amount: money(row?.open_amount), weighted: money(row?.weighted) },
    outcomes: {
      won,
      lost,
      winRate: ratio(won, won + lost),
      wonAmount: money(row?.won_amount),
      averageDealSize: row?.average == null ? null : money(row.average),
      cycleMedianDays: oneDecimal(row?.cycle_median ?? null),
      cycleAverageDays: oneDecimal(row?.cycle_average ?? null),
    },
  };
}

interface StageNames {
  pipeline_id: string;
  pipeline_name: string;
  stage_id: string;
  stage_name: string;
}

/** A stage and its pipeline as the KPIs name them. */
const stageOf = (r: StageNames) => ({
  pipelineId: r.pipeline_id,
  pipelineName: r.pipeline_name,
  stageId: r.stage_id,
  stageName: r.stage_name,
});

/** The open stages of the live pipelines (`s`, `p`), as the KPIs list them. */
const openStages = sql`pipeline_stages s
      join pipelines p on p.workspace_id = s.workspace_id and p.id = s.pipeline_id and p.deleted_at is null`;
const openStagesWhere = (workspaceId: string) =>
  sql`s.workspace_id = ${workspaceId} and s.kind = 'open' and s.removed_at is null`;

/** The open deals per stage of every live pipeline, empty stages too, in pipeline order. */
async function pipelineStages(tx: Db, workspaceId: string, currency: string, filter: KpiFilter) {
  const { rows } = await sql<
    StageNames & {
      probability: number;
      deals: number;
      amount: string;
      weighted: string;
    }
  >`
    select s.pipeline_id, p.name as pipeline_name, s.id as stage_id, s.name as stage_name, s.probability,
           count(d.id)::int as deals,
           coalesce(sum(d.amount) filter (where d.currency = ${currency}), 0)::text as amount,
           coalesce(round(sum(d.amount * coalesce(d.probability, s.probability)) filter (where d.currency = ${currency}) / 100, 2), 0)::text as weighted
      from ${openStages}
      left join deals d on d.workspace_id = s.workspace_id and d.stage_id = s.id and d.deleted_at is null
                       and d.status = 'open' and ${ownedBy(workspaceId, 'd.owner_id', filter)}
     where ${openStagesWhere(workspaceId)}
     group by s.pipeline_id, p.name, p.position, s.id, s.name, s.probability, s.position
     order by p.position, p.name, s.position`.execute(tx);
  return rows.map((r) => ({
    ...stageOf(r),
    probability: r.probability,
    deals: r.deals,
    amount: money(r.amount),
    weighted: money(r.weighted),
  }));
}

/**
 * Per open stage: the moves into it in the period, how many of them the deal's next move took
 * forward (to a later open stage or a won one), how many of those deals are won now, and how
 * many are still there (no move since); and the moves out of it in the period with the median
 * days the deal had spent in it. One pass over the workspace's stage history in the order of
 * its index (deal, time), each move learning the deal's next move; the stages' ranks
 * (position, won above all) come along as arrays, so no join breaks that order.
 */
async function stageConversion(tx: Db, workspaceId: string, filter: KpiFilter): Promise<SalesKpis['conversion']> {
  const { rows: stages } = await sql<StageNames & { kind: 'open' | 'won' | 'lost'; position: number; live: boolean }>`
    select s.pipeline_id, p.name as pipeline_name, s.id as stage_id, s.name as stage_name, s.kind, s.position,
           (s.removed_at is null and p.deleted_at is null) as live
      from pipeline_stages s join pipelines p on p.workspace_id = s.workspace_id and p.id = s.pipeline_id
     where s.workspace_id = ${workspaceId}
     order by p.position, p.name, s.position`.execute(tx);
  const rank = (s: (typeof stages)[number]) =>
    s.kind === 'won' ? 2_000_000_000 : s.kind === 'open' ? s.position : null;
  const inPeriod = (column: string) => closedIn(column, filter);
  const { rows } = await sql<{
    stage_id: string;
    entered: number;
    reached_next: number;
    won: number;
    still_there: number;
    exits: number;
    median_days: number | null;
  }>`
    select m.to_stage_id as stage_id,
           (count(*) filter (where m.entered))::int as entered,
           (count(*) filter (where m.entered and m.next_rank > m.rank))::int as reached_next,
           (count(*) filter (where m.entered and d.status = 'won'))::int as won,
           (count(*) filter (where m.entered and m.next_at is null and d.status = 'open'))::int as still_there,
           (count(*) filter (where m.left_in))::int as exits,
           (percentile_cont(0.5) within group (order by extract(epoch from m.next_at - m.changed_at) / 86400)
              filter (where m.left_in))::float8 as median_days
      from (
        select m.*, ${inPeriod('m.changed_at')} as entered, coalesce(${inPeriod('m.next_at')}, false) as left_in
          from (
            select c.deal_id, c.to_stage_id, c.changed_at, r.rank,
                   lead(c.changed_at) over w as next_at, lead(r.rank) over w as next_rank
              from deal_stage_changes c
              cross join lateral (
                select (${stages.map(rank)}::int[])[array_position(${stages.map((s) => s.stage_id)}::uuid[], c.to_stage_id)] as rank
              ) r
             where c.workspace_id = ${workspaceId}
            window w as (partition by c.deal_id order by c.changed_at)
          ) m
      ) m
      join deals d on d.workspace_id = ${workspaceId} and d.id = m.deal_id and d.deleted_at is null
     where (m.entered or m.left_in) and ${ownedBy(workspaceId, 'd.owner_id', filter)}
     group by m.to_stage_id`.execute(tx);
  const of = new Map(rows.map((r) => [r.stage_id, r]));
  return stages
    .filter((s) => s.kind === 'open' && s.live)
    .map((s) => {
      const r = of.get(s.stage_id);
      const entered = r?.entered ?? 0;
      return {
        ...stageOf(s),
        entered,
        reachedNext: r?.reached_next ?? 0,
        won: r?.won ?? 0,
        stillThere: r?.still_there ?? 0,
        nextRate: ratio(r?.reached_next ?? 0, entered),
        wonRate: ratio(r?.won ?? 0, entered),
        exits: r?.exits ?? 0,
        medianDays: oneDecimal(r?.median_days ?? null),
      };
    });
}

/** Quotes accepted or declined on a day of the period (a revision is a quote of its own). */
async function quoteDecisions(tx: Db, workspaceId: string, filter: KpiFilter): Promise<SalesKpis['quotes']> {
  const { rows } = await sql<{ accepted: number; declined: number }>`
    select (count(*) filter (where status = 'accepted'))::int as accepted,
           (count(*) filter (where status = 'declined'))::int as declined
      from quotes q
     where q.workspace_id = ${workspaceId} and q.deleted_at is null and q.status in ('accepted', 'declined')
       and ${closedIn('q.decided_at', filter)} and ${ownedBy(workspaceId, 'q.owner_id', filter)}`.execute(tx);
  const { accepted, declined } = rows[0] ?? { accepted: 0, declined: 0 };
  return { accepted, declined, acceptanceRate: ratio(accepted, accepted + declined) };
}

async function names(tx: Db, table: 'users' | 'teams', ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function groupRows(tx: Db, rows: GroupFigures[], table: 'users' | 'teams'): Promise<KpiGroupRow[]> {
  const named = await names(
    tx,
    table,
    rows.flatMap((r) => (r.key ? [r.key] : [])),
  );
  return rows
    .map((r) => ({ id: r.key, name: r.key ? (named.get(r.key) ?? null) : null, ...presentFigures(r) }))
    .sort(
      (a, b) =>
        Number(b.pipeline.weighted) - Number(a.pipeline.weighted) ||
        Number(b.outcomes.wonAmount) - Number(a.outcomes.wonAmount) ||
        (a.name ?? '').localeCompare(b.name ?? ''),
    );
}

/** Pipeline and outcomes per owner only: the team's figures a dashboard tile shows. */
export async function ownerKpis(
  tx: Db,
  workspaceId: string,
  filter: KpiFilter,
): Promise<{ currency: string; byOwner: KpiGroupRow[] }> {
  const currency = (await workspaceSettings(tx, workspaceId)).defaultCurrency;
  const owners = await groupFigures(tx, workspaceId, currency, filter, 'owner');
  return {
    currency,
    byOwner: await groupRows(
      tx,
      owners.filter((r) => !r.total && r.key),
      'users',
    ),
  };
}

/** Every sales KPI of the period for the deals, quotes and orders the filter selects. */
export async function salesKpis(tx: Db, workspaceId: string, filter: KpiFilter): Promise<SalesKpis> {
  const currency = (await workspaceSettings(tx, workspaceId)).defaultCurrency;
  const owners = await groupFigures(tx, workspaceId, currency, filter, 'owner');
  const all = owners.find((r) => r.total);
  const total = presentFigures(all);
  return {
    period: { from: filter.from, to: filter.to, currency },
    pipeline: { ...total.pipeline, stages: await pipelineStages(tx, workspaceId, currency, filter) },
    outcomes: total.outcomes,
    conversion: await stageConversion(tx, workspaceId, filter),
    quotes: await quoteDecisions(tx, workspaceId, filter),
    byOwner: await groupRows(
      tx,
      owners.filter((r) => !r.total),
      'users',
    ),
    byTeam: await groupRows(tx, await groupFigures(tx, workspaceId, currency, filter, 'team'), 'teams'),
    otherCurrencyDeals: all?.other_currency ?? 0,
  };
}
