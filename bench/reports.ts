// `npm run bench -- reports`: reports and dashboards at scale (issue 22), read-only on a
// seeded database (DATABASE_URL, e.g. the one `npm run bench -- orders` filled; the workspace
// with the most order lines, or --workspace). Migrates it first if migration 0043 is missing
// (that builds the monthly order-line totals). Then, in-process as the report service runs
// them in a tenant transaction (no HTTP: no API token need be written into the database):
//   - a report of all order lines grouped by month and product group (summed net amount and
//     count of lines), --runs times; once more with a filter the monthly totals do not keep,
//     so it reads every line (for comparison, a few times);
//   - a dashboard of eight tiles: that report and the seven built-in tiles, for the last
//     twelve months, --runs times.
// Prints median and p95 of each. Options: --runs 30  --workspace ID
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { ReportDefinition } from '../src/contract/reports.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { migrateToLatest, openDatabases } from '../src/server/platform/db/database.ts';
import type { Db } from '../src/server/platform/db/database.ts';
import { inTenant } from '../src/server/platform/db/tenant.ts';
import type { Actor } from '../src/server/platform/http/actor.ts';
import { runReport } from '../src/server/modules/reports/reports.engine.ts';
import { atMostAtOnce, tileConcurrency } from '../src/server/modules/reports/reports.service.ts';
import { builtinTileRuns } from '../src/server/modules/reports/reports.tiles.ts';
import { percentile } from './load.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'reports'),
  options: {
    runs: { type: 'string', default: '30' },
    workspace: { type: 'string' },
    reuse: { type: 'boolean', default: true },
  },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
if (!process.env.DATABASE_URL) throw new Error('npm run bench -- reports needs DATABASE_URL (a seeded database)');

const config = loadConfig({ ...process.env, FARLEY_DEMO: '0', FARLEY_JOBS: '0' });
const db = await openDatabases(config);
try {
  const { rows: done } = await sql<{ n: number }>`
    select count(*)::int as n from farley_migrations where name = '0043_reports'`.execute(db.owner);
  if (done[0].n === 0) {
    say('migration 0043 is missing: migrating (builds the monthly order-line totals) …');
    const started = performance.now();
    await migrateToLatest(db.owner);
    say(`migrated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const { rows: found } = await db.owner.transaction().execute(async (tx) => {
    await sql`set local farley.maintenance = 'on'`.execute(tx);
    return sql<{ workspace_id: string; user_id: string; lines: string; months: string }>`
      select w.workspace_id, u.id as user_id,
             (select count(*) from order_lines l where l.workspace_id = w.workspace_id) as lines,
             (select count(*) from order_line_months m where m.workspace_id = w.workspace_id) as months
        from (select ${values.workspace ?? null}::uuid as workspace_id
               where ${values.workspace ?? null}::uuid is not null
              union all
              select workspace_id from (select workspace_id, count(*) from order_line_months
                                         group by 1 order by 2 desc limit 1) b
               where ${values.workspace ?? null}::uuid is null) w
        join users u on u.workspace_id = w.workspace_id and u.role in ('admin', 'manager')
       order by u.created_at limit 1`.execute(tx);
  });
  if (!found[0]) throw new Error('no workspace with order lines');
  const { workspace_id: workspaceId, user_id: userId } = found[0];
  say(
    `workspace ${workspaceId}: ${Number(found[0].lines).toLocaleString('en')} order lines, ` +
      `${Number(found[0].months).toLocaleString('en')} rows of monthly totals`,
  );
  const actor: Actor = { workspaceId, userId, role: 'manager', via: 'token' };
  const runs = Number(values.runs);

  const byMonthAndGroup: ReportDefinition = {
    type: 'orderLines',
    filters: [],
    groups: [{ field: 'orderDate', bucket: 'month' }, { field: 'productGroup' }],
    measures: [{ fn: 'sum', field: 'netAmount' }, { fn: 'count' }],
    chart: 'stackedBar',
    dateField: 'orderDate',
  };
  const everyLine: ReportDefinition = {
    ...byMonthAndGroup,
    filters: [{ field: 'quantity', op: 'gte', value: '-1000000' }],
  };
  const now = new Date();
  const range = {
    from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 10),
    to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).toISOString().slice(0, 10),
  };

  const time = async (name: string, n: number, work: () => Promise<unknown>) => {
    await work(); // the first run reads from disk; the measured ones find their pages in memory
    const took: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await work();
      took.push(performance.now() - started);
    }
    took.sort((a, b) => a - b);
    const result = {
      name,
      runs: n,
      median: percentile(took, 50),
      p95: percentile(took, 95),
      max: took[took.length - 1],
    };
    say(
      `${name}: median ${result.median.toFixed(0)} ms, p95 ${result.p95.toFixed(0)} ms, max ${result.max.toFixed(0)} ms`,
    );
    return result;
  };

  const results = [];
  results.push(
    await time('order lines by month and product group (monthly totals)', runs, () =>
      inTenant(db.app, actor, async (tx) => {
        const result = await runReport(tx, workspaceId, byMonthAndGroup);
        if (!result.rollup) throw new Error('expected the monthly totals');
        return result;
      }),
    ),
  );
  try {
    results.push(
      await time('the same, reading every line', 3, () =>
        inTenant(db.app, actor, (tx) => runReport(tx, workspaceId, everyLine)),
      ),
    );
  } catch (error) {
    say(`the same, reading every line: ${(error as Error).message} (cancelled by the report's statement timeout)`);
  }
  // A database migrated before 0040 kept the runs' ABC counts (analytics_runs.abc) lacks the
  // column: there the ABC tile reads the latest run's row, as the tile does (without the counts).
  const { rows: abc } = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.columns
     where table_name = 'analytics_runs' and column_name = 'abc'`.execute(db.owner);
  const tiles = { ...builtinTileRuns };
  if (abc[0].n === 0) {
    say('analytics_runs has no abc column here: the ABC tile reads the latest run without its counts');
    tiles.abcDistribution = async (tx) => {
      await sql`select id, customers from analytics_runs where finished_at is not null order by id desc limit 1`.execute(
        tx,
      );
      return { chart: 'pie', definition: null, result: null, problem: null };
    };
  }
  // Each tile on its own, to see where a dashboard's time goes.
  for (const [name, run] of Object.entries(tiles))
    await time(`  tile ${name}`, 5, () => inTenant(db.app, actor, (tx) => run(tx, actor, range)));
  // As the dashboard's data route computes its tiles (reports.service.ts: computeTiles): the
  // tiles side by side, three at a time, each in a tenant transaction of its own.
  const eight: Array<(tx: Db) => Promise<unknown>> = [
    (tx) => runReport(tx, workspaceId, byMonthAndGroup, range),
    ...Object.values(tiles).map((run) => (tx: Db) => run(tx, actor, range)),
  ];
  results.push(
    await time('dashboard of eight tiles (that report, the seven built-in tiles), last 12 months', runs, () =>
      atMostAtOnce(
        tileConcurrency,
        eight.map((work) => () => inTenant(db.app, actor, work)),
      ),
    ),
  );
  say('\n| measured | runs | median ms | p95 ms | max ms |\n|---|---|---|---|---|');
  for (const r of results)
    say(`| ${r.name} | ${r.runs} | ${r.median.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.max.toFixed(0)} |`);
} finally {
  await db.close();
}
