// What the API shows of an order and its lines.
import { Decimal } from 'decimal.js';
import type { Order, OrderLine } from '../../../contract/orders.ts';
import { normalVatRate } from '../../../contract/sales/index.ts';
import { iso, type Row } from '../../platform/presenting.ts';
import { priceText } from '../products/products.presenter.ts';

/** A stored quantity (numeric(16,4)) without its trailing zeros: "2", "1.5". */
export const quantityText = (value: string): string => new Decimal(value).toString();

export function presentLine(row: Row<'order_lines'>): OrderLine {
  return {
    position: row.position,
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    quantity: quantityText(row.quantity),
    unit: row.unit,
    unitPrice: row.unit_price === null ? null : priceText(row.unit_price),
    netAmount: row.net_amount,
    vatRate: row.vat_rate === null ? null : normalVatRate(row.vat_rate),
  };
}

export function presentOrder(row: Row<'orders'>, customerName: string | null, lines?: Row<'order_lines'>[]): Order {
  return {
    id: row.id,
    version: row.version,
    number: row.number,
    externalNumber: row.external_number,
    kind: row.kind,
    status: row.status,
    orderDate: row.order_date,
    companyId: row.company_id,
    contactId: row.contact_id,
    customerName,
    currency: row.currency,
    netTotal: row.net_total,
    vatTotal: row.vat_total,
    grossTotal: row.gross_total,
    quoteId: row.quote_id,
    dealId: row.deal_id,
    ownerId: row.owner_id,
    source: row.source,
    ...(lines && { lines: lines.map(presentLine) }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
