// What other modules ask of price lists besides a price (index.ts): whether a customer may be
// given a list, and the default list a new workspace starts with. Kept apart from the service,
// which reads the workspace's settings, so that the workspaces module can call it.
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';
import { invalid } from '../../platform/errors.ts';
import * as repo from './priceLists.repository.ts';

/** The name of the default list a workspace starts with; managers may rename it. */
export const defaultPriceListName = 'Standardpreisliste';

/** Every new workspace gets its default list in its currency (existing ones got it in migration 0032). */
export async function createDefaultPriceList(tx: Db, workspaceId: string, currency = 'EUR') {
  await repo.insertList(tx, {
    workspace_id: workspaceId,
    id: newId(),
    name: defaultPriceListName,
    currency,
    is_default: true,
  });
}

/**
 * A price list a customer may be given: a live list of the workspace, else 422 at `path`. The
 * list the record has already (`current`) stays acceptable after it was trashed, so that other
 * edits of the record go through.
 */
export async function checkPriceListId(
  tx: Db,
  id: string | null | undefined,
  current: string | null = null,
  path = 'priceListId',
) {
  if (!id || id === current) return;
  const found = await repo.findList(tx, id);
  if (!found || found.deleted_at)
    throw invalid(
      [{ path, code: 'not_found', message: found ? 'this price list is in the trash' : `no price list ${id}` }],
      'The price list does not exist or is in the trash.',
      'missing_reference',
    );
}
