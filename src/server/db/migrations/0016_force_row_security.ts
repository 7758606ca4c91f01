// Row-level security forced on every table that has it, so that even the owner of the tables
// reads only the workspace of its transaction setting. Reading across workspaces becomes a
// deliberate act: a login that is a member of farley_maintenance, in a transaction that sets
// farley.maintenance to 'on' (the reminder job's one look across workspaces, the demo
// loader; see maintenance.ts). Superusers and BYPASSRLS roles still see everything: that is
// why the application may be neither (isolation.ts checks it at start). A table of a later
// migration gets the same: enable and force row-level security, a policy for farley_app and
// one for farley_maintenance (src/server/security/schema.test.ts checks every table).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Server-wide like farley_app (migration 0001): another database may be migrating too.
  await sql
    .raw(`
    do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'farley_maintenance') then
        begin
          create role farley_maintenance nologin;
        exception when duplicate_object or unique_violation then null;
        end;
      end if;
      if not pg_has_role(current_user, 'farley_maintenance', 'MEMBER') then
        begin
          execute format('grant farley_maintenance to %I', current_user);
        exception when unique_violation then null;
        end;
      end if;
    end $$;
  `)
    .execute(db);
  const { rows } = await sql<{ name: string }>`
    select relname as name from pg_class
     where relnamespace = current_schema()::regnamespace and relkind = 'r' and relrowsecurity
     order by 1`.execute(db);
  for (const { name } of rows) {
    await sql
      .raw(`
      alter table ${name} force row level security;
      create policy ${name}_maintenance on ${name} to farley_maintenance
        using (current_setting('farley.maintenance', true) = 'on')
        with check (current_setting('farley.maintenance', true) = 'on');
    `)
      .execute(db);
  }
}
