// What the API shows of a product.
import { Decimal } from 'decimal.js';
import type { Product } from '../../../contract/products.ts';
import { normalVatRate } from '../../../contract/sales/index.ts';
import { iso, type Row } from '../../platform/presenting.ts';

/** A price as stored (numeric(16,4)) written with 2 decimals, or more when it has them. */
export function priceText(value: string): string {
  const d = new Decimal(value);
  return d.decimalPlaces() <= 2 ? d.toFixed(2) : d.toString();
}

export function presentProduct(row: Row<'products'>): Product {
  return {
    id: row.id,
    version: row.version,
    sku: row.sku,
    name: row.name,
    description: row.description,
    unit: row.unit as Product['unit'],
    listPrice: priceText(row.list_price),
    costPrice: row.cost_price === null ? null : priceText(row.cost_price),
    currency: row.currency,
    vatRate: normalVatRate(row.vat_rate),
    productGroup: row.product_group,
    active: row.active,
    tags: row.tags,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
