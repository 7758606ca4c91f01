// Creating workspaces with their first admin, and reading a workspace's settings.
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import { createUserIn } from '../users/users.service.ts';
import { createDefaultPipeline } from '../pipelines/pipelines.service.ts';
import { createDefaultLostReasons } from '../lostReasons/lostReasons.service.ts';
import { createDefaultPriceList } from '../priceLists/priceLists.rules.ts';
import * as repo from './workspaces.repository.ts';

export interface WorkspaceSettings {
  id: string;
  name: string;
  defaultCountry: string;
  defaultCurrency: string;
}

const settingsCache = new Map<string, WorkspaceSettings>();

/** Settings of the transaction's workspace; they change rarely, so they are kept in memory. */
export async function workspaceSettings(tx: Db, workspaceId: string): Promise<WorkspaceSettings> {
  const cached = settingsCache.get(workspaceId);
  if (cached) return cached;
  const row = await repo.currentWorkspace(tx);
  const settings = {
    id: row.id,
    name: row.name,
    defaultCountry: row.default_country,
    defaultCurrency: row.default_currency,
  };
  settingsCache.set(workspaceId, settings);
  return settings;
}

export async function createWorkspace(
  ctx: AppContext,
  input: {
    name: string;
    adminEmail: string;
    adminPassword: string;
    adminName?: string;
    defaultCountry?: string;
  },
): Promise<{ workspaceId: string; userId: string }> {
  const workspaceId = newId();
  const userId = newId();
  await inTenant(ctx.db.app, { workspaceId, userId }, async (tx) => {
    await repo.insertWorkspace(tx, {
      id: workspaceId,
      name: input.name,
      default_country: input.defaultCountry ?? 'DE',
    });
    await createUserIn(tx, workspaceId, {
      id: userId,
      email: input.adminEmail,
      password: input.adminPassword,
      name: input.adminName ?? input.adminEmail.split('@')[0],
      role: 'admin',
    });
    await createDefaultPipeline(tx, workspaceId);
    await createDefaultLostReasons(tx, workspaceId);
    await createDefaultPriceList(tx, workspaceId);
  });
  return { workspaceId, userId };
}
