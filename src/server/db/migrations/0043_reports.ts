// Reports and dashboards (issue 22): saved report definitions and dashboards, personal or
// shared with the workspace, and the monthly order-line totals that answer the reports over
// all order lines without reading every line.
//
// order_line_months holds, per workspace, month of the order date, currency, order status,
// order kind and product, the quantity, net amount and number of lines of live orders'
// lines. Statement triggers keep it as 0038's keep customer_products: a statement's inserted,
// changed or deleted lines add or take away their share (grouped over the transition tables),
// and a change of an order's date, currency, status, kind or trash moves its lines' share. An
// order deleted outright takes its share away before its lines go. Writes with the row
// triggers off already call farley_customer_products_share or _rebuild (the orders import's
// bulk batch, the benchmark loader, the test helper); those now move the monthly totals too.
//
// A line without a catalogue product is kept under the nil id: it has no product group.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

const noProduct = `'00000000-0000-0000-0000-000000000000'::uuid`;

/** The share of lines `l` of orders `o` in the monthly rows, each line counted `sign` times. */
const share = (lines: string, orders: string, sign: string) => `
  select o.workspace_id, date_trunc('month', o.order_date)::date as month, o.currency, o.status, o.kind,
         coalesce(l.product_id, ${noProduct}) as product_id,
         ${sign} * l.quantity as quantity, ${sign} * l.net_amount as net_amount, ${sign} as lines
    from ${lines} l
    join ${orders} on o.workspace_id = l.workspace_id and o.id = l.order_id
   where o.deleted_at is null`;

/** The orders of an update whose share moves, as they were (b) or are (a). */
const moved = (side: 'a' | 'b') => `(
  select ${side}.* from new_orders a join old_orders b on a.workspace_id = b.workspace_id and a.id = b.id
   where (date_trunc('month', a.order_date), a.currency, a.status, a.kind, a.deleted_at is null)
      is distinct from (date_trunc('month', b.order_date), b.currency, b.status, b.kind, b.deleted_at is null)) o`;

