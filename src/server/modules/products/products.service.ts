// Products and services of the catalogue: the SKU rule, the VAT rates of the workspace's
// country, and the API shape.
import type { Product, ProductCreate, ProductPatch } from '../../../contract/products.ts';
import { normalVatRate, vatRatesFor } from '../../../contract/sales/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import { columnsFrom, type FieldColumns } from '../../platform/presenting.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import * as repo from './products.repository.ts';
import { presentProduct } from './products.presenter.ts';

/** The fields a write stores as they come, each in its column. */
export const productColumns = {
  sku: { column: 'sku' },
  name: { column: 'name' },
  description: { column: 'description' },
  unit: { column: 'unit' },
  listPrice: { column: 'list_price' },
  costPrice: { column: 'cost_price' },
  currency: { column: 'currency' },
  productGroup: { column: 'product_group' },
  active: { column: 'active' },
  tags: { column: 'tags' },
} as const satisfies FieldColumns<'products', ProductPatch>;

export function skuTaken(sku: string) {
  return new AppError(
    'conflict',
    `The SKU "${sku}" belongs to another product.`,
    [{ path: 'sku', code: 'duplicate', message: 'is taken by another product' }],
    undefined,
    'sku_taken',
  );
}

/** The VAT rate as stored, or 422 when the workspace's country does not have it. */
function checkedVatRate(defaultCountry: string, rate: string): string {
  const allowed = vatRatesFor(defaultCountry);
  const normal = normalVatRate(rate);
  if (!allowed.includes(normal)) {
    throw invalid([
      { path: 'vatRate', message: `is not a VAT rate of ${defaultCountry}; allowed: ${allowed.join(', ')}` },
    ]);
  }
  return normal;
}

async function assertSkuFree(tx: Db, sku: string | undefined, id: string) {
  if (sku && (await repo.skuHolder(tx, sku, id))) throw skuTaken(sku);
}

export function productService(ctx: AppContext): RecordService<Product, ProductCreate, ProductPatch> {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        const page = await repo.listProducts(tx, query);
        return { data: page.rows.map(presentProduct), nextCursor: page.nextCursor };
      }),
    count: (actor, query: ListQuery) => inTenant(db, actor, (tx) => repo.countProducts(tx, query)),
    get: (actor, id) =>
      inTenant(db, actor, async (tx) => presentProduct(await findLive(tx, 'products', id, 'product'))),
    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        const id = newId();
        const settings = await workspaceSettings(tx, actor.workspaceId);
        const vatRate = checkedVatRate(
          settings.defaultCountry,
          input.vatRate ?? vatRatesFor(settings.defaultCountry)[0],
        );
        await assertSkuFree(tx, input.sku, id);
        const inserted = await repo.insertProduct(tx, {
          ...columnsFrom(productColumns, input),
          id,
          workspace_id: actor.workspaceId,
          sku: input.sku,
          name: input.name,
          unit: input.unit,
          list_price: input.listPrice,
          currency: input.currency ?? settings.defaultCurrency,
          vat_rate: vatRate,
        });
        return presentProduct(inserted);
      }),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        await findLive(tx, 'products', id, 'product');
        const values = {
          ...columnsFrom(productColumns, patch),
          ...(patch.vatRate !== undefined && {
            vat_rate: checkedVatRate((await workspaceSettings(tx, actor.workspaceId)).defaultCountry, patch.vatRate),
          }),
        };
        await assertSkuFree(tx, patch.sku, id);
        return presentProduct(await updateLive(tx, 'products', id, values, version, 'product'));
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        await trash(tx, 'products', id, version, 'product');
      }),
    restore: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        const row = await tx.selectFrom('products').select('sku').where('id', '=', id).executeTakeFirst();
        if (row) await assertSkuFree(tx, row.sku, id);
        return presentProduct(await restore(tx, 'products', id, 'product'));
      }),
  };
}
