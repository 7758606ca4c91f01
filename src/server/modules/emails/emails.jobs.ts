// Email in the background: the sync queue (a run per mailbox, started by the API, by new mail
// announced over IDLE and every few minutes for every mailbox), and the scheduled sends. Without
// jobs (FARLEY_JOBS=0, the tests) there is no queue and the API runs a sync in its own process.
import type PgBoss from 'pg-boss';
import type { AppContext } from '../../platform/context.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { syncMailbox } from './emails.sync.ts';
import { sendDueEmails } from './emails.send.ts';
import { watchMailboxes } from './emails.watch.ts';

export const syncQueue = 'mail-sync';
type SyncJob = { workspaceId: string; mailboxId: string };
const queues = new WeakMap<AppContext, (job: SyncJob) => Promise<unknown>>();

/** Sends a sync to this context's queue, when it has one. */
export function syncQueueOf(ctx: AppContext) {
  return queues.get(ctx);
}

async function liveMailboxes(ctx: AppContext) {
  return acrossWorkspaces(ctx.db.owner, (tx) =>
    tx
      .selectFrom('mailboxes')
      .select(['workspace_id as workspaceId', 'id as mailboxId'])
      .where('deleted_at', 'is', null)
      .where('status', '<>', 'failing')
      .execute(),
  );
}

export async function workEmail(
  boss: PgBoss,
  ctx: AppContext,
  log: (message: string, error?: unknown) => void,
): Promise<{ stop(): Promise<void> }> {
  await boss.createQueue(syncQueue);
  // A run that fails (a server down, a password to enter again) says so on its mailbox and in
  // its sync log, where its user sees it; it is no fault of the job runner's.
  await boss.work<SyncJob>(syncQueue, { batchSize: 1 }, async ([job]) => {
    await syncMailbox(ctx, job.data.workspaceId, job.data.mailboxId);
  });
  // One waiting sync per mailbox is enough: new mail during a run is read by the next one.
  const send = (job: SyncJob) => boss.send(syncQueue, job, { singletonKey: job.mailboxId });
  queues.set(ctx, send);
  // Catch-up for every folder (IDLE watches INBOX only) and for servers without IDLE.
  await boss.createQueue('mail-sync-all');
  await boss.schedule('mail-sync-all', '*/5 * * * *');
  await boss.work('mail-sync-all', async () => {
    for (const box of await liveMailboxes(ctx)) await send(box);
  });
  await boss.createQueue('email-send-due');
  await boss.schedule('email-send-due', '* * * * *');
  await boss.work('email-send-due', async () => {
    await sendDueEmails(ctx, log);
  });
  const watchers = watchMailboxes(ctx, (box) => void send(box).catch((error) => log('mail sync queue', error)), log);
  return { stop: () => watchers.stop() };
}