/** Adds the grouped shares to the monthly rows, then drops the rows nothing is left of. */
const apply = (shares: string) => `
  insert into order_line_months as m (workspace_id, month, currency, status, kind, product_id, quantity, net_amount, lines)
  select workspace_id, month, currency, status, kind, product_id, sum(quantity), sum(net_amount), sum(lines)::int
    from (${shares}) s
   group by 1, 2, 3, 4, 5, 6
  having sum(lines) <> 0 or sum(quantity) <> 0 or sum(net_amount) <> 0
   order by 1, 2, 3, 4, 5, 6
  on conflict (workspace_id, month, currency, status, kind, product_id) do update
    set quantity = m.quantity + excluded.quantity, net_amount = m.net_amount + excluded.net_amount,
        lines = m.lines + excluded.lines;
  delete from order_line_months where lines <= 0`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table reports (
      workspace_id uuid not null,
      id uuid not null,
      name text not null check (char_length(name) between 1 and 100),
      description text,
      shared boolean not null default false,
      owner_id uuid not null,
      definition jsonb not null,
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, owner_id, name),
      foreign key (workspace_id, owner_id) references users(workspace_id, id) on delete cascade
    );
    ${tenantTableSql('reports')}

    create table dashboards (
      workspace_id uuid not null,
      id uuid not null,
      name text not null check (char_length(name) between 1 and 100),
      shared boolean not null default false,
      owner_id uuid not null,
      tiles jsonb not null default '[]',
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, owner_id, name),
      foreign key (workspace_id, owner_id) references users(workspace_id, id) on delete cascade
    );
    ${tenantTableSql('dashboards')}

    -- The dashboard's "my customers at risk": a run's customers with a churn risk above one
    -- half, by revenue, without reading the run's other customers.
    create index customer_analytics_at_risk on customer_analytics (workspace_id, run_id, revenue_total desc)
      where p_alive < 0.5;

    create table order_line_months (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      month date not null,
      currency char(3) not null,
      status text not null,
      kind text not null,
      product_id uuid not null,
      quantity numeric not null,
      net_amount numeric not null,
      lines integer not null,
      primary key (workspace_id, month, currency, status, kind, product_id)
    );
    create index order_line_months_gone on order_line_months (workspace_id) where lines <= 0;
    ${tenantTableSql('order_line_months')}

    create function farley_order_line_months_lines() returns trigger language plpgsql as $f$
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
    create trigger order_lines_months_insert after insert on order_lines
      referencing new table as new_lines for each statement execute function farley_order_line_months_lines();
    create trigger order_lines_months_delete after delete on order_lines
      referencing old table as old_lines for each statement execute function farley_order_line_months_lines();
    create trigger order_lines_months_update after update on order_lines
      referencing old table as old_lines new table as new_lines
      for each statement execute function farley_order_line_months_lines();

    create function farley_order_line_months_orders() returns trigger language plpgsql as $f$
    begin
      ${apply(`${share('order_lines', moved('b'), '-1')} union all ${share('order_lines', moved('a'), '1')}`)};
      return null;
    end $f$;
    create trigger orders_line_months after update on orders
      referencing old table as old_orders new table as new_orders
      for each statement execute function farley_order_line_months_orders();

    -- Taking away only updates rows: an order deleted with its workspace must not write a row
    -- for a workspace that is going.
    create function farley_order_line_months_order_gone() returns trigger language plpgsql as $f$
    begin
      if old.deleted_at is null then
        update order_line_months m set quantity = m.quantity - d.quantity, net_amount = m.net_amount - d.net_amount,
               lines = m.lines - d.lines
          from (select coalesce(l.product_id, ${noProduct}) as product_id, sum(l.quantity) as quantity,
                       sum(l.net_amount) as net_amount, count(*)::int as lines
                  from order_lines l
                 where l.workspace_id = old.workspace_id and l.order_id = old.id
                 group by 1) d
         where m.workspace_id = old.workspace_id and m.month = date_trunc('month', old.order_date)::date
           and m.currency = old.currency and m.status = old.status and m.kind = old.kind
           and m.product_id = d.product_id;
        delete from order_line_months where lines <= 0;
      end if;
      return old;
    end $f$;
    create trigger orders_line_months_gone before delete on orders
      for each row execute function farley_order_line_months_order_gone();

    create function farley_order_line_months_share(ids uuid[], factor int) returns void language plpgsql as $f$
    begin
      ${apply(share('order_lines', '(select * from orders where workspace_id = farley_workspace() and id = any(ids)) o', 'factor'))};
    end $f$;

    create function farley_order_line_months_rebuild(ws uuid) returns void language plpgsql as $f$
    begin
      delete from order_line_months where workspace_id = ws;
      insert into order_line_months (workspace_id, month, currency, status, kind, product_id, quantity, net_amount, lines)
      select workspace_id, month, currency, status, kind, product_id, sum(quantity), sum(net_amount), sum(lines)::int
        from (${share('order_lines', 'orders o', '1')} and l.workspace_id = ws) s
       group by 1, 2, 3, 4, 5, 6;
    end $f$;

    -- Whoever moves customer_products' shares by hand (writes with the row triggers off) moves
    -- the monthly totals with them.
    alter function farley_customer_products_share(uuid[], int) rename to farley_customer_products_share_only;
    create function farley_customer_products_share(ids uuid[], factor int) returns void language plpgsql as $f$
    begin
      perform farley_customer_products_share_only(ids, factor);
      perform farley_order_line_months_share(ids, factor);
    end $f$;
    alter function farley_customer_products_rebuild(uuid) rename to farley_customer_products_rebuild_only;
    create function farley_customer_products_rebuild(ws uuid) returns void language plpgsql as $f$
    begin
      perform farley_customer_products_rebuild_only(ws);
      perform farley_order_line_months_rebuild(ws);
    end $f$;
  `)
    .execute(db);
  await sql.raw('select farley_order_line_months_rebuild(id) from workspaces').execute(db);
}
