// The workspace's letterhead (issue 21): the sender and the imprint a printed quote or order
// confirmation carries (company, address, contact, register, management, VAT ID, bank), one row
// per workspace, and its logo.
//
// Changes are audited like records (a changed IBAN on outgoing documents is worth a trail); the
// row's id is the workspace's, since there is one. The logo lives in a table of its own, so that
// the audit trail records a new logo by its hash instead of copying its bytes; the service
// checks its type by its first bytes and its size, the table holds the size limit too.
import { type Kysely, sql } from 'kysely';

export const maxLogoBytes = 500 * 1024;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table letterheads (
      workspace_id uuid primary key references workspaces(id) on delete cascade,
      id uuid not null check (id = workspace_id),
      company_name text check (length(company_name) between 1 and 200),
      street text check (length(street) <= 200),
      postal_code text check (length(postal_code) <= 20),
      city text check (length(city) <= 100),
      country char(2),
      phone text check (length(phone) <= 50),
      email text check (length(email) <= 200),
      website text check (length(website) <= 200),
      vat_id text check (length(vat_id) <= 20),
      tax_number text check (length(tax_number) <= 30),
      register_court text check (length(register_court) <= 100),
      register_number text check (length(register_number) <= 50),
      management text check (length(management) <= 300),
      bank_name text check (length(bank_name) <= 100),
      iban text check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
      bic text check (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
      logo_type text check (logo_type in ('image/png','image/jpeg')),
      logo_sha256 text,
      version integer not null default 1,
      updated_at timestamptz(3) not null default now()
    );
    create table letterhead_logos (
      workspace_id uuid primary key references letterheads(workspace_id) on delete cascade,
      content_type text not null check (content_type in ('image/png','image/jpeg')),
      bytes bytea not null check (octet_length(bytes) between 1 and ${maxLogoBytes})
    );
  `)
    .execute(db);
  for (const table of ['letterheads', 'letterhead_logos']) {
    await sql
      .raw(`
      alter table ${table} enable row level security;
      alter table ${table} force row level security;
      create policy ${table}_tenant on ${table} to farley_app
        using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
      create policy ${table}_maintenance on ${table} to farley_maintenance
        using (current_setting('farley.maintenance', true) = 'on')
        with check (current_setting('farley.maintenance', true) = 'on');
      grant select, insert, update, delete on ${table} to farley_app;
    `)
      .execute(db);
  }
  await sql
    .raw(`
    create trigger letterheads_audit after insert or update or delete on letterheads
      for each row execute function farley_audit('letterhead');
  `)
    .execute(db);
}
