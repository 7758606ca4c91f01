#!/usr/bin/env node
// `npm test`: one real PostgreSQL for the whole run (the embedded server, or a fresh
// database on the server DATABASE_URL points at), then two phases:
//   1. every *.test.ts under src/ and tests/ with node's test runner (migrated test database);
//   2. the browser tests (tests/e2e, Playwright in Debian's Chromium) against a Farley server
//      started on a free port with its own database and a test workspace.
// Before both, the house rules, each counted as one test: the dependency rules
// (.dependency-cruiser.cjs: no import cycles, platform never imports modules, db never imports
// http, web and server meet only in src/contract) and Biome's format and lint check
// (biome.json; `npm run format` fixes what it can). `npm test -- deps` runs only these.
// `npm test -- <part>` runs only the node test files whose path contains <part>;
// `npm test -- e2e` only the browser tests; FARLEY_E2E=0 skips them.
// The last line is the total of both phases: `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync, mkdtempSync, rmSync, existsSync, readFileSync, openSync, closeSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { register } from 'tsx/esm/api';
import { buildWeb } from './build-web.js';
import { ensureDebianPackage } from './apt.js';

register();
const { startEmbeddedPostgres } = await import('../src/server/platform/db/embedded.ts');
const { default: pg } = await import('pg');

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

