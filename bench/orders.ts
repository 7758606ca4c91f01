// `npm run bench -- orders`: orders at scale (issue 21). Seeds a workspace with `farley demo`
// (or takes the biggest one of DATABASE_URL with --reuse), adds `--lines` order lines over its
// contacts and companies with a long tail (bench/ordersData.ts), starts a Farley server and
// measures the purchase history (GET /contacts|companies/{id}/purchases) at concurrency 1 and
// 16 for typical customers and for the heaviest ones; then imports `--import-lines` order
// lines with `farley import orders` (new orders of known customers, the order's columns on
// each line row) and the same file again (nothing changes), and reports lines per second;
// also the sales KPI requests (bench/kpis.ts).
// Options: --contacts 1000000  --lines 5000000  --seconds 10  --import-lines 200000  --reuse
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/server/platform/db/embedded.ts';
import { measureKpis } from './kpis.ts';
import { seedBenchOrders } from './ordersData.ts';
import { runWrk, type Measured } from './wrk.ts';
import { startFarley } from './serve.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'orders'),
  options: {
    contacts: { type: 'string', default: '1000000' },
    lines: { type: 'string', default: '5000000' },
    seconds: { type: 'string', default: '10' },
    'import-lines': { type: 'string', default: '200000' },
    reuse: { type: 'boolean', default: false },
  },
});
const root = path.resolve(import.meta.dirname, '..');
const say = (line: string) => process.stdout.write(`${line}\n`);
const farley = (args: string[], env: NodeJS.ProcessEnv) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'bin/farley.js'), ...args], {
      env,
      encoding: 'utf8',
      cwd: root,
      maxBuffer: 1 << 26,
    }),
  );

