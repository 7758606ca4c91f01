// Analytical CRM (issue 22): a workspace's settings for its analyses, each run of them (as of a
// date, with the settings and the fitted model parameters it used), and per customer the
// results of each run, so that a customer's class or churn risk can be followed over time.
// A customer is a company, or a contact when an order names no company (a consumer).
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table analytics_settings (
      workspace_id uuid primary key references workspaces(id) on delete cascade,
      window_months integer not null default 12 check (window_months between 1 and 120),
      abc_a numeric(5,2) not null default 80 check (abc_a > 0 and abc_a < 100),
      abc_b numeric(5,2) not null default 95 check (abc_b > 0 and abc_b < 100),
      horizon_months integer not null default 36 check (horizon_months between 1 and 240),
      discount_rate numeric(5,2) not null default 10 check (discount_rate >= 0 and discount_rate <= 100),
      updated_at timestamptz(3) not null default now(),
      check (abc_a < abc_b)
    );

    create table analytics_runs (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      as_of date not null,
      settings jsonb not null,
      currency char(3) not null,
      customers integer not null,
      abc jsonb not null,
      bgnbd jsonb,
      gamma_gamma jsonb,
      note text,
      created_by uuid,
      started_at timestamptz(3) not null default now(),
      finished_at timestamptz(3),
      primary key (workspace_id, id)
    );

    create table customer_analytics (
      workspace_id uuid not null,
      run_id uuid not null,
      customer_type text not null check (customer_type in ('company','contact')),
      customer_id uuid not null,
      purchase_days integer not null,
      first_order date not null,
      last_order date not null,
      revenue_total numeric(16,2) not null,
      revenue_window numeric(16,2) not null,
      revenue_previous numeric(16,2) not null,
      orders_window integer not null,
      abc_class char(1) check (abc_class in ('A','B','C')),
      rfm_r smallint check (rfm_r between 1 and 5),
      rfm_f smallint check (rfm_f between 1 and 5),
      rfm_m smallint check (rfm_m between 1 and 5),
      rfm_segment text,
      p_alive double precision,
      expected_purchases double precision,
      expected_spend numeric(16,2),
      clv numeric(16,2),
      churn_signal text check (churn_signal in ('overdue','falling')),
      churn_detail jsonb,
      primary key (workspace_id, run_id, customer_id),
      foreign key (workspace_id, run_id) references analytics_runs(workspace_id, id) on delete cascade
    );
    create index customer_analytics_customer on customer_analytics (workspace_id, customer_id, run_id desc);
  `)
    .execute(db);
  for (const table of ['analytics_settings', 'analytics_runs', 'customer_analytics'])
    await sql.raw(tenantTableSql(table)).execute(db);
}
