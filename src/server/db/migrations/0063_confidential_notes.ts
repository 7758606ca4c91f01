// Confidential notes (docs/security.md, "Field access"): an activity can be marked
// confidential, and a role's field rule (`activity`, `confidential`) hides such activities
// (`hidden`) or shows them without letting the role change them (`read`). Hiding is a whole
// row, not a field, so it is enforced like the record scopes of 0062: restrictive policies on
// activities, which every read path (timelines, lookup, exports, reports, the audit log,
// personal-data exports) gets without asking the service. A transaction without a user (the
// server's own jobs) and admins see and change all.
//
// The helper is called as `(select f())`, one InitPlan per statement; for a role without the
// rule the policy is a constant true before any per-row work.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    alter table activities add column confidential boolean not null default false;

    alter table field_rules drop constraint field_rules_record_type_check;
    alter table field_rules add constraint field_rules_record_type_check check (
      record_type in ('contact','company','deal','activity')
      and (record_type <> 'activity' or field = 'confidential'));

    -- 'all' (sees and changes confidential activities), 'read' (sees them) or 'hidden'; a user
    -- id that names nobody active gets 'hidden'.
    create function farley_confidential_access() returns text language sql stable as $f$
      select case when farley_user() is null then 'all' else coalesce((
        select case when u.role = 'admin' then 'all' else coalesce(f.access, 'all') end
        from users u
        left join field_rules f on f.workspace_id = u.workspace_id and f.role = u.role
          and f.record_type = 'activity' and f.field = 'confidential'
        where u.workspace_id = farley_workspace() and u.id = farley_user() and u.active and u.deleted_at is null
      ), 'hidden') end
    $f$;
    grant execute on function farley_confidential_access() to farley_app;

    create policy activities_confidential_read on activities as restrictive for select to farley_app
      using (not confidential or (select farley_confidential_access()) <> 'hidden');
    create policy activities_confidential_insert on activities as restrictive for insert to farley_app
      with check (not confidential or (select farley_confidential_access()) = 'all');
    create policy activities_confidential_update on activities as restrictive for update to farley_app
      using (not confidential or (select farley_confidential_access()) = 'all')
      with check (not confidential or (select farley_confidential_access()) = 'all');
    create policy activities_confidential_delete on activities as restrictive for delete to farley_app
      using (not confidential or (select farley_confidential_access()) = 'all');
  `)
    .execute(db);
}
