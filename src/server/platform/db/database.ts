// Connections: an owner pool (migrations, maintenance) and an application pool whose
// role does not own the tables, so row-level security applies to every query it runs
// (docs/security.md).
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Database, Db } from './schema.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { migrations } from '../../db/migrations/index.ts';
import { keepErrorsWithQueries, preparingPool } from './statements.ts';
import { FarleyDialect } from './driver.ts';
import { appRole, limitTenantTransactions } from './tenant.ts';

// Dates stay 'YYYY-MM-DD' strings; a Date object would shift them across time zones.
pg.types.setTypeParser(1082, (value) => value);
// bigint counts come back as numbers (they never pass 2^53 here).
pg.types.setTypeParser(20, (value) => Number(value));

export type { Db };

export interface Databases {
  /** Connects with the application's login: every tenant transaction runs as farley_app, bound by row-level security. */
  app: Db;
  /** Connects as the owner of the tables: migrations, bulk loading, maintenance. */
  owner: Db;
  /** The owner's URL. */
  url: string;
  /** Whether the application has a login of its own (FARLEY_APP_DATABASE_URL, or the embedded server's) rather than the owner's. */
  separateAppLogin: boolean;
  close(): Promise<void>;
}

function kysely(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** The application pool's Kysely: its queries go out with their intents (intent.ts). */
function farleyKysely(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new FarleyDialect(pool) });
}

export async function openDatabases(config: Config, log: (line: string) => void = () => {}): Promise<Databases> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  let appUrl = config.appDatabaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
    url = embedded.url;
    appUrl ??= embedded.appUrl;
  }
  const ownerPool = new pg.Pool({ connectionString: url, max: 4 });
  keepErrorsWithQueries(ownerPool);
  const appPool = preparingPool({
    connectionString: appUrl ?? url,
    max: config.dbPoolSize,
    executeByName: !config.dbPooler,
    // Outside tenant transactions, too, the application's connections act as farley_app, or
    // fail to connect. Each tenant transaction sets the role again for itself (tenant.ts),
    // which is what holds behind a pooler: PgBouncer refuses startup options, and a role
    // set for a session would go to whichever client gets that server connection next.
    ...(config.dbPooler ? {} : { options: `-c role=${appRole}` }),
  });
  // An idle client that loses its server must not crash the process.
  ownerPool.on('error', (error) => log(`database pool: ${error.message}`));
  appPool.on('error', (error) => log(`database pool: ${error.message}`));
  const owner = kysely(ownerPool);
  const app = farleyKysely(appPool);
  limitTenantTransactions(app, {
    statementTimeoutMs: config.statementTimeoutMs,
    idleInTransactionTimeoutMs: config.idleInTransactionTimeoutMs,
  });
  return {
    app,
    owner,
    url,
    separateAppLogin: appUrl !== undefined,
    async close() {
      await app.destroy();
      await owner.destroy();
      if (embedded) await embedded.stop();
    },
  };
}

function migrator(owner: Db): Migrator {
  return new Migrator({
    db: owner,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'farley_migrations',
    migrationLockTableName: 'farley_migrations_lock',
  });
}

export async function migrateToLatest(owner: Db): Promise<string[]> {
  const { error, results } = await migrator(owner).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies the migrations up to and including `name` (a restore brings the schema to its backup's). */
export async function migrateUpTo(owner: Db, name: string): Promise<string[]> {
  const { error, results } = await migrator(owner).migrateTo(name);
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export { sql };
