// SQL of notifications. Every query is limited to one user of one workspace.
import type { Db } from '../../platform/db/database.ts';
import type { NotificationsTable } from '../../platform/db/schema.ts';
import { sql, type Insertable } from 'kysely';

/** A notification as the API shows it. */
export type NotificationRow = Awaited<ReturnType<typeof page>>[number];

export async function page(
  tx: Db,
  f: { workspaceId: string; userId: string; unread: boolean; beforeId?: string; limit: number },
) {
  let query = tx
    .selectFrom('notifications')
    .selectAll()
    .where('workspace_id', '=', f.workspaceId)
    .where('user_id', '=', f.userId);
  if (f.unread) query = query.where('read_at', 'is', null);
  if (f.beforeId) query = query.where('id', '<', f.beforeId);
  return query.orderBy('id', 'desc').limit(f.limit).execute();
}

export async function unreadCount(tx: Db, workspaceId: string, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read (keeps the first read time); undefined when it isn't theirs. */
export async function markRead(tx: Db, workspaceId: string, userId: string, id: string) {
  return tx
    .updateTable('notifications')
    .set({ read_at: sql<Date>`coalesce(read_at, now())` })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function markAllRead(tx: Db, workspaceId: string, userId: string): Promise<number> {
  const rows = await tx
    .updateTable('notifications')
    .set({ read_at: sql<Date>`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

export async function insert(tx: Db, rows: Insertable<NotificationsTable>[]) {
  if (rows.length > 0) await tx.insertInto('notifications').values(rows).execute();
}
