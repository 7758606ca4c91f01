// SQL of app passwords: rows of api_tokens of kind 'dav' (the hash never leaves these queries).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

const shown = ['id', 'name', 'created_at', 'last_used_at'] as const;

export async function listAppPasswords(tx: Db, userId: string) {
  return tx
    .selectFrom('api_tokens')
    .select(shown)
    .where('user_id', '=', userId)
    .where('kind', '=', 'dav')
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function insertAppPassword(
  tx: Db,
  values: { workspace_id: string; id: string; user_id: string; name: string; secret_hash: Buffer },
) {
  return tx
    .insertInto('api_tokens')
    .values({ ...values, kind: 'dav', last_used_at: null, expires_at: null, deleted_at: null })
    .returning(shown)
    .executeTakeFirstOrThrow();
}

/** Whether a live app password of the user was revoked. */
export async function revokeAppPassword(tx: Db, userId: string, id: string): Promise<boolean> {
  const result = await tx
    .updateTable('api_tokens')
    .set({ deleted_at: sql`now()`, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('kind', '=', 'dav')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function emailOf(tx: Db, userId: string): Promise<string> {
  const row = await tx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.email;
}
