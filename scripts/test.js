#!/usr/bin/env node
// `npm test`: one real PostgreSQL for the whole run (the embedded server, or a fresh
// database on the server DATABASE_URL points at), migrated once, then every test file.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { register } from 'tsx/esm/api';

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

const filter = process.argv.slice(2);
const files = findTests('src').filter((f) => filter.length === 0 || filter.some((part) => f.includes(part))).sort();
if (files.length === 0) {
  console.error('no test files match');
  process.exit(1);
}

let embedded;
let tempDir;
let baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'farley-test-'));
  const port = 20000 + crypto.randomInt(20000);
  embedded = await startEmbeddedPostgres({ dataDir: tempDir, port });
  baseUrl = embedded.url;
  console.log(`tests use an embedded PostgreSQL on port ${port}`);
} else {
  console.log('tests use the PostgreSQL server of DATABASE_URL');
}

const dbName = `farley_test_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const testUrl = new URL(baseUrl);
testUrl.pathname = `/${dbName}`;

let status = 1;
try {
  const result = spawnSync(process.execPath, [
    '--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files,
  ], { stdio: 'inherit', env: { ...process.env, FARLEY_TEST_DATABASE_URL: testUrl.toString(), FARLEY_JOBS: '0' } });
  status = result.status ?? 1;
} finally {
  await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await admin.end();
  if (embedded) await embedded.stop();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}
process.exit(status);
