// Record-level access: per role and record type, which records a user sees and changes — all,
// their team's, or their own (docs/security.md, "Record access"). Enforced like tenancy, by
// row-level security: a restrictive policy per record table, ANDed with the workspace policy,
// so every read path (lists, search, lookup, timelines, exports, reports, CardDAV, API tokens)
// gets the same rows without asking the service. The scope comes from the transaction's user
// (farley.user_id, set with the workspace); a transaction without a user is the server's own
// work (jobs, migrations of data) and sees all of the workspace.
//
// The helper functions are called as `(select f())` in the policies, which makes them one
// InitPlan per statement instead of a call per row; with the scope `all` the policy is then a
// constant true before any per-row work.
//
// Each `exists` of a policy ends in `offset 0`: without it PostgreSQL may plan the test as a
// hashed subplan, which reads every matching row of the other table once per statement (all
// of a sales rep's 75,000 deals at a million contacts, 220 ms) even for a page of 50. With it,
// the test is a probe by index per row the query reads (docs/performance.md, "Record access").
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

/** Partners: external users who act on the records of their partner organisation only. */
const roles = `('admin','manager','agent','viewer','partner')`;

function ownerIn(column: string, scope: string): string {
  return `(${column} = (select farley_user()) or (${scope} = 'team' and ${column} = any ((select farley_team_users())::uuid[])))`;
}

/** The records a user reaches as participant: those linked to a record in their scope. */
export interface Scoped {
  table: string;
  type: string;
  owner: string;
  /** Further ways to be "own", each an SQL condition given the scope expression. */
  through?: (scope: string) => string[];
}

export const scoped: Scoped[] = [
  {
    table: 'contacts',
    type: 'contact',
    owner: 'owner_id',
    through: (scope) => [
      `exists (select 1 from deals d where d.workspace_id = contacts.workspace_id and d.contact_id = contacts.id
         and ${ownerIn('d.owner_id', scope)} offset 0)`,
    ],
  },
  {
    table: 'companies',
    type: 'company',
    owner: 'owner_id',
    through: (scope) => [
      `exists (select 1 from deals d where d.workspace_id = companies.workspace_id and d.company_id = companies.id
         and ${ownerIn('d.owner_id', scope)} offset 0)`,
    ],
  },
  { table: 'deals', type: 'deal', owner: 'owner_id' },
  { table: 'quotes', type: 'quote', owner: 'owner_id' },
  { table: 'orders', type: 'order', owner: 'owner_id' },
  { table: 'tasks', type: 'task', owner: 'assignee_id' },
  {
    table: 'appointments',
    type: 'appointment',
    owner: 'owner_id',
    through: () => [
      `exists (select 1 from appointment_attendees a where a.workspace_id = appointments.workspace_id
         and a.appointment_id = appointments.id and a.user_id = (select farley_user()) offset 0)`,
    ],
  },
  {
    table: 'activities',
    type: 'activity',
    owner: 'author_id',
    // An activity belongs to the history of the customers and deals it is linked to: whoever
    // may see one of them sees it (the contacts' and deals' own policies decide that).
    through: () => [
      `exists (select 1 from activity_links l where l.workspace_id = activities.workspace_id
         and l.activity_id = activities.id and (
           (l.record_type = 'contact' and exists (select 1 from contacts c where c.workspace_id = l.workspace_id and c.id = l.record_id offset 0))
           or (l.record_type = 'company' and exists (select 1 from companies c where c.workspace_id = l.workspace_id and c.id = l.record_id offset 0))
           or (l.record_type = 'deal' and exists (select 1 from deals c where c.workspace_id = l.workspace_id and c.id = l.record_id offset 0))) offset 0)`,
    ],
  },
];

export const recordAccessTypes = scoped.map((s) => s.type);

/**
 * What the analyses keep per customer (segments, potentials, suggestions) follows the
 * customer: shown only with a contact or company the user may see.
 */
const perCustomer = ['customer_analytics', 'customer_potentials', 'next_actions'];

function followsCustomer(table: string): string {
  return `
    create policy ${table}_scope_read on ${table} as restrictive for select to farley_app using (
      ((select farley_scope('contact', false)) = 'all' and (select farley_scope('company', false)) = 'all')
      or (customer_type = 'contact' and exists (select 1 from contacts c
            where c.workspace_id = ${table}.workspace_id and c.id = ${table}.customer_id offset 0))
      or (customer_type = 'company' and exists (select 1 from companies c
            where c.workspace_id = ${table}.workspace_id and c.id = ${table}.customer_id offset 0)));`;
}

