// SQL of users and their login emails.
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { UsersTable } from '../../platform/db/schema.ts';
import { listPage, type Fields, type ListQuery } from '../../platform/http/listing.ts';

export const userFields: Fields = {
  email: { column: 'email', kind: 'text' },
  name: { column: 'name', kind: 'text' },
  role: { column: 'role', kind: 'enum', values: ['admin', 'manager', 'agent', 'viewer', 'partner'] },
  locale: { column: 'locale', kind: 'text' },
  active: { column: 'active', kind: 'boolean' },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};

export async function insertUser(tx: Db, values: Insertable<UsersTable>) {
  const row = await tx.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
  await tx
    .insertInto('user_logins')
    .values({ email: values.email.toLowerCase(), workspace_id: values.workspace_id, user_id: values.id })
    .execute();
  return row;
}

/** user_logins is global (no row-level security), so the workspace is matched explicitly. */
export async function changeLoginEmail(tx: Db, workspaceId: string, userId: string, email: string) {
  await tx
    .updateTable('user_logins')
    .set({ email: email.toLowerCase() })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .execute();
}

export async function listUsers(tx: Db, query: ListQuery) {
  return listPage(tx.selectFrom('users').selectAll(), { fields: userFields, query, defaultSort: 'name' });
}

/** When these users last signed in (user_logins is global: the workspace is matched explicitly). */
export async function lastSignIns(tx: Db, workspaceId: string, userIds: string[]): Promise<Map<string, Date>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('user_logins')
    .select(['user_id', 'last_sign_in_at'])
    .where('workspace_id', '=', workspaceId)
    .where('user_id', 'in', userIds)
    .where('last_sign_in_at', 'is not', null)
    .execute();
  return new Map(rows.map((row) => [row.user_id, row.last_sign_in_at as Date]));
}

export async function findUserByEmail(tx: Db, email: string) {
  return tx
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}
