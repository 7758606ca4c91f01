// Orders (Aufträge) and their lines (issue 21): what customers bought, entered in Farley,
// pushed by an ERP or web shop through the API, or imported. The purchase history and the
// customer figures are read from them.
//
// An order entered in Farley gets its number from the document counters (0030); one that
// comes from elsewhere carries the other system's number as `external_number`, unique among
// the workspace's live orders, which makes the API's upsert and the import idempotent. Returns
// and credit notes are orders of kind 'return' with negative amounts, so sums over a customer's
// orders are net of them; cancelled orders count for nothing.
//
// Sized for millions of lines: a line is a few narrow columns keyed by its order, with no audit
// of its own (the order's version and audit entry cover a change of its lines). The history
// indexes hold what the revenue sums read (status, kind, currency, net total), so a customer
// with thousands of orders is summed from the index alone.
import { type Kysely, sql } from 'kysely';

export const orderKinds = ['order', 'return'] as const;
export const orderStatuses = ['open', 'delivered', 'invoiced', 'cancelled'] as const;
export const orderSources = ['farley', 'import', 'api'] as const;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table orders (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      number text check (length(number) between 1 and 60),
      external_number text check (length(external_number) between 1 and 100),
      kind text not null default 'order' check (kind in (${list(orderKinds)})),
      status text not null default 'open' check (status in (${list(orderStatuses)})),
      order_date date not null,
      company_id uuid,
      contact_id uuid,
      currency char(3) not null,
      net_total numeric(16,2) not null,
      vat_total numeric(16,2),
      gross_total numeric(16,2),
      quote_id uuid,
      deal_id uuid,
      owner_id uuid,
      source text not null default 'farley' check (source in (${list(orderSources)})),
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      deleted_at timestamptz(3),
      primary key (workspace_id, id),
      check (company_id is not null or contact_id is not null),
      check (case kind when 'order' then net_total >= 0 else net_total <= 0 end),
      foreign key (workspace_id, company_id) references companies(workspace_id, id),
      foreign key (workspace_id, contact_id) references contacts(workspace_id, id),
      foreign key (workspace_id, deal_id) references deals(workspace_id, id),
      foreign key (workspace_id, owner_id) references users(workspace_id, id)
    );
    create unique index orders_number on orders (workspace_id, number) where number is not null;
    create unique index orders_external_number on orders (workspace_id, external_number)
      where external_number is not null and deleted_at is null;
    create index orders_contact_history on orders (workspace_id, contact_id, order_date desc, id desc)
      include (status, kind, currency, net_total) where contact_id is not null and deleted_at is null;
    create index orders_company_history on orders (workspace_id, company_id, order_date desc, id desc)
      include (status, kind, currency, net_total) where company_id is not null and deleted_at is null;
    create index orders_date on orders (workspace_id, order_date desc, id desc) where deleted_at is null;

    create table order_lines (
      workspace_id uuid not null,
      order_id uuid not null,
      position integer not null check (position >= 1),
      product_id uuid,
      sku text check (length(sku) between 1 and 64),
      name text check (length(name) between 1 and 500),
      quantity numeric(16,4) not null,
      unit text check (length(unit) between 1 and 20),
      unit_price numeric(16,4),
      net_amount numeric(16,2) not null,
      vat_rate numeric(5,2) check (vat_rate >= 0 and vat_rate <= 100),
      primary key (workspace_id, order_id, position),
      foreign key (workspace_id, order_id) references orders(workspace_id, id) on delete cascade
    );
    create index order_lines_product on order_lines (workspace_id, product_id) where product_id is not null;
  `)
    .execute(db);
  for (const table of ['orders', 'order_lines']) {
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
  // Imports and saved mappings take the record type 'orders' (and 'products', which issue 21
  // adds alongside: whichever of the two migrations runs last keeps both).
  await sql
    .raw(`
    alter table imports drop constraint imports_record_type_check;
    alter table imports add constraint imports_record_type_check
      check (record_type in ('contacts','companies','deals','activities','notes','products','orders'));
    alter table import_mappings drop constraint import_mappings_record_type_check;
    alter table import_mappings add constraint import_mappings_record_type_check
      check (record_type in ('contacts','companies','deals','activities','notes','products','orders'));
  `)
    .execute(db);
  await sql
    .raw(`
    create trigger orders_audit after insert or update or delete on orders
      for each row execute function farley_audit('order');
  `)
    .execute(db);
}
