// SQL of price lists and their entries.
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { PriceListsTable } from '../../platform/db/schema.ts';
import { type Fields, type ListQuery, type ListSearch, listPage } from '../../platform/http/listing.ts';

export const priceListFields: Fields = {
  name: { column: 'name', kind: 'text' },
  currency: { column: 'currency', kind: 'text' },
  isDefault: { column: 'is_default', kind: 'boolean' },
  discountPercent: { column: 'discount_percent', kind: 'decimal', nullable: true },
  validFrom: { column: 'valid_from', kind: 'date', nullable: true },
  validUntil: { column: 'valid_until', kind: 'date', nullable: true },
};

const entryCount = sql<number>`(select count(*)::int from price_list_entries e
  where e.workspace_id = price_lists.workspace_id and e.price_list_id = price_lists.id)`.as('entry_count');

/** Price lists with how many entries each has. */
function shownLists(tx: Db) {
  return tx.selectFrom('price_lists').selectAll().select(entryCount);
}

export type PriceListRow = Awaited<ReturnType<typeof findList>> & object;

/** A list with its entry count, trashed or not (undefined when there is none). */
export async function findList(tx: Db, id: string) {
  return shownLists(tx).where('id', '=', id).executeTakeFirst();
}

/** The list's search: a part of the name, case-insensitive. */
function listSearch(q: string | undefined): ListSearch | null {
  const words = (q ?? '').trim();
  if (!words) return null;
  const pattern = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { where: sql<boolean>`name ilike ${pattern}` };
}

export async function listLists(tx: Db, query: ListQuery) {
  return listPage(shownLists(tx), { fields: priceListFields, query, defaultSort: 'name', search: listSearch(query.q) });
}

export async function insertList(tx: Db, values: Insertable<PriceListsTable>) {
  return tx.insertInto('price_lists').values(values).returning('id').executeTakeFirstOrThrow();
}

/** The id of another live list named `name` (ignoring case), if any. */
export async function nameHolder(tx: Db, name: string, exceptId: string) {
  return tx
    .selectFrom('price_lists')
    .select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .where('deleted_at', 'is', null)
    .where('id', '<>', exceptId)
    .executeTakeFirst();
}

/** The list's entries with their live products, by SKU. */
export async function entriesOf(tx: Db, priceListId: string) {
  return tx
    .selectFrom('price_list_entries as e')
    .innerJoin('products as p', (join) =>
      join.onRef('p.workspace_id', '=', 'e.workspace_id').onRef('p.id', '=', 'e.product_id'),
    )
    .select(['e.product_id', 'e.price', 'p.sku', 'p.name', 'p.unit', 'p.list_price', 'p.currency as product_currency'])
    .where('e.price_list_id', '=', priceListId)
    .where('p.deleted_at', 'is', null)
    .orderBy('p.sku')
    .execute();
}

export type EntryRow = Awaited<ReturnType<typeof entriesOf>>[number];

/** Sets a product's price in a list: a new entry, or the existing one changed. */
export async function upsertEntry(
  tx: Db,
  values: { workspace_id: string; id: string; price_list_id: string; product_id: string; price: string },
) {
  await tx
    .insertInto('price_list_entries')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'price_list_id', 'product_id']).doUpdateSet({
        price: values.price,
        version: sql`price_list_entries.version + 1`,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

/** Removes a product's entry; whether there was one. */
export async function deleteEntry(tx: Db, priceListId: string, productId: string) {
  const result = await tx
    .deleteFrom('price_list_entries')
    .where('price_list_id', '=', priceListId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** A list's changed entries make a new version of the list (its ETag changes). */
export async function touchList(tx: Db, id: string) {
  await tx
    .updateTable('price_lists')
    .set({ version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** The workspace's default list, if it has one. */
export async function defaultList(tx: Db) {
  return tx.selectFrom('price_lists').selectAll().where('is_default', '=', true).executeTakeFirst();
}

/** The lists a customer may have, live ones only (the candidates of a price). */
export async function liveLists(tx: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return tx.selectFrom('price_lists').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null).execute();
}

/** A list's own price of a product, if it has one. */
export async function entryPrice(tx: Db, priceListId: string, productId: string) {
  const row = await tx
    .selectFrom('price_list_entries')
    .select('price')
    .where('price_list_id', '=', priceListId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return row?.price ?? null;
}
