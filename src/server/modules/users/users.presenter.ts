// What the API shows of a user: never the password hash.
import type { User } from '../../../contract/users.ts';
import { iso, type Row } from '../../platform/presenting.ts';

export type UserRow = Pick<
  Row<'users'>,
  'id' | 'version' | 'email' | 'name' | 'role' | 'locale' | 'active' | 'created_at' | 'updated_at' | 'deleted_at'
>;

export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    version: row.version,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: row.locale,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