/** Whether the transaction's user sees (`write` false) or changes a row of the table. */
export function scopeCondition({ type, owner, through }: Scoped, write: boolean): string {
  const scope = `(select farley_scope('${type}', ${write}))`;
  const ways = [ownerIn(owner, scope), ...(through?.(scope) ?? [])];
  return `${scope} = 'all' or (${scope} <> 'none' and (${ways.join(' or ')}))`;
}

function policies(table: Scoped): string {
  const condition = (write: boolean) => scopeCondition(table, write);
  return `
    create policy ${table.table}_scope_read on ${table.table} as restrictive for select to farley_app using (${condition(false)});
    create policy ${table.table}_scope_update on ${table.table} as restrictive for update to farley_app
      using (${condition(true)}) with check (true);
    create policy ${table.table}_scope_delete on ${table.table} as restrictive for delete to farley_app using (${condition(true)});`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    alter table users drop constraint users_role_check;
    alter table users add constraint users_role_check check (role in ${roles});
    alter table teams add column partner boolean not null default false;

    create table access_rules (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      role text not null check (role in ('manager','agent','viewer','partner')),
      record_type text not null check (record_type in (${recordAccessTypes.map((t) => `'${t}'`).join(',')})),
      read_scope text not null check (read_scope in ('all','team','own')),
      write_scope text not null check (write_scope in ('all','team','own')),
      primary key (workspace_id, role, record_type)
    );
    ${tenantTableSql('access_rules')}

    create table field_rules (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      role text not null check (role in ('manager','agent','viewer','partner')),
      record_type text not null check (record_type in ('contact','company','deal')),
      field text not null check (length(field) between 1 and 100),
      access text not null check (access in ('hidden','read')),
      primary key (workspace_id, role, record_type, field)
    );
    ${tenantTableSql('field_rules')}

    create function farley_user() returns uuid language sql stable as
      $f$ select nullif(current_setting('farley.user_id', true), '')::uuid $f$;

    -- 'all', 'team', 'own', or 'none' for a user id that names nobody active. Admins see all;
    -- partners never more than their partner organisation (their teams).
    create function farley_scope(kind text, write boolean) returns text language sql stable as $f$
      select case when farley_user() is null then 'all' else coalesce((
        select case
          when u.role = 'admin' then 'all'
          when u.role = 'partner' then case when r.role is null then 'team'
            when (case when write then r.write_scope else r.read_scope end) = 'own' then 'own' else 'team' end
          else coalesce(case when write then r.write_scope else r.read_scope end, 'all') end
        from users u
        left join access_rules r on r.workspace_id = u.workspace_id and r.role = u.role and r.record_type = kind
        where u.workspace_id = farley_workspace() and u.id = farley_user() and u.active and u.deleted_at is null
      ), 'none') end
    $f$;

    -- The user and everyone sharing a team (not in the trash) with them; for a partner, only
    -- their partner organisations count.
    create function farley_team_users() returns uuid[] language sql stable as $f$
      select array_append(coalesce(array_agg(distinct mate.user_id), '{}'), farley_user())
      from team_members mine
      join teams t on t.workspace_id = mine.workspace_id and t.id = mine.team_id and t.deleted_at is null
      join team_members mate on mate.workspace_id = mine.workspace_id and mate.team_id = mine.team_id
      where mine.workspace_id = farley_workspace() and mine.user_id = farley_user()
        and (t.partner or not exists (select 1 from users u
          where u.workspace_id = farley_workspace() and u.id = farley_user() and u.role = 'partner'))
    $f$;

    grant execute on function farley_user(), farley_scope(text, boolean), farley_team_users() to farley_app;

    create index if not exists deals_owner on deals (workspace_id, owner_id);
    create index if not exists activities_author on activities (workspace_id, author_id);
    create index if not exists quotes_owner on quotes (workspace_id, owner_id);
    create index if not exists orders_owner on orders (workspace_id, owner_id);

    ${scoped.map(policies).join('\n')}
    ${perCustomer.map(followsCustomer).join('\n')}
  `)
    .execute(db);
}
