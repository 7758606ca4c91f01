// The start page: which records each user opened lately (recent_views), and the indexes its
// queries walk, so that it stays quick however many contacts and deals a workspace holds.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    -- One row per user and record, moved up on every view; the service keeps the newest ones.
    create table recent_views (
      workspace_id uuid not null,
      user_id uuid not null,
      record_type text not null check (record_type in ('contact','company','deal')),
      record_id uuid not null,
      viewed_at timestamptz(3) not null default now(),
      primary key (workspace_id, user_id, record_type, record_id),
      foreign key (workspace_id, user_id) references users(workspace_id, id) on delete cascade
    );
    create index recent_views_user on recent_views (workspace_id, user_id, viewed_at desc);
    alter table recent_views enable row level security;
    alter table recent_views force row level security;
    create policy recent_views_tenant on recent_views to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    create policy recent_views_maintenance on recent_views to farley_maintenance
      using (current_setting('farley.maintenance', true) = 'on')
      with check (current_setting('farley.maintenance', true) = 'on');
    grant select, insert, update, delete on recent_views to farley_app;

    -- A user's open deals, the soonest to close first (deals whose next step is due or
    -- missing), and per stage the longest waiting first (deals stuck in a stage).
    create index deals_owner_open_close on deals (workspace_id, owner_id, expected_close_date, id)
      where status = 'open' and deleted_at is null;
    create index deals_owner_open_stage on deals (workspace_id, owner_id, stage_id, stage_entered_at)
      where status = 'open' and deleted_at is null;
    -- The latest moves out of a stage: how long deals usually stay in it.
    create index deal_stage_changes_from on deal_stage_changes (workspace_id, from_stage_id, changed_at);
  `)
    .execute(db);
}
