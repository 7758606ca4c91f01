// Farley's Kysely dialect: PostgreSQL through a pool of PreparingClients, each query sent
// with its intent (intent.ts). Kysely's own PostgresDriver hands a client only text and
// values; this one, built the same way, hands it the intent recorded on the compiled query.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { intentOf } from './intent.ts';
import type { PreparingClient } from './statements.ts';

/** A leased PreparingClient that sends each query with its intent. */
class FarleyConnection implements DatabaseConnection {
  constructor(readonly client: PreparingClient & pg.PoolClient) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const intent = intentOf(compiledQuery.query);
      const { command, rowCount, rows } = await this.client.send(
        compiledQuery.sql,
        [...compiledQuery.parameters],
        intent,
      );
      const changed = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
      return { numAffectedRows: changed ? BigInt(rowCount ?? 0) : undefined, rows: rows ?? [] };
    } catch (error) {
      // The caller's stack, as Kysely's own driver gives it (pg's error has only pg's).
      const here = new Error().stack;
      if (error instanceof Error && here) error.stack += `\n${here.split('\n').slice(1).join('\n')}`;
      throw error;
    }
  }

  // biome-ignore lint/correctness/useYield: Farley streams nothing; Kysely's interface asks for the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Farley does not stream query results');
  }
}

/**
 * The pg client under a connection-bound Db (inTenant's `tx`), for what Kysely cannot send:
 * COPY … TO STDOUT as a stream (exports.copy.ts). Whatever waits to go out with the next
 * statement (a tenant transaction's begin) must have gone out before: run a statement first.
 */
export async function pgClientOf(tx: {
  getExecutor(): { provideConnection<T>(use: (connection: DatabaseConnection) => Promise<T>): Promise<T> };
}): Promise<PreparingClient & pg.PoolClient> {
  return tx.getExecutor().provideConnection(async (connection) => {
    if (!(connection instanceof FarleyConnection)) throw new Error('not a connection of the application pool');
    return connection.client;
  });
}

class FarleyDriver implements Driver {
  // One connection object per client, as Kysely's PostgresDriver keeps them.
  #connections = new WeakMap<pg.PoolClient, FarleyConnection>();

  constructor(readonly pool: pg.Pool) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new FarleyConnection(client as PreparingClient & pg.PoolClient);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let text = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      text = 'start transaction';
      if (settings.isolationLevel) text += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) text += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(text));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as FarleyConnection).client.release();
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * PostgreSQL on a pool of PreparingClients (statements.ts's preparingPool), with the
 * intents of queries carried out. Compiler, adapter and introspector are PostgreSQL's.
 */
export class FarleyDialect extends PostgresDialect {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super({ pool });
    this.#pool = pool;
  }

  override createDriver(): Driver {
    return new FarleyDriver(this.#pool);
  }
}
