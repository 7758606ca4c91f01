// Saved views of the record lists: a named set of columns, sort, filters and search, private
// to its owner or shared with the workspace. Settings, not records: no trash (a DELETE
// removes the row), but audited like every other table a user writes.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
create table saved_views (
  workspace_id uuid not null,
  id uuid not null,
  resource text not null check (resource in ('contacts','companies','deals')),
  name text not null check (char_length(name) between 1 and 100),
  shared boolean not null default false,
  owner_id uuid not null,
  config jsonb not null,
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, owner_id, resource, name),
  foreign key (workspace_id, owner_id) references users(workspace_id, id) on delete cascade
);
create index saved_views_resource on saved_views (workspace_id, resource, shared);

create trigger saved_views_audit after insert or update or delete on saved_views
  for each row execute function farley_audit('saved_view');

alter table saved_views enable row level security;
create policy saved_views_tenant on saved_views to farley_app
  using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
grant select, insert, update, delete on saved_views to farley_app;
`)
    .execute(db);
}
