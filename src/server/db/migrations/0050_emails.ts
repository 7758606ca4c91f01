// Email in the CRM (issue 23): what the sync of a mailbox remembers per folder, the messages it
// keeps (only those with a known participant, unless the mailbox says otherwise), their files,
// what a user has marked private, the senders the CRM does not know yet, and the sync's log.
//
// A message is stored once per workspace (by Message-ID), however many mailboxes and folders
// hold it. It reaches the timeline as an activity of type email (activities.email_id), so the
// timeline, "last contacted", lookup and the KPIs count it like any other contact.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';
import { pendingListKb } from './0014_gin_pending_lists.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    alter table mailboxes
      add column store_all boolean not null default false,
      add column signature text check (length(signature) <= 20000),
      add column sync_state text not null default 'idle' check (sync_state in ('idle', 'syncing', 'failing')),
      add column sync_lease_until timestamptz(3),
      add column synced_at timestamptz(3),
      add column sync_error text;

    -- One row per synced folder: where the last sync stopped. A new UIDVALIDITY means the
    -- server renumbered the folder, and the folder is read again from the start.
    create table mailbox_folders (
      workspace_id uuid not null,
      id uuid not null,
      mailbox_id uuid not null,
      path text not null,
      uid_validity bigint,
      last_uid bigint not null default 0,
      uid_next bigint,
      highest_modseq numeric(20),
      messages_total integer not null default 0,
      messages_done integer not null default 0,
      first_sync_done boolean not null default false,
      synced_at timestamptz(3),
      primary key (workspace_id, id),
      unique (workspace_id, mailbox_id, path),
      foreign key (workspace_id, mailbox_id) references mailboxes (workspace_id, id) on delete cascade
    );
    ${tenantTableSql('mailbox_folders')}

    create table emails (
      workspace_id uuid not null,
      id uuid not null,
      mailbox_id uuid not null,
      message_id text not null check (length(message_id) between 1 and 998),
      thread_id uuid not null,
      in_reply_to text,
      reference_ids text[] not null default '{}',
      subject text not null default '',
      from_address text not null default '',
      from_name text,
      recipients jsonb not null default '{"to":[],"cc":[],"bcc":[]}',
      participants text[] not null default '{}',
      sent_at timestamptz(3) not null,
      direction text not null check (direction in ('inbound', 'outbound')),
      text_body text not null default '',
      html_body text,
      snippet text not null default '',
      auto_kind text check (auto_kind in ('bounce', 'auto_reply')),
      bounced_addresses text[] not null default '{}',
      raw_sha256 text,
      size integer not null default 0,
      status text not null default 'stored' check (status in ('stored', 'scheduled', 'sent', 'failed')),
      send_at timestamptz(3),
      send_error text,
      created_by uuid,
      created_at timestamptz(3) not null default now(),
      -- German and English stems both: a query finds "Angebote" by "Angebot" and "offers" by
      -- "offer" whichever language the mail was written in. The body counts up to 200,000
      -- characters (a tsvector has a size limit; the start of a mail is what people search).
      search tsvector generated always as (
        setweight(to_tsvector('german', subject), 'A') || setweight(to_tsvector('english', subject), 'A') ||
        setweight(to_tsvector('simple', coalesce(from_name, '') || ' ' || from_address), 'B') ||
        to_tsvector('german', left(text_body, 200000)) || to_tsvector('english', left(text_body, 200000))
      ) stored,
      primary key (workspace_id, id),
      unique (workspace_id, message_id),
      foreign key (workspace_id, mailbox_id) references mailboxes (workspace_id, id) on delete cascade
    );
    create index emails_thread on emails (workspace_id, thread_id, sent_at);
    create index emails_reply on emails (workspace_id, in_reply_to) where in_reply_to is not null;
    create index emails_mailbox on emails (workspace_id, mailbox_id, sent_at desc, id desc);
    create index emails_participants on emails using gin (workspace_id, participants)
      with (gin_pending_list_limit = ${pendingListKb});
    create index emails_search on emails using gin (workspace_id, search)
      with (gin_pending_list_limit = ${pendingListKb});
    create index emails_due on emails (workspace_id, send_at) where status = 'scheduled';
    ${tenantTableSql('emails')}

    -- Where the servers hold a message (folder and UID): a message seen again is not stored twice.
    create table email_locations (
      workspace_id uuid not null,
      folder_id uuid not null,
      uid bigint not null,
      email_id uuid not null,
      primary key (workspace_id, folder_id, uid),
      foreign key (workspace_id, folder_id) references mailbox_folders (workspace_id, id) on delete cascade,
      foreign key (workspace_id, email_id) references emails (workspace_id, id) on delete cascade
    );
    create index email_locations_email on email_locations (workspace_id, email_id);
    ${tenantTableSql('email_locations')}

    -- Attachments: the bytes live once in the file store under their SHA-256.
    create table email_attachments (
      workspace_id uuid not null,
      id uuid not null,
      email_id uuid not null,
      position integer not null,
      filename text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content_id text,
      inline boolean not null default false,
      primary key (workspace_id, id),
      foreign key (workspace_id, email_id) references emails (workspace_id, id) on delete cascade
    );
    create index email_attachments_email on email_attachments (workspace_id, email_id, position);
    ${tenantTableSql('email_attachments')}

    -- What a user has taken out of the CRM: a correspondent (address) or one message
    -- (Message-ID). The sync of that user's mailboxes never stores them again.
    create table email_exclusions (
      workspace_id uuid not null,
      user_id uuid not null,
      kind text not null check (kind in ('address', 'message')),
      value text not null check (length(value) between 1 and 998),
      created_at timestamptz(3) not null default now(),
      primary key (workspace_id, user_id, kind, value),
      foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
    );
    ${tenantTableSql('email_exclusions')}

    -- Senders the CRM does not know who wrote more than once: offered as new contacts. Only the
    -- address, a name and what their signature said are kept, never the mail.
    create table email_unknown_senders (
      workspace_id uuid not null,
      address text not null,
      name text,
      mailbox_owner_id uuid not null,
      messages integer not null default 1,
      last_seen_at timestamptz(3) not null,
      signature jsonb not null default '{}',
      dismissed boolean not null default false,
      primary key (workspace_id, mailbox_owner_id, address),
      foreign key (workspace_id, mailbox_owner_id) references users (workspace_id, id) on delete cascade
    );
    ${tenantTableSql('email_unknown_senders')}

    -- What the sync skipped or could not read, with the reason. A message that failed to parse
    -- keeps its raw bytes (raw_sha256) and is parsed again by a retry.
    create table mail_sync_log (
      workspace_id uuid not null,
      id uuid not null,
      mailbox_id uuid not null,
      folder text,
      uid bigint,
      at timestamptz(3) not null default now(),
      level text not null check (level in ('info', 'skipped', 'failed', 'error')),
      message text not null,
      raw_sha256 text,
      resolved_at timestamptz(3),
      primary key (workspace_id, id),
      foreign key (workspace_id, mailbox_id) references mailboxes (workspace_id, id) on delete cascade
    );
    create index mail_sync_log_mailbox on mail_sync_log (workspace_id, mailbox_id, at desc);
    create index mail_sync_log_retry on mail_sync_log (workspace_id, mailbox_id) where level = 'failed' and resolved_at is null;
    ${tenantTableSql('mail_sync_log')}

    -- Addresses a delivery report said are undeliverable for good (hard bounces): the data
    -- quality score counts them as invalid until the address changes.
    create table email_bounces (
      workspace_id uuid not null,
      address text not null,
      bounced_at timestamptz(3) not null,
      email_id uuid,
      primary key (workspace_id, address),
      foreign key (workspace_id, email_id) references emails (workspace_id, id) on delete set null (email_id)
    );
    ${tenantTableSql('email_bounces')}

    alter table activities add column email_id uuid;
    alter table activities add constraint activities_email
      foreign key (workspace_id, email_id) references emails (workspace_id, id) on delete cascade;
    create unique index activities_email_id on activities (workspace_id, email_id) where email_id is not null;
  `)
    .execute(db);
}
