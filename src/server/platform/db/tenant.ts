// Tenant transactions: every read and write of workspace data runs inside one, with the
// workspace (and acting user, for the audit trail) set for row-level security.
import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './database.ts';

export type Tx = Transaction<Database> | Db;

export interface TenantScope {
  workspaceId: string;
  userId?: string | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in a transaction scoped to one workspace. The settings go in with BEGIN in a
 * single round trip; the ids are checked as UUIDs first, so inlining them is safe.
 */
export async function inTenant<T>(db: Db, scope: TenantScope, work: (tx: Db) => Promise<T>): Promise<T> {
  if (!uuidPattern.test(scope.workspaceId)) throw new Error('invalid workspace id');
  if (scope.userId && !uuidPattern.test(scope.userId)) throw new Error('invalid user id');
  return db.connection().execute(async (connection) => {
    await sql.raw(
      `begin; select set_config('farley.workspace_id', '${scope.workspaceId}', true), ` +
        `set_config('farley.user_id', '${scope.userId ?? ''}', true)`,
    ).execute(connection);
    try {
      const result = await work(connection);
      await sql.raw('commit').execute(connection);
      return result;
    } catch (error) {
      await sql.raw('rollback').execute(connection).catch(() => {});
      throw error;
    }
  });
}
