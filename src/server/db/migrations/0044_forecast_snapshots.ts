// Sales forecast snapshots (issue 22): what the forecast said on a day about each coming month,
// per owner, so that once a month is over its forecast can be set against what came in. Also
// indexes for the KPIs that read a period: orders by day, quotes by decision, stage moves.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table forecast_snapshots (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      taken_on date not null,
      month date not null check (extract(day from month) = 1),
      owner_id uuid,
      currency char(3) not null,
      weighted numeric(16,2) not null,
      history numeric(16,2),
      deals integer not null check (deals >= 0),
      created_at timestamptz(3) not null default now(),
      primary key (workspace_id, id),
      unique nulls not distinct (workspace_id, taken_on, month, owner_id)
    );
    create index forecast_snapshots_month on forecast_snapshots (workspace_id, month, taken_on);
    ${tenantTableSql('forecast_snapshots')}

    -- Revenue per period reads the orders of a date range: their amount, currency, status, kind
    -- and owner from the index alone, without visiting each order.
    create index orders_revenue on orders (workspace_id, order_date)
      include (net_total, currency, status, kind, owner_id) where deleted_at is null;

    -- Quote acceptance counts the quotes decided in a period; stage conversion the stage moves
    -- of a period.
    create index quotes_decided on quotes (workspace_id, decided_at)
      where status in ('accepted', 'declined') and deleted_at is null;
    create index deal_stage_changes_changed on deal_stage_changes (workspace_id, changed_at);
  `)
    .execute(db);
}
