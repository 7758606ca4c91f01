// SQL of API tokens (the secret's hash never leaves this module's queries).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { listPage, type Fields, type ListQuery } from '../../platform/http/listing.ts';

export const tokenFields: Fields = {
  name: { column: 'name', kind: 'text' },
  userId: { column: 'user_id', kind: 'uuid' },
  expiresAt: { column: 'expires_at', kind: 'timestamp', nullable: true },
  lastUsedAt: { column: 'last_used_at', kind: 'timestamp', nullable: true },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};

/** The API tokens: app passwords (kind 'dav') are their users' own business (modules/dav). */
export async function listTokens(tx: Db, query: ListQuery) {
  return listPage(tx.selectFrom('api_tokens').selectAll().where('kind', '=', 'api'), {
    fields: tokenFields,
    query,
    defaultSort: '-createdAt',
  });
}

/** Revokes (trashes) the user's live API tokens and app passwords, all but `keep`. */
export async function revokeTokensOf(tx: Db, userId: string, keep?: string) {
  let query = tx
    .updateTable('api_tokens')
    .set({ deleted_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null);
  if (keep) query = query.where('id', '<>', keep);
  await query.execute();
}

export async function isAppPassword(tx: Db, id: string): Promise<boolean> {
  const row = await tx.selectFrom('api_tokens').select('kind').where('id', '=', id).executeTakeFirst();
  return row?.kind === 'dav';
}
