// In-app notifications: one row per message to one user (for now: a task's reminder is due).
// Read state is per notification, so the bell can show an unread count without scanning tasks.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table notifications (
      workspace_id uuid not null,
      id uuid not null,
      user_id uuid not null,
      kind text not null check (kind in ('task_reminder')),
      task_id uuid,
      title text not null,
      created_at timestamptz(3) not null default now(),
      read_at timestamptz(3),
      primary key (workspace_id, id),
      foreign key (workspace_id, user_id) references users(workspace_id, id) on delete cascade,
      foreign key (workspace_id, task_id) references tasks(workspace_id, id) on delete cascade
    );
    -- A user's bell: newest first (ids are UUIDv7, so id order is creation order).
    create index notifications_user on notifications (workspace_id, user_id, id desc);
    create index notifications_unread on notifications (workspace_id, user_id) where read_at is null;
    create index notifications_task on notifications (workspace_id, task_id);
    alter table notifications enable row level security;
    create policy notifications_tenant on notifications to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    grant select, insert, update, delete on notifications to farley_app;
  `)
    .execute(db);
}