let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let server: ChildProcess | undefined;
let pgDir: string | undefined;
const dir = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-orders-'));
try {
  let databaseUrl = process.env.DATABASE_URL;
  if (values.reuse && !databaseUrl) throw new Error('--reuse needs DATABASE_URL');
  if (!databaseUrl) {
    pgDir = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: pgDir, port: 20000 + crypto.randomInt(20000) });
    databaseUrl = embedded.url;
  }
  if (!values.reuse) {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const name = `farley_bench_orders_${Date.now()}`;
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    farley(['migrate'], { ...process.env, DATABASE_URL: databaseUrl });
    say(`seeding ${Number(values.contacts).toLocaleString('en')} contacts with farley demo …`);
    const started = performance.now();
    const demo = farley(['demo', '--contacts', values.contacts], { ...process.env, DATABASE_URL: databaseUrl });
    say(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(demo.counts)}`);
  }
  const owner = new pg.Client({ connectionString: databaseUrl });
  await owner.connect();
  await owner.query(`set farley.maintenance = 'on'`);
  const { rows: ws } = await owner.query<{ workspace_id: string; email: string }>(`
    select c.workspace_id, l.email from (select workspace_id, count(*) n from contacts group by 1 order by 2 desc limit 1) c
      join users u on u.workspace_id = c.workspace_id and u.role = 'admin'
      join user_logins l on l.user_id = u.id order by u.created_at limit 1`);
  const { workspace_id: workspaceId, email } = ws[0];
  const { rows: had } = await owner.query<{ n: number }>(
    'select count(*)::int as n from order_lines where workspace_id = $1',
    [workspaceId],
  );
  say(`adding ${Number(values.lines).toLocaleString('en')} order lines …`);
  const seeded = await seedBenchOrders(owner, workspaceId, { lines: had[0].n > 0 ? 0 : Number(values.lines) });
  say(
    `orders seeded in ${seeded.seconds.toFixed(0)} s over ${seeded.customers.toLocaleString('en')} customers; heaviest: ${seeded.heavy.map((h) => h.orders).join(', ')} orders`,
  );
  const { rows: sizes } = await owner.query<{ orders: string; lines: string }>(
    `select pg_size_pretty(pg_total_relation_size('orders')) as orders, pg_size_pretty(pg_total_relation_size('order_lines')) as lines`,
  );
  say(`sizes: orders ${sizes[0].orders}, order_lines ${sizes[0].lines}`);

  const env = { ...process.env, DATABASE_URL: databaseUrl, FARLEY_JOBS: '0', FARLEY_DEMO: '0', LOG_LEVEL: 'warn' };
  const token = farley(['token', 'create', '--email', email, '--name', 'bench-orders'], env).token as string;
  const farleyServer = await startFarley(env);
  server = farleyServer.server;
  const baseUrl = farleyServer.baseUrl;
  const headers = { authorization: `Bearer ${token}` };
  const pathOf = (c: { company_id: string | null; contact_id: string | null }) =>
    c.company_id ? `/api/v1/companies/${c.company_id}/purchases` : `/api/v1/contacts/${c.contact_id}/purchases`;
  const groups = {
    typical: seeded.typical.map(pathOf),
    heaviest: seeded.heavy.map(pathOf),
  };
  const results: Array<{ name: string; concurrency: number; m: Measured }> = [];
  for (const [name, paths] of Object.entries(groups)) {
    // First visits read from disk; the measured runs see their pages in memory.
    for (const p of paths) await fetch(`${baseUrl}${p}`, { headers });
    for (const concurrency of [1, 16]) {
      const m = await runWrk({ baseUrl, concurrency, seconds: Number(values.seconds), headers, paths, dir });
      results.push({ name, concurrency, m });
      say(
        `${name} c=${concurrency}: ${m.requests} requests, p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)}, p99 ${m.p99.toFixed(1)}, max ${m.max.toFixed(0)}, errors ${m.errors}`,
      );
    }
  }
  await measureKpis(baseUrl, headers, say);
  server.kill('SIGTERM');
  server = undefined;

  // The import: new orders of known customers, the order's columns repeated on each line row.
  const importLines = Number(values['import-lines']);
  const { rows: numbers } = await owner.query<{ n: string }>(
    `select customer_number as n from companies where workspace_id = $1 and customer_number is not null limit 5000`,
    [workspaceId],
  );
  const rows = ['Auftragsnummer;Kundennummer;Bestelldatum;Status;Artikelnummer;Menge;Positionsbetrag'];
  // Numbers of their own per run: a run on a reused workspace imports new orders too.
  const run = Date.now().toString(36);
  let line = 0;
  for (let o = 0; line < importLines; o++) {
    const customer = numbers[o % numbers.length].n;
    const day = `${String(1 + (o % 28)).padStart(2, '0')}.${String(1 + (o % 12)).padStart(2, '0')}.2026`;
    for (let l = 1; l <= 1 + (o % 7) && line < importLines; l++, line++)
      rows.push(
        `IMP-${run}-${o};${customer};${day};berechnet;B-${String(1 + ((o * 31 + l) % 2000)).padStart(6, '0')};${1 + (l % 5)};${(12.5 * (1 + (l % 5))).toFixed(2).replace('.', ',')}`,
      );
  }
  const file = path.join(dir, 'auftraege.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  const dataDir = path.join(dir, 'data');
  for (const round of ['first', 'again']) {
    const started = performance.now();
    const summary = farley(['import', 'orders', '--workspace', workspaceId, '--file', file, '--delimiter', ';'], {
      ...env,
      FARLEY_DATA_DIR: dataDir,
    });
    const seconds = (performance.now() - started) / 1000;
    say(
      `import ${round}: ${importLines} lines in ${seconds.toFixed(1)} s = ${Math.round(importLines / seconds)} lines/s; created ${summary.created}, updated ${summary.updated}, skipped ${summary.skipped}, failed ${summary.failed}`,
    );
  }
  await owner.end();
  say('\n| customers | concurrency | requests | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|');
  for (const r of results)
    say(
      `| ${r.name} | ${r.concurrency} | ${r.m.requests} | ${r.m.p50.toFixed(1)} | ${r.m.p95.toFixed(1)} | ${r.m.p99.toFixed(1)} | ${r.m.max.toFixed(0)} |`,
    );
} finally {
  server?.kill('SIGTERM');
  await embedded?.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  if (pgDir) rmSync(pgDir, { recursive: true, force: true });
}