// The node test files that take longest (each half a minute or more: child processes of the
// farley command, the demo seeding, the fuzzer). The runner starts the files in the order it
// gets them, two at a time; these go first so that none of them starts last and keeps the
// phase waiting on it alone.
const slowest = [
  'src/server/cli/cli.test.ts',
  'src/server/crash.test.ts',
  'src/server/modules/demo/demo.test.ts',
  'src/server/modules/demo/demo.bulk.test.ts',
  'src/server/security/fuzz.test.ts',
  'src/server/platform/http/listing.test.ts',
];
function longestFirst(a, b) {
  const rank = (file) => {
    const index = slowest.indexOf(file.split(path.sep).join('/'));
    return index === -1 ? slowest.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

const args = process.argv.slice(2);
// `npm test -- e2e` runs only the browser tests; `npm test -- e2e deals` only the spec files
// whose name contains "deals".
const e2eOnly = args[0] === 'e2e';
const depsOnly = args.length === 1 && args[0] === 'deps';
const runDeps = args.length === 0 || depsOnly;
const e2eFilter = e2eOnly ? args.slice(1) : [];
const filter = e2eOnly ? [] : args;
const files =
  e2eOnly || depsOnly
    ? []
    : ['src', 'tests']
        .filter((dir) => existsSync(dir))
        .flatMap((dir) => findTests(dir))
        .filter((f) => filter.length === 0 || filter.some((part) => f.includes(part)))
        .sort(longestFirst);
const runE2e = (args.length === 0 || e2eOnly) && process.env.FARLEY_E2E !== '0';
if (files.length === 0 && !runE2e && !runDeps) {
  console.error('no test files match');
  process.exit(1);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let embedded;
let pgDir;
const tempDir = mkdtempSync(path.join(os.tmpdir(), 'farley-test-run-'));
let baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  // Its own folder: the embedded server adjusts the folder's owner and permissions.
  pgDir = mkdtempSync(path.join(os.tmpdir(), 'farley-test-'));
  const port = 20000 + crypto.randomInt(20000);
  embedded = await startEmbeddedPostgres({ dataDir: pgDir, port });
  baseUrl = embedded.url;
  console.log(`tests use an embedded PostgreSQL on port ${port}`);
} else {
  console.log('tests use the PostgreSQL server of DATABASE_URL');
}

const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
const databases = [];
async function createDatabase(prefix) {
  const name = `${prefix}_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  await admin.query(`create database ${name}`);
  databases.push(name);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Runs a command to its end without blocking this process: the embedded PostgreSQL writes
 * its log into a pipe this process reads, and while it does not (spawnSync), a full pipe
 * stops every server process that logs (an error, a slow statement) until the run ends.
 */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ status: code ?? (signal ? 1 : 0) }));
  });
}

/** A check run as a command: one test, passed when it exits with 0, its complaints printed. */
function houseRule(title, args) {
  console.log(title);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status === 0) totals.passed += 1;
  else totals.failed += 1;
}

function checkHouseRules() {
  houseRule('dependency rules (.dependency-cruiser.cjs)', [
    'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
    'src',
    '--output-type',
    'err',
  ]);
  // Warnings (explicit any) are shown, not counted: errors and unformatted files fail.
  houseRule('format and lint (biome.json)', [
    'node_modules/@biomejs/biome/bin/biome',
    'ci',
    '.',
    '--max-diagnostics=20',
  ]);
}

/** Phase 1: node's test runner; spec output on the terminal, counts from a TAP copy. */
async function runNodeTests() {
  // The benchmark's reads run on wrk; its test drives the real thing (a failing test says how to install it).
  if (files.some((f) => f.includes('bench')))
    ensureDebianPackage('wrk', '/usr/bin/wrk', 'The benchmark tests need wrk at');
  // The email tests talk to a real Dovecot (startMailServers, src/server/testing/mail.ts), run
  // with the harness's own configuration and ports: a system Dovecot the package starts stays apart.
  if (files.some((f) => readFileSync(f, 'utf8').includes('startMailServers')))
    ensureDebianPackage('dovecot-imapd', '/usr/sbin/dovecot', 'The email tests need Dovecot at');
  // The CardDAV/CalDAV tests sync with real clients (src/server/testing/dav.ts).
  if (files.some((f) => readFileSync(f, 'utf8').includes('vdirsyncer('))) {
    ensureDebianPackage('vdirsyncer', '/usr/bin/vdirsyncer', 'The CardDAV/CalDAV tests need vdirsyncer at');
    ensureDebianPackage('khard', '/usr/bin/khard', 'The CardDAV tests need khard at');
  }
  const testUrl = await createDatabase('farley_test');
  const tap = path.join(tempDir, 'node-tests.tap');
  const result = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      // Two files at a time: one per core (FARLEY_TEST_CONCURRENCY to try others).
      `--test-concurrency=${process.env.FARLEY_TEST_CONCURRENCY ?? 2}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { stdio: 'inherit', env: { ...process.env, FARLEY_TEST_DATABASE_URL: testUrl, FARLEY_JOBS: '0' } },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number([...text.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped') + count('todo');
  if (result.status !== 0 && count('fail') + count('cancelled') === 0) totals.failed += 1; // the runner itself failed
}

/** Debian's Chromium, installed with apt when missing and allowed (root). */
function ensureChromium() {
  const chromium = process.env.FARLEY_CHROMIUM ?? '/usr/bin/chromium';
  return ensureDebianPackage('chromium', chromium, 'The browser tests need Chromium at');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, child, seconds = 90) {
  for (let i = 0; i < seconds * 4; i++) {
    if (child.exitCode !== null) return false;
    try {
      if ((await fetch(`${url}/healthz`)).ok) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

async function stopServer(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Phase 2: build the web app, start a server with a test workspace, run Playwright. */
async function runBrowserTests() {
  console.log('\nbrowser tests (tests/e2e)');
  if (!ensureChromium()) {
    totals.failed += 1;
    return;
  }
  // Specs that start their own mail servers (startMailServers) need Dovecot, as the node tests do.
  const specs = readdirSync('tests/e2e')
    .filter((name) => name.endsWith('.spec.ts'))
    .filter((name) => e2eFilter.length === 0 || e2eFilter.some((part) => name.includes(part)));
  if (specs.some((name) => readFileSync(path.join('tests/e2e', name), 'utf8').includes('startMailServers')))
    ensureDebianPackage('dovecot-imapd', '/usr/sbin/dovecot', 'The email browser tests need Dovecot at');
  if (!buildWeb({ quiet: true })) {
    console.error('browser tests: building the web app failed');
    totals.failed += 1;
    return;
  }
  const databaseUrl = await createDatabase('farley_e2e');
  const email = 'e2e-admin@farley.example';
  const password = `e2e-${crypto.randomBytes(12).toString('hex')}`;
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    FARLEY_DEMO: '0',
    FARLEY_JOBS: '0',
    LOG_LEVEL: 'warn',
    FARLEY_DATA_DIR: path.join(tempDir, 'e2e-data'),
  };
  const created = spawnSync(
    process.execPath,
    [
      'bin/farley.js',
      'workspace',
      'create',
      '--name',
      'E2E Werkstatt',
      '--admin-email',
      email,
      '--admin-password',
      password,
    ],
    { env, encoding: 'utf8' },
  );
  if (created.status !== 0) {
    console.error(`browser tests: creating the test workspace failed:\n${created.stderr}`);
    totals.failed += 1;
    return;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(tempDir, 'e2e-server.log');
  const log = openSync(logFile, 'w');
  const server = spawn(process.execPath, ['bin/farley.js', 'start'], {
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const serverLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '');
  try {
    if (!(await waitForServer(url, server))) {
      console.error(`browser tests: the server did not start:\n${serverLog()}`);
      totals.failed += 1;
      return;
    }
    // FARLEY_E2E_REPORT keeps the JSON report (with each test's time) where it names.
    const report = process.env.FARLEY_E2E_REPORT ?? path.join(tempDir, 'e2e-report.json');
    const result = await run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', ...e2eFilter], {
      stdio: 'inherit',
      env: {
        ...process.env,
        FARLEY_E2E_URL: url,
        FARLEY_E2E_EMAIL: email,
        FARLEY_E2E_PASSWORD: password,
        // For specs that run `farley` commands (reminders, demo data) against the server's database.
        FARLEY_E2E_DATABASE_URL: databaseUrl,
        FARLEY_E2E_REPORT: report,
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
      },
    });
    const stats = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')).stats : null;
    if (stats) {
      totals.passed += stats.expected + stats.flaky;
      totals.failed += stats.unexpected;
      totals.skipped += stats.skipped;
    }
    if (result.status !== 0 && !(stats?.unexpected > 0)) totals.failed += 1; // setup or runner failed
    if (result.status !== 0) console.error(`\nserver log (last lines):\n${serverLog()}`);
  } finally {
    await stopServer(server);
  }
}

try {
  if (runDeps) checkHouseRules();
  if (files.length > 0) await runNodeTests();
  if (runE2e) await runBrowserTests();
} catch (error) {
  console.error(error);
  totals.failed += 1;
} finally {
  for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
  await admin.end();
  if (embedded) await embedded.stop();
  if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  rmSync(tempDir, { recursive: true, force: true });
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
