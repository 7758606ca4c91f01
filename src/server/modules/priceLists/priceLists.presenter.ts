// What the API shows of a price list and of its entries.
import { Decimal } from 'decimal.js';
import type { PriceList, PriceListEntry } from '../../../contract/priceLists.ts';
import { iso } from '../../platform/presenting.ts';
import { priceText } from '../products/products.presenter.ts';
import type { EntryRow, PriceListRow } from './priceLists.repository.ts';

/** A percentage without trailing zeros ("10", "2.5"). */
const percentText = (value: string) => new Decimal(value).toString();

export function presentEntry(row: EntryRow): PriceListEntry {
  return {
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    listPrice: priceText(row.list_price),
    productCurrency: row.product_currency,
    price: priceText(row.price),
  };
}

export function presentPriceList(row: PriceListRow, entries?: EntryRow[]): PriceList {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    currency: row.currency,
    isDefault: row.is_default,
    discountPercent: row.discount_percent === null ? null : percentText(row.discount_percent),
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    entryCount: row.entry_count,
    ...(entries && { entries: entries.map(presentEntry) }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
