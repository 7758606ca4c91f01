// Farley's configuration: environment variables only, each with a default (listed in the README).
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify's trustProxy): none (false), the
   * nearest n hops, or the proxies at these addresses and networks.
   */
  trustProxy: false | number | string[];
  /**
   * The address users reach Farley at (`https://crm.example.com`), for the redirect URI
   * registered at identity providers; unset: taken from each request (Host, and the proxy's
   * X-Forwarded-Proto as far as trustProxy believes it).
   */
  publicUrl: string | undefined;
  /**
   * The address links in Farley's own mail (password reset) point at: FARLEY_PUBLIC_URL, else
   * HOST and PORT — never a request's Host header, which whoever asks for a reset link could choose.
   */
  mailLinkBase: string;
  /**
   * The operator's SMTP server for Farley's own mail (password reset links), e.g.
   * `smtp://user:pass@mail.example.com:587` or `smtps://…:465`; unset: Farley sends none, and
   * a forgotten password is reset by an admin's one-time link.
   */
  smtpUrl: string | undefined;
  /** The sender of Farley's own mail (FARLEY_MAIL_FROM). */
  mailFrom: string;
  /** The built web app (`npm run build`) served at `/`; FARLEY_WEB_DIR may point at another build. */
  webDir: string;
  /** Scheduled backups (docs/operations.md): where they go (null: none), when (cron, server time), how many are kept (0: all). */
  backups: { dir: string | null; schedule: string; keep: number };
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

// proxy-addr's names for the private ranges, accepted beside addresses and CIDR networks.
const proxyRangeNames = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * FARLEY_TRUST_PROXY: `0` (none), a number of proxy hops, or a comma-separated list of
 * proxy addresses or networks. Never "trust everyone": then the client's own left-most
 * X-Forwarded-For entry would become its address, and the sign-in limits per address
 * could be dodged with a made-up one per attempt.
 */
export function trustedProxies(value: string | undefined): false | number | string[] {
  const text = value?.trim() ?? '';
  if (text === '' || text === '0' || /^(false|no|off)$/i.test(text)) return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const version = net.isIP(address ?? '');
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
    if (!proxyRangeNames.includes(entry) && (!version || !validBits || extra !== undefined))
      throw new Error(
        `FARLEY_TRUST_PROXY must be 0, a number of proxy hops, or proxy addresses and networks (e.g. 10.0.0.1,192.168.0.0/16), got "${value}"`,
      );
  }
  return entries;
}

/** A cron expression of five fields (minute hour day month weekday), as pg-boss schedules take. */
function cron(name: string, value: string | undefined, fallback: string): string {
  const text = value?.trim() || fallback;
  if (!/^(\S+\s+){4}\S+$/.test(text) || !/^[\d*/,\-\sA-Za-z]+$/.test(text))
    throw new Error(
      `${name} must be a cron expression of five fields, like "0 2 * * *" (daily at 02:00), got "${value}"`,
    );
  return text;
}

/**
 * FARLEY_BACKUP_DIR: `off`, a folder, or unset: `<data dir>/backups` with the embedded
 * server; none with DATABASE_URL, whose server the operator backs up (docs/operations.md).
 */
function backupDir(env: NodeJS.ProcessEnv, dataDir: string): string | null {
  const value = env.FARLEY_BACKUP_DIR?.trim();
  if (value && /^(0|off|false|no)$/i.test(value)) return null;
  if (value) return path.resolve(value);
  return env.DATABASE_URL ? null : path.join(dataDir, 'backups');
}

/** FARLEY_PUBLIC_URL: an http(s) origin, kept without a trailing slash; a clear error otherwise. */
function publicUrl(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol) || (url.pathname !== '/' && url.pathname !== '') || url.search)
    throw new Error(`FARLEY_PUBLIC_URL must be an origin like https://crm.example.com, got "${value}"`);
  return url.origin;
}

/** Where links in Farley's own mail point: FARLEY_PUBLIC_URL, else HOST and PORT. */
function mailLinkBase(env: NodeJS.ProcessEnv): string {
  const given = env.FARLEY_PUBLIC_URL?.trim();
  if (given) {
    if (!/^https?:\/\/[^/]+/.test(given)) throw new Error(`FARLEY_PUBLIC_URL must be an http(s) URL, got "${given}"`);
    return given.replace(/\/+$/, '');
  }
  const host = env.HOST && env.HOST !== '0.0.0.0' && env.HOST !== '::' ? env.HOST : 'localhost';
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT || 3000}`;
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
    trustProxy: trustedProxies(env.FARLEY_TRUST_PROXY),
    publicUrl: publicUrl(env.FARLEY_PUBLIC_URL),
    smtpUrl: env.FARLEY_SMTP_URL || undefined,
    mailFrom: env.FARLEY_MAIL_FROM || 'Farley <farley@localhost>',
    mailLinkBase: mailLinkBase(env),
    webDir: env.FARLEY_WEB_DIR
      ? path.resolve(env.FARLEY_WEB_DIR)
      : fileURLToPath(new URL('../../../dist/web', import.meta.url)),
    backups: {
      dir: backupDir(env, path.resolve(env.FARLEY_DATA_DIR || '.farley')),
      schedule: cron('FARLEY_BACKUP_SCHEDULE', env.FARLEY_BACKUP_SCHEDULE, '0 2 * * *'),
      keep: int('FARLEY_BACKUP_KEEP', env.FARLEY_BACKUP_KEEP, 7),
    },
  };
}
