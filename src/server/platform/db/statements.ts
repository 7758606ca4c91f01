// Prepared statements for every parameterised query, so PostgreSQL parses and plans a
// statement once per connection instead of on every request. Planning was most of the
// server's work on a hot read: getting a contact by id planned for 0.6 ms and ran for 0.17.
// Kysely sends text and values, so a pg.Client subclass names the statement by its text.
// The same client saves a tenant transaction's `begin` its round trip (sendWithNext).
import pg from 'pg';
import { sql, type SelectQueryBuilder } from 'kysely';

/** How many prepared statements one connection keeps by default; the least recently used go first. */
export const statementsPerConnection = 200;

export interface PreparingClientConfig extends pg.ClientConfig {
  /** Overrides statementsPerConnection (pg.Pool hands its options on to each client). */
  preparedStatements?: number;
  /**
   * Whether a statement prepared on this connection may be run by `EXECUTE name(…)` in the
   * simple protocol (see sendWithNext). Default true; false behind PgBouncer, which renames
   * prepared statements on the server and knows nothing of an EXECUTE in a query's text.
   */
  executeByName?: boolean;
}

// One name per distinct text, shared by the connections; the least recently used texts are
// forgotten beyond a few thousand (a text can be long). Names are never reused: a forgotten
// text that comes back gets a new one, and its old one ages out of the connections' lists.
const maxNames = 2_000;
const names = new Map<string, string>();
let named = 0;

function nameOf(text: string): string {
  let name = names.get(text);
  if (name !== undefined) {
    names.delete(text);
  } else {
    name = `farley_${++named}`;
    if (names.size >= maxNames) names.delete(names.keys().next().value as string);
  }
  names.set(text, name);
  return name;
}

/**
 * Marks a statement whose best plan depends on its values: it is sent unprepared, so that
 * PostgreSQL plans it for each run. A prepared statement may be given one generic plan after
 * a few runs; for a search pattern or a list filter the right plan depends on the pattern
 * ("%de%" cannot use the trigram index at all) or on how common a tag or city is, and a
 * generic plan chosen for one query took seconds for another (search) or three times as
 * long (a filtered list).
 */
export function planEachTime<Q extends SelectQueryBuilder<any, any, any>>(query: Q): Q {
  return query.modifyEnd(sql.raw(planEachTimeMark)) as Q;
}

const planEachTimeMark = '/* plan each time */';
const sendLaterMark = '/* send with the next statement */ ';
const thenCommitMark = ' /* then commit */';

/**
 * Marks the last statement of a tenant transaction: `commit` goes out in the same message
 * (see PreparingClient), and the transaction's own `commit` or `rollback` afterwards sends
 * nothing. A get by id then costs one round trip less. Nothing may run in the transaction
 * after it: such a statement is refused. If the statement fails, nothing is committed and
 * the rollback goes out as usual. Not together with planEachTime.
 */
export function lastInTransaction<Q extends SelectQueryBuilder<any, any, any>>(query: Q): Q {
  return query.modifyEnd(sql.raw(thenCommitMark)) as Q;
}

/**
 * Text (without values) to go out with the connection's next statement instead of on its
 * own: a tenant transaction's `begin` and settings then cost no round trip of their own
 * (see PreparingClient). Only for text the next statement depends on in order: the next
 * statement gets its errors. A `commit` or `rollback` right after it sends neither.
 */
export function sendWithNext(text: string): string {
  return sendLaterMark + text;
}

const endings = new Set(['commit', 'rollback']);

/** The result of a statement that was not sent. */
function nothing(command: string) {
  return { command, rowCount: null, oid: 0, rows: [], fields: [] };
}

/** Several statements in one simple-protocol message answer with a result each; the last counts. */
function lastResult(result: pg.QueryResult | pg.QueryResult[]): pg.QueryResult {
  return Array.isArray(result) ? result[result.length - 1] : result;
}

/** What this client uses of pg's connection, which pg does not type. */
interface Connection {
  parsedStatements: Record<string, string>;
}

/**
 * A pg client that prepares each parameterised statement it is given as text and values.
 * Statements without values go out unprepared in the simple protocol: `begin; select …`
 * strings are several statements, which a prepared statement cannot hold.
 *
 * Text marked with sendWithNext waits for the next statement and goes out in one message
 * with it: the simple protocol takes several statements at once, and a statement prepared
 * on this connection can be run there as `execute name('value', …)` (protocol-level and SQL
 * prepared statements are one and the same to PostgreSQL). The answer is the last one's.
 */
export class PreparingClient extends pg.Client {
  // Names prepared on this connection, least recently used first.
  #prepared = new Map<string, true>();
  readonly #limit: number;
  readonly #executeByName: boolean;
  // Text waiting to go out with the next statement (sendWithNext).
  #waiting: string | null = null;
  // Committed with its last statement (lastInTransaction): the transaction's end sends nothing.
  #committed = false;

  constructor(config?: PreparingClientConfig | string) {
    super(config);
    this.#limit = (typeof config === 'object' && config.preparedStatements) || statementsPerConnection;
    this.#executeByName = typeof config !== 'object' || config.executeByName !== false;
  }

