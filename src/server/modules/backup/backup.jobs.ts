// Scheduled backups: a pg-boss schedule (FARLEY_BACKUP_SCHEDULE) writes a whole backup into
// FARLEY_BACKUP_DIR and keeps the newest FARLEY_BACKUP_KEEP of them. With several Farley
// processes on one database, pg-boss hands each run to one of them, so the folder must be
// one they all reach (or jobs run on one process only: FARLEY_JOBS).
import fs from 'node:fs/promises';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import type { AppContext } from '../../platform/context.ts';
import { backupFileName, takeBackup, type BackupResult } from './backup.service.ts';

export const backupQueue = 'backup';

/** The names scheduled backups get; pruning touches no other file of the folder. */
const scheduledName = /^farley-backup-\d{8}-\d{6}\.tar\.gz$/;
/** A `.partial` file this old was left by a run that was killed. */
const abandonedMs = 24 * 3600_000;

/** Removes all but the newest `keep` scheduled backups (0 keeps all), and abandoned partial files; the removed names. */
export async function pruneBackups(dir: string, keep: number, now = Date.now()): Promise<string[]> {
  const names = (await fs.readdir(dir)).sort().reverse();
  const removed: string[] = [];
  const complete = names.filter((name) => scheduledName.test(name));
  for (const name of keep > 0 ? complete.slice(keep) : []) {
    await fs.rm(path.join(dir, name), { force: true });
    removed.push(name);
  }
  for (const name of names.filter((name) => name.endsWith('.tar.gz.partial'))) {
    const stat = await fs.stat(path.join(dir, name)).catch(() => null);
    if (stat && now - stat.mtimeMs > abandonedMs) {
      await fs.rm(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/** One scheduled run: a whole backup into the folder, then the old ones pruned. */
export async function runScheduledBackup(ctx: AppContext, dir: string, keep: number): Promise<BackupResult> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const result = await takeBackup(
    { url: ctx.db.url, dataDir: ctx.config.dataDir },
    { file: path.join(dir, backupFileName()) },
  );
  await pruneBackups(dir, keep);
  return result;
}

export async function registerBackups(
  boss: PgBoss,
  ctx: AppContext,
  log: (message: string, error?: unknown) => void,
): Promise<void> {
  const { dir, schedule, keep } = ctx.config.backups;
  await boss.createQueue(backupQueue, {
    name: backupQueue,
    expireInSeconds: 12 * 3600,
    retryLimit: 1,
    retryDelay: 600,
  });
  if (!dir) {
    // Turned off: a schedule left from earlier starts would queue runs nobody works.
    await boss.unschedule(backupQueue);
    return;
  }
  // The server's own time zone, so that "0 2 * * *" means two at night where it runs.
  await boss.schedule(backupQueue, schedule, undefined, { tz: Intl.DateTimeFormat().resolvedOptions().timeZone });
  await boss.work(backupQueue, async () => {
    try {
      await runScheduledBackup(ctx, dir, keep);
    } catch (error) {
      log('scheduled backup failed', error);
      throw error;
    }
  });
}
