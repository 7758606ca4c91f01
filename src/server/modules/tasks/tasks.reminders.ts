// Task reminders: once a task's reminder time has come, it is marked as reminded
// (reminded_at) and its assignee — or, for an unassigned task, whoever created it — gets a
// notification (the bell in the web app). Runs as a job.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { newId } from '../../platform/db/records.ts';
import { insert as insertNotifications } from '../notifications/notifications.repository.ts';

/** Marks every due reminder and notifies; returns how many were marked. */
export async function markDueReminders(ctx: AppContext, now = new Date()): Promise<number> {
  // Which workspaces have due reminders: the one place that looks across workspaces, through
  // the owner connection and without touching their data; each is then handled in its own
  // tenant transaction.
  const due = await acrossWorkspaces(ctx.db.owner, (tx) =>
    tx
      .selectFrom('tasks')
      .select('workspace_id')
      .distinct()
      .where('remind_at', '<=', now)
      .where('reminded_at', 'is', null)
      .where('status', '=', 'open')
      .where('deleted_at', 'is', null)
      .execute(),
  );
  let marked = 0;
  for (const { workspace_id: workspaceId } of due) {
    marked += await inTenant(ctx.db.app, { workspaceId }, async (tx) => {
      const rows = await tx
        .updateTable('tasks')
        .set({ reminded_at: sql`now()` })
        .where('remind_at', '<=', now)
        .where('reminded_at', 'is', null)
        .where('status', '=', 'open')
        .where('deleted_at', 'is', null)
        .returning(['id', 'title', 'assignee_id'])
        .execute();
      const unassigned = rows.filter((row) => !row.assignee_id).map((row) => row.id);
      // Tasks keep no creator column; the audit log knows who created them.
      const creators =
        unassigned.length === 0
          ? []
          : await tx
              .selectFrom('audit_log')
              .select(['record_id', 'actor_id'])
              .where('workspace_id', '=', workspaceId)
              .where('record_type', '=', 'task')
              .where('action', '=', 'create')
              .where('record_id', 'in', unassigned)
              .execute();
      const creatorOf = new Map(creators.map((row) => [row.record_id, row.actor_id]));
      await insertNotifications(
        tx,
        rows.flatMap((row) => {
          const userId = row.assignee_id ?? creatorOf.get(row.id);
          return userId
            ? [
                {
                  workspace_id: workspaceId,
                  id: newId(),
                  user_id: userId,
                  kind: 'task_reminder' as const,
                  task_id: row.id,
                  title: row.title,
                },
              ]
            : [];
        }),
      );
      return rows.length;
    });
  }
  return marked;
}
