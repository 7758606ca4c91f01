// The personal account: the caller's sessions and credentials (listed, revoked), their
// password (changed with the current one) and their name and language. Every user their own.
import { verify } from '@node-rs/argon2';
import type { AppContext } from '../../platform/context.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { findLive, updateLive } from '../../platform/db/records.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { iso } from '../../platform/presenting.ts';
import type { AccountSession, AccountToken } from '../../../contract/account.ts';
import type { User } from '../../../contract/users.ts';
import { endSessionsOf, hashPassword } from '../auth/auth.service.ts';
import { assertPasswordAllowed } from '../auth/passwordRules.ts';
import { revokeTokensOf } from '../tokens/tokens.service.ts';
import { presentUser } from '../users/users.presenter.ts';
import * as repo from './account.repository.ts';

export function accountService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    sessions: (actor: Actor): Promise<AccountSession[]> =>
      inTenant(db, actor, async (tx) =>
        (await repo.listSessions(tx, actor.userId)).map((row) => ({
          id: row.id,
          createdAt: row.created_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          expiresAt: row.expires_at.toISOString(),
          userAgent: row.user_agent,
          ip: row.ip,
          current: row.id === actor.sessionId,
        })),
      ),

    endSession: (actor: Actor, id: string) =>
      inTenant(db, actor, async (tx) => {
        if (!(await repo.deleteSession(tx, actor.userId, id))) throw notFound('session');
      }),

    /** Ends every session of the caller but the one of this request. */
    endOtherSessions: (actor: Actor) => inTenant(db, actor, (tx) => endSessionsOf(tx, actor.userId, actor.sessionId)),

    tokens: (actor: Actor): Promise<AccountToken[]> =>
      inTenant(db, actor, async (tx) =>
        (await repo.listTokens(tx, actor.userId)).map((row) => ({
          id: row.id,
          kind: row.kind,
          name: row.name,
          createdAt: row.created_at.toISOString(),
          lastUsedAt: iso(row.last_used_at),
          expiresAt: iso(row.expires_at),
          current: row.id === actor.tokenId,
        })),
      ),

    revokeToken: (actor: Actor, id: string) =>
      inTenant(db, actor, async (tx) => {
        if (!(await repo.revokeToken(tx, actor.userId, id))) throw notFound('token');
      }),

    /**
     * A new password, proven by the current one. Whoever held another session, token or app
     * password of the user (perhaps the reason for the change) is out; the caller's own
     * session or token stays (docs/security.md).
     */
    changePassword: (actor: Actor, currentPassword: string, newPassword: string) =>
      inTenant(db, actor, async (tx) => {
        const hash = await repo.findPasswordHash(tx, actor.userId);
        const matches = hash ? await verify(hash, currentPassword).catch(() => false) : false;
        if (!matches)
          throw new AppError(
            'invalid',
            'The current password is wrong.',
            [{ path: 'currentPassword', message: 'is wrong', code: 'invalid' }],
            undefined,
            'wrong_password',
          );
        const user = await findLive(tx, 'users', actor.userId, 'user');
        await assertPasswordAllowed(newPassword, { email: user.email, name: user.name }, 'newPassword');
        await updateLive(
          tx,
          'users',
          actor.userId,
          { password_hash: await hashPassword(newPassword) },
          undefined,
          'user',
        );
        await endSessionsOf(tx, actor.userId, actor.sessionId);
        await revokeTokensOf(tx, actor.userId, actor.tokenId);
      }),

    /** The caller's own name and language (the role, email and the rest stay an admin's to change). */
    updateProfile: (actor: Actor, patch: { name?: string; locale?: 'de' | 'en' }): Promise<User> =>
      inTenant(db, actor, async (tx) => {
        const values: { name?: string; locale?: string } = {};
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.locale !== undefined) values.locale = patch.locale;
        return presentUser(await updateLive(tx, 'users', actor.userId, values, undefined, 'user'));
      }),
  };
}
