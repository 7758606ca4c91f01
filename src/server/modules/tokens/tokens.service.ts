// API tokens: created for a user, shown once, stored as a hash, revoked by trashing.
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';
import { mintCredential } from '../auth/credentials.ts';

/** Creates a token inside an open tenant transaction; the plain token is only returned here. */
export async function createTokenIn(tx: Db, workspaceId: string, input: { userId: string; name: string; expiresAt?: Date | null }) {
  const id = newId();
  const { credential, secretHash } = mintCredential(workspaceId, id);
  const row = await tx.insertInto('api_tokens').values({
    workspace_id: workspaceId, id, user_id: input.userId, name: input.name, secret_hash: secretHash,
    expires_at: input.expiresAt ?? null, last_used_at: null, deleted_at: null,
  }).returningAll().executeTakeFirstOrThrow();
  return { row, token: credential };
}
