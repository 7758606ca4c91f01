// The foundation schema: workspaces, users and teams, sessions and tokens, companies,
// contacts, affiliations, pipelines, deals, activities, tasks and the audit log.
// Every tenant table has workspace_id first in its primary key and in every index;
// row-level security keyed on the transaction setting farley.workspace_id guards them.
import { type Kysely, sql } from 'kysely';

const tenantTables = [
  'users',
  'teams',
  'team_members',
  'sessions',
  'api_tokens',
  'companies',
  'contacts',
  'affiliations',
  'pipelines',
  'pipeline_stages',
  'deals',
  'deal_stage_changes',
  'activities',
  'activity_links',
  'tasks',
  'task_links',
  'audit_log',
];

/** The columns every record table shares. */
const recordColumns = `
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  deleted_at timestamptz(3)
`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
create extension if not exists pg_trgm;
create extension if not exists btree_gin;
create extension if not exists citext;

-- Roles belong to the whole server: another database on it may be migrating at the same
-- moment (tests give a file a database of its own), so losing the race to create the role
-- or the membership is fine.
do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'farley_app') then
    begin
      create role farley_app nologin;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
  begin
    execute format('grant farley_app to %I', current_user);
  exception when unique_violation then null;
  end;
end $$;

create function farley_workspace() returns uuid language sql stable as
  $f$ select nullif(current_setting('farley.workspace_id', true), '')::uuid $f$;

create table workspaces (
  id uuid primary key,
  name text not null,
  default_country char(2) not null default 'DE',
  default_currency char(3) not null default 'EUR',
  created_at timestamptz(3) not null default now()
);

-- Global, small: which workspace a login email belongs to (a reference table under Citus).
create table user_logins (
  email citext primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  user_id uuid not null
);

-- Failed logins, for rate limiting across stateless API servers.
create table login_failures (
  key text not null,
  at timestamptz(3) not null default now()
);
create index login_failures_key_at on login_failures (key, at);

create table users (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  id uuid not null,
  email citext not null,
  name text not null,
  role text not null check (role in ('admin','manager','agent','viewer')),
  locale text not null default 'de',
  active boolean not null default true,
  password_hash text,
  ${recordColumns},
  primary key (workspace_id, id),
  unique (workspace_id, email)
);

create table teams (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  id uuid not null,
  name text not null,
  description text,
  ${recordColumns},
  primary key (workspace_id, id)
);

create table team_members (
  workspace_id uuid not null,
  team_id uuid not null,
  user_id uuid not null,
  primary key (workspace_id, team_id, user_id),
  foreign key (workspace_id, team_id) references teams(workspace_id, id) on delete cascade,
  foreign key (workspace_id, user_id) references users(workspace_id, id) on delete cascade
);
create index team_members_user on team_members (workspace_id, user_id);

create table sessions (
  workspace_id uuid not null,
  id uuid not null,
  user_id uuid not null,
  secret_hash bytea not null,
  csrf_token text not null,
  created_at timestamptz(3) not null default now(),
  last_seen_at timestamptz(3) not null default now(),
  expires_at timestamptz(3) not null,
  primary key (workspace_id, id),
  foreign key (workspace_id, user_id) references users(workspace_id, id) on delete cascade
);

create table api_tokens (
  workspace_id uuid not null,
  id uuid not null,
  user_id uuid not null,
  name text not null,
  secret_hash bytea not null,
  last_used_at timestamptz(3),
  expires_at timestamptz(3),
  ${recordColumns},
  primary key (workspace_id, id),
  foreign key (workspace_id, user_id) references users(workspace_id, id) on delete cascade
);

