// An accepted quote becomes an order in one step: the quote's item lines (optional ones left
// out), its totals as frozen at issue, its customer, deal and owner; the order takes the next
// order confirmation number (its confirmation PDF is stored once this has committed).
import type { SalesTotals } from '../../../contract/sales/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Row } from '../../platform/presenting.ts';
import { workspaceTimeZone } from '../numbering/index.ts';
import { createOrder, type NewOrderLine } from '../orders/index.ts';
import { quoteLines } from '../quotes/quotes.repository.ts';
import { dayIn } from '../quotes/quotes.rules.ts';

export const quoteOrdered = (orderNumber: string | null) =>
  new AppError(
    'conflict',
    `The quote was turned into an order already${orderNumber ? ` (${orderNumber})` : ''}.`,
    undefined,
    undefined,
    'quote_ordered',
  );

/** Makes the order of an accepted quote in `tx`; 409 for another status or a second time. */
export async function orderFromQuote(
  tx: Db,
  actor: Actor,
  quoteId: string,
  input: { orderDate?: string },
): Promise<Row<'orders'>> {
  const quote = await tx
    .selectFrom('quotes')
    .selectAll()
    .where('id', '=', quoteId)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!quote) throw notFound('quote');
  if (quote.status !== 'accepted')
    throw new AppError(
      'conflict',
      `Only an accepted quote becomes an order; this one is ${quote.status}.`,
      undefined,
      undefined,
      'quote_wrong_status',
    );
  const earlier = await tx
    .selectFrom('orders')
    .select('number')
    .where('quote_id', '=', quoteId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (earlier) throw quoteOrdered(earlier.number);
  const totals = quote.totals as SalesTotals;
  const lines: NewOrderLine[] = [];
  for (const [index, line] of (await quoteLines(tx, quoteId)).entries()) {
    const computed = totals.lines[index];
    if (line.kind !== 'item' || computed?.kind !== 'item' || computed.optional) continue;
    lines.push({
      productId: line.product_id,
      sku: line.sku,
      name: line.name,
      quantity: String(line.quantity),
      unit: line.unit,
      unitPrice: line.unit_price === null ? null : String(line.unit_price),
      netAmount: computed.net,
      vatRate: computed.vatRate,
    });
  }
  const order = await createOrder(tx, actor, {
    kind: 'order',
    status: 'open',
    orderDate: input.orderDate ?? dayIn(new Date(), workspaceTimeZone),
    companyId: quote.company_id,
    contactId: quote.contact_id,
    currency: quote.currency.trim(),
    externalNumber: null,
    quoteId,
    dealId: quote.deal_id,
    ownerId: quote.owner_id,
    source: 'farley',
    numbered: true,
    lines,
    netTotal: totals.netTotal,
    vatTotal: totals.vatTotal,
    grossTotal: totals.grossTotal,
  });
  return order;
}
