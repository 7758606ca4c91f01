// Mailboxes (issue 23): the IMAP and SMTP servers a user (or, for a shared team mailbox such
// as info@, an admin on the team's behalf) connects to Farley. Passwords are sealed with the
// installation's secret key (platform/secrets.ts) before they are stored: the column holds
// version, key id, IV, tag and ciphertext, never the password. Sync state comes with the sync.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

const server = (prefix: 'imap' | 'smtp') => `
      ${prefix}_host text not null check (length(${prefix}_host) between 1 and 253),
      ${prefix}_port integer not null check (${prefix}_port between 1 and 65535),
      ${prefix}_security text not null check (${prefix}_security in ('tls', 'starttls', 'none')),
      ${prefix}_trust_self_signed boolean not null default false,
      ${prefix}_username text not null check (length(${prefix}_username) between 1 and 320),
      ${prefix}_password bytea not null,`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table mailboxes (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      owner_id uuid not null,
      team_id uuid,
      name text not null check (length(name) between 1 and 100),
      address text not null check (length(address) between 3 and 320),
      ${server('imap')}
      ${server('smtp')}
      folders text[] not null default array['INBOX', 'Sent'],
      sync_since date not null default (current_date - interval '12 months')::date,
      status text not null default 'unchecked' check (status in ('unchecked', 'ok', 'failing')),
      checked_at timestamptz(3),
      problems jsonb not null default '[]',
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      deleted_at timestamptz(3),
      primary key (workspace_id, id),
      foreign key (workspace_id, owner_id) references users (workspace_id, id),
      foreign key (workspace_id, team_id) references teams (workspace_id, id)
    );
    create index mailboxes_owner on mailboxes (workspace_id, owner_id) where deleted_at is null;
    create index mailboxes_team on mailboxes (workspace_id, team_id) where team_id is not null and deleted_at is null;
    ${tenantTableSql('mailboxes')}
  `)
    .execute(db);
}
