// A customer's purchase history: their orders newest first, revenue per year, what they
// bought most, and the customer figures (revenue this and last year, number of orders,
// average order value, days since the last order). Net of returns; cancelled orders count
// for nothing. Sums are per currency; the figures show the customer's main one (most orders).
//
// Each sum reads the customer's history index alone (0034: it holds status, kind, currency and
// net total), so a customer with thousands of orders costs one index range, not a heap visit
// per order; "products bought" reads the customer's rows of customer_products (0038), which
// triggers keep up to date with the orders and their lines.
import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { PurchaseHistory } from '../../../contract/orders.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { findLive } from '../../platform/db/records.ts';
import { invalidCursor } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { workspaceTimeZone } from '../numbering/index.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { presentOrder } from './orders.presenter.ts';
import { quantityText } from './orders.presenter.ts';

export type Customer = { type: 'contact' | 'company'; id: string };

const column = (customer: Customer) => sql.ref(customer.type === 'contact' ? 'contact_id' : 'company_id');

/** Today as a calendar day in the workspace's time zone. */
export function today(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: workspaceTimeZone }).format(now);
}

function cursorOf(text: string | undefined): { date: string; id: string } | null {
  if (!text) return null;
  const match = /^(\d{4}-\d{2}-\d{2})\|([0-9a-f-]{36})$/.exec(Buffer.from(text, 'base64url').toString());
  if (!match) throw invalidCursor();
  return { date: match[1], id: match[2] };
}

export async function purchaseHistory(
  tx: Db,
  workspaceId: string,
  customer: Customer,
  page: { limit: number; cursor?: string },
  now = new Date(),
): Promise<PurchaseHistory> {
  const who = column(customer);
  const after = cursorOf(page.cursor);
  const rows = await tx
    .selectFrom('orders')
    .selectAll()
    .where(who, '=', customer.id)
    .where('deleted_at', 'is', null)
    .$if(after !== null, (q) => q.where(sql<boolean>`(order_date, id) < (${after?.date}::date, ${after?.id}::uuid)`))
    .orderBy('order_date', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  const nextCursor = more && last ? Buffer.from(`${last.order_date}|${last.id}`).toString('base64url') : null;

  const { rows: years } = await sql<{ year: number; currency: string; revenue: string; orders: number; sales: string }>`
    select extract(year from order_date)::int as year, currency, sum(net_total)::text as revenue,
           count(*) filter (where kind = 'order')::int as orders,
           coalesce(sum(net_total) filter (where kind = 'order'), 0)::text as sales
      from orders
     where workspace_id = ${workspaceId} and ${who} = ${customer.id} and deleted_at is null and status <> 'cancelled'
     group by 1, 2
     order by 1 desc`.execute(tx);
  const counts = new Map<string, number>();
  for (const y of years) counts.set(y.currency, (counts.get(y.currency) ?? 0) + y.orders + 1);
  const currency =
    [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ??
    (await workspaceSettings(tx, workspaceId)).defaultCurrency;
  const mine = years.filter((y) => y.currency === currency);

  const { rows: lastOrder } = await sql<{ last: string | null }>`
    select max(order_date)::text as last from orders
     where workspace_id = ${workspaceId} and ${who} = ${customer.id} and deleted_at is null
       and status <> 'cancelled' and kind = 'order'`.execute(tx);
  const { rows: products } = await sql<{
    product_id: string | null;
    sku: string | null;
    name: string | null;
    quantity: string;
    revenue: string;
  }>`
    select product_id, sku, name, quantity::text as quantity, revenue::text as revenue
      from customer_products
     where workspace_id = ${workspaceId} and customer_id = ${customer.id} and currency = ${currency}
     order by customer_products.revenue desc, customer_products.name
     limit 10`.execute(tx);

  const day = today(now);
  const thisYear = Number(day.slice(0, 4));
  const revenueOf = (year: number) => mine.find((y) => y.year === year)?.revenue ?? '0';
  const orders = mine.reduce((n, y) => n + y.orders, 0);
  const sales = mine.reduce((sum, y) => sum.plus(y.sales), new Decimal(0));
  const lastOrderDate = lastOrder[0]?.last ?? null;
  const money = (amount: Decimal.Value) => ({ amount: new Decimal(amount).toFixed(2), currency });
  return {
    orders: shown.map((row) => presentOrder(row, null)),
    nextCursor,
    currency,
    revenueByYear: mine.map((y) => ({ year: y.year, revenue: new Decimal(y.revenue).toFixed(2), orders: y.orders })),
    products: products.map((p) => ({
      productId: p.product_id,
      sku: p.sku,
      name: p.name,
      quantity: quantityText(p.quantity),
      revenue: new Decimal(p.revenue).toFixed(2),
    })),
    figures: {
      revenueThisYear: money(revenueOf(thisYear)),
      revenueLastYear: money(revenueOf(thisYear - 1)),
      orders,
      averageOrderValue: orders > 0 ? money(sales.dividedBy(orders).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)) : null,
      lastOrderDate,
      daysSinceLastOrder: lastOrderDate
        ? Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${lastOrderDate}T00:00:00Z`)) / 86_400_000)
        : null,
    },
  };
}

export function purchaseService(ctx: AppContext) {
  return {
    history: (actor: Actor, customer: Customer, page: { limit: number; cursor?: string }) =>
      inTenant(ctx.db.app, actor, async (tx) => {
        await findLive(tx, customer.type === 'contact' ? 'contacts' : 'companies', customer.id, customer.type);
        return purchaseHistory(tx, actor.workspaceId, customer, page);
      }),
  };
}
