// The data-quality score of contacts and companies (0–100) with the reasons it is lower,
// kept on the record by every write and by a daily job (freshness changes without a write),
// and a daily snapshot of the average per type, from which the overview shows whether the
// workspace's data is getting better. The score is derived like search_text: the audit
// trail leaves it out, so a recomputation is no change anybody made.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['contacts', 'companies']) {
    await sql
      .raw(`
      -- null until the record is first scored (records older than this migration: the daily job).
      alter table ${table} add column quality smallint check (quality between 0 and 100),
        add column quality_reasons text[] not null default '{}';
      create index ${table}_quality on ${table} (workspace_id, quality, id) where deleted_at is null;
    `)
      .execute(db);
  }
  await sql
    .raw(`
    create table quality_snapshots (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      type text not null check (type in ('contacts','companies')),
      day date not null,
      average numeric(5,2) not null,
      records integer not null,
      below_60 integer not null,
      primary key (workspace_id, type, day)
    );
    alter table quality_snapshots enable row level security;
    alter table quality_snapshots force row level security;
    create policy quality_snapshots_tenant on quality_snapshots to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    create policy quality_snapshots_maintenance on quality_snapshots to farley_maintenance
      using (current_setting('farley.maintenance', true) = 'on')
      with check (current_setting('farley.maintenance', true) = 'on');
    grant select, insert, update, delete on quality_snapshots to farley_app;
  `)
    .execute(db);
  const { rows } = await sql<{
    definition: string;
  }>`select pg_get_functiondef('farley_audit'::regproc) as definition`.execute(db);
  await sql
    .raw(rows[0].definition.replaceAll(`- 'search_text'`, `- 'search_text' - 'quality' - 'quality_reasons'`))
    .execute(db);
}
