// Farley's configuration: environment variables only, each with a default (listed in the README).
import path from 'node:path';

export interface Config {
  /** PostgreSQL URL of a server Farley should use; unset means the embedded server. */
  databaseUrl: string | undefined;
  /** Optional separate login for the application role (production); unset means SET ROLE farley_app. */
  appDatabaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  /** Port of the embedded PostgreSQL server; unset: remembered in the data directory (embedded.ts). */
  embeddedPgPort: number | undefined;
  demo: boolean;
  jobs: boolean;
  logLevel: string;
  /** Requests taking at least this many milliseconds are logged as warnings (0: none). */
  slowRequestMs: number;
  cookieSecure: boolean;
  sessionDays: number;
  dbPoolSize: number;
  /** A connection pooler (PgBouncer) sits between Farley and PostgreSQL: see docs/scaling.md. */
  dbPooler: boolean;
  /** A statement of a tenant transaction running longer than this is cancelled (0: never). */
  statementTimeoutMs: number;
  /** A tenant transaction left idle longer than this is ended with its connection (0: never). */
  idleInTransactionTimeoutMs: number;
  /** The largest import file an upload may send, in bytes. */
  importMaxBytes: number;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    appDatabaseUrl: env.FARLEY_APP_DATABASE_URL || undefined,
    dataDir: path.resolve(env.FARLEY_DATA_DIR || '.farley'),
    host: env.HOST || '127.0.0.1',
    port: int('PORT', env.PORT, 3000),
    embeddedPgPort: env.FARLEY_PG_PORT ? int('FARLEY_PG_PORT', env.FARLEY_PG_PORT, 0) : undefined,
    demo: bool(env.FARLEY_DEMO, true),
    jobs: bool(env.FARLEY_JOBS, true),
    logLevel: env.LOG_LEVEL || 'info',
    slowRequestMs: int('FARLEY_SLOW_REQUEST_MS', env.FARLEY_SLOW_REQUEST_MS, 1000),
    cookieSecure: bool(env.FARLEY_COOKIE_SECURE, false),
    sessionDays: int('FARLEY_SESSION_DAYS', env.FARLEY_SESSION_DAYS, 14),
    dbPoolSize: int('FARLEY_DB_POOL_SIZE', env.FARLEY_DB_POOL_SIZE, 10),
    dbPooler: bool(env.FARLEY_DB_POOLER, false),
    statementTimeoutMs: int('FARLEY_STATEMENT_TIMEOUT_MS', env.FARLEY_STATEMENT_TIMEOUT_MS, 5000),
    idleInTransactionTimeoutMs: int(
      'FARLEY_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      env.FARLEY_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      5000,
    ),
    importMaxBytes: int('FARLEY_IMPORT_MAX_BYTES', env.FARLEY_IMPORT_MAX_BYTES, 2 * 1024 ** 3),
  };
}
