// Task reminders: once a task's reminder time has come, it is marked as reminded
// (reminded_at), which is what the web app shows as a notification. Runs as a job.
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { inTenant } from '../../platform/db/tenant.ts';

/** Marks every due reminder; returns how many were marked. */
export async function markDueReminders(ctx: AppContext, now = new Date()): Promise<number> {
  // Which workspaces have due reminders: the one place that looks across workspaces, through
  // the owner connection and without touching their data; each is then handled in its own
  // tenant transaction.
  const due = await ctx.db.owner.selectFrom('tasks').select('workspace_id').distinct()
    .where('remind_at', '<=', now).where('reminded_at', 'is', null)
    .where('status', '=', 'open').where('deleted_at', 'is', null).execute();
  let marked = 0;
  for (const { workspace_id: workspaceId } of due) {
    marked += await inTenant(ctx.db.app, { workspaceId }, async (tx) => {
      const rows = await tx.updateTable('tasks').set({ reminded_at: sql`now()` })
        .where('remind_at', '<=', now).where('reminded_at', 'is', null)
        .where('status', '=', 'open').where('deleted_at', 'is', null)
        .returning('id').execute();
      return rows.length;
    });
  }
  return marked;
}
