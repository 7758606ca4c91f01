// `npm run bench -- export`: the export of a big contact list as CSV (issue 20: a million
// contacts in under 30 s, flat memory). Seeds a workspace with `farley demo`, starts a
// Farley server, downloads GET /api/v1/contacts/export?format=csv to nowhere and reports
// time, rows, bytes and the server's resident memory (sampled while it runs). Options:
//   --contacts 1000000   how many contacts `farley demo` seeds (100000 on a busy machine)
//   --format csv         csv, xlsx, json or vcf
//   --reuse              export the biggest workspace of DATABASE_URL as it is, unseeded
//   --root DIR           the Farley checkout whose server runs (default: this one), for A/B runs
//   --read-rate MB       read the file at most this many MB a second (a slow client), to see
//                        whether the server holds back or buffers what the client has not taken
// Besides wall time it reports the CPU seconds the server and PostgreSQL (the backends connected
// to the exported database, when it runs on this machine) spent: on a shared machine those vary far less
// than the wall time, and the larger of the two bounds the time on two free cores.
// DATABASE_URL points it at an existing server (a fresh database is created there);
// otherwise an embedded PostgreSQL is started in a temporary folder.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import crypto from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/server/platform/db/embedded.ts';
import { cpuSeconds, databaseCpu } from './cpu.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'export'),
  options: {
    contacts: { type: 'string', default: '1000000' },
    format: { type: 'string', default: 'csv' },
    reuse: { type: 'boolean', default: false },
    root: { type: 'string' },
    'read-rate': { type: 'string' },
  },
});
const contacts = Number(values.contacts);
const root = path.resolve(values.root ?? path.join(import.meta.dirname, '..'));
const say = (line: string) => process.stdout.write(`${line}\n`);

function farley(args: string[], env: NodeJS.ProcessEnv) {
  return JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'bin/farley.js'), ...args], {
      env,
      encoding: 'utf8',
      cwd: root,
      maxBuffer: 1 << 24,
    }),
  );
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const rssMb = (pid: number) =>
  Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let server: ChildProcess | undefined;
let pgDir: string | undefined;
try {
  let baseUrl = process.env.DATABASE_URL;
  if (values.reuse && !baseUrl) throw new Error('--reuse needs DATABASE_URL');
  if (!baseUrl) {
    pgDir = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: pgDir, port: 20000 + crypto.randomInt(20000) });
    baseUrl = embedded.url;
  }
  let databaseUrl = baseUrl;
  let adminEmail: string;
  if (values.reuse) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ email: string }>(`
      select l.email from (select workspace_id, count(*) n from contacts group by 1 order by 2 desc limit 1) c
        join users u on u.workspace_id = c.workspace_id and u.role = 'admin'
        join user_logins l on l.user_id = u.id order by u.created_at limit 1`);
    await client.end();
    if (!rows[0]) throw new Error('--reuse: no seeded workspace in that database');
    adminEmail = rows[0].email;
  } else {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    const dbName = `farley_bench_export_${Date.now()}`;
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    farley(['migrate'], { ...process.env, DATABASE_URL: databaseUrl });
    say(`seeding ${contacts.toLocaleString('en')} contacts with farley demo …`);
    const started = performance.now();
    const demo = farley(['demo', '--contacts', String(contacts)], { ...process.env, DATABASE_URL: databaseUrl });
    adminEmail = demo.adminEmail;
    say(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(demo.counts)}`);
    const owner = new pg.Client({ connectionString: databaseUrl });
    await owner.connect();
    await owner.query('vacuum (analyze)');
    await owner.end();
  }
  const env = { ...process.env, DATABASE_URL: databaseUrl, FARLEY_JOBS: '0', FARLEY_DEMO: '0', LOG_LEVEL: 'warn' };
  const token = farley(['token', 'create', '--email', adminEmail, '--name', 'bench-export'], env).token as string;
  const port = await freePort();
  server = spawn(process.execPath, [path.join(root, 'bin/farley.js'), 'start'], {
    cwd: root,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const apiUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (server.exitCode !== null || i > 600) throw new Error('the Farley server did not start');
    const up = await fetch(`${apiUrl}/healthz`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const pid = server.pid as number;
  const rssBefore = rssMb(pid);
  let rssPeak = rssBefore;
  // RSS over time: flat memory means the second half of the run needs no more than the first.
  const samples: Array<{ at: number; mb: number }> = [];
  const sampler = setInterval(() => {
    const mb = rssMb(pid);
    samples.push({ at: performance.now(), mb });
    rssPeak = Math.max(rssPeak, mb);
  }, 100);
  const serverCpuBefore = cpuSeconds(pid) ?? 0;
  const started = performance.now();
  // PostgreSQL's share: the backends of this database only (the server's connections), not
  // other databases of a shared cluster.
  const download = await databaseCpu(databaseUrl, async () => {
    const response = await fetch(`${apiUrl}/api/v1/contacts/export?format=${values.format}&lang=de`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok || !response.body) throw new Error(`export: ${response.status} ${await response.text()}`);
    let bytes = 0;
    let lines = 0;
    let firstByte = 0;
    const readRate = values['read-rate'] ? Number(values['read-rate']) * 1e6 : 0;
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      if (!firstByte) firstByte = performance.now() - started;
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
      if (readRate) {
        // Ahead of the rate: wait until the bytes read so far are due.
        const due = started + (bytes / readRate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    return { bytes, lines, firstByte };
  });
  const { bytes, lines, firstByte } = download.result;
  const pgCpu = download.seconds;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const serverCpu = (cpuSeconds(pid) ?? serverCpuBefore) - serverCpuBefore;
  const half = started + (seconds * 1000) / 2;
  const peakOf = (list: typeof samples) => Math.max(rssBefore, ...list.map((x) => x.mb));
  const firstHalf = peakOf(samples.filter((x) => x.at < half));
  const secondHalf = peakOf(samples.filter((x) => x.at >= half));
  const rows = values.format === 'csv' ? lines - 1 : Number.NaN;
  say(
    `export ${values.format}: ${Number.isNaN(rows) ? '' : `${rows.toLocaleString('en')} rows, `}` +
      `${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s` +
      `${Number.isNaN(rows) ? '' : ` (${Math.round(rows / seconds).toLocaleString('en')} rows/s)`}, ` +
      `first byte after ${Math.round(firstByte)} ms; server RSS ${rssBefore} MB before, ${rssPeak} MB at most ` +
      `(${firstHalf} MB in the first half of the run, ${secondHalf} MB in the second); ` +
      `CPU: server ${serverCpu.toFixed(1)} s, PostgreSQL (this database's backends) ${pgCpu === null ? 'not here' : `${pgCpu.toFixed(1)} s`}; ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server?.once('exit', resolve));
  }
  await embedded?.stop();
  if (pgDir) rmSync(pgDir, { recursive: true, force: true });
}
