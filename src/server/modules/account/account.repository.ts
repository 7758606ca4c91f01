// SQL of the personal account: the user's own sessions and credentials, their password.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export async function listSessions(tx: Db, userId: string) {
  return tx
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Ends one of the user's sessions; false when they have none with this id. */
export async function deleteSession(tx: Db, userId: string, id: string): Promise<boolean> {
  const ended = await tx
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return ended !== undefined;
}

/** The user's live API tokens and app passwords (revoked and expired ones are not shown). */
export async function listTokens(tx: Db, userId: string) {
  return tx
    .selectFrom('api_tokens')
    .select(['id', 'kind', 'name', 'created_at', 'last_used_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Revokes (trashes) one of the user's tokens or app passwords; false when they have none with this id. */
export async function revokeToken(tx: Db, userId: string, id: string): Promise<boolean> {
  const revoked = await tx
    .updateTable('api_tokens')
    .set({ deleted_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return revoked !== undefined;
}

export async function findPasswordHash(tx: Db, userId: string) {
  const row = await tx
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.password_hash ?? null;
}
