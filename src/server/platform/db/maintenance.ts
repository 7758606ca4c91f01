// Reading across workspaces, the one deliberate way past the tenant policies: on the owner's
// connection, in a transaction that says so (migration 0016). For jobs that must find which
// workspaces have work (due reminders), never for a request.
import { sql } from 'kysely';
import type { Db } from './database.ts';

/** Runs `work` in a transaction of the owner that sees every workspace's rows. */
export async function acrossWorkspaces<T>(owner: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return owner.transaction().execute(async (tx) => {
    await sql`select set_config('farley.maintenance', 'on', true)`.execute(tx);
    return work(tx);
  });
}
