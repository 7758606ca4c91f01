// The duplicate scan as a pg-boss job: the API queues it, any Farley process with jobs on runs it.
import type PgBoss from 'pg-boss';
import type { AppContext } from '../../platform/context.ts';
import { runScan, useScanQueue } from './duplicates.service.ts';

export const scanQueue = 'duplicate-scan';

export async function registerDuplicateScans(boss: PgBoss, ctx: AppContext): Promise<void> {
  await boss.createQueue(scanQueue);
  await boss.work<{ workspaceId: string; scanId: string }>(scanQueue, async (jobs) => {
    for (const job of jobs) await runScan(ctx, job.data.workspaceId, job.data.scanId);
  });
  useScanQueue((data) => boss.send(scanQueue, data));
}
