// SQL of workspaces (the tenant itself).
import type { Db } from '../../platform/db/database.ts';

export async function insertWorkspace(
  tx: Db,
  values: { id: string; name: string; default_country?: string; default_currency?: string },
) {
  return tx.insertInto('workspaces').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The current workspace of a tenant transaction (row-level security shows only that one). */
export async function currentWorkspace(tx: Db) {
  return tx.selectFrom('workspaces').selectAll().executeTakeFirstOrThrow();
}
