// No write may put a record outside its writer's scope (docs/security.md, "Record access").
// 0062 limited which rows a user sees and changes, but a user whose scope for a type is
// `own` or `team` could still create a record for someone outside it, or hand one away: the
// write went through where a service wrote without RETURNING, and failed with an error
// where it read the row back (RETURNING must pass the read policy). Two rules close it:
//
// - A new record whose owner column is empty gets the user as owner when their write scope
//   for the type is not `all` (a trigger; imports that switch row triggers off call
//   farley_default_owner themselves). So "new contact" works as before for them.
// - A new or changed row must be one its writer may see: restrictive INSERT policies and the
//   UPDATE policies' WITH CHECK use the read condition of 0062. A write that breaks it fails
//   with SQLSTATE 42501, answered as 403 `outside_scope` (the whole transaction undone).
//
// The trigger fires only when the owner column is empty (its WHEN clause), and with the
// scope `all` the checks are a constant: writes that name an owner, admins and the server's
// own work without a user pay nothing per row.
import { type Kysely, sql } from 'kysely';
import { scopeCondition, scoped } from './0062_record_access.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    -- The owner a new record of this type gets when none is named: the user, when their
    -- write scope for the type is not 'all'; otherwise none (the record stays unowned).
    create function farley_default_owner(kind text) returns uuid language sql stable as $f$
      select case when farley_user() is not null and farley_scope(kind, true) <> 'all' then farley_user() end
    $f$;
    grant execute on function farley_default_owner(text) to farley_app;

    -- One trigger function for all scoped tables (so that bulk loads know it by name): its
    -- arguments are the record type and the owner column.
    create function farley_default_owner_row() returns trigger language plpgsql as $f$
    begin
      return jsonb_populate_record(new, jsonb_build_object(tg_argv[1], farley_default_owner(tg_argv[0])));
    end $f$;

    ${scoped
      .map(
        (s) => `
    create trigger ${s.table}_default_owner before insert on ${s.table} for each row
      when (new.${s.owner} is null) execute function farley_default_owner_row('${s.type}', '${s.owner}');
    create policy ${s.table}_scope_insert on ${s.table} as restrictive for insert to farley_app
      with check (${scopeCondition(s, false)});
    alter policy ${s.table}_scope_update on ${s.table} with check (${scopeCondition(s, false)});`,
      )
      .join('\n')}
  `)
    .execute(db);
}
