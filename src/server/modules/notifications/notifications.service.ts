// Notifications of the signed-in user: a page newest first with the unread count, and
// marking them read. Nobody sees or marks another user's notifications (404).
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Notification, NotificationPage, NotificationQuery } from '../../../contract/notifications.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { invalidCursor, notFound } from '../../platform/errors.ts';
import * as repo from './notifications.repository.ts';
import { presentNotification } from './notifications.presenter.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!uuid.test(id)) throw invalidCursor();
  return id;
}

export function notificationService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    async list(actor: Actor, query: NotificationQuery): Promise<NotificationPage> {
      const beforeId = query.cursor ? decodeCursor(query.cursor) : undefined;
      return inTenant(db, actor, async (tx) => {
        const rows = await repo.page(tx, {
          workspaceId: actor.workspaceId,
          userId: actor.userId,
          unread: query.unread === 'true',
          beforeId,
          limit: query.limit + 1,
        });
        const more = rows.length > query.limit;
        if (more) rows.length = query.limit;
        return {
          data: rows.map(presentNotification),
          nextCursor: more ? Buffer.from(rows[rows.length - 1].id).toString('base64url') : null,
          unreadCount: await repo.unreadCount(tx, actor.workspaceId, actor.userId),
        };
      });
    },

    async read(actor: Actor, id: string): Promise<Notification> {
      const row = await inTenant(db, actor, (tx) => repo.markRead(tx, actor.workspaceId, actor.userId, id));
      if (!row) throw notFound('notification');
      return presentNotification(row);
    },

    async readAll(actor: Actor): Promise<{ marked: number }> {
      return { marked: await inTenant(db, actor, (tx) => repo.markAllRead(tx, actor.workspaceId, actor.userId)) };
    },
  };
}
