// The price list module's face to the others: which price a customer gets for a product on a
// day (quotes prefill their lines with it). The rule is written up in docs/sales.md ("Price
// lists"). The check of a customer's priceListId and the default list of a new workspace live
// in priceLists.rules.ts, which companies, contacts and workspaces import without this file's
// imports of them.
import { Decimal } from 'decimal.js';
import type { PriceSource } from '../../../contract/priceLists.ts';
import type { Db } from '../../platform/db/database.ts';
import { findLive } from '../../platform/db/records.ts';
import { referenced } from '../../platform/errors.ts';
import type { Row } from '../../platform/presenting.ts';
import { requireCompany } from '../companies/companies.service.ts';
import { companiesOfContacts, requireContact } from '../contacts/contacts.service.ts';
import * as repo from './priceLists.repository.ts';
import { priceText } from '../products/products.presenter.ts';

export { checkPriceListId, createDefaultPriceList } from './priceLists.rules.ts';

export interface UnitPriceArgs {
  productId: string;
  companyId?: string | null;
  contactId?: string | null;
  /** The day the price is for, YYYY-MM-DD (a quote's date). */
  date: string;
  /** The document's currency; the product's when left out. */
  currency?: string | null;
}

export interface ResolvedUnitPrice {
  /** Net, exact to 4 decimals, as a decimal string ("90.00", "12.3457"). */
  unitPrice: string;
  /** The list the price came from; null when no list applies. */
  priceListId: string | null;
  source: PriceSource;
  /** The currency of unitPrice. */
  currency: string;
}

function applies(list: Row<'price_lists'>, date: string, currency: string) {
  return (
    list.deleted_at === null &&
    list.currency === currency &&
    (list.valid_from === null || list.valid_from <= date) &&
    (list.valid_until === null || date <= list.valid_until)
  );
}

/**
 * The net unit price a customer gets for a product on a day (docs/sales.md, "Price lists").
 *
 * The list: the first that applies of the contact's own list, the company's (the company
 * passed in; for a contact without one, the contact's primary company), and the workspace's
 * default list. A list applies when it is live, valid on `date` (both validity dates
 * included) and in the wanted currency. From that list, the product's entry wins; else the
 * list's percentage off the product's list price (rounded half up to 4 decimals), when the
 * product is priced in the wanted currency; else the list price. No list applies: the list price.
 *
 * Unknown or trashed productId, companyId or contactId: 422 naming the field.
 */
export async function unitPriceFor(tx: Db, args: UnitPriceArgs): Promise<ResolvedUnitPrice> {
  const product = await referenced('productId', () => findLive(tx, 'products', args.productId, 'product'));
  const wanted = args.currency ?? product.currency;
  const candidates: Array<string | null> = [];
  if (args.contactId) {
    const contact = await referenced('contactId', () => requireContact(tx, args.contactId!));
    candidates.push(contact.price_list_id);
  }
  if (args.companyId) {
    const company = await referenced('companyId', () => requireCompany(tx, args.companyId!));
    candidates.push(company.price_list_id);
  } else if (args.contactId) {
    const primary = (await companiesOfContacts(tx, [args.contactId])).get(args.contactId)?.[0];
    if (primary) candidates.push((await requireCompany(tx, primary.companyId)).price_list_id);
  }
  const own = await repo.liveLists(
    tx,
    candidates.filter((id): id is string => id !== null),
  );
  const fallback = await repo.defaultList(tx);
  const chosen = [...candidates.map((id) => own.find((list) => list.id === id)), fallback].find(
    (list) => list !== undefined && applies(list, args.date, wanted),
  );
  const listPrice = { unitPrice: priceText(product.list_price), currency: product.currency };
  if (!chosen) return { ...listPrice, priceListId: null, source: 'list' };
  const entry = await repo.entryPrice(tx, chosen.id, product.id);
  if (entry !== null)
    return { unitPrice: priceText(entry), currency: chosen.currency, priceListId: chosen.id, source: 'entry' };
  if (chosen.discount_percent !== null && product.currency === wanted) {
    const price = new Decimal(product.list_price)
      .times(new Decimal(100).minus(chosen.discount_percent))
      .div(100)
      .toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    return { unitPrice: priceText(price.toFixed()), currency: wanted, priceListId: chosen.id, source: 'percent' };
  }
  return { ...listPrice, priceListId: chosen.id, source: 'list' };
}
