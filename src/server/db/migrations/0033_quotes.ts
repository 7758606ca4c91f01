// Quotes (Angebote, issue 21) with their lines, and the workspace's sales settings.
//
// A quote is a draft until it is issued: issuing gives it its number (numbering module, in the
// same transaction) and freezes its totals, which are stored as computed then (net, VAT and
// gross as numeric for lists and sums, the whole computation as JSON for the document). A
// revision is a new row with the same number and the next revision number; `root_id` ties the
// revisions of one quote together (the first revision's id), and only one draft revision may be
// open per quote. Expiry is not stored: a sent quote past its validity date reads as expired
// (docs/sales.md, "Quotes"). Lines are replaced as a whole with every change of a draft and are
// not audited one by one: the quote's own audit row records each change of it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table sales_settings (
      workspace_id uuid primary key references workspaces(id) on delete cascade,
      small_business boolean not null default false,
      quote_validity_days integer not null default 30 check (quote_validity_days between 1 and 365),
      quote_terms text,
      quote_closing text,
      version integer not null default 1,
      updated_at timestamptz(3) not null default now()
    );

    create table quotes (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      root_id uuid not null,
      number text,
      revision integer not null default 1 check (revision >= 1),
      company_id uuid,
      contact_id uuid,
      deal_id uuid,
      status text not null default 'draft'
        check (status in ('draft','sent','accepted','declined','superseded')),
      language text not null check (language in ('de','en')),
      currency char(3) not null,
      prices_entered text not null default 'net' check (prices_entered in ('net','gross')),
      tax_treatment text not null default 'standard'
        check (tax_treatment in ('standard','reverseCharge','smallBusiness')),
      quote_date date not null,
      valid_until date not null,
      subject text not null check (length(subject) between 1 and 300),
      introduction text,
      terms text,
      closing text,
      customer_reference text,
      discount_kind text check (discount_kind in ('percent','amount')),
      discount_value numeric(16,4),
      net_total numeric(18,4) not null default 0,
      vat_total numeric(18,4) not null default 0,
      gross_total numeric(18,4) not null default 0,
      totals jsonb not null default '{}',
      issued_at timestamptz(3),
      sent_at timestamptz(3),
      decided_at timestamptz(3),
      decline_reason text,
      owner_id uuid,
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      deleted_at timestamptz(3),
      primary key (workspace_id, id),
      check (company_id is not null or contact_id is not null),
      check ((discount_kind is null) = (discount_value is null)),
      check (status = 'draft' or number is not null),
      check (deleted_at is null or status = 'draft'),
      foreign key (workspace_id, company_id) references companies(workspace_id, id),
      foreign key (workspace_id, contact_id) references contacts(workspace_id, id),
      foreign key (workspace_id, deal_id) references deals(workspace_id, id),
      foreign key (workspace_id, owner_id) references users(workspace_id, id)
    );
    create unique index quotes_number on quotes (workspace_id, number, revision) where number is not null;
    create unique index quotes_open_draft on quotes (workspace_id, root_id) where status = 'draft' and deleted_at is null;
    create index quotes_created on quotes (workspace_id, created_at, id) where deleted_at is null;
    create index quotes_company on quotes (workspace_id, company_id) where company_id is not null;
    create index quotes_contact on quotes (workspace_id, contact_id) where contact_id is not null;
    create index quotes_deal on quotes (workspace_id, deal_id) where deal_id is not null;
    create index quotes_root on quotes (workspace_id, root_id, revision);

    create table quote_lines (
      workspace_id uuid not null,
      quote_id uuid not null,
      position integer not null check (position >= 0),
      kind text not null check (kind in ('item','heading','text')),
      product_id uuid,
      sku text,
      name text,
      description text,
      quantity numeric(16,4),
      unit text,
      unit_price numeric(16,4),
      discount_kind text check (discount_kind in ('percent','amount')),
      discount_value numeric(16,4),
      vat_rate numeric(5,2),
      optional boolean not null default false,
      text text,
      primary key (workspace_id, quote_id, position),
      foreign key (workspace_id, quote_id) references quotes(workspace_id, id) on delete cascade,
      check (kind <> 'item' or (name is not null and quantity is not null and unit_price is not null and vat_rate is not null))
    );
    create index quote_lines_product on quote_lines (workspace_id, product_id) where product_id is not null;
  `)
    .execute(db);
  for (const table of ['sales_settings', 'quotes', 'quote_lines']) {
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
    create trigger quotes_audit after insert or update or delete on quotes
      for each row execute function farley_audit('quote');
  `)
    .execute(db);
}
