// Merging duplicates: a merged record goes to the trash pointing at the one it was merged into
// (merged_into_id, so that an old link can forward to the survivor), and each merge keeps what
// it changed (merges.before, merges.moved) so that it can be undone exactly.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    alter table contacts add column merged_into_id uuid;
    alter table contacts add foreign key (workspace_id, merged_into_id) references contacts (workspace_id, id);
    alter table companies add column merged_into_id uuid;
    alter table companies add foreign key (workspace_id, merged_into_id) references companies (workspace_id, id);

    create table merges (
      workspace_id uuid not null,
      id uuid not null,
      type text not null check (type in ('contacts','companies')),
      survivor_id uuid not null,
      merged_ids uuid[] not null,
      -- which record's value won per field, as asked (the audit log and the undo show it)
      fields jsonb not null default '{}',
      keep_all text[] not null default '{}',
      -- the survivor's columns the merge changed, with their values before
      before jsonb not null,
      -- every row the merge re-pointed or dropped, by kind, to put back on undo
      moved jsonb not null,
      actor_id uuid,
      created_at timestamptz(3) not null default now(),
      undone_at timestamptz(3),
      undone_by uuid,
      primary key (workspace_id, id)
    );
    create index merges_survivor on merges (workspace_id, survivor_id);
    alter table merges enable row level security;
    alter table merges force row level security;
    create policy merges_tenant on merges to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    create policy merges_maintenance on merges to farley_maintenance
      using (current_setting('farley.maintenance', true) = 'on')
      with check (current_setting('farley.maintenance', true) = 'on');
    grant select, insert, update, delete on merges to farley_app;

    -- A pair of which one record was merged is settled: the matcher's pairs (0023) learn the
    -- status 'merged', which the merge sets and its undo takes back.
    do $do$ begin
      if to_regclass('duplicate_pairs') is not null then
        alter table duplicate_pairs drop constraint if exists duplicate_pairs_status_check;
        alter table duplicate_pairs add constraint duplicate_pairs_status_check
          check (status in ('open','dismissed','merged'));
      end if;
    end $do$;
  `)
    .execute(db);
}
