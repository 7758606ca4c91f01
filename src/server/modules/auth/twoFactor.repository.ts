// SQL of two-factor sign-in: the sealed TOTP secret, recovery codes, pending sign-ins, the
// workspace's rule, and the audit entries the service writes of its own.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export async function findTwoFactor(tx: Db, userId: string) {
  return tx.selectFrom('user_two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** A new secret waiting for its first code; replaces one that never got it. */
export async function savePendingSecret(tx: Db, workspaceId: string, userId: string, sealed: Buffer) {
  await tx
    .insertInto('user_two_factor')
    .values({ workspace_id: workspaceId, user_id: userId, secret_sealed: sealed })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'user_id'])
        .doUpdateSet({ secret_sealed: sealed, last_used_step: null, created_at: sql`now()` })
        .where('user_two_factor.enabled_at', 'is', null),
    )
    .execute();
}

export async function enable(tx: Db, userId: string, step: number): Promise<boolean> {
  const row = await tx
    .updateTable('user_two_factor')
    .set({ enabled_at: sql`now()`, last_used_step: step })
    .where('user_id', '=', userId)
    .where('enabled_at', 'is', null)
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes the 30-second step of an accepted code, if no code of it or a later one was taken
 * before: two requests with the same code cannot both pass.
 */
export async function takeStep(tx: Db, userId: string, step: number): Promise<boolean> {
  const row = await tx
    .updateTable('user_two_factor')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    // The column reads as a string (bigint) but is written as a number: compared in SQL.
    .where(sql<boolean>`last_used_step is null or last_used_step < ${step}`)
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function remove(tx: Db, userId: string) {
  await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await tx.deleteFrom('user_two_factor').where('user_id', '=', userId).execute();
}

export async function replaceRecoveryCodes(tx: Db, workspaceId: string, userId: string, hashes: Buffer[]) {
  await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await tx
    .insertInto('recovery_codes')
    .values(hashes.map((code_hash) => ({ workspace_id: workspaceId, user_id: userId, code_hash })))
    .execute();
}

/** Spends a recovery code: true once, for a code of the user's that was not spent. */
export async function spendRecoveryCode(tx: Db, userId: string, hash: Buffer): Promise<boolean> {
  const row = await tx
    .updateTable('recovery_codes')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function recoveryCodesLeft(tx: Db, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('recovery_codes')
    .select(sql<number>`count(*)::int`.as('left'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.left;
}

/** The user as proving it is them needs it: password hash and email. */
export async function userForProof(tx: Db, userId: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'password_hash'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export async function userExists(tx: Db, userId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function requirement(tx: Db) {
  const row = await tx.selectFrom('workspaces').select(['name', 'two_factor_required']).executeTakeFirstOrThrow();
  return row;
}

export async function setRequirement(tx: Db, value: 'nobody' | 'admins' | 'everyone') {
  await tx.updateTable('workspaces').set({ two_factor_required: value }).execute();
}

export async function insertChallenge(
  tx: Db,
  values: { workspace_id: string; id: string; user_id: string; secret_hash: Buffer; email: string; expires_at: Date },
) {
  await tx.insertInto('sign_in_challenges').values(values).execute();
  // Gone ones of the workspace go with each new one; there are few.
  await tx.deleteFrom('sign_in_challenges').where('expires_at', '<', sql<Date>`now()`).execute();
}

/** The challenge with one more attempt counted on it. */
export async function countChallengeAttempt(tx: Db, id: string) {
  return tx
    .updateTable('sign_in_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteChallenge(tx: Db, id: string) {
  await tx.deleteFrom('sign_in_challenges').where('id', '=', id).execute();
}

/**
 * An entry in the audit log of the transaction's workspace, for what no table change records
 * (two-factor sign-in turned on or off, a sign-in throttled): changes as `{key: [old, new]}`.
 */
export async function writeAudit(
  tx: Db,
  entry: {
    actorId: string | null;
    recordType: 'two_factor' | 'sign_in';
    recordId: string;
    action: 'create' | 'update' | 'delete';
    changes: Record<string, [unknown, unknown]>;
  },
) {
  await sql`insert into audit_log (workspace_id, actor_id, record_type, record_id, action, changes)
    values (farley_workspace(), ${entry.actorId}::uuid, ${entry.recordType}, ${entry.recordId}::uuid, ${entry.action}, ${JSON.stringify(entry.changes)}::jsonb)`.execute(
    tx,
  );
}
