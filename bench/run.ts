// `npm run bench`: seeds a fresh database through `farley demo`, starts a Farley server and
// measures the API at concurrency 1 and 16, each read also as plain SQL, then a mixed soak
// run for memory growth; writes the results into docs/performance.md. Options:
//   --scale 0.1        a tenth of the full size (1,000,000 contacts) for quick checks
//   --seconds 10       measuring time per scenario and concurrency (per trial at 16)
//   --trials 3         runs at concurrency 16; the one with the median throughput counts
//   --soak 600         seconds of the mixed read/write run (default: 600 at full scale, else 60)
//   --no-write         print the results without touching docs/performance.md
//   --reuse            measure the database in DATABASE_URL as it is, already seeded by an
//                      earlier `farley demo` (for profiling; no seeding figures, no write)
//   --only search      only the scenarios whose name matches this regular expression
//                      ("typo|lookup"; implies --no-write)
//   --as agent         measure as the demo's first user of this role instead of its admin
//                      (implies --no-write; see "Record access" in docs/performance.md)
//   --scope own        with --as: the record access (all, team or own) that role gets for
//                      every record type; `team` puts all the demo's users in one team
//   --without-record-access  also replays each read's SQL with the record-access policies
//                      dropped (in a transaction rolled back), for what they cost
// Reads are measured with wrk when it is installed (apt-get install wrk; FARLEY_BENCH_WRK=0
// to use bench/load.ts for them too), writes and the soak with bench/load.ts.
// FARLEY_SLOW_REQUEST_MS=45 has the server log each request that took 45 ms or more.
// DATABASE_URL points it at an existing server (a fresh database is created there);
// otherwise an embedded PostgreSQL is started in a temporary folder.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import crypto from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/server/platform/db/embedded.ts';
import { runLoad, percentile, type LoadResult } from './load.ts';
import { scenarios, mixed, type Scenario } from './scenarios.ts';
import { runWrk, wrkVersion, type Measured } from './wrk.ts';
import { readSamples, captureSql, timeSql, timeSqlWithoutRecordAccess } from './prepare.ts';
import { accessRecordTypes } from '../src/contract/access.ts';
import { renderReport, type ScenarioResult, type Report } from './report.ts';

// `npm run bench -- dedup`: the duplicate matcher's benchmark (bench/dedup.ts) instead.
if (process.argv[2] === 'dedup') {
  await import('./dedup.ts');
  process.exit(0);
}
// `npm run bench -- orders`: orders at scale, the purchase history and the order import (bench/orders.ts).
if (process.argv[2] === 'orders') {
  await import('./orders.ts');
  process.exit(0);
}
// `npm run bench -- analytics --reuse`: the full analytics run and the reads meanwhile (bench/analytics.ts).
if (process.argv[2] === 'analytics') {
  await import('./analytics.ts');
  process.exit(0);
}
// `npm run bench -- email`: the first sync of a big mailbox, linking and search at scale (bench/email.ts).
if (process.argv[2] === 'email') {
  await import('./email.ts');
  process.exit(0);
}
// `npm run bench -- calendar`: the team week view, the iCalendar feed and CardDAV sync (bench/calendar.ts).
if (process.argv[2] === 'calendar') {
  await import('./calendar.ts');
  process.exit(0);
}
// `npm run bench -- reports`: reports and dashboards on a seeded database (bench/reports.ts).
if (process.argv[2] === 'reports') {
  await import('./reports.ts');
  process.exit(0);
}
// `npm run bench -- import`: the import benchmark (bench/import.ts) instead of the API's.
if (process.argv[2] === 'import') {
  await import('./import.ts');
  process.exit(0);
}

// `npm run bench -- pdf`: rendering quote PDFs (bench/pdf.ts), no database needed.
if (process.argv[2] === 'pdf') {
  await import('./pdf.ts');
  process.exit(0);
}
const root = path.resolve(import.meta.dirname, '..');
// `npm run bench -- export`: the export scenario, a script of its own (bench/export.ts).
if (process.argv[2] === 'export') {
  await import('./export.ts');
  process.exit(0);
}
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
    trials: { type: 'string', default: '3' },
    soak: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    only: { type: 'string' },
    as: { type: 'string' },
    scope: { type: 'string' },
    'without-record-access': { type: 'boolean', default: false },
  },
});
const accessScopes = ['all', 'team', 'own'];
if (values.as && !['manager', 'agent', 'viewer'].includes(values.as))
  throw new Error('--as must be manager, agent or viewer');
