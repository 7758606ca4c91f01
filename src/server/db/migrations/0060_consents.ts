// GDPR (issue 25): consents and legal bases per contact, and the restriction of processing.
//
// `consents` is a history, never edited: each row says that from `effective_at` on, the
// processing for `purpose` rests (granted) or no longer rests (withdrawn) on a legal basis of
// Art. 6(1), with the proof of how it was recorded. A withdrawal is a new row; the current state
// of a purpose is its latest row. The database refuses UPDATE and DELETE of a row, so that a
// proof cannot be changed afterwards by the application or a script. Two ways through, both
// deliberate: erasure (Art. 17) sets `farley.erasure = 'on'` for its transaction (or calls
// farley_erase_consents), and a row whose contact is gone goes with it (a workspace or a
// contact removed for good cascades).
//
// `consent_purposes` holds the workspace's own purposes beside the built-in ones
// (contract/consents.ts).
//
// A restriction of processing (Art. 18) is three columns of the contact: when, by whom, why.
// The contact's audit trail records setting and lifting it like any other change.
import { type Kysely, sql } from 'kysely';
import { scoredViewSql } from './scoredView.ts';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table consent_purposes (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      key text not null check (key ~ '^[a-z][a-z0-9_]{1,39}$'),
      label text not null check (length(label) between 1 and 200),
      description text check (length(description) <= 2000),
      channel text not null check (channel in ('email', 'phone', 'post', 'sms', 'messenger', 'in_person', 'any')),
      legal_basis char(1) not null check (legal_basis in ('a', 'b', 'c', 'd', 'e', 'f')),
      created_at timestamptz(3) not null default now(),
      primary key (workspace_id, key)
    );
    ${tenantTableSql('consent_purposes', 'select, insert')}

    create table consents (
      workspace_id uuid not null,
      id uuid not null,
      contact_id uuid not null,
      purpose text not null check (purpose ~ '^[a-z][a-z0-9_]{1,39}$'),
      channel text not null check (channel in ('email', 'phone', 'post', 'sms', 'messenger', 'in_person', 'any')),
      legal_basis char(1) not null check (legal_basis in ('a', 'b', 'c', 'd', 'e', 'f')),
      status text not null check (status in ('granted', 'withdrawn')),
      effective_at timestamptz(3) not null,
      method text not null check (method in ('form', 'email', 'phone', 'paper', 'in_person', 'import', 'api', 'other')),
      wording text check (length(wording) <= 20000),
      source text check (length(source) <= 1000),
      ip_address inet,
      note text check (length(note) <= 2000),
      import_id uuid,
      recorded_by uuid,
      recorded_at timestamptz(3) not null default now(),
      primary key (workspace_id, id),
      foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade
    );
    create index consents_contact on consents (workspace_id, contact_id, purpose, effective_at, recorded_at);
    ${tenantTableSql('consents', 'select, insert, delete')}

    create function farley_consents_append_only() returns trigger language plpgsql as $f$
    begin
      if current_setting('farley.erasure', true) = 'on' then
        return case when tg_op = 'DELETE' then old else new end;
      end if;
      if tg_op = 'DELETE' and not exists (
        select 1 from contacts c where c.workspace_id = old.workspace_id and c.id = old.contact_id) then
        return old;
      end if;
      raise exception 'consents are append-only: record a withdrawal as a new row'
        using errcode = 'P0001', hint = 'farley_consents_append_only';
    end $f$;
    create trigger consents_append_only before update or delete on consents
      for each row execute function farley_consents_append_only();
    create trigger consents_no_truncate before truncate on consents
      for each statement execute function farley_consents_append_only();

    -- Erasure (Art. 17): the one sanctioned way to remove a person's consent history.
    create function farley_erase_consents(contact uuid) returns integer language plpgsql as $f$
    declare
      removed integer;
    begin
      perform set_config('farley.erasure', 'on', true);
      delete from consents where workspace_id = farley_workspace() and contact_id = contact;
      get diagnostics removed = row_count;
      perform set_config('farley.erasure', '', true);
      return removed;
    end $f$;
    grant execute on function farley_erase_consents(uuid) to farley_app;

    alter table contacts add column restricted_at timestamptz(3);
    alter table contacts add column restricted_by uuid;
    alter table contacts add column restriction_reason text check (length(restriction_reason) <= 2000);
    alter table contacts add constraint contacts_restriction
      check ((restricted_at is null) = (restricted_by is null) and (restricted_at is null) = (restriction_reason is null));
    create index contacts_restricted on contacts (workspace_id, restricted_at) where restricted_at is not null;
    drop view contacts_listed;
    ${scoredViewSql('contacts')}
  `)
    .execute(db);
}
