// Demo price lists: "Händler" (10 % off) and "Großkunde" (15 % off, with prices of their own for
// the first products of the catalogue, where it has any), each given to a few demo companies.
// The catalogue may be empty (demo products are seeded elsewhere), so entries are only added
// for products that exist. Through the services, like the demo's users and pipeline.
import { Decimal } from 'decimal.js';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { companyService } from '../companies/companies.service.ts';
import { priceListEntryService, priceListService } from '../priceLists/priceLists.service.ts';
import { productService } from '../products/products.service.ts';

/** Own prices of "Großkunde": this share of the list price, rounded to the cent. */
const ownShare = '0.8';

export async function seedDemoPriceLists(ctx: AppContext, workspaceId: string, userId: string) {
  const actor: Actor = { workspaceId, userId, role: 'admin', via: 'token' };
  const lists = priceListService(ctx);
  const existing = (await lists.list(actor, { limit: 500 })).data;
  if (existing.some((list) => list.name === 'Händler')) return { priceLists: 0 };
  const haendler = await lists.create(actor, { name: 'Händler', discountPercent: '10' });
  const year = new Date().getUTCFullYear();
  const grosskunde = await lists.create(actor, {
    name: 'Großkunde',
    discountPercent: '15',
    validFrom: `${year}-01-01`,
    validUntil: `${year + 1}-12-31`,
  });
  const products = (await productService(ctx).list(actor, { limit: 3, sort: 'sku', active: 'true' })).data;
  for (const product of products) {
    const price = new Decimal(product.listPrice).times(ownShare).toFixed(2, Decimal.ROUND_HALF_UP);
    await priceListEntryService(ctx).set(actor, grosskunde.id, product.id, price);
  }
  const companies = (await companyService(ctx).list(actor, { limit: 5, sort: 'name' })).data;
  for (const [index, company] of companies.entries()) {
    const priceListId = index < 3 ? haendler.id : grosskunde.id;
    await companyService(ctx).update(actor, company.id, { priceListId }, undefined);
  }
  return { priceLists: 2 };
}
