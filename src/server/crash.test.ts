// Kill -9: what Farley acknowledged stays written. The real server with its embedded PostgreSQL
// runs as a process tree of its own; clients stream new contacts through the API and remember
// each one answered 201; at a random moment the whole tree (Farley, the postmaster, every
// backend) is killed with SIGKILL, as a power cut would leave it but for the disk's cache.
// After a restart (PostgreSQL's crash recovery replays its write-ahead log) every
// acknowledged contact must be there. A backup taken beside the writers must be whole too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './testing/ports.ts';
import { verifyBackup } from './modules/backup/backup.restore.ts';

let dataDir: string;
let port: number;
let server: ChildProcess | undefined;
let token: string;

function env(): NodeJS.ProcessEnv {
  const vars: NodeJS.ProcessEnv = {
    ...process.env,
    FARLEY_DATA_DIR: dataDir,
    FARLEY_DEMO: '0',
    FARLEY_JOBS: '0',
    LOG_LEVEL: 'warn',
    PORT: String(port),
  };
  for (const name of ['DATABASE_URL', 'FARLEY_TEST_DATABASE_URL', 'FARLEY_APP_DATABASE_URL', 'FARLEY_PG_PORT'])
    delete vars[name];
  for (const name of Object.keys(vars)) if (name.startsWith('npm_')) delete vars[name];
  return vars;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `farley …args` beside the server (it shares the server's PostgreSQL); its JSON output. */
function farley(args: string[]): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['bin/farley.js', ...args], { env: env(), timeout: 120_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`farley ${args[0]}: ${stderr || error.message}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

/** Starts Farley in a process group of its own (its PostgreSQL joins it); resolves once it serves. */
async function start(): Promise<void> {
  const child = spawn(process.execPath, ['bin/farley.js', 'start'], {
    env: env(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 120_000;
  while (!/Farley is running at/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) assert.fail(`Farley did not start:\n${output}`);
    await sleep(50);
  }
}

/** SIGKILL to every process of the group: Farley, the postmaster and its backends alike. */
async function killTree(): Promise<void> {
  const child = server!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
  server = undefined;
  // The postmaster's backends end with it; wait until no process of the group is left.
  const deadline = Date.now() + 10_000;
  while (groupAlive(child.pid!) && Date.now() < deadline) await sleep(20);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const api = (method: string, url: string, body?: unknown) =>
  fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

/** Writers posting contacts until `stop()`; the ids acknowledged with 201. */
function streamWrites(writers: number) {
  const acknowledged: string[] = [];
  let running = true;
  const work = Array.from({ length: writers }, async (_, writer) => {
    for (let n = 0; running; n++) {
      try {
        const response = await api('POST', '/api/v1/contacts', { firstName: `Schreiber${writer}`, lastName: `Nr${n}` });
        if (response.status === 201) acknowledged.push(((await response.json()) as { id: string }).id);
        else await sleep(20);
      } catch {
        // The server is gone mid-request: not acknowledged, whether or not it was written.
        await sleep(20);
      }
    }
  });
  return {
    acknowledged,
    stop: async () => {
      running = false;
      await Promise.all(work);
    },
  };
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'farley-crash-'));
  port = await freePort();
  await start();
  const email = `crash-${crypto.randomBytes(4).toString('hex')}@test.farley.example`;
  await farley([
    'workspace',
    'create',
    '--name',
    'Absturz GmbH',
    '--admin-email',
    email,
    '--admin-password',
    'correct horse battery',
  ]);
  token = (await farley(['token', 'create', '--email', email])).token;
});

after(async () => {
  if (server?.pid && groupAlive(server.pid)) process.kill(-server.pid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('every write Farley acknowledged survives kill -9 of its whole process tree', async () => {
  const acknowledged: string[] = [];
  for (let round = 1; round <= 3; round++) {
    const writes = streamWrites(4);
    // In the first round a backup is taken while the writers go on.
    if (round === 1) {
      const backup = await farley(['backup', '--file', path.join(dataDir, 'live.tar.gz')]);
      const manifest = await verifyBackup(backup.file);
      assert.ok(manifest.tables.some((table) => table.name === 'contacts' && table.rows > 0));
    }
    await sleep(300 + Math.random() * 1200);
    await killTree();
    await writes.stop();
    assert.ok(writes.acknowledged.length > 0, `round ${round}: some writes were acknowledged`);
    acknowledged.push(...writes.acknowledged);
    await start();
    const missing: string[] = [];
    for (let i = 0; i < acknowledged.length; i += 16) {
      await Promise.all(
        acknowledged.slice(i, i + 16).map(async (id) => {
          const response = await api('GET', `/api/v1/contacts/${id}`);
          if (response.status !== 200) missing.push(`${id}: ${response.status}`);
          await response.arrayBuffer();
        }),
      );
    }
    assert.deepEqual(missing, [], `round ${round}: all ${acknowledged.length} acknowledged contacts are there`);
  }
  const exited = new Promise((resolve) => server!.once('exit', resolve));
  server!.kill('SIGTERM');
  await exited;
});
