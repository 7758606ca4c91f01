// `farley start` as a new user runs it: embedded database, demo login printed, clean stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './testing/ports.ts';

function postgresRunningOn(dataDir: string): boolean {
  const list = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return list.split('\n').some((line) => line.includes('postgres') && line.includes(dataDir));
}

test('the first start serves the API, prints a demo login that works, and SIGTERM stops everything', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'farley-start-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FARLEY_DATA_DIR: dataDir,
    PORT: String(port),
    FARLEY_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.FARLEY_TEST_DATABASE_URL;
  const child = spawn(process.execPath, ['bin/farley.js', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 120_000;
    while (!/Demo login: (\S+) \/ (\S+)/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) assert.fail(`no demo login printed:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const [, email, password] = /Demo login: (\S+) \/ (\S+)/.exec(output)!;
    assert.match(output, new RegExp(`Farley is running at http://127\\.0\\.0\\.1:${port}`));
    const base = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const companies = await fetch(`${base}/api/v1/companies?limit=5`, { headers: { cookie } });
    assert.equal(companies.status, 200);
    assert.ok(((await companies.json()) as { data: unknown[] }).data.length > 0, 'the demo workspace has companies');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(postgresRunningOn(dataDir), false, 'no orphan postgres process');
    assert.doesNotMatch(output, /ERROR|FATAL|Error:/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
