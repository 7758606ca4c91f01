// SQL of password reset links: stored as the hash of their secret, used once.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

/** A new link; the user's earlier unused links stop working (only the newest one counts). */
export async function insertReset(
  tx: Db,
  values: {
    workspace_id: string;
    id: string;
    user_id: string;
    secret_hash: Buffer;
    issued_by: 'email' | 'admin';
    created_by: string | null;
    expires_at: Date;
  },
) {
  await tx.deleteFrom('password_resets').where('user_id', '=', values.user_id).where('used_at', 'is', null).execute();
  await tx.insertInto('password_resets').values(values).execute();
}

/** The link with its user, locked: two uses at once must not both pass. */
export async function findResetForUse(tx: Db, id: string) {
  return tx
    .selectFrom('password_resets')
    .innerJoin('users', (join) =>
      join
        .onRef('users.workspace_id', '=', 'password_resets.workspace_id')
        .onRef('users.id', '=', 'password_resets.user_id'),
    )
    .select([
      'password_resets.id',
      'password_resets.secret_hash',
      'password_resets.expires_at',
      'password_resets.used_at',
      'users.id as user_id',
      'users.email',
      'users.name',
      'users.active',
      'users.deleted_at',
    ])
    .where('password_resets.id', '=', id)
    .forUpdate('password_resets')
    .executeTakeFirst();
}

export async function markUsed(tx: Db, id: string, userId: string) {
  await tx.updateTable('password_resets').set({ used_at: sql`now()` }).where('id', '=', id).execute();
  await tx.deleteFrom('password_resets').where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** What a reset mail needs of the user and their workspace, if the user may sign in. */
export async function findMailRecipient(tx: Db, userId: string) {
  return tx
    .selectFrom('users')
    .innerJoin('workspaces', 'workspaces.id', 'users.workspace_id')
    .select(['users.id', 'users.email', 'users.name', 'users.locale', 'workspaces.name as workspace'])
    .where('users.id', '=', userId)
    .where('users.active', '=', true)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
}
