// What each customer bought, kept up to date with their orders (issue 21): per contact or
// company, currency and product, the quantity, net revenue and number of lines of their counted
// orders (live, not cancelled). The purchase history's "products bought" reads a customer's few
// rows here instead of joining every line of every order: for a customer with thousands of
// orders that join was the slowest read of the customer page (docs/performance.md).
//
// Triggers keep it: a statement's inserted, changed or deleted lines add or take away their
// share (statement-level, over the transition tables, so an import's batch is one grouped
// upsert, not a row at a time), and a change of an order's customer, currency, status or trash
// moves its lines' share. An order deleted outright takes its share away before its lines
// go (their own trigger no longer finds the order). Writes with the row triggers off move the
// shares themselves: an import's bulk batch with farley_customer_products_share, the
// benchmark's loader with farley_customer_products_rebuild.
//
// A product is its catalogue id, else its SKU, else (a free line) its name: the grouping the
// history used before. The name shown is the greatest one seen, as max() gave it.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

/** A line's product: its catalogue id, else its SKU, else its name. */
const productKey = `coalesce(l.product_id::text, '') || '|' || coalesce(l.sku, '') || '|' ||
  case when l.product_id is null and l.sku is null then coalesce(l.name, '') else '' end`;

/** The share of lines `l` of orders `o` in the customers' rows, each line counted `sign` times. */
const share = (lines: string, orders: string, sign: string) => `
  select o.workspace_id, c.id as customer_id, o.currency,
         ${productKey} as product_key,
         l.product_id, l.sku, l.name, ${sign} * l.quantity as quantity, ${sign} * l.net_amount as revenue, ${sign} as lines
    from ${lines} l
    join ${orders} on o.workspace_id = l.workspace_id and o.id = l.order_id
    cross join lateral (values (o.company_id), (o.contact_id)) c(id)
   where c.id is not null and o.deleted_at is null and o.status <> 'cancelled'`;

/** The orders of an update whose share moves, as they were (b) or are (a). */
const moved = (side: 'a' | 'b') => `(
  select ${side}.* from new_orders a join old_orders b on a.workspace_id = b.workspace_id and a.id = b.id
   where (a.company_id, a.contact_id, a.currency, a.status, a.deleted_at is null)
      is distinct from (b.company_id, b.contact_id, b.currency, b.status, b.deleted_at is null)) o`;

/** Adds the grouped shares to the customers' rows, then drops the rows nothing is left of. */
const apply = (shares: string) => `
  insert into customer_products as cp
    (workspace_id, customer_id, currency, product_key, product_id, sku, name, quantity, revenue, lines)
  select workspace_id, customer_id, currency, product_key, max(product_id::text)::uuid, max(sku), max(name),
         sum(quantity), sum(revenue), sum(lines)::int
    from (${shares}) s
   group by 1, 2, 3, 4
  having sum(lines) <> 0 or sum(quantity) <> 0 or sum(revenue) <> 0
   order by 1, 2, 3, 4
  on conflict (workspace_id, customer_id, currency, product_key) do update
    set quantity = cp.quantity + excluded.quantity, revenue = cp.revenue + excluded.revenue,
        lines = cp.lines + excluded.lines, name = greatest(cp.name, excluded.name);
  delete from customer_products where lines <= 0`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table customer_products (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      customer_id uuid not null,
      currency char(3) not null,
      product_key text not null,
      product_id uuid,
      sku text,
      name text,
      quantity numeric not null,
      revenue numeric not null,
      lines integer not null,
      primary key (workspace_id, customer_id, currency, product_key)
    );
    -- Rows whose last line went: found without reading the others, then deleted.
    create index customer_products_gone on customer_products (workspace_id) where lines <= 0;
    ${tenantTableSql('customer_products')}

    create function farley_customer_products_lines() returns trigger language plpgsql as $f$
    begin
      if tg_op = 'INSERT' then
        ${apply(share('new_lines', 'orders o', '1'))};
      elsif tg_op = 'DELETE' then
        ${apply(share('old_lines', 'orders o', '-1'))};
      else
        ${apply(`${share('old_lines', 'orders o', '-1')} union all ${share('new_lines', 'orders o', '1')}`)};
      end if;
      return null;
    end $f$;
    create trigger order_lines_customer_products_insert after insert on order_lines
      referencing new table as new_lines for each statement execute function farley_customer_products_lines();
    create trigger order_lines_customer_products_delete after delete on order_lines
      referencing old table as old_lines for each statement execute function farley_customer_products_lines();
    create trigger order_lines_customer_products_update after update on order_lines
      referencing old table as old_lines new table as new_lines
      for each statement execute function farley_customer_products_lines();

    -- An order whose customer, currency, status or trash changed moves its lines' share.
    create function farley_customer_products_orders() returns trigger language plpgsql as $f$
    begin
      ${apply(`${share('order_lines', moved('b'), '-1')} union all ${share('order_lines', moved('a'), '1')}`)};
      return null;
    end $f$;
    create trigger orders_customer_products after update on orders
      referencing old table as old_orders new table as new_orders
      for each statement execute function farley_customer_products_orders();

    -- Taking away only updates rows: an order deleted with its workspace must not write a row
    -- for a workspace that is going.
    create function farley_customer_products_order_gone() returns trigger language plpgsql as $f$
    begin
      if old.deleted_at is null and old.status <> 'cancelled' then
        update customer_products cp set quantity = cp.quantity - d.quantity, revenue = cp.revenue - d.revenue,
               lines = cp.lines - d.lines
          from (select c.id as customer_id,
                       ${productKey} as product_key,
                       sum(l.quantity) as quantity, sum(l.net_amount) as revenue, count(*)::int as lines
                  from order_lines l cross join lateral (values (old.company_id), (old.contact_id)) c(id)
                 where l.workspace_id = old.workspace_id and l.order_id = old.id and c.id is not null
                 group by 1, 2) d
         where cp.workspace_id = old.workspace_id and cp.customer_id = d.customer_id and cp.currency = old.currency
           and cp.product_key = d.product_key;
        delete from customer_products where lines <= 0;
      end if;
      return old;
    end $f$;
    create trigger orders_customer_products_gone before delete on orders
      for each row execute function farley_customer_products_order_gone();

    -- For writes with the row triggers off (an import's bulk batch): the share of the orders
    -- given, as they are now, taken away (factor -1) before they change and added (1) after.
    create function farley_customer_products_share(ids uuid[], factor int) returns void language plpgsql as $f$
    begin
      ${apply(share('order_lines', '(select * from orders where workspace_id = farley_workspace() and id = any(ids)) o', 'factor'))};
    end $f$;

    -- After writes with the row triggers off: a workspace's rows computed afresh.
    create function farley_customer_products_rebuild(ws uuid) returns void language plpgsql as $f$
    begin
      delete from customer_products where workspace_id = ws;
      insert into customer_products
        (workspace_id, customer_id, currency, product_key, product_id, sku, name, quantity, revenue, lines)
      select workspace_id, customer_id, currency, product_key, max(product_id::text)::uuid, max(sku), max(name),
             sum(quantity), sum(revenue), sum(lines)::int
        from (${share('order_lines', 'orders o', '1')} and l.workspace_id = ws) s
       group by 1, 2, 3, 4;
    end $f$;
  `)
    .execute(db);
  await sql.raw('select farley_customer_products_rebuild(id) from workspaces').execute(db);
}