if (values.scope && !(values.as && accessScopes.includes(values.scope)))
  throw new Error('--scope needs --as and must be all, team or own');
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be between 0 and 1');
const seconds = Number(values.seconds);
if (!(seconds > 0)) throw new Error('--seconds must be a positive number');
const trials = Number(values.trials);
if (!(Number.isInteger(trials) && trials >= 1)) throw new Error('--trials must be a whole number from 1');
const soakSeconds = Number(values.soak ?? (scale === 1 ? 600 : 60));
const contacts = Math.round(1_000_000 * scale);
const say = (line: string) => process.stdout.write(`${line}\n`);
// The reads' load generator: wrk when installed (see bench/wrk.ts), else bench/load.ts.
const wrk = process.env.FARLEY_BENCH_WRK === '0' ? null : wrkVersion();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function farley(args: string[], env: NodeJS.ProcessEnv): any {
  return JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'bin/farley.js'), ...args], {
      env,
      encoding: 'utf8',
      cwd: root,
      maxBuffer: 1 << 24,
    }),
  );
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

async function waitForServer(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('the Farley server exited during start');
    try {
      if ((await fetch(`${url}/healthz`)).status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the Farley server did not start');
}

/** The demo workspace of an already seeded database (the one with most contacts) and its admin. */
async function findSeeded(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const {
      rows: [row],
    } = await client.query<{ workspace_id: string; email: string }>(`
      select c.workspace_id, l.email from (select workspace_id, count(*) n from contacts group by 1 order by 2 desc limit 1) c
        join users u on u.workspace_id = c.workspace_id and u.role = 'admin'
        join user_logins l on l.user_id = u.id order by u.created_at limit 1`);
    if (!row) throw new Error('--reuse: no seeded workspace in that database');
    const counts: Record<string, number> = {};
    for (const table of ['contacts', 'companies', 'deals', 'activities']) {
      counts[table] = Number(
        (await client.query(`select count(*) n from ${table} where workspace_id = $1`, [row.workspace_id])).rows[0].n,
      );
    }
    return { workspaceId: row.workspace_id, adminEmail: row.email, counts, seconds: Number.NaN };
  } finally {
    await client.end();
  }
}

/**
 * The login of the workspace's first user of this role, given the record access `scope` for
 * every record type (none: the role's rules are removed, so it sees all). With `team`, every
 * user of the workspace shares one team, so the team's records are all of them.
 */
async function actAs(owner: pg.Client, workspaceId: string, role: string, scope: string | undefined): Promise<string> {
  const {
    rows: [user],
  } = await owner.query<{ email: string }>(
    `select l.email from users u join user_logins l on l.user_id = u.id
      where u.workspace_id = $1 and u.role = $2 and u.active and u.deleted_at is null order by u.created_at limit 1`,
    [workspaceId, role],
  );
  if (!user) throw new Error(`--as ${role}: the workspace has no such user`);
  await owner.query('delete from access_rules where workspace_id = $1 and role = $2', [workspaceId, role]);
  if (scope)
    await owner.query(
      `insert into access_rules (workspace_id, role, record_type, read_scope, write_scope)
        select $1, $2, t, $3, $3 from unnest($4::text[]) t`,
      [workspaceId, role, scope, accessRecordTypes],
    );
  if (scope === 'team') {
    const team = crypto.randomUUID();
    await owner.query(`insert into teams (workspace_id, id, name) values ($1, $2, 'Bench')`, [workspaceId, team]);
    await owner.query(
      `insert into team_members (workspace_id, team_id, user_id)
        select workspace_id, $2, id from users where workspace_id = $1 and deleted_at is null`,
      [workspaceId, team],
    );
  }
  return user.email;
}

const temp = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-'));
let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let server: ChildProcess | undefined;
let pgDir: string | undefined;
try {
  let baseUrl = process.env.DATABASE_URL;
  if (values.reuse && !baseUrl) throw new Error('--reuse needs DATABASE_URL');
  if (!baseUrl) {
    // Its own folder: the embedded server adjusts the folder's owner and permissions.
    pgDir = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: pgDir, port: 20000 + crypto.randomInt(20000) });
    baseUrl = embedded.url;
  }
  let databaseUrl = baseUrl;
  let seeded: { workspaceId: string; adminEmail: string; counts: Record<string, number>; seconds: number };
  if (values.reuse) {
    seeded = await findSeeded(databaseUrl);
    say(`reusing workspace ${seeded.workspaceId}: ${JSON.stringify(seeded.counts)}`);
  } else {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    const dbName = `farley_bench_${Date.now()}`;
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    say(`seeding ${contacts.toLocaleString('en')} contacts with farley demo …`);
    farley(['migrate'], { ...process.env, DATABASE_URL: databaseUrl });
    const seedStart = performance.now();
    const demo = farley(['demo', '--contacts', String(contacts)], { ...process.env, DATABASE_URL: databaseUrl });
    seeded = {
      workspaceId: demo.workspaceId,
      adminEmail: demo.adminEmail,
      counts: demo.counts,
      seconds: (performance.now() - seedStart) / 1000,
    };
    say(`seeded in ${seeded.seconds.toFixed(1)} s: ${JSON.stringify(seeded.counts)}`);
  }
  // The server's slow request log is off unless asked for (FARLEY_SLOW_REQUEST_MS=45, say).
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    FARLEY_JOBS: '0',
    FARLEY_DEMO: '0',
    LOG_LEVEL: 'warn',
    FARLEY_SLOW_REQUEST_MS: process.env.FARLEY_SLOW_REQUEST_MS ?? '0',
  };
  const { counts } = seeded;
  const seedSeconds = seeded.seconds;
  const totalRows = Object.values(counts).reduce((a, b) => a + b, 0);

  const owner = new pg.Client({ connectionString: databaseUrl });
  await owner.connect();
  // Autovacuum visits every freshly loaded table within the first minutes after a bulk load
  // (2 minutes at full scale here), which a measurement started at once would share the
  // cores with: the first scenarios then ran in its shadow. Done here instead, not timed.
  const vacuumStart = performance.now();
  await owner.query('vacuum (analyze)');
  // The load and the vacuum leave gigabytes of dirty pages, which the checkpointer would
  // write out over the next minutes, competing with the first scenarios for the disk.
  // (It needs a superuser or the role pg_checkpoint; without, the run goes on as it is.)
  await owner.query('checkpoint').catch((error: Error) => say(`checkpoint skipped: ${error.message}`));
  say(`vacuum, analyze and checkpoint: ${((performance.now() - vacuumStart) / 1000).toFixed(1)} s`);
  const size = (
    await owner.query<{ size: string }>('select pg_size_pretty(pg_database_size(current_database())) as size')
  ).rows[0].size;
  const actingEmail = values.as ? await actAs(owner, seeded.workspaceId, values.as, values.scope) : seeded.adminEmail;
  if (values.as)
    say(`acting as the demo's first ${values.as} (${actingEmail}), record access ${values.scope ?? 'without rules'}`);
  const created = farley(['token', 'create', '--email', actingEmail, '--name', 'bench'], env);
  const token = created.token as string;
  // The policies read the acting user: the plain-SQL replay runs as them too.
  const actingUserId = created.userId as string;

  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [path.join(root, 'bin/farley.js'), 'start'], {
    // Its log (warnings and errors, and slow requests when asked for) goes to the bench's output.
    cwd: root,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForServer(apiUrl, server);
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const http = async (p: string) => (await fetch(`${apiUrl}${p}`, { headers })).json();
  const samples = await readSamples(owner, seeded.workspaceId, http, values.scope ? actingUserId : undefined);
  say(`samples: whale contact with ${samples.whale.activities} activities, city ${samples.city}, tag ${samples.tag}`);

  say(`load generator: ${wrk ? `${wrk} for reads` : 'bench/load.ts (wrk is not installed: apt-get install wrk)'}`);
  const chosen = (s: Scenario) => !values.only || new RegExp(values.only).test(s.name);
  // Only the reads measured.
  const reads = scenarios.filter((s) => s.read && chosen(s));
  const captured = await captureSql(
    databaseUrl,
    token,
    reads.map((s) => s.request(samples, 0, 0)),
  );
  const sqlClient = new pg.Client({ connectionString: databaseUrl });
  await sqlClient.connect();
  await sqlClient.query('set role farley_app');

  const results: ScenarioResult[] = [];
  const measured = (r: LoadResult): Measured => ({
    requests: r.requests,
    errors: r.errors,
    errorSamples: r.errorSamples,
    seconds: r.seconds,
    p50: percentile(r.latencies, 50),
    p95: percentile(r.latencies, 95),
    p99: percentile(r.latencies, 99),
    max: r.latencies.at(-1) ?? Number.NaN,
  });
  /** A run of the scenario: reads with wrk when it is installed, writes (and reads without wrk) with bench/load.ts. */
  const measure = async (
    scenario: Scenario,
    concurrency: number,
    runSeconds: number,
    offset: number,
  ): Promise<Measured> => {
    if (wrk && scenario.read) {
      const paths = Array.from({ length: 5000 }, (_, n) => scenario.request(samples, n + offset, 0).path);
      return runWrk({ baseUrl: apiUrl, concurrency, seconds: runSeconds, headers, paths, dir: temp });
    }
    return measured(
      await runLoad({
        baseUrl: apiUrl,
        concurrency,
        seconds: runSeconds,
        headers,
        next: (n, w) => scenario.request(samples, n + offset, w),
      }),
    );
  };
  for (const scenario of scenarios.filter(chosen)) {
    const result: ScenarioResult = { name: scenario.name, runs: {} };
    if (scenario.read) {
      // First visits: each distinct request of the measured runs once. After a fresh load
      // little of the data is in PostgreSQL's buffers (bulk loads and index builds bypass
      // them), and this machine's kernel drops file pages unused for a minute from its cache
      // (a DAMON pageout scheme), so a first visit reads its pages from disk (docs/performance.md,
      // "Cold pages after a fresh load"). Their times are reported apart; the
      // measured runs then see the working set of their samples in memory, as a server in use
      // has it.
      const distinct = [...new Set(Array.from({ length: 5000 }, (_, n) => scenario.request(samples, n, 0).path))];
      const first = await runLoad({
        baseUrl: apiUrl,
        concurrency: 1,
        maxRequests: distinct.length,
        headers,
        next: (n) => ({ method: 'GET', path: distinct[n] }),
      });
      if (first.errors > 0) say(`  first visits, errors: ${first.errorSamples.join('\n          ')}`);
      result.firstVisits = {
        requests: first.requests,
        p50: percentile(first.latencies, 50),
        p99: percentile(first.latencies, 99),
        max: first.latencies.at(-1) ?? 0,
      };
    }
    for (const concurrency of [1, 16]) {
      // Warm-up: the first requests of a scenario pay for cold caches and JIT.
      await measure(scenario, concurrency, 1, 1_000_000);
      // At 16 the machine's other work moves throughput by a third from one run to the next:
      // several trials, and the one with the median throughput counts (errors of all count).
      const runs: Measured[] = [];
      for (let trial = 0; trial < (concurrency === 1 ? 1 : trials); trial++) {
        const run = await measure(scenario, concurrency, seconds, trial * 100_000);
        if (run.errors > 0) say(`  errors: ${run.errorSamples.join('\n          ')}`);
        runs.push(run);
      }
      const byRate = [...runs].sort((a, b) => a.requests / a.seconds - b.requests / b.seconds);
      const median = byRate[Math.floor((byRate.length - 1) / 2)];
      result.runs[concurrency] = {
        p50: median.p50,
        p95: median.p95,
        p99: median.p99,
        max: median.max,
        correctedP99: median.correctedP99,
        rps: median.requests / median.seconds,
        requests: median.requests,
        errors: runs.reduce((sum, run) => sum + run.errors, 0),
        trialRps: runs.map((run) => run.requests / run.seconds),
      };
    }
    const index = reads.indexOf(scenario);
    if (index >= 0) {
      const runs = Math.max(50, Math.min(500, Math.round(2000 / Math.max(1, result.runs[1].p50))));
      const scope = { workspaceId: samples.workspaceId, userId: actingUserId };
      const times = await timeSql(sqlClient, scope, captured[index], runs);
      result.sql = { p50: percentile(times, 50), p99: percentile(times, 99), statements: captured[index].length };
      if (values['without-record-access']) {
        const without = await timeSqlWithoutRecordAccess(owner, scope, captured[index], runs);
        say(
          `  SQL without the record-access policies: p50 ${percentile(without, 50).toFixed(2)} ms (with: ${result.sql.p50.toFixed(2)} ms)`,
        );
      }
    }
    results.push(result);
    const c1 = result.runs[1];
    const c16 = result.runs[16];
    say(
      `${scenario.name}: c1 p50 ${c1.p50.toFixed(1)} p99 ${c1.p99.toFixed(1)} ms; c16 p99 ${c16.p99.toFixed(1)} ms ${c16.rps.toFixed(0)}/s (trials ${c16.trialRps.map((x) => x.toFixed(0)).join(', ')})` +
        (result.sql
          ? `; SQL p50 ${result.sql.p50.toFixed(2)} ms, HTTP/SQL ${(c1.p50 / result.sql.p50).toFixed(2)}`
          : '') +
        (result.firstVisits
          ? `; first visits p50 ${result.firstVisits.p50.toFixed(1)} max ${result.firstVisits.max.toFixed(1)} ms`
          : ''),
    );
  }

  say(`soak: mixed reads and writes at concurrency 16 for ${soakSeconds} s …`);
  // RSS at the start and after each tenth of the run: a leak keeps climbing, a heap that
  // settles at its working size under this load levels off.
  const serverPid = server.pid!;
  const rss = [rssMb(serverPid)];
  const sampler = setInterval(() => rss.push(rssMb(serverPid)), (soakSeconds * 1000) / 10);
  const soak = await runLoad({
    baseUrl: apiUrl,
    concurrency: 16,
    seconds: soakSeconds,
    headers,
    next: (n, w) => mixed(samples, n, w),
  });
  clearInterval(sampler);
  if (rss.length < 11) rss.push(rssMb(serverPid));
  say(`soak: ${soak.requests} requests, ${soak.errors} errors, RSS ${rss.join(' → ')} MB`);
  for (const sample of soak.errorSamples) say(`  error: ${sample}`);
  await sqlClient.end();
  await owner.end();

  const report: Report = {
    date: new Date().toISOString().slice(0, 10),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, PostgreSQL ${embedded ? 'embedded 17' : 'from DATABASE_URL'}`,
    loadGenerator: wrk
      ? `${wrk} for the reads, Node's HTTP client (bench/load.ts) for the writes and the soak`
      : "Node's HTTP client (bench/load.ts; wrk is not installed)",
    scale,
    seconds,
    trials,
    counts,
    seedSeconds,
    contactsPerSecond: contacts / seedSeconds,
    rowsPerSecond: totalRows / seedSeconds,
    size,
    whaleActivities: samples.whale.activities,
    results,
    soak: {
      seconds: soakSeconds,
      requests: soak.requests,
      errors: soak.errors,
      rps: soak.requests / soak.seconds,
      rss,
      p99: percentile(soak.latencies, 99),
    },
  };
  writeFileSync(path.join(temp, 'report.json'), JSON.stringify(report, null, 2));
  const markdown = renderReport(report);
  say(`\n${markdown}`);
  const doc = path.join(root, 'docs/performance.md');
  if (!values['no-write'] && !values.reuse && !values.only && !values.as && existsSync(doc)) {
    const text = readFileSync(doc, 'utf8');
    const begin = '<!-- bench:begin -->';
    const end = '<!-- bench:end -->';
    if (text.includes(begin) && text.includes(end)) {
      writeFileSync(
        doc,
        `${text.slice(0, text.indexOf(begin) + begin.length)}\n${markdown}\n${text.slice(text.indexOf(end))}`,
      );
      say('docs/performance.md updated');
    }
  }
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
  }
  if (embedded) await embedded.stop();
  rmSync(temp, { recursive: true, force: true });
  if (pgDir) rmSync(pgDir, { recursive: true, force: true });
}
