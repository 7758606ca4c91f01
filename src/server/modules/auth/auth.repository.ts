// SQL of sign-in: login emails, failed attempts, sessions and token lookups.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { compiledOnce } from '../../platform/db/compiled.ts';

/** The users this email signs in to: one per workspace that has a user with it (0055). */
export async function findLogins(db: Db, email: string) {
  return db.selectFrom('user_logins').selectAll().where('email', '=', email).orderBy('workspace_id').execute();
}

/** Counts an attempt on each key (taken back when it succeeds or is refused): the new rows' ids. */
export async function insertAttempts(db: Db, keys: string[]): Promise<string[]> {
  const rows = await db
    .insertInto('login_failures')
    .values(keys.map((key) => ({ key })))
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function deleteAttempts(db: Db, ids: string[]) {
  if (ids.length > 0) await db.deleteFrom('login_failures').where('id', 'in', ids).execute();
}

export async function forgetOldAttempts(db: Db, hours: number) {
  await db.deleteFrom('login_failures').where('at', '<', sql<Date>`now() - make_interval(hours => ${hours})`).execute();
}

/** Attempts per key within the window, leaving out `except`, and seconds since the last one. */
export async function failuresOf(db: Db, keys: string[], hours: number, except: string[] = []) {
  let query = db
    .selectFrom('login_failures')
    .select([
      'key',
      sql<number>`count(*)::int`.as('failures'),
      sql<number>`extract(epoch from now() - max(at))::float8`.as('secondsSince'),
    ])
    .where('key', 'in', keys)
    .where('at', '>', sql<Date>`now() - make_interval(hours => ${hours})`)
    .groupBy('key');
  if (except.length > 0) query = query.where('id', 'not in', except);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.key, { failures: row.failures, secondsSince: row.secondsSince }]));
}

export async function clearFailures(db: Db, key: string) {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

export async function emailOf(tx: Db, userId: string): Promise<string> {
  const row = await tx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.email;
}

/** The user with whether their workspace still takes passwords (an identity provider may say no). */
export async function findUserForLogin(tx: Db, userId: string) {
  return tx
    .selectFrom('users')
    .leftJoin('oidc_providers', (join) =>
      join.onRef('oidc_providers.workspace_id', '=', 'users.workspace_id').on('oidc_providers.enabled', '=', true),
    )
    .select([
      'users.id',
      'users.role',
      'users.active',
      'users.password_hash',
      sql<boolean>`coalesce(oidc_providers.password_sign_in, true)`.as('password_sign_in'),
    ])
    .where('users.id', '=', userId)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * A sign-in in the audit log: the log takes creates, changes and deletes of records, so a
 * sign-in is logged as the creation of a `sign_in` record (the session's id) by the user who
 * signed in, its changes saying how. Sessions themselves are not audited (their touches
 * would flood the log).
 */
export async function recordSignIn(
  tx: Db,
  userId: string,
  sessionId: string,
  how: { method: string; issuer?: string },
) {
  const changes = Object.fromEntries(Object.entries(how).map(([key, value]) => [key, [null, value]]));
  await sql`insert into audit_log (workspace_id, actor_id, record_type, record_id, action, changes)
    values (farley_workspace(), ${userId}::uuid, 'sign_in', ${sessionId}::uuid, 'create', ${JSON.stringify(changes)}::jsonb)`.execute(
    tx,
  );
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

/**
 * The field rules of the user's role (platform/fieldAccess.ts) as JSON text, null without any:
 * read with the credential, so that no request needs a query of its own for them.
 */
const fieldRulesOfRole = sql<string | null>`(select json_agg(json_build_object('record_type', f.record_type,
  'field', f.field, 'access', f.access))::text from field_rules f
  where f.workspace_id = users.workspace_id and f.role = users.role)`.as('field_rules');

/** The session with its user, if both are live. Compiled once: it runs on every request of the web app. */
export const findSession = compiledOnce((tx: Db, id: string) =>
  tx
    .selectFrom('sessions')
    .innerJoin('users', (join) =>
      join.onRef('users.workspace_id', '=', 'sessions.workspace_id').onRef('users.id', '=', 'sessions.user_id'),
    )
    // Whether the workspace asks this user for a second factor they lack (Actor.twoFactorSetupDue).
    .innerJoin('workspaces', 'workspaces.id', 'sessions.workspace_id')
    .leftJoin('user_two_factor', (join) =>
      join
        .onRef('user_two_factor.workspace_id', '=', 'sessions.workspace_id')
        .onRef('user_two_factor.user_id', '=', 'sessions.user_id'),
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
      'workspaces.two_factor_required',
      sql<boolean>`user_two_factor.enabled_at is not null`.as('two_factor_on'),
      fieldRulesOfRole,
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
      fieldRulesOfRole,
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
