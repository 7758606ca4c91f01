// Price lists: the one default list per workspace (it cannot be trashed), names unique among
// live lists, validity dates in order, and the entries (a product's own price in a list).
import type { PriceList, PriceListCreate, PriceListPatch } from '../../../contract/priceLists.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import { AppError, inTrash, invalid, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import { columnsFrom, type FieldColumns } from '../../platform/presenting.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import * as repo from './priceLists.repository.ts';
import { presentPriceList } from './priceLists.presenter.ts';

/** The fields a write stores as they come, each in its column. */
const priceListColumns = {
  name: { column: 'name' },
  currency: { column: 'currency' },
  discountPercent: { column: 'discount_percent' },
  validFrom: { column: 'valid_from' },
  validUntil: { column: 'valid_until' },
} as const satisfies FieldColumns<'price_lists', PriceListPatch>;

export function priceListNameTaken(name: string) {
  return new AppError(
    'conflict',
    `The name "${name}" belongs to another price list.`,
    [{ path: 'name', code: 'duplicate', message: 'is taken by another price list' }],
    undefined,
    'price_list_name_taken',
  );
}

async function assertNameFree(tx: Db, name: string | undefined, id: string) {
  if (name && (await repo.nameHolder(tx, name, id))) throw priceListNameTaken(name);
}

/** A list with its entry count, live or 404. */
async function liveList(tx: Db, id: string) {
  const row = await repo.findList(tx, id);
  if (!row) throw notFound('price list');
  if (row.deleted_at) throw inTrash('price list');
  return row;
}

async function shown(tx: Db, id: string, withEntries = false): Promise<PriceList> {
  const row = await repo.findList(tx, id);
  if (!row) throw notFound('price list');
  return presentPriceList(row, withEntries ? await repo.entriesOf(tx, id) : undefined);
}

export function priceListService(ctx: AppContext): RecordService<PriceList, PriceListCreate, PriceListPatch> {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        const page = await repo.listLists(tx, query);
        return { data: page.rows.map((row) => presentPriceList(row)), nextCursor: page.nextCursor };
      }),
    get: (actor, id) =>
      inTenant(db, actor, async (tx) => presentPriceList(await liveList(tx, id), await repo.entriesOf(tx, id))),
    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        const id = newId();
        await assertNameFree(tx, input.name, id);
        const settings = await workspaceSettings(tx, actor.workspaceId);
        await repo.insertList(tx, {
          ...columnsFrom(priceListColumns, input),
          id,
          workspace_id: actor.workspaceId,
          name: input.name,
          currency: input.currency ?? settings.defaultCurrency,
        });
        return shown(tx, id, true);
      }),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'price_lists', id, 'price list');
        const from = patch.validFrom !== undefined ? patch.validFrom : current.valid_from;
        const until = patch.validUntil !== undefined ? patch.validUntil : current.valid_until;
        if (from && until && until < from)
          throw invalid([{ path: 'validUntil', code: 'too_small', message: 'must not be before validFrom' }]);
        await assertNameFree(tx, patch.name, id);
        await updateLive(tx, 'price_lists', id, columnsFrom(priceListColumns, patch), version, 'price list');
        return shown(tx, id, true);
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'price_lists', id, 'price list');
        if (current.is_default)
          throw new AppError(
            'conflict',
            'The default price list cannot be moved to the trash: customers without a list of their own get its prices.',
            undefined,
            undefined,
            'default_price_list',
          );
        await trash(tx, 'price_lists', id, version, 'price list');
      }),
    restore: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        const row = await tx.selectFrom('price_lists').select('name').where('id', '=', id).executeTakeFirst();
        if (row) await assertNameFree(tx, row.name, id);
        await restore(tx, 'price_lists', id, 'price list');
        return shown(tx, id, true);
      }),
  };
}

/** Setting and removing a product's own price in a list; each makes a new version of the list. */
export function priceListEntryService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    set: (actor: Actor, id: string, productId: string, price: string) =>
      inTenant(db, actor, async (tx) => {
        await liveList(tx, id);
        await findLive(tx, 'products', productId, 'product');
        await repo.upsertEntry(tx, {
          workspace_id: actor.workspaceId,
          id: newId(),
          price_list_id: id,
          product_id: productId,
          price,
        });
        await repo.touchList(tx, id);
        return shown(tx, id, true);
      }),
    remove: (actor: Actor, id: string, productId: string) =>
      inTenant(db, actor, async (tx) => {
        await liveList(tx, id);
        if (!(await repo.deleteEntry(tx, id, productId))) throw notFound('price list entry');
        await repo.touchList(tx, id);
      }),
  };
}
