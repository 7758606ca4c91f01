// API tokens: created for a user, shown once, stored as a hash, revoked by trashing.
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { ApiToken, ApiTokenCreate, ApiTokenPatch, CreatedApiToken } from '../../../contract/tokens.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { assertExists, findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import type { ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import { mintCredential } from '../auth/credentials.ts';
import * as repo from './tokens.repository.ts';
import { presentApiToken } from './tokens.presenter.ts';

/** Creates a token inside an open tenant transaction; the plain token is only returned here. */
export async function createTokenIn(
  tx: Db,
  workspaceId: string,
  input: { userId: string; name: string; expiresAt?: Date | null },
) {
  const id = newId();
  const { credential, secretHash } = mintCredential(workspaceId, id);
  const row = await tx
    .insertInto('api_tokens')
    .values({
      workspace_id: workspaceId,
      id,
      user_id: input.userId,
      name: input.name,
      secret_hash: secretHash,
      expires_at: input.expiresAt ?? null,
      last_used_at: null,
      deleted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, token: credential };
}

/**
 * Revokes the user's API tokens and app passwords but `keep` (the one of the request that
 * asked), when the user's password or email changes: see docs/security.md. Revoked tokens are
 * trashed, so an admin who knows one to be safe can restore it.
 */
export async function revokeTokensOf(tx: Db, userId: string, keep?: string): Promise<void> {
  await repo.revokeTokensOf(tx, userId, keep);
}

/**
 * App passwords (kind 'dav') are rows of the same table but their users' own (modules/dav):
 * to these routes they do not exist, so that none is read, renamed or brought back here.
 */
async function assertApiToken(tx: Db, id: string): Promise<void> {
  if (await repo.isAppPassword(tx, id)) throw notFound('API token');
}

function assertFuture(expiresAt: string | null | undefined) {
  if (expiresAt && Date.parse(expiresAt) <= Date.now()) {
    throw invalid([{ path: 'expiresAt', message: 'must be in the future' }]);
  }
}

export function tokenService(ctx: AppContext): RecordService<ApiToken, ApiTokenCreate, ApiTokenPatch> {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        const page = await repo.listTokens(tx, query);
        return { data: page.rows.map(presentApiToken), nextCursor: page.nextCursor };
      }),
    get: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        await assertApiToken(tx, id);
        return presentApiToken(await findLive(tx, 'api_tokens', id, 'API token'));
      }),
    create: (actor, input) =>
      inTenant(db, actor, async (tx): Promise<CreatedApiToken> => {
        const userId = input.userId ?? actor.userId;
        await assertExists(tx, 'users', [userId], 'userId');
        assertFuture(input.expiresAt);
        const { row, token } = await createTokenIn(tx, actor.workspaceId, {
          userId,
          name: input.name,
          expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        });
        return { ...presentApiToken(row), token };
      }),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        await assertApiToken(tx, id);
        assertFuture(patch.expiresAt);
        const values: Record<string, unknown> = {};
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.expiresAt !== undefined)
          values.expires_at = patch.expiresAt === null ? null : new Date(patch.expiresAt);
        return presentApiToken(await updateLive(tx, 'api_tokens', id, values, version, 'API token'));
      }),
    // Revoking is trashing: the token stops working at once, and restoring brings it back.
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        await assertApiToken(tx, id);
        await trash(tx, 'api_tokens', id, version, 'API token');
      }),
    restore: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        await assertApiToken(tx, id);
        return presentApiToken(await restore(tx, 'api_tokens', id, 'API token'));
      }),
  };
}