create table companies (
  workspace_id uuid not null,
  id uuid not null,
  name text not null,
  legal_form text,
  industry text,
  employee_count integer,
  annual_revenue numeric(18,2),
  annual_revenue_currency char(3),
  website text,
  vat_id text,
  description text,
  emails jsonb not null default '[]',
  phones jsonb not null default '[]',
  addresses jsonb not null default '[]',
  tags text[] not null default '{}',
  owner_id uuid,
  parent_company_id uuid,
  -- derived from the above by the service, for lookup, filters and search
  email_list text[] not null default '{}',
  phone_list text[] not null default '{}',
  cities text[] not null default '{}',
  postal_codes text[] not null default '{}',
  search_text text not null default '',
  last_activity_at timestamptz(3),
  ${recordColumns},
  primary key (workspace_id, id),
  foreign key (workspace_id, owner_id) references users(workspace_id, id),
  foreign key (workspace_id, parent_company_id) references companies(workspace_id, id)
);
create index companies_name on companies (workspace_id, name collate "und-x-icu", id) where deleted_at is null;
create index companies_created on companies (workspace_id, created_at, id);
create index companies_parent on companies (workspace_id, parent_company_id);
create index companies_owner on companies (workspace_id, owner_id);
create index companies_search on companies using gin (workspace_id, search_text gin_trgm_ops);
create index companies_lookup on companies using gin (workspace_id, email_list, phone_list, tags, cities);

create table contacts (
  workspace_id uuid not null,
  id uuid not null,
  salutation text,
  title text,
  first_name text,
  last_name text not null,
  emails jsonb not null default '[]',
  phones jsonb not null default '[]',
  addresses jsonb not null default '[]',
  birthday date,
  job_title text,
  lifecycle_stage text not null default 'lead'
    check (lifecycle_stage in ('lead','prospect','customer','former','other')),
  source text,
  tags text[] not null default '{}',
  owner_id uuid,
  email_list text[] not null default '{}',
  phone_list text[] not null default '{}',
  cities text[] not null default '{}',
  postal_codes text[] not null default '{}',
  search_text text not null default '',
  last_activity_at timestamptz(3),
  ${recordColumns},
  primary key (workspace_id, id),
  foreign key (workspace_id, owner_id) references users(workspace_id, id)
);
create index contacts_last_name on contacts (workspace_id, last_name collate "und-x-icu", id) where deleted_at is null;
create index contacts_created on contacts (workspace_id, created_at, id);
create index contacts_owner on contacts (workspace_id, owner_id);
create index contacts_search on contacts using gin (workspace_id, search_text gin_trgm_ops);
create index contacts_lookup on contacts using gin (workspace_id, email_list, phone_list, tags, cities);

create table affiliations (
  workspace_id uuid not null,
  id uuid not null,
  contact_id uuid not null,
  company_id uuid not null,
  job_title text,
  buying_role text check (buying_role in ('decision_maker','influencer','user','gatekeeper','buyer','champion')),
  is_primary boolean not null default false,
  ${recordColumns},
  primary key (workspace_id, id),
  unique (workspace_id, contact_id, company_id),
  foreign key (workspace_id, contact_id) references contacts(workspace_id, id) on delete cascade,
  foreign key (workspace_id, company_id) references companies(workspace_id, id) on delete cascade
);
create index affiliations_company on affiliations (workspace_id, company_id);

create table pipelines (
  workspace_id uuid not null,
  id uuid not null,
  name text not null,
  is_default boolean not null default false,
  position integer not null default 0,
  ${recordColumns},
  primary key (workspace_id, id)
);

create table pipeline_stages (
  workspace_id uuid not null,
  id uuid not null,
  pipeline_id uuid not null,
  name text not null,
  position integer not null,
  probability integer not null check (probability between 0 and 100),
  kind text not null check (kind in ('open','won','lost')),
  created_at timestamptz(3) not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, pipeline_id) references pipelines(workspace_id, id) on delete cascade
);
create index pipeline_stages_pipeline on pipeline_stages (workspace_id, pipeline_id, position);

