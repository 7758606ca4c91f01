// SQL of sign-in: login emails, failed attempts, sessions and token lookups.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { compiledOnce } from '../../platform/db/compiled.ts';

/** The users this email signs in to: one per workspace that has a user with it (0055). */
export async function findLogins(db: Db, email: string) {
  return db.selectFrom('user_logins').selectAll().where('email', '=', email).orderBy('workspace_id').execute();
}

export async function recentFailures(db: Db, keys: string[], minutes: number) {
  const rows = await db
    .selectFrom('login_failures')
    .select(['key', sql<number>`count(*)::int`.as('count')])
    .where('key', 'in', keys)
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .groupBy('key')
    .execute();
  return new Map(rows.map((r) => [r.key, r.count]));
}

export async function recordFailure(db: Db, keys: string[]) {
  await db
    .insertInto('login_failures')
    .values(keys.map((key) => ({ key })))
    .execute();
  await db.deleteFrom('login_failures').where('at', '<', sql<Date>`now() - interval '1 day'`).execute();
}

export async function clearFailures(db: Db, key: string) {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

export async function findUserForLogin(tx: Db, userId: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'role', 'active', 'password_hash'])
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertSession(
  tx: Db,
  values: {
    workspace_id: string;
    id: string;
    user_id: string;
    secret_hash: Buffer;
    csrf_token: string;
    expires_at: Date;
    user_agent?: string | null;
    ip?: string | null;
  },
) {
  await tx.insertInto('sessions').values(values).execute();
  // The users page shows the last sign-in; kept on the login row, not the audited user row.
  await tx
    .updateTable('user_logins')
    .set({ last_sign_in_at: sql`now()` })
    .where('workspace_id', '=', values.workspace_id)
    .where('user_id', '=', values.user_id)
    .execute();
}

export async function deleteSessionsOf(tx: Db, userId: string, keep?: string) {
  let query = tx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) query = query.where('id', '<>', keep);
  await query.execute();
}

export async function deleteSession(tx: Db, id: string) {
  await tx.deleteFrom('sessions').where('id', '=', id).execute();
}

/**
 * Makes the found user the acting user of the rest of the transaction (farley.user_id, for
 * the audit trail), in the lookup itself rather than in a round trip of its own: the
 * request's work goes on in this transaction. Rolled back with it if the credential fails.
 */
const actAsFoundUser = sql<string>`set_config('farley.user_id', users.id::text, true)`.as('acting_user');

/** The session with its user, if both are live. Compiled once: it runs on every request of the web app. */
export const findSession = compiledOnce((tx: Db, id: string) =>
  tx
    .selectFrom('sessions')
    .innerJoin('users', (join) =>
      join.onRef('users.workspace_id', '=', 'sessions.workspace_id').onRef('users.id', '=', 'sessions.user_id'),
    )
    .select([
      'sessions.id',
      'sessions.secret_hash',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id as user_id',
      'users.role',
      'users.active',
      'users.deleted_at',
      actAsFoundUser,
    ])
    .where('sessions.id', '=', id),
);

export async function touchSession(tx: Db, id: string, expiresAt: Date) {
  await tx
    .updateTable('sessions')
    .set({ last_seen_at: sql`now()`, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

/** The live token with its user. Compiled once: it runs on every API request. */
export const findToken = compiledOnce((tx: Db, id: string) =>
  tx
    .selectFrom('api_tokens')
    .innerJoin('users', (join) =>
      join.onRef('users.workspace_id', '=', 'api_tokens.workspace_id').onRef('users.id', '=', 'api_tokens.user_id'),
    )
    .select([
      'api_tokens.id',
      'api_tokens.secret_hash',
      'api_tokens.expires_at',
      'api_tokens.last_used_at',
      'users.id as user_id',
      'users.role',
      'users.active',
      'users.deleted_at as user_deleted_at',
      actAsFoundUser,
    ])
    .where('api_tokens.id', '=', id)
    // An app password (kind 'dav') opens the DAV server only, never the API.
    .where('api_tokens.kind', '=', 'api')
    .where('api_tokens.deleted_at', 'is', null),
);

/**
 * The user's live app password with this hash, with the user. The hash is of a random secret
 * of 100 bits, so comparing it in SQL tells a guesser nothing.
 */
export async function findAppPassword(tx: Db, userId: string, secretHash: Buffer) {
  return tx
    .selectFrom('api_tokens')
    .innerJoin('users', (join) =>
      join.onRef('users.workspace_id', '=', 'api_tokens.workspace_id').onRef('users.id', '=', 'api_tokens.user_id'),
    )
    .select(['api_tokens.id', 'api_tokens.last_used_at', 'users.id as user_id', 'users.role', actAsFoundUser])
    .where('api_tokens.user_id', '=', userId)
    .where('api_tokens.kind', '=', 'dav')
    .where('api_tokens.secret_hash', '=', secretHash)
    .where('api_tokens.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', sql<Date>`now()`)]))
    .where('users.active', '=', true)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function touchToken(tx: Db, id: string) {
  await tx.updateTable('api_tokens').set({ last_used_at: sql`now()` }).where('id', '=', id).execute();
}