  // pg.Client.query has many overloads; this one passes whatever it gets on.
  override query(config: any, values?: any, callback?: any): any {
    if (this.#committed && callback === undefined) {
      if (typeof config !== 'string' || !endings.has(config.trim().toLowerCase())) {
        return Promise.reject(new Error('the transaction was committed with its last statement; nothing more may run in it'));
      }
      this.#committed = false;
      return Promise.resolve(nothing(config.trim().toUpperCase()));
    }
    if (typeof config === 'string' && config.endsWith(thenCommitMark) && callback === undefined) return this.#queryThenCommit(config, values);
    if (typeof config === 'string' && config.startsWith(sendLaterMark) && callback === undefined) {
      if (this.#waiting !== null) return Promise.reject(new Error('a statement is already waiting for the next one'));
      this.#waiting = config.slice(sendLaterMark.length);
      return Promise.resolve(nothing('WAIT'));
    }
    if (this.#waiting !== null && callback === undefined) {
      const waiting = this.#waiting;
      this.#waiting = null;
      // A transaction with nothing in it: neither its begin nor its end need go out.
      if (typeof config === 'string' && endings.has(config.trim().toLowerCase())) return Promise.resolve(nothing(config.trim().toUpperCase()));
      // In the same simple-protocol message if the statement can be written as text (see
      // executeText); otherwise right after the waiting text.
      const execute = this.#executeText(config, values);
      if (execute) return super.query(`${waiting}; ${execute}`).then(lastResult);
      return super.query(waiting).then(() => this.#query(config, values));
    }
    return this.#query(config, values, callback);
  }

  /**
   * The statement and `commit` in one message when the statement can be written as text
   * (with any waiting text in front); otherwise the waiting text, the statement and `commit`
   * one after the other. Either way the transaction is over once it resolves.
   */
  async #queryThenCommit(config: string, values: unknown): Promise<pg.QueryResult> {
    const waiting = this.#waiting;
    this.#waiting = null;
    const execute = this.#executeText(config, values);
    let result: pg.QueryResult;
    if (execute) {
      const results = await super.query(`${waiting === null ? '' : `${waiting}; `}${execute}; commit`) as unknown as pg.QueryResult[];
      result = results[results.length - 2];
    } else {
      if (waiting !== null) await super.query(waiting);
      result = await this.#query(config, values);
      await super.query('commit');
    }
    this.#committed = true;
    return result;
  }

  /**
   * Forgets text waiting for a next statement, and a commit already sent (the pool calls it
   * when the client comes back).
   */
  dropWaiting(): void {
    this.#waiting = null;
    this.#committed = false;
  }

  /**
   * The statement as simple-protocol text, if it can be: text without values as it is, a
   * statement prepared on this connection as `execute name('value', …)` when its values are
   * plain. Null for any other (not yet prepared here, planned each time, dates or arrays).
   */
  #executeText(config: unknown, values: unknown): string | null {
    if (typeof config !== 'string') return null;
    if (values === undefined || (Array.isArray(values) && values.length === 0)) return config;
    if (!this.#executeByName || !Array.isArray(values) || config.endsWith(planEachTimeMark)) return null;
    // A NUL would end the message's text early; such a value goes out as a parameter.
    if (!values.every((v) => v === null || typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && !v.includes('\0')))) return null;
    const name = nameOf(config);
    if (!this.#prepared.has(name) || this.#connection().parsedStatements[name] === undefined) return null;
    this.#use(name);
    const literals = values.map((v) => (v === null ? 'null' : this.escapeLiteral(String(v))));
    return `execute "${name}"(${literals.join(', ')})`;
  }

  #query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined
      && !config.endsWith(planEachTimeMark)) {
      const name = nameOf(config);
      this.#use(name);
      return super.query({ name, text: config, values });
    }
    return super.query(config, values, callback);
  }

  #connection(): Connection {
    return (this as unknown as { connection: Connection }).connection;
  }

  #use(name: string): void {
    this.#prepared.delete(name);
    this.#prepared.set(name, true);
    if (this.#prepared.size <= this.#limit) return;
    const oldest = this.#prepared.keys().next().value as string;
    this.#prepared.delete(oldest);
    const parsed = this.#connection().parsedStatements;
    if (parsed[oldest] === undefined) return;
    // Forgotten only once the server has: if DEALLOCATE fails (in an aborted transaction,
    // say), the statement stays prepared and in use under its name. A callback, not a
    // promise: pg sends the next queued query right after it, before any microtask.
    (super.query as (text: string, callback: (error: Error | null) => void) => void)(`deallocate "${oldest}"`, (error) => {
      if (error) this.#prepared.set(oldest, true);
      else delete parsed[oldest];
    });
  }
}

/** A pool of PreparingClients. */
export function preparingPool(options: PreparingClientConfig & pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ ...options, Client: PreparingClient });
  // Text left waiting for a next statement that never came (see sendWithNext) must not go
  // out with the next borrower's first statement.
  pool.on('release', (_error, client) => (client as unknown as PreparingClient).dropWaiting());
  return pool;
}
