// New mail within seconds: one IMAP connection per mailbox stays open on INBOX in IDLE, and a
// new message (EXISTS) starts a sync. A dropped connection is opened again after a pause that
// doubles with every failure in a row (5 s up to 30 min), so a server that is down is not
// hammered. The set of mailboxes is read again every minute.
import type { ImapFlow } from 'imapflow';
import type { AppContext } from '../../platform/context.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import type { Row } from '../../platform/presenting.ts';
import { imapClient } from '../mailboxes/mailboxes.check.ts';
import { storedServer } from '../mailboxes/mailboxes.service.ts';

type Target = { workspaceId: string; mailboxId: string };

const firstPauseMs = 5_000;
const longestPauseMs = 30 * 60_000;
const refreshMs = 60_000;

export function backoff(failures: number): number {
  return Math.min(longestPauseMs, firstPauseMs * 2 ** Math.max(0, failures - 1));
}

interface Watcher {
  stop(): void;
  version: number;
}

function watch(ctx: AppContext, row: Row<'mailboxes'>, onNewMail: (target: Target) => void): Watcher {
  let stopped = false;
  let client: ImapFlow | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  const target = { workspaceId: row.workspace_id, mailboxId: row.id };

  async function connect() {
    if (stopped) return;
    try {
      client = imapClient(storedServer(ctx, row, 'imap'), { autoIdle: true, socketTimeoutMs: 30 * 60_000 });
      client.on('error', () => {});
      client.on('exists', () => onNewMail(target));
      client.on('close', () => {
        if (stopped) return;
        failures++;
        timer = setTimeout(() => void connect(), backoff(failures));
      });
      await client.connect();
      await client.mailboxOpen('INBOX', { readOnly: true });
      failures = 0;
    } catch {
      // The 'close' handler schedules the next attempt; a client that never opened has none.
      if (!client?.usable && !stopped && !timer) {
        failures++;
        timer = setTimeout(() => {
          timer = undefined;
          void connect();
        }, backoff(failures));
      }
    }
  }
  void connect();
  return {
    version: row.version,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      client?.close();
    },
  };
}

export function watchMailboxes(
  ctx: AppContext,
  onNewMail: (target: Target) => void,
  log: (message: string, error?: unknown) => void,
): { stop(): Promise<void> } {
  const watchers = new Map<string, Watcher>();
  async function refresh() {
    const rows = await acrossWorkspaces(ctx.db.owner, (tx) =>
      tx.selectFrom('mailboxes').selectAll().where('deleted_at', 'is', null).where('status', '=', 'ok').execute(),
    );
    const live = new Set(rows.map((row) => row.id));
    for (const [id, watcher] of watchers) {
      if (!live.has(id)) {
        watcher.stop();
        watchers.delete(id);
      }
    }
    for (const row of rows) {
      const current = watchers.get(row.id);
      // Changed settings (a new password, another server) get a new connection.
      if (current && current.version === row.version) continue;
      current?.stop();
      watchers.set(row.id, watch(ctx, row, onNewMail));
      if (!current) onNewMail({ workspaceId: row.workspace_id, mailboxId: row.id });
    }
  }
  const run = () => refresh().catch((error) => log('mail watchers', error));
  void run();
  const interval = setInterval(run, refreshMs);
  return {
    async stop() {
      clearInterval(interval);
      for (const watcher of watchers.values()) watcher.stop();
      watchers.clear();
    },
  };
}
