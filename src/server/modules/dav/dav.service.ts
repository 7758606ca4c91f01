// App passwords (API tokens of kind 'dav', each user's own: created, listed and revoked by
// the user) and the phone settings: which saved view the address book shows.
import type { AppContext } from '../../platform/context.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { iso } from '../../platform/presenting.ts';
import type { AppPassword, CreatedAppPassword } from '../../../contract/dav.ts';
import { mintAppPassword } from '../auth/credentials.ts';
import { findVisibleView } from '../views/views.repository.ts';
import { collectionView, setCollectionView } from './dav.sync.ts';
import * as repo from './dav.repository.ts';

function present(row: { id: string; name: string; created_at: Date; last_used_at: Date | null }): AppPassword {
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString(), lastUsedAt: iso(row.last_used_at) };
}

export function davService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    list: (actor: Actor) =>
      inTenant(db, actor, async (tx) => ({ data: (await repo.listAppPasswords(tx, actor.userId)).map(present) })),
    create: (actor: Actor, name: string) =>
      inTenant(db, actor, async (tx): Promise<CreatedAppPassword> => {
        const { password, secretHash } = mintAppPassword();
        const row = await repo.insertAppPassword(tx, {
          workspace_id: actor.workspaceId,
          id: newId(),
          user_id: actor.userId,
          name,
          secret_hash: secretHash,
        });
        return { ...present(row), password };
      }),
    /** Revokes at once: the next request of the device is refused. */
    revoke: (actor: Actor, id: string) =>
      inTenant(db, actor, async (tx) => {
        if (!(await repo.revokeAppPassword(tx, actor.userId, id))) throw notFound('app password');
      }),
    settings: (actor: Actor) =>
      inTenant(db, actor, async (tx) => ({
        contactsViewId: await collectionView(tx, actor.userId, 'contacts'),
        email: await repo.emailOf(tx, actor.userId),
      })),
    chooseView: (actor: Actor, viewId: string | null) =>
      inTenant(db, actor, async (tx) => {
        if (viewId) {
          const view = await findVisibleView(tx, viewId, actor.userId);
          if (!view || view.resource !== 'contacts')
            throw invalid([{ path: 'contactsViewId', message: 'must be a saved view of contacts you can see' }]);
        }
        await setCollectionView(tx, actor.userId, 'contacts', viewId);
        return { contactsViewId: viewId, email: await repo.emailOf(tx, actor.userId) };
      }),
  };
}
