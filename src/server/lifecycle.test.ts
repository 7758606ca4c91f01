// Starting and stopping Farley as operators do: through npm and npx under a process manager's
// SIGTERM, a second Farley beside the first, and a start after a Farley killed with -9. Real
// processes on a data directory of their own; afterwards nothing of it may be left running.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './testing/ports.ts';

let dataDir: string;

function farleyEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FARLEY_DATA_DIR: dataDir,
    FARLEY_DEMO: '0',
    FARLEY_JOBS: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  };
  delete env.DATABASE_URL;
  delete env.FARLEY_TEST_DATABASE_URL;
  delete env.FARLEY_APP_DATABASE_URL;
  if (!extra.FARLEY_PG_PORT) delete env.FARLEY_PG_PORT;
  // npm's own variables, if the tests run under npm, would make every child look npm-started.
  for (const name of Object.keys(env)) if (name.startsWith('npm_')) delete env[name];
  return env;
}

interface Launched {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves once the output matches, fails when the process ends first or after two minutes. */
  waitFor: (pattern: RegExp) => Promise<void>;
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv): Launched {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp) => {
    const deadline = Date.now() + 120_000;
    while (!pattern.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) {
        assert.fail(`${command} ${args.join(' ')}: no ${pattern} in:\n${output}`);
      }
      await sleep(100);
    }
  };
  return { child, output: () => output, exited, waitFor };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every process started for this data directory (npm, sh, node, postgres): they inherit its variable. */
function processesOfDataDir(): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (!environ.includes(`FARLEY_DATA_DIR=${dataDir}`)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue; // ended, awaiting its parent
      found.push(`${pid}: ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`);
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
  return found;
}

async function assertNothingLeft() {
  const deadline = Date.now() + 20_000;
  while (processesOfDataDir().length > 0 && Date.now() < deadline) await sleep(100);
  assert.deepEqual(processesOfDataDir(), [], 'nothing of this data directory runs any more');
}

/** The pid and port of the live postmaster, from the file PostgreSQL keeps in its data directory. */
function postmaster(): { pid: number; port: number } {
  const lines = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A port held by some other program, as a second Farley's PostgreSQL would hold it. */
async function occupiedPort(): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;
const running = /Farley is running at/;

before(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'farley-lifecycle-'));
});
after(() => {
  for (const line of processesOfDataDir()) process.kill(Number(line.split(':')[0]), 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('starting and stopping Farley', () => {
  test('a FARLEY_PG_PORT in use stops the start with a message naming it', async () => {
    const holder = await occupiedPort();
    try {
      const env = farleyEnv({ PORT: String(await freePort()), FARLEY_PG_PORT: String(portOf(holder)) });
      const farley = launch(process.execPath, ['bin/farley.js', 'start'], env);
      assert.equal(await farley.exited, 1);
      assert.match(farley.output(), new RegExp(`farley: port ${portOf(holder)} .*FARLEY_PG_PORT`));
      assert.doesNotMatch(farley.output(), /TypeError/);
    } finally {
      holder.close();
    }
  });

  test('SIGTERM to `npm start` stops Farley and its PostgreSQL', async () => {
    const port = await freePort();
    // --ignore-scripts skips only prestart (the web build), not start itself.
    const npm = launch('npm', ['start', '--ignore-scripts'], farleyEnv({ PORT: String(port) }));
    await npm.waitFor(running);
    npm.child.kill('SIGTERM');
    await npm.exited;
    await assertNothingLeft();
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'the port is closed');
  });

  test('SIGTERM to `npx farley start` stops Farley and its PostgreSQL', async () => {
    // A lock file left by a crashed PostgreSQL, its pid now another program's (this test's):
    // that program is left alone, and the stale lock does not stop the start.
    fs.writeFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), `${process.pid}\n${dataDir}/pg\n0\n54329\n`);
    const npx = launch('npx', ['--offline', 'farley', 'start'], farleyEnv({ PORT: String(await freePort()) }));
    await npx.waitFor(running);
    npx.child.kill('SIGTERM');
    await npx.exited;
    await assertNothingLeft();
  });

  // One test for two edges, to save a start: each start of Farley costs seconds.
  test('a taken PostgreSQL port is replaced by a free one; a PostgreSQL left by a killed Farley is restarted as the new one’s own', async () => {
    const env = farleyEnv({ PORT: String(await freePort()) });
    // Its port is held by another program, as a second Farley's PostgreSQL would hold it.
    const holder = await occupiedPort();
    const taken = portOf(holder);
    fs.writeFileSync(path.join(dataDir, 'pg-port'), `${taken}\n`);
    const killed = launch(process.execPath, ['bin/farley.js', 'start'], env);
    await killed.waitFor(running).finally(() => holder.close());
    const remembered = Number(fs.readFileSync(path.join(dataDir, 'pg-port'), 'utf8'));
    assert.notEqual(remembered, taken);
    assert.equal(postmaster().port, remembered, 'the port taken instead is remembered');
    const orphan = postmaster().pid;
    killed.child.kill('SIGKILL');
    await killed.exited;
    assert.ok(isAlive(orphan), 'kill -9 leaves the PostgreSQL server running');

    const farley = launch(process.execPath, ['bin/farley.js', 'start'], env);
    await farley.waitFor(running);
    assert.equal(isAlive(orphan), false, 'the orphan was stopped');
    const own = postmaster().pid;
    const stat = fs.readFileSync(`/proc/${own}/stat`, 'utf8');
    assert.equal(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), farley.child.pid, 'its own child');

    // A command beside the running server shares its PostgreSQL and leaves it running.
    const migrate = launch(process.execPath, ['bin/farley.js', 'migrate'], env);
    assert.equal(await migrate.exited, 0, migrate.output());
    assert.ok(isAlive(own));

    farley.child.kill('SIGTERM');
    assert.equal(await farley.exited, 0);
    await assertNothingLeft();
    assert.doesNotMatch(farley.output(), /TypeError|ERROR/);
  });
});
