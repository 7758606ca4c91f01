// `node --import tsx bench/assume.ts`: is the assumed caller worth it? Get by id at
// concurrency 16 with the speculative credential check on (a GET as clients send it) and
// off (the same GET with x-farley-assume-nothing, which makes the auth hook look the caller
// up first), alternating A B B A … so that drift on a shared machine falls on both.
// Options: --contacts 20000, --rounds 4, --seconds 10. Needs wrk. docs/performance.md,
// "The assumed caller", quotes its figures.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/server/platform/db/embedded.ts';
import { runWrk, type Measured } from './wrk.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
  },
});

const farley = (args: string[], env: NodeJS.ProcessEnv) =>
  JSON.parse(execFileSync(process.execPath, [path.join(root, 'bin/farley.js'), ...args], { env, encoding: 'utf8' }));
/** CPU seconds of a process (user + system), and of its reaped children with `children`. */
function cpuOf(pid: number, children = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // After the name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of the PostgreSQL server whose data folder is `dir`: the postmaster and its backends. */
function postgresCpu(dir: string): number {
  const postmaster = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuOf(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (parent === postmaster) total += cpuOf(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const temp = mkdtempSync(path.join(os.tmpdir(), 'farley-assume-'));
const pgDir = mkdtempSync(path.join(os.tmpdir(), 'farley-assume-pg-'));
const embedded = await startEmbeddedPostgres({ dataDir: pgDir, port: 20000 + crypto.randomInt(20000) });
let server: ChildProcess | undefined;
try {
  const admin = new pg.Client({ connectionString: embedded.url });
  await admin.connect();
  await admin.query('create database farley_assume');
  await admin.end();
  const url = new URL(embedded.url);
  url.pathname = '/farley_assume';
  const env = { ...process.env, DATABASE_URL: url.toString(), FARLEY_JOBS: '0', FARLEY_DEMO: '0', LOG_LEVEL: 'warn' };
  farley(['migrate'], env);
  const demo = farley(['demo', '--contacts', values.contacts], env);
  const token = farley(['token', 'create', '--email', demo.adminEmail, '--name', 'assume'], env).token as string;
  const port = 40000 + crypto.randomInt(20000);
  const baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [path.join(root, 'bin/farley.js'), 'start'], {
    cwd: root,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; ; i++) {
    if (i > 300) throw new Error('the server did not start');
    if (
      await fetch(`${baseUrl}/healthz`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const page = await (await fetch(`${baseUrl}/api/v1/contacts?limit=200`, { headers })).json();
  const paths = page.data.map((c: { id: string }) => `/api/v1/contacts/${c.id}`);
  const modes = {
    assumed: headers,
    'looked up first': { ...headers, 'x-farley-assume-nothing': '1' },
  };
  // Throughput on a shared machine follows whatever else runs; the CPU a request costs the
  // server and PostgreSQL does not, so both are measured.
  const run = async (mode: keyof typeof modes, seconds: number) => {
    const server0 = cpuOf(server!.pid!);
    const postgres0 = postgresCpu(pgDir);
    const measured = await runWrk({ baseUrl, concurrency: 16, seconds, headers: modes[mode], paths, dir: temp });
    const serverUs = ((cpuOf(server!.pid!) - server0) / measured.requests) * 1e6;
    const postgresUs = ((postgresCpu(pgDir) - postgres0) / measured.requests) * 1e6;
    return { ...measured, serverUs, postgresUs };
  };
  await run('assumed', 5);
  await run('looked up first', 5);
  const results: Record<string, Array<Measured & { serverUs: number; postgresUs: number }>> = {
    assumed: [],
    'looked up first': [],
  };
  const order: Array<keyof typeof modes> = ['assumed', 'looked up first'];
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const mode of round % 2 === 0 ? order : [...order].reverse()) {
      const measured = await run(mode, Number(values.seconds));
      results[mode].push(measured);
      const rate = measured.requests / measured.seconds;
      console.log(
        `round ${round + 1} ${mode}: ${rate.toFixed(0)}/s p50 ${measured.p50} p99 ${measured.p99} ms, CPU per request: server ${measured.serverUs.toFixed(0)} µs, PostgreSQL ${measured.postgresUs.toFixed(0)} µs, ${measured.errors} errors`,
      );
    }
  }
  const rates = (mode: string) => results[mode].map((m) => m.requests / m.seconds);
  for (const mode of order) {
    const p = (key: 'p50' | 'p99' | 'serverUs' | 'postgresUs') => median(results[mode].map((m) => m[key]));
    console.log(
      `${mode}: median ${median(rates(mode)).toFixed(0)}/s, p50 ${p('p50')} ms, p99 ${p('p99')} ms, ` +
        `CPU per request: server ${p('serverUs').toFixed(0)} µs, PostgreSQL ${p('postgresUs').toFixed(0)} µs`,
    );
  }
  const ratio = (f: (mode: string) => number) => (f('assumed') / f('looked up first')).toFixed(3);
  const cpu = (mode: string) => median(results[mode].map((m) => m.serverUs + m.postgresUs));
  console.log(`throughput ratio (assumed / looked up first): ${ratio((mode) => median(rates(mode)))}`);
  console.log(`CPU per request ratio (server + PostgreSQL): ${ratio(cpu)}`);
} finally {
  server?.kill();
  await embedded.stop();
  rmSync(temp, { recursive: true, force: true });
  rmSync(pgDir, { recursive: true, force: true });
}
