// Orders of the demo workspace: a purchase history for a share of its companies, so that a
// customer page shows revenue per year, products bought and the purchase figures. One company
// (the lowest customer number) is a big customer with many orders. Lines name articles of a
// small building-trade assortment; where the catalogue holds a product with that SKU (the
// demo products), the line links it. Some orders were "entered in Farley" (numbered), the
// others came from the ERP (an external number); a few are delivered returns or cancelled.
import { sql } from 'kysely';
import { computeSalesTotals } from '../../../contract/sales/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { Rand } from '../demo/demo.random.ts';
import { dayMs } from '../demo/demo.world.ts';
import { createOrder, type NewOrder } from './orders.service.ts';

const assortment = [
  { sku: 'HT-1001', name: 'Heizkörperthermostat Comfort', unit: 'piece', price: '24.90', vat: '19' },
  { sku: 'HT-1002', name: 'Pressfitting 15 mm (10 Stück)', unit: 'piece', price: '18.40', vat: '19' },
  { sku: 'HT-1003', name: 'Kupferrohr 15 mm, 5 m', unit: 'piece', price: '42.50', vat: '19' },
  { sku: 'HT-1004', name: 'Wärmepumpe Luft/Wasser 9 kW', unit: 'piece', price: '8950.00', vat: '19' },
  { sku: 'HT-1005', name: 'Montagestunde Fachhandwerker', unit: 'hour', price: '68.00', vat: '19' },
  { sku: 'HT-1006', name: 'Anfahrtspauschale', unit: 'flat', price: '45.00', vat: '19' },
  { sku: 'HT-1007', name: 'Fachbuch Sanitärtechnik', unit: 'piece', price: '39.90', vat: '7' },
  { sku: 'HT-1008', name: 'Dichtungsset Armaturen', unit: 'piece', price: '9.80', vat: '19' },
] as const;

const statuses = ['invoiced', 'invoiced', 'invoiced', 'delivered', 'open', 'cancelled'] as const;

/** Demo orders for the workspace's first companies by customer number; returns how many were made. */
export async function seedDemoOrders(ctx: AppContext, workspaceId: string, seed: number, today: number) {
  return inTenant(ctx.db.app, { workspaceId }, async (tx) => {
    const { rows: companies } = await sql<{ id: string; contact_id: string | null }>`
      select c.id, (select a.contact_id from affiliations a
                      where a.workspace_id = c.workspace_id and a.company_id = c.id and a.deleted_at is null
                      order by a.is_primary desc, a.created_at limit 1) as contact_id
        from companies c where c.workspace_id = ${workspaceId} and c.deleted_at is null
       order by c.customer_number nulls last, c.id limit 96`.execute(tx);
    const { rows: products } = await sql<{ id: string; sku: string }>`
      select id, sku from products where workspace_id = ${workspaceId} and deleted_at is null
         and sku = any(${assortment.map((a) => a.sku)}::text[])`.execute(tx);
    const productOf = new Map(products.map((p) => [p.sku, p.id]));
    const r = new Rand(seed);
    let made = 0;
    for (const [c, company] of companies.entries()) {
      // Every other company buys (enough customers for the analytics' models to be fitted): the
      // first buys a lot, the next few regularly, the rest now and then.
      if (c % 2 === 1) continue;
      const count =
        c === 0
          ? 36
          : c < 8
            ? r.reseed(seed, c).int(6, 14)
            : c < 40
              ? r.reseed(seed, c).int(2, 6)
              : r.reseed(seed, c).int(1, 4);
      // Customers differ as real ones do: some stopped buying a year or more ago, and each has
      // a size of its own (how much it takes of an article; heat pumps only for some). Those that
      // stopped had bought often before.
      const stopped = c >= 8 && c % 6 === 4 ? 400 : 0;
      const orders = stopped ? r.reseed(seed, c, 1).int(8, 14) : count;
      const size = 1 + (c % 5);
      const range = c % 4 === 0 ? assortment.length : 3;
      for (let o = 0; o < orders; o++) {
        r.reseed(seed, c, o, 7);
        const daysAgo = stopped + Math.floor((o / orders) * (3 * 365 - stopped) + r.int(0, 20));
        const orderDate = new Date(today - daysAgo * dayMs).toISOString().slice(0, 10);
        const isReturn = o % 11 === 5;
        const picked = Array.from(
          { length: isReturn ? 1 : r.int(1, 4) },
          () => assortment[(r.int(0, range - 1) + (c % 4 === 0 ? 0 : 4)) % assortment.length],
        );
        const items = [...new Map(picked.map((a) => [a.sku, a])).values()];
        const quantities = items.map((a) =>
          String(
            (isReturn ? -1 : 1) *
              (a.unit === 'hour' ? r.int(2, 4 * size) : a.price.length > 6 ? 1 : r.int(1, 6 * size)),
          ),
        );
        const totals = computeSalesTotals({
          currency: 'EUR',
          pricesEntered: 'net',
          taxTreatment: 'standard',
          lines: items.map((a, i) => ({ kind: 'item', quantity: quantities[i], unitPrice: a.price, vatRate: a.vat })),
        });
        const fromErp = o % 3 !== 0;
        const order: NewOrder = {
          kind: isReturn ? 'return' : 'order',
          status: isReturn ? 'delivered' : statuses[r.int(0, daysAgo < 30 ? 4 : 3)],
          orderDate,
          companyId: company.id,
          contactId: company.contact_id,
          currency: 'EUR',
          externalNumber: fromErp ? `WW-${orderDate.slice(0, 4)}-${String(10_000 + c * 100 + o)}` : null,
          quoteId: null,
          dealId: null,
          ownerId: null,
          source: fromErp ? 'import' : 'farley',
          numbered: !fromErp,
          lines: items.map((a, i) => {
            const line = totals.lines[i];
            return {
              productId: productOf.get(a.sku) ?? null,
              sku: a.sku,
              name: a.name,
              quantity: quantities[i],
              unit: a.unit,
              unitPrice: a.price,
              netAmount: line.kind === 'item' ? line.net : '0',
              vatRate: a.vat,
            };
          }),
          netTotal: totals.netTotal,
          vatTotal: totals.vatTotal,
          grossTotal: totals.grossTotal,
        };
        await createOrder(tx, { workspaceId }, order);
        made++;
      }
    }
    return made;
  });
}
