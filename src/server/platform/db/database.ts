// Connections: an owner pool (migrations, maintenance) and an application pool whose
// role does not own the tables, so row-level security applies to every query it runs.
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from './schema.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { migrations } from '../../db/migrations/index.ts';
import { preparingPool } from './statements.ts';

// Dates stay 'YYYY-MM-DD' strings; a Date object would shift them across time zones.
pg.types.setTypeParser(1082, (value) => value);
// bigint counts come back as numbers (they never pass 2^53 here).
pg.types.setTypeParser(20, (value) => Number(value));

export type Db = Kysely<Database>;

export interface Databases {
  /** Connects as the application role: row-level security in force. */
  app: Db;
  /** Connects as the owner of the tables: migrations, bulk loading, workspace creation. */
  owner: Db;
  url: string;
  close(): Promise<void>;
}

function kysely(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export async function openDatabases(config: Config, log: (line: string) => void = () => {}): Promise<Databases> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
    url = embedded.url;
  }
  const ownerPool = new pg.Pool({ connectionString: url, max: 4 });
  const appPool = preparingPool({
    connectionString: config.appDatabaseUrl ?? url, max: config.dbPoolSize, executeByName: !config.dbPooler,
  });
  if (!config.appDatabaseUrl) {
    appPool.on('connect', (client) => {
      client.query('set role farley_app').catch(() => {});
    });
  }
  // An idle client that loses its server must not crash the process.
  ownerPool.on('error', (error) => log(`database pool: ${error.message}`));
  appPool.on('error', (error) => log(`database pool: ${error.message}`));
  const owner = kysely(ownerPool);
  const app = kysely(appPool);
  return {
    app,
    owner,
    url,
    async close() {
      await app.destroy();
      await owner.destroy();
      if (embedded) await embedded.stop();
    },
  };
}

export async function migrateToLatest(owner: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: owner,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'farley_migrations',
    migrationLockTableName: 'farley_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export { sql };
