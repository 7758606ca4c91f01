// The products and services catalogue (issue 21): what quotes and orders will be made of.
//
// A product's SKU is unique among the workspace's live products: a trashed product keeps its
// SKU without blocking it (restoring it then meets the new holder, as customer numbers do).
// Prices are exact (numeric), the VAT rate one the workspace's country allows (checked by the
// service, contract/sales/vatRates.ts). Changes are audited like the other record tables; the
// tags index keeps a short GIN pending list like every GIN index (0014).
import { type Kysely, sql } from 'kysely';

export const productUnits = ['piece', 'hour', 'day', 'flat', 'kg', 'm', 'm2', 'l', 'month'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const units = productUnits.map((u) => `'${u}'`).join(',');
  await sql
    .raw(`
    create table products (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      sku text not null check (length(sku) between 1 and 64),
      name text not null check (length(name) between 1 and 200),
      description text,
      unit text not null check (unit in (${units})),
      list_price numeric(16,4) not null check (list_price >= 0),
      currency char(3) not null,
      vat_rate numeric(5,2) not null check (vat_rate >= 0 and vat_rate <= 100),
      product_group text,
      active boolean not null default true,
      tags text[] not null default '{}',
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      deleted_at timestamptz(3),
      primary key (workspace_id, id)
    );
    create unique index products_sku on products (workspace_id, sku) where deleted_at is null;
    create index products_name on products (workspace_id, name collate "und-x-icu", id) where deleted_at is null;
    create index products_group on products (workspace_id, product_group) where deleted_at is null;
    create index products_tags on products using gin (workspace_id, tags) with (gin_pending_list_limit = 256);
    alter table products enable row level security;
    alter table products force row level security;
    create policy products_tenant on products to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    create policy products_maintenance on products to farley_maintenance
      using (current_setting('farley.maintenance', true) = 'on')
      with check (current_setting('farley.maintenance', true) = 'on');
    grant select, insert, update, delete on products to farley_app;
    create trigger products_audit after insert or update or delete on products
      for each row execute function farley_audit('product');
  `)
    .execute(db);
}