create table deals (
  workspace_id uuid not null,
  id uuid not null,
  title text not null,
  company_id uuid,
  contact_id uuid,
  pipeline_id uuid not null,
  stage_id uuid not null,
  amount numeric(18,2),
  currency char(3) not null default 'EUR',
  expected_close_date date,
  probability integer check (probability between 0 and 100),
  status text not null default 'open' check (status in ('open','won','lost')),
  lost_reason text,
  owner_id uuid,
  tags text[] not null default '{}',
  stage_entered_at timestamptz(3) not null default now(),
  closed_at timestamptz(3),
  search_text text not null default '',
  last_activity_at timestamptz(3),
  ${recordColumns},
  primary key (workspace_id, id),
  foreign key (workspace_id, company_id) references companies(workspace_id, id),
  foreign key (workspace_id, contact_id) references contacts(workspace_id, id),
  foreign key (workspace_id, pipeline_id) references pipelines(workspace_id, id),
  foreign key (workspace_id, stage_id) references pipeline_stages(workspace_id, id),
  foreign key (workspace_id, owner_id) references users(workspace_id, id)
);
create index deals_created on deals (workspace_id, created_at, id);
create index deals_stage on deals (workspace_id, pipeline_id, stage_id) where deleted_at is null;
create index deals_company on deals (workspace_id, company_id);
create index deals_contact on deals (workspace_id, contact_id);
create index deals_search on deals using gin (workspace_id, search_text gin_trgm_ops);

create table deal_stage_changes (
  workspace_id uuid not null,
  id uuid not null,
  deal_id uuid not null,
  from_stage_id uuid,
  to_stage_id uuid not null,
  changed_at timestamptz(3) not null default now(),
  changed_by uuid,
  primary key (workspace_id, id),
  foreign key (workspace_id, deal_id) references deals(workspace_id, id) on delete cascade
);
create index deal_stage_changes_deal on deal_stage_changes (workspace_id, deal_id, changed_at);

create table activities (
  workspace_id uuid not null,
  id uuid not null,
  type text not null check (type in ('note','call','email','meeting','letter','fax','chat','social','visit','sms')),
  direction text not null default 'internal' check (direction in ('inbound','outbound','internal')),
  subject text,
  body text,
  occurred_at timestamptz(3) not null default now(),
  duration_minutes integer check (duration_minutes >= 0),
  outcome text,
  author_id uuid,
  ${recordColumns},
  primary key (workspace_id, id),
  foreign key (workspace_id, author_id) references users(workspace_id, id)
);
create index activities_occurred on activities (workspace_id, occurred_at, id);

-- Which records an activity belongs to; occurred_at is copied here so that a
-- record's timeline is read from one index in order.
create table activity_links (
  workspace_id uuid not null,
  activity_id uuid not null,
  record_type text not null check (record_type in ('contact','company','deal')),
  record_id uuid not null,
  occurred_at timestamptz(3) not null,
  primary key (workspace_id, activity_id, record_type, record_id),
  foreign key (workspace_id, activity_id) references activities(workspace_id, id) on delete cascade
);
create index activity_links_record on activity_links (workspace_id, record_type, record_id, occurred_at desc, activity_id desc);

create table tasks (
  workspace_id uuid not null,
  id uuid not null,
  title text not null,
  description text,
  due_at timestamptz(3),
  remind_at timestamptz(3),
  reminded_at timestamptz(3),
  priority text not null default 'normal' check (priority in ('low','normal','high','urgent')),
  status text not null default 'open' check (status in ('open','done','cancelled')),
  assignee_id uuid,
  completed_at timestamptz(3),
  ${recordColumns},
  primary key (workspace_id, id),
  foreign key (workspace_id, assignee_id) references users(workspace_id, id)
);
create index tasks_assignee_due on tasks (workspace_id, assignee_id, status, due_at);
create index tasks_created on tasks (workspace_id, created_at, id);
create index tasks_reminders on tasks (workspace_id, remind_at) where reminded_at is null and status = 'open';

create table task_links (
  workspace_id uuid not null,
  task_id uuid not null,
  record_type text not null check (record_type in ('contact','company','deal')),
  record_id uuid not null,
  primary key (workspace_id, task_id, record_type, record_id),
  foreign key (workspace_id, task_id) references tasks(workspace_id, id) on delete cascade
);
create index task_links_record on task_links (workspace_id, record_type, record_id);

