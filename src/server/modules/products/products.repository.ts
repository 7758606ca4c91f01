// SQL of products.
import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { ProductsTable } from '../../platform/db/schema.ts';
import { type Fields, type ListQuery, type ListSearch, listCount, listPage } from '../../platform/http/listing.ts';
import { productUnits } from '../../../contract/products.ts';

export const productFields: Fields = {
  sku: { column: 'sku', kind: 'text' },
  name: { column: 'name', kind: 'text' },
  unit: { column: 'unit', kind: 'enum', values: productUnits },
  listPrice: { column: 'list_price', kind: 'decimal' },
  costPrice: { column: 'cost_price', kind: 'decimal', nullable: true },
  currency: { column: 'currency', kind: 'text' },
  vatRate: { column: 'vat_rate', kind: 'decimal' },
  productGroup: { column: 'product_group', kind: 'text', nullable: true },
  active: { column: 'active', kind: 'boolean' },
  tags: { column: 'tags', kind: 'array', unsortable: true },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};

/** The list's search: a part of the SKU or the name, case-insensitive. */
export function productSearch(q: string | undefined): ListSearch | null {
  const words = (q ?? '').trim();
  if (!words) return null;
  const pattern = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { where: sql<boolean>`(sku ilike ${pattern} or name ilike ${pattern})` };
}

export async function listProducts(tx: Db, query: ListQuery) {
  return listPage(tx.selectFrom('products').selectAll(), {
    fields: productFields,
    query,
    defaultSort: 'name',
    search: productSearch(query.q),
  });
}

export async function countProducts(tx: Db, query: ListQuery) {
  return listCount(tx, tx.selectFrom('products'), { fields: productFields, query, search: productSearch(query.q) });
}

export async function insertProduct(tx: Db, values: Insertable<ProductsTable>) {
  return tx.insertInto('products').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The id of another live product holding `sku`, if any. */
export async function skuHolder(tx: Db, sku: string, exceptId: string) {
  return tx
    .selectFrom('products')
    .select('id')
    .where('sku', '=', sku)
    .where('deleted_at', 'is', null)
    .where('id', '<>', exceptId)
    .executeTakeFirst();
}
