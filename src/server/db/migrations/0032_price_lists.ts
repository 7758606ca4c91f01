// Price lists (issue 21): which price a customer gets for a product.
//
// A workspace has one default list and any number of others ("Händler", "Großkunde"). A list
// takes a percentage off the products' list prices, holds its own prices for single products
// (entries, which win over the percentage), or both; validity dates limit when it applies.
// Companies and contacts may name a list (price_list_id); quotes ask the price list module
// which price applies (priceLists/index.ts, unitPriceFor). Every existing workspace gets its
// default list here, a new one at its creation (workspaces.service.ts).
//
// The name is unique among the workspace's live lists, ignoring case; the one default list
// per workspace is held by a partial unique index, and it cannot be trashed (the service
// refuses). Entries are audited like the lists: a changed price is a change a manager made.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One script, so that the maintenance setting (migration 0016) holds for the inserts into
  // every existing workspace: row-level security is forced on the owner too.
  await sql
    .raw(`
    create table price_lists (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null check (length(name) between 1 and 100),
      currency char(3) not null,
      is_default boolean not null default false,
      discount_percent numeric(7,4) check (discount_percent >= 0 and discount_percent <= 100),
      valid_from date,
      valid_until date,
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      deleted_at timestamptz(3),
      primary key (workspace_id, id),
      check (valid_until is null or valid_from is null or valid_until >= valid_from)
    );
    create unique index price_lists_name on price_lists (workspace_id, lower(name)) where deleted_at is null;
    create unique index price_lists_default on price_lists (workspace_id) where is_default;
    alter table price_lists enable row level security;
    alter table price_lists force row level security;
    create policy price_lists_tenant on price_lists to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    create policy price_lists_maintenance on price_lists to farley_maintenance
      using (current_setting('farley.maintenance', true) = 'on')
      with check (current_setting('farley.maintenance', true) = 'on');
    grant select, insert, update, delete on price_lists to farley_app;
    create trigger price_lists_audit after insert or update or delete on price_lists
      for each row execute function farley_audit('price_list');

    create table price_list_entries (
      workspace_id uuid not null,
      id uuid not null,
      price_list_id uuid not null,
      product_id uuid not null,
      price numeric(16,4) not null check (price >= 0),
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (workspace_id, price_list_id, product_id),
      unique (workspace_id, id),
      foreign key (workspace_id, price_list_id) references price_lists (workspace_id, id) on delete cascade,
      foreign key (workspace_id, product_id) references products (workspace_id, id) on delete cascade
    );
    create index price_list_entries_product on price_list_entries (workspace_id, product_id);
    alter table price_list_entries enable row level security;
    alter table price_list_entries force row level security;
    create policy price_list_entries_tenant on price_list_entries to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    create policy price_list_entries_maintenance on price_list_entries to farley_maintenance
      using (current_setting('farley.maintenance', true) = 'on')
      with check (current_setting('farley.maintenance', true) = 'on');
    grant select, insert, update, delete on price_list_entries to farley_app;
    create trigger price_list_entries_audit after insert or update or delete on price_list_entries
      for each row execute function farley_audit('price_list_entry');

    alter table companies add column price_list_id uuid;
    alter table companies add foreign key (workspace_id, price_list_id) references price_lists (workspace_id, id);
    create index companies_price_list on companies (workspace_id, price_list_id) where price_list_id is not null;
    alter table contacts add column price_list_id uuid;
    alter table contacts add foreign key (workspace_id, price_list_id) references price_lists (workspace_id, id);
    create index contacts_price_list on contacts (workspace_id, price_list_id) where price_list_id is not null;

    select set_config('farley.maintenance', 'on', true);
    insert into price_lists (workspace_id, id, name, currency, is_default)
      select w.id, gen_random_uuid(), 'Standardpreisliste', w.default_currency, true from workspaces w;
  `)
    .execute(db);
}
