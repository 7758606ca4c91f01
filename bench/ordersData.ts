// Orders of the benchmark workspace (issue 21): `lines` order lines over the workspace's
// contacts and companies, generated inside PostgreSQL (generate_series, no rows through Node)
// as the owner with the row triggers off, like the demo loader. Customers are drawn with a
// long tail: a customer's rank r (of N) comes from r = N·u^2.5 for a uniform u, so the first
// ranks get thousands of orders and most customers none or a few. Lines per order 1–7 (4 on
// average), amounts and dates from a hash of the order's number, so a run is reproducible.
import type pg from 'pg';

export interface OrderSeed {
  lines: number;
  /** Products of the catalogue the lines come from. */
  products?: number;
}

export async function seedBenchOrders(client: pg.ClientBase, workspaceId: string, seed: OrderSeed) {
  const orders = Math.round(seed.lines / 4);
  const products = seed.products ?? 2000;
  const started = performance.now();
  await client.query(`begin; set local farley.maintenance = 'on'; set local session_replication_role = replica`);
  await client.query(
    `
    create temporary table bench_customers on commit drop as
    select row_number() over (order by md5(id::text)) as rank, company_id, contact_id from (
      select id, id as company_id, null::uuid as contact_id from companies where workspace_id = $1 and deleted_at is null
      union all
      select id, null, id from contacts where workspace_id = $1 and deleted_at is null) c;
    create index on bench_customers (rank);
    create temporary table bench_products on commit drop as
    select row_number() over () as n, id, sku, name, unit, list_price, vat_rate from (
      select gen_random_uuid() as id, 'B-' || lpad(i::text, 6, '0') as sku, 'Artikel ' || i as name, 'piece' as unit,
             round((5 + (hashint4(i) & 1023) / 4.0)::numeric, 2) as list_price, 19::numeric as vat_rate
        from generate_series(1, ${products}) i) p;
    create index on bench_products (n);
    insert into products (workspace_id, id, sku, name, unit, list_price, currency, vat_rate)
      select $1, id, sku, name, unit, list_price, 'EUR', vat_rate from bench_products
      on conflict do nothing;`.replace(/\$1/g, `'${workspaceId}'`),
  );
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from bench_customers');
  const customers = rows[0].n;
  // An order o: its customer's rank from a hash (the long tail), 1 + o % 7 lines, each line a
  // product (popular ones more often), quantity 1–20, negative on every 30th order (a return).
  await client.query(`
    create temporary table bench_orders on commit drop as
    select o, gen_random_uuid() as id,
           1 + floor(${customers} * power(((hashint4(o) & 2147483647)::float8 / 2147483648), 2.5))::int as rank,
           1 + o % 7 as lines,
           case when o % 30 = 0 then -1 else 1 end as sign,
           (date '2026-12-01' - ((hashint4(o * 7 + 1) & 2147483647) % 1800))::date as order_date,
           (array['invoiced','invoiced','invoiced','delivered','open','cancelled'])[1 + (hashint4(o * 7 + 2) & 2147483647) % 6] as status
      from generate_series(1, ${orders}) o;
    create temporary table bench_lines on commit drop as
    select b.id as order_id, l as position, p.id as product_id, p.sku, p.name, p.unit, p.list_price, p.vat_rate,
           (b.sign * (1 + (hashint4(b.o * 13 + l) & 2147483647) % 20))::numeric as quantity
      from bench_orders b, generate_series(1, b.lines) l,
           lateral (select * from bench_products
                     where n = 1 + floor(${products} * power(((hashint4(b.o * 17 + l) & 2147483647)::float8 / 2147483648), 2))::int) p;`);
  await client.query(`
    create temporary table bench_totals on commit drop as
    select order_id, sum(round(quantity * list_price, 2)) as net from bench_lines group by order_id`);
  await client.query(
    `
    insert into orders (workspace_id, id, external_number, kind, status, order_date, company_id, contact_id, currency,
                        net_total, vat_total, gross_total, source)
    select $1, b.id, 'ERP-' || b.o, case when b.sign < 0 then 'return' else 'order' end,
           case when b.sign < 0 then 'delivered' else b.status end, b.order_date, c.company_id, c.contact_id, 'EUR',
           t.net, round(t.net * 0.19, 2), t.net + round(t.net * 0.19, 2), 'import'
      from bench_orders b join bench_customers c on c.rank = b.rank join bench_totals t on t.order_id = b.id`,
    [workspaceId],
  );
  await client.query(
    `
    insert into order_lines (workspace_id, order_id, position, product_id, sku, name, quantity, unit, unit_price, net_amount, vat_rate)
    select $1, order_id, position, product_id, sku, name, quantity, unit, list_price, round(quantity * list_price, 2), vat_rate
      from bench_lines`,
    [workspaceId],
  );
  if (orders > 0) await client.query('select farley_customer_products_rebuild($1)', [workspaceId]);
  // The customers measured, read from the stored orders (so a run on a workspace seeded before
  // finds the same ones): the five with the most orders, and 200 of middle rank.
  const { rows: heavy } = await client.query<{ company_id: string | null; contact_id: string | null; orders: number }>(
    `select company_id, contact_id, count(*)::int as orders from orders
      where workspace_id = $1 and deleted_at is null group by 1, 2 order by 3 desc limit 5`,
    [workspaceId],
  );
  const { rows: typical } = await client.query<{
    company_id: string | null;
    contact_id: string | null;
    orders: number;
  }>(
    `select c.company_id, c.contact_id, count(*)::int as orders
       from orders o join bench_customers c on coalesce(c.company_id, c.contact_id) = coalesce(o.company_id, o.contact_id)
      where o.workspace_id = $1 and o.deleted_at is null
        and c.rank between ${Math.round(customers * 0.2)} and ${Math.round(customers * 0.4)}
      group by 1, 2 order by md5(coalesce(c.company_id, c.contact_id)::text) limit 200`,
    [workspaceId],
  );
  await client.query('commit');
  await client.query('vacuum (analyze) orders, order_lines, products');
  return { orders, lines: seed.lines, customers, seconds: (performance.now() - started) / 1000, heavy, typical };
}
