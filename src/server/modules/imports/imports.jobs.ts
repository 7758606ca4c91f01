// The pg-boss queue of import runs: the server's job runner works it, and the start route
// sends to it. Without jobs (FARLEY_JOBS=0, the tests) there is no queue, and the start
// route runs the import in its own process instead: the same code either way.
import type PgBoss from 'pg-boss';
import type { AppContext } from '../../platform/context.ts';
import { executeImport } from './imports.execute.ts';

export const importsQueue = 'imports';

const queues = new WeakMap<AppContext, PgBoss>();

/** The queue of this context's job runner, when it has one. */
export function importQueue(ctx: AppContext): PgBoss | undefined {
  return queues.get(ctx);
}

/** Creates the queue and works it: one import at a time per process, a file being disk- and database-bound. */
export async function workImports(boss: PgBoss, ctx: AppContext): Promise<void> {
  await boss.createQueue(importsQueue);
  await boss.work<{ workspaceId: string; importId: string }>(importsQueue, async ([job]) => {
    await executeImport(ctx, job.data.workspaceId, job.data.importId);
  });
  queues.set(ctx, boss);
}
