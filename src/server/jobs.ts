// Background jobs on pg-boss (PostgreSQL-backed: no other server to run). In-process by
// default; every Farley process that starts jobs shares the same queue safely.
import PgBoss from 'pg-boss';
import type { AppContext } from './platform/context.ts';
import { markDueAppointmentReminders } from './modules/appointments/appointments.reminders.ts';
import { markDueReminders } from './modules/tasks/tasks.reminders.ts';
import { refreshAllQuality } from './modules/quality/quality.service.ts';
import { registerDuplicateScans } from './modules/duplicates/duplicates.jobs.ts';
import { workImports } from './modules/imports/imports.jobs.ts';
import { runAllAnalytics } from './modules/analytics/index.ts';
import { takeAllForecastSnapshots } from './modules/kpis/index.ts';
import { workEmail } from './modules/emails/emails.jobs.ts';
import { registerBackups } from './modules/backup/backup.jobs.ts';
import { runAllRetention } from './modules/privacy/retention.service.ts';

export interface Jobs {
  stop(): Promise<void>;
}

export async function startJobs(ctx: AppContext, log: (message: string, error?: unknown) => void): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: ctx.db.url, schema: 'pgboss', max: 2 });
  boss.on('error', (error) => log('job queue error', error));
  await boss.start();
  await boss.createQueue('task-reminders');
  await boss.schedule('task-reminders', '* * * * *');
  await boss.work('task-reminders', async () => {
    await markDueReminders(ctx);
  });
  await boss.createQueue('appointment-reminders');
  await boss.schedule('appointment-reminders', '* * * * *');
  await boss.work('appointment-reminders', async () => {
    await markDueAppointmentReminders(ctx);
  });
  // Freshness changes without a write: every record is scored anew each night.
  await boss.createQueue('data-quality');
  await boss.schedule('data-quality', '30 3 * * *');
  await boss.work('data-quality', async () => {
    await refreshAllQuality(ctx);
  });
  // Customers age without a write (recency, P(alive)): the analyses are run anew each night.
  await boss.createQueue('analytics');
  await boss.schedule('analytics', '0 4 * * *');
  await boss.work('analytics', async () => {
    await runAllAnalytics(ctx, log);
  });
  // A forecast's accuracy shows only against what it said before: one snapshot a day.
  await boss.createQueue('forecast-snapshots');
  await boss.schedule('forecast-snapshots', '15 4 * * *');
  await boss.work('forecast-snapshots', async () => {
    await takeAllForecastSnapshots(ctx, log);
  });
  // Retention rules (GDPR): what has been kept long enough is deleted or anonymised each night.
  await boss.createQueue('retention');
  await boss.schedule('retention', '45 2 * * *');
  await boss.work('retention', async () => {
    await runAllRetention(ctx, log);
  });
  await registerDuplicateScans(boss, ctx);
  await registerBackups(boss, ctx, log);
  await workImports(boss, ctx);
  const email = await workEmail(boss, ctx, log);
  return {
    stop: async () => {
      await email.stop();
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
