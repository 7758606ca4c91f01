// Lost reasons: the workspace's list of why deals are lost (defaults for every new workspace,
// admins change it), and the check a deal's reason must pass.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import type { LostReason, LostReasonCreate, LostReasonPatch } from '../../../contract/lostReasons.ts';
import { defaultLostReasons } from '../../db/migrations/0019_lost_reasons.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import * as repo from './lostReasons.repository.ts';
import { presentLostReason } from './lostReasons.presenter.ts';

/**
 * Every new workspace starts with the default reasons of migration 0019 (under their German
 * names, like the default pipeline's stages; their keys let the web app show them in each reader's language).
 */
export async function createDefaultLostReasons(tx: Db, workspaceId: string) {
  await repo.insertReasons(
    tx,
    defaultLostReasons.map((reason, position) => ({
      workspace_id: workspaceId,
      id: newId(),
      key: reason.key,
      name: reason.de,
      position,
    })),
  );
}

/**
 * A reason a deal may be given now: one of the workspace's active reasons. A reason the deal
 * has already (`current`) stays acceptable after it was deactivated, so other edits of the deal go through.
 */
export async function checkLostReasonId(tx: Db, id: string | null | undefined, current: string | null = null) {
  if (!id || id === current) return;
  const reason = await repo.findReason(tx, id);
  if (!reason) throw invalid([{ path: 'lostReasonId', message: `no lost reason ${id}` }]);
  if (!reason.active) throw invalid([{ path: 'lostReasonId', message: 'this lost reason is no longer offered' }]);
}

async function checkNameFree(tx: Db, name: string, self?: string) {
  const other = await repo.findByName(tx, name);
  if (other && other.id !== self) throw conflict(`A lost reason "${name}" exists already.`);
}

export interface LostReasonService {
  list(actor: Actor, includeInactive: boolean): Promise<{ data: LostReason[] }>;
  get(actor: Actor, id: string): Promise<LostReason>;
  create(actor: Actor, input: LostReasonCreate): Promise<LostReason>;
  update(actor: Actor, id: string, patch: LostReasonPatch, version: number | undefined): Promise<LostReason>;
  reorder(actor: Actor, ids: string[]): Promise<{ data: LostReason[] }>;
}

export function lostReasonService(ctx: AppContext): LostReasonService {
  const db = ctx.db.app;
  return {
    list: (actor, includeInactive) =>
      inTenant(db, actor, async (tx) => ({
        data: (await repo.listReasons(tx, !includeInactive)).map(presentLostReason),
      })),

    get: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        const row = await repo.findReason(tx, id);
        if (!row) throw notFound('lost reason');
        return presentLostReason(row);
      }),

    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        await checkNameFree(tx, input.name);
        const [row] = await repo.insertReasons(tx, [
          {
            workspace_id: actor.workspaceId,
            id: newId(),
            key: null,
            name: input.name,
            position: await repo.nextPosition(tx),
          },
        ]);
        return presentLostReason(row);
      }),

    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await repo.findReason(tx, id);
        if (!current) throw notFound('lost reason');
        const renamed = patch.name !== undefined && patch.name !== current.name;
        if (renamed) await checkNameFree(tx, patch.name as string, id);
        const row = await repo.updateReason(
          tx,
          id,
          {
            ...(renamed && { name: patch.name, key: null }),
            ...(patch.active !== undefined && { active: patch.active }),
          },
          version,
        );
        if (!row) throw new AppError('precondition_failed', 'The lost reason was changed meanwhile; reload it.');
        return presentLostReason(row);
      }),

    reorder: (actor, ids) =>
      inTenant(db, actor, async (tx) => {
        const all = await repo.listReasons(tx, false);
        const known = new Set(all.map((row) => row.id));
        const given = new Set(ids);
        if (given.size !== ids.length || given.size !== known.size || ids.some((id) => !known.has(id))) {
          throw invalid([{ path: 'ids', message: 'must list every lost reason of the workspace, each once' }]);
        }
        await repo.setOrder(tx, ids);
        return { data: (await repo.listReasons(tx, false)).map(presentLostReason) };
      }),
  };
}
