// Why deals are lost: a list of reasons per workspace, and the reason a lost deal keeps.
//
// A reason is chosen from the workspace's list (lost_reason_id) and may come with a note in
// the deal's existing lost_reason text. The list belongs to the workspace: admins add,
// rename, reorder and deactivate reasons; a reason is never deleted, so the lost deals that
// name it keep it (a deactivated one is no longer offered). Default reasons carry a `key`, by
// which the web app shows them in the reader's language; renaming a reason drops its key and
// the reason is shown as written from then on, in every language. Every workspace, existing or new, starts with
// the defaults (for new ones see createDefaultLostReasons).
import { type Kysely, sql } from 'kysely';

/**
 * The defaults, in the order offered. Stored under their German names, as the default
 * pipeline's stages are; the English ones are for readers of the API and match the web app's texts.
 */
export const defaultLostReasons = [
  { key: 'price', de: 'Preis zu hoch', en: 'Price too high' },
  { key: 'competitor', de: 'Wettbewerber gewählt', en: 'Chose a competitor' },
  { key: 'budget', de: 'Kein Budget', en: 'No budget' },
  { key: 'need', de: 'Kein Bedarf', en: 'No need' },
  { key: 'timing', de: 'Falscher Zeitpunkt', en: 'Bad timing' },
  { key: 'noResponse', de: 'Keine Rückmeldung', en: 'No response' },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const defaults = defaultLostReasons
    .map((r, position) => `('${r.key}', '${r.de}', '${r.en}', ${position})`)
    .join(',\n        ');
  // One script, so that the maintenance setting (migration 0016) holds for the inserts into
  // every existing workspace: row-level security is forced on the owner too.
  await sql
    .raw(`
    create table lost_reasons (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      key text,
      name text not null check (length(name) between 1 and 100),
      position integer not null,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (workspace_id, id)
    );
    create unique index lost_reasons_name on lost_reasons (workspace_id, lower(name));
    create index lost_reasons_position on lost_reasons (workspace_id, position);
    alter table lost_reasons enable row level security;
    alter table lost_reasons force row level security;
    create policy lost_reasons_tenant on lost_reasons to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    create policy lost_reasons_maintenance on lost_reasons to farley_maintenance
      using (current_setting('farley.maintenance', true) = 'on')
      with check (current_setting('farley.maintenance', true) = 'on');
    grant select, insert, update, delete on lost_reasons to farley_app;

    alter table deals add column lost_reason_id uuid;
    alter table deals add foreign key (workspace_id, lost_reason_id) references lost_reasons (workspace_id, id);
    create index deals_lost_reason on deals (workspace_id, lost_reason_id) where lost_reason_id is not null;

    select set_config('farley.maintenance', 'on', true);
    insert into lost_reasons (workspace_id, id, key, name, position)
      select w.id, gen_random_uuid(), d.key, d.de, d.position
        from workspaces w
       cross join (values
        ${defaults}
       ) as d(key, de, en, position);
  `)
    .execute(db);
}
