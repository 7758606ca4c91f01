// Email templates (issue 23): a workspace's templates (owner_id null, kept by managers and
// admins) and each user's own. The body is HTML as the rich-text editor writes it, sanitised
// by the service before it is stored; placeholders ({{contact.salutation}}) stay as text and
// are filled in when an email is written. Changes are audited like the other record tables.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table email_templates (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      owner_id uuid,
      name text not null check (char_length(name) between 1 and 100),
      language text not null check (language in ('de', 'en')),
      formality text not null default 'formal' check (formality in ('formal', 'informal')),
      subject text not null check (char_length(subject) between 1 and 300),
      body text not null check (char_length(body) <= 200000),
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      deleted_at timestamptz(3),
      primary key (workspace_id, id),
      foreign key (workspace_id, owner_id) references users (workspace_id, id)
    );
    create index email_templates_owner on email_templates (workspace_id, owner_id, name collate "und-x-icu", id)
      where deleted_at is null;
    ${tenantTableSql('email_templates')}
    create trigger email_templates_audit after insert or update or delete on email_templates
      for each row execute function farley_audit('email_template');
  `)
    .execute(db);
}
