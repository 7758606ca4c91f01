// `npm run bench -- analytics --reuse`: the full analytics run at the benchmark's scale (the
// workspace of `npm run bench -- orders`, DATABASE_URL), and the interactive reads while it
// runs. Starts a Farley server, measures a mix of reads (lists filtered and sorted by the
// analytics fields, customers' purchases and analyses, a rep's next best actions) quietly at
// concurrency 4, then starts `farley analytics run` and measures the same reads in 10-second
// windows until it ends; reports the run's wall time, the Node process's CPU and peak memory,
// and the reads' percentiles quiet and during the run.
// Options: --seconds 10  --concurrency 4
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runWrk, type Measured } from './wrk.ts';
import { startFarley } from './serve.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'analytics'),
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '4' },
    reuse: { type: 'boolean', default: false },
  },
});
const root = path.resolve(import.meta.dirname, '..');
const say = (line: string) => process.stdout.write(`${line}\n`);
const databaseUrl = process.env.DATABASE_URL;
if (!values.reuse || !databaseUrl)
  throw new Error('run it on the orders benchmark database: DATABASE_URL=… npm run bench -- analytics --reuse');
const env = { ...process.env, DATABASE_URL: databaseUrl, FARLEY_JOBS: '0', FARLEY_DEMO: '0', LOG_LEVEL: 'warn' };
const farley = (args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'bin/farley.js'), ...args], {
      env,
      encoding: 'utf8',
      cwd: root,
    }),
  );

/** The peak resident memory of a process so far (VmHWM), in MB; 0 once it is gone. */
function peakMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

let server: ChildProcess | undefined;
const dir = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-analytics-'));
try {
  farley(['migrate']);
  const owner = new pg.Client({ connectionString: databaseUrl });
  await owner.connect();
  await owner.query(`set farley.maintenance = 'on'`);
  const { rows: ws } = await owner.query<{ workspace_id: string; email: string; user_id: string }>(`
    select c.workspace_id, l.email, u.id as user_id
      from (select workspace_id, count(*) n from contacts group by 1 order by 2 desc limit 1) c
      join users u on u.workspace_id = c.workspace_id and u.role = 'admin'
      join user_logins l on l.user_id = u.id order by u.created_at limit 1`);
  const { workspace_id: workspaceId, email } = ws[0];
  const { rows: customers } = await owner.query<{ type: string; id: string }>(
    `select 'companies' as type, company_id as id from orders where workspace_id = $1 and company_id is not null
      group by company_id order by company_id limit 20`,
    [workspaceId],
  );
  await owner.end();
  const token = farley(['token', 'create', '--email', email, '--name', 'bench-analytics']).token as string;
  const farleyServer = await startFarley(env);
  server = farleyServer.server;
  const baseUrl = farleyServer.baseUrl;
  const headers = { authorization: `Bearer ${token}` };
  const paths = [
    '/api/v1/contacts?limit=50',
    '/api/v1/companies?limit=50&abcClass=A&sort=-clv',
    '/api/v1/companies?limit=50&pAlive.lt=0.5&sort=-windowRevenue',
    '/api/v1/next-actions?owner=me&limit=20',
    ...customers.flatMap((c) => [`/api/v1/${c.type}/${c.id}/purchases`, `/api/v1/${c.type}/${c.id}/analytics`]),
  ];
  for (const p of paths) await fetch(`${baseUrl}${p}`, { headers });
  const measure = () =>
    runWrk({
      baseUrl,
      concurrency: Number(values.concurrency),
      seconds: Number(values.seconds),
      headers,
      paths,
      dir,
    });
  const line = (name: string, m: Measured) =>
    `| ${name} | ${m.requests} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${m.p99.toFixed(1)} | ${m.max.toFixed(0)} | ${m.errors} |`;
  const quiet = await measure();
  say(`quiet: p50 ${quiet.p50.toFixed(1)} ms, p95 ${quiet.p95.toFixed(1)}, p99 ${quiet.p99.toFixed(1)}`);

  const started = performance.now();
  const run = spawn(
    process.execPath,
    [path.join(root, 'bin/farley.js'), 'analytics', 'run', '--workspace', workspaceId],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  run.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  let peak = 0;
  const watch = setInterval(() => {
    if (run.pid) peak = Math.max(peak, peakMb(run.pid));
  }, 500);
  const ended = new Promise<number>((resolve) => run.on('exit', (code) => resolve(code ?? 1)));
  let done = false;
  void ended.then(() => {
    done = true;
  });
  const during: Measured[] = [];
  while (!done) {
    const m = await measure();
    if (!done) during.push(m);
    say(
      `during (${((performance.now() - started) / 1000).toFixed(0)} s): p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)}, p99 ${m.p99.toFixed(1)}, max ${m.max.toFixed(0)}`,
    );
  }
  const code = await ended;
  clearInterval(watch);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`farley analytics run failed (${code})`);
  const result = JSON.parse(output) as { customers: number; cpuSeconds?: number };
  say(
    `\nrun: ${seconds.toFixed(0)} s wall clock, ${result.customers.toLocaleString('en')} customers, peak ${peak.toFixed(0)} MB (${JSON.stringify(result).slice(0, 300)})`,
  );
  const sorted = [...during].sort((a, b) => a.p95 - b.p95);
  say('\n| reads (mix) | requests | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|');
  say(line('quiet', quiet));
  if (sorted.length) {
    say(line('during, median window', sorted[Math.floor(sorted.length / 2)]));
    say(line('during, worst window', sorted[sorted.length - 1]));
  }
} finally {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
