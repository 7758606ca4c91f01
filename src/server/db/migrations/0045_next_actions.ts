// Next best actions (issue 22): per customer, what to do next and why, made by each analytics
// run from its results (an A customer at risk, a lapsed customer, the top cross-sell product,
// a quote without an answer, missing contact data), ranked by their expected value. What
// people do with a suggestion stays (done with a task, done, dismissed), so that acceptance
// and what followed can be reported per kind of action; the open ones are replaced by each run.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table next_actions (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      run_id uuid,
      customer_type text not null check (customer_type in ('company','contact')),
      customer_id uuid not null,
      owner_id uuid,
      kind text not null check (kind in ('retain','revive','crossSell','followUpQuote','completeData')),
      subject_id uuid,
      score double precision not null,
      expected_value numeric(16,2),
      currency char(3) not null,
      reason jsonb not null,
      status text not null default 'open' check (status in ('open','done','dismissed')),
      created_at timestamptz(3) not null default now(),
      decided_at timestamptz(3),
      decided_by uuid,
      task_id uuid,
      primary key (workspace_id, id),
      check ((status = 'open') = (decided_at is null))
    );
    create index next_actions_owner on next_actions (workspace_id, owner_id, score desc) where status = 'open';
    create index next_actions_customer on next_actions (workspace_id, customer_id, status);
    create index next_actions_decided on next_actions (workspace_id, kind, decided_at) where status <> 'open';
  `)
    .execute(db);
  await sql.raw(tenantTableSql('next_actions')).execute(db);
}