create table audit_log (
  workspace_id uuid not null,
  id bigint generated always as identity,
  at timestamptz(3) not null default now(),
  actor_id uuid,
  record_type text not null,
  record_id uuid not null,
  action text not null check (action in ('create','update','delete')),
  changes jsonb not null,
  primary key (workspace_id, id)
);
create index audit_log_record on audit_log (workspace_id, record_type, record_id, id);
`)
    .execute(db);

  // The audit trail is written by the database itself, so no write can skip it.
  await sql
    .raw(`
create function farley_audit() returns trigger language plpgsql as $f$
declare
  old_row jsonb := case when tg_op in ('UPDATE','DELETE') then to_jsonb(old) - 'search_text' - 'email_list' - 'phone_list' - 'cities' - 'postal_codes' - 'password_hash' - 'secret_hash' end;
  new_row jsonb := case when tg_op in ('INSERT','UPDATE') then to_jsonb(new) - 'search_text' - 'email_list' - 'phone_list' - 'cities' - 'postal_codes' - 'password_hash' - 'secret_hash' end;
  diff jsonb := '{}';
  k text;
  rec_id uuid;
  ws uuid;
begin
  if current_setting('farley.audit', true) = 'off' then return null; end if;
  if tg_op = 'INSERT' then
    select coalesce(jsonb_object_agg(key, jsonb_build_array(null, value)), '{}') into diff
      from jsonb_each(new_row - 'workspace_id' - 'id' - 'version' - 'created_at' - 'updated_at');
  elsif tg_op = 'DELETE' then
    select coalesce(jsonb_object_agg(key, jsonb_build_array(value, null)), '{}') into diff
      from jsonb_each(old_row - 'workspace_id' - 'id' - 'version' - 'created_at' - 'updated_at');
  else
    for k in select key from jsonb_each(new_row) loop
      if k not in ('version','updated_at','last_used_at') and (old_row -> k) is distinct from (new_row -> k) then
        diff := diff || jsonb_build_object(k, jsonb_build_array(old_row -> k, new_row -> k));
      end if;
    end loop;
    if diff = '{}' then return null; end if;
  end if;
  ws := coalesce((new_row ->> 'workspace_id'), (old_row ->> 'workspace_id'))::uuid;
  rec_id := coalesce((new_row ->> 'id'), (old_row ->> 'id'))::uuid;
  insert into audit_log (workspace_id, actor_id, record_type, record_id, action, changes)
  values (ws, nullif(current_setting('farley.user_id', true), '')::uuid, tg_argv[0], rec_id,
          case tg_op when 'INSERT' then 'create' when 'UPDATE' then 'update' else 'delete' end, diff);
  return null;
end $f$;
`)
    .execute(db);

  const audited: Array<[string, string]> = [
    ['users', 'user'],
    ['teams', 'team'],
    ['api_tokens', 'api_token'],
    ['companies', 'company'],
    ['contacts', 'contact'],
    ['affiliations', 'affiliation'],
    ['pipelines', 'pipeline'],
    ['deals', 'deal'],
    ['activities', 'activity'],
    ['tasks', 'task'],
  ];
  for (const [table, recordType] of audited) {
    await sql
      .raw(`create trigger ${table}_audit after insert or update or delete on ${table}
      for each row execute function farley_audit('${recordType}')`)
      .execute(db);
  }

  for (const table of ['workspaces', ...tenantTables]) {
    const column = table === 'workspaces' ? 'id' : 'workspace_id';
    await sql
      .raw(`
      alter table ${table} enable row level security;
      create policy ${table}_tenant on ${table} to farley_app
        using (${column} = farley_workspace()) with check (${column} = farley_workspace());
      grant select, insert, update, delete on ${table} to farley_app;
    `)
      .execute(db);
  }
  await sql
    .raw(`
    grant select, insert, update, delete on user_logins, login_failures to farley_app;
    grant usage on all sequences in schema public to farley_app;
  `)
    .execute(db);
}
