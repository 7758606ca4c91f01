// Prepared statements for every parameterised query, so PostgreSQL parses and plans a
// statement once per connection instead of on every request: planning was most of the
// server's work on a hot read (docs/performance.md). Kysely sends text and values, so a
// pg.Client subclass names the statement by its text. The same client carries out what a
// query's intent asks (intent.ts, given by driver.ts): text sent with the next statement,
// commit with the final read, a check judged before the answer, one plan or a plan each time.
import pg from 'pg';
import type { Check, Intent } from './intent.ts';

/** How many prepared statements one connection keeps by default; the least recently used go first. */
export const statementsPerConnection = 200;

export interface PreparingClientConfig extends pg.ClientConfig {
  /** Overrides statementsPerConnection (pg.Pool hands its options on to each client). */
  preparedStatements?: number;
  /**
   * Whether a statement prepared on this connection may be run by `EXECUTE name(…)` in the
   * simple protocol (see `send`). Default true; false behind PgBouncer, which renames
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

const endings = new Set(['commit', 'rollback']);

/** The result of a statement that was not sent. */
function nothing(command: string) {
  return { command, rowCount: null, oid: 0, rows: [], fields: [] };
}

/**
 * A value that can go out in a statement's text: a NUL would end the message's text early,
 * so such a string goes out as a parameter.
 */
function plain(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    (typeof value === 'string' && !value.includes('\0'))
  );
}

/** pg's text form of a parameter (arrays as `{"a","b"}`), which @types/pg does not declare. */
const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils.prepareValue;

/** What this client uses of pg's connection, which pg does not type. */
interface Connection {
  parsedStatements: Record<string, string>;
}

/**
 * A pg client that prepares each parameterised statement it is given as text and values.
 * Statements without values go out unprepared in the simple protocol: `begin; select …`
 * strings are several statements, which a prepared statement cannot hold.
 *
 * `send` carries out a statement's intent (intent.ts). A statement to be sent with the next
 * one waits and goes out in one message with it: the simple protocol takes several
 * statements at once, and a statement prepared on this connection can be run there as
 * `execute name('value', …)` (protocol-level and SQL prepared statements are one and the
 * same to PostgreSQL). The answer is the last one's. `query` is `send` without an intent.
 */
export class PreparingClient extends pg.Client {
  // Names prepared on this connection, least recently used first.
  #prepared = new Map<string, true>();
  readonly #limit: number;
  readonly #executeByName: boolean;
  // Text waiting to go out with the next statement (intent `withNext`).
  #waiting: string | null = null;
  // Committed with its final read (intent `final`): the transaction's end sends nothing.
  #committed = false;
  // A check waiting to go out with the next statement (see Check).
  #check: { text: string; values: readonly unknown[]; check: Check } | null = null;
  // The error of a check that failed: the transaction runs nothing more and rolls back.
  #refused: Error | null = null;

  constructor(config?: PreparingClientConfig | string) {
    super(config);
    this.#limit = (typeof config === 'object' && config.preparedStatements) || statementsPerConnection;
    this.#executeByName = typeof config !== 'object' || config.executeByName !== false;
  }

  // pg.Client.query has many overloads; text as a promise goes through send, the rest as pg has it.
  override query(config: any, values?: any, callback?: any): any {
    if (callback !== undefined || typeof config !== 'string') return this.#query(config, values, callback);
    return this.send(config, values);
  }

  /** Runs `text` with `values` as `intent` asks (see intent.ts); without one, as a prepared statement. */
  send(text: string, values?: readonly unknown[], intent?: Intent): Promise<pg.QueryResult> {
    const ending = endings.has(text.trim().toLowerCase());
    if (this.#refused !== null) {
      if (!ending) return Promise.reject(this.#refused);
      // A refused check ends its transaction with a rollback, whatever its owner asks for.
      this.#refused = null;
      if (this.#committed) {
        this.#committed = false;
        return Promise.resolve(nothing('ROLLBACK'));
      }
      return super.query('rollback');
    }
    if (this.#committed) {
      if (!ending) {
        return Promise.reject(
          new Error('the transaction was committed with its final read; nothing more may run in it'),
        );
      }
      this.#committed = false;
      return Promise.resolve(nothing(text.trim().toUpperCase()));
    }
    if (intent?.check !== undefined) {
      if (this.#check !== null) return Promise.reject(new Error('a check is already waiting for the next statement'));
      this.#check = { text, values: values ?? [], check: intent.check };
      return Promise.resolve(nothing('WAIT'));
    }
    if (intent?.withNext) {
      if (this.#waiting !== null) return Promise.reject(new Error('a statement is already waiting for the next one'));
      if (values !== undefined && values.length > 0) return Promise.reject(new Error('only text without values waits'));
      this.#waiting = text;
      return Promise.resolve(nothing('WAIT'));
    }
    if (intent?.final || intent?.plan === 'once') return this.#sendPending(text, values, intent);
    if (this.#waiting !== null || this.#check !== null) {
      if (ending) {
        // A transaction with nothing in it: neither its begin nor its end need go out. A
        // check never sent is dropped unjudged (its verdict stays 'unsent').
        const begun = this.#waiting === null;
        this.#waiting = null;
        this.#check = null;
        return begun ? super.query(text) : Promise.resolve(nothing(text.trim().toUpperCase()));
      }
      return this.#sendPending(text, values, intent);
    }
    return this.#query(text, values, undefined, intent);
  }

  /**
   * The statement with whatever waits for it: waiting text, a check, and `commit` if it is the
   * transaction's final read. All in one simple-protocol message when each can be written as
   * text (see executeText); otherwise one after the other. A check is judged before the
   * statement's answer is given out; if it fails, the answer is the check's error.
   */
  async #sendPending(
    text: string,
    values: readonly unknown[] | undefined,
    intent: Intent | undefined,
  ): Promise<pg.QueryResult> {
    const waiting = this.#waiting;
    const pending = this.#check;
    const thenCommit = intent?.final === true;
    this.#waiting = null;
    this.#check = null;
    const execute = this.#executeText(text, values, intent);
    const checkText = pending === null ? null : this.#executeText(pending.text, pending.values);
    if (execute !== null && (pending === null || checkText !== null)) {
      // Statements after the answer: the commit, and a plan_cache_mode set for it alone.
      const generic = intent?.plan === 'once';
      const after = [generic ? 'reset plan_cache_mode' : null, thenCommit ? 'commit' : null].filter(
        (part) => part !== null,
      );
      const parts = [
        waiting,
        checkText,
        generic ? 'set plan_cache_mode = force_generic_plan' : null,
        execute,
        ...after,
      ].filter((part) => part !== null);
      const answer = (await super.query(parts.join('; '))) as unknown as pg.QueryResult | pg.QueryResult[];
      const results = Array.isArray(answer) ? answer : [answer];
      const at = results.length - 1 - after.length;
      if (thenCommit) this.#committed = true;
      if (pending !== null) this.#judge(pending.check, results[at - (generic ? 2 : 1)].rows);
      return results[at];
    }
    if (waiting !== null) await super.query(waiting);
    if (pending !== null) this.#judge(pending.check, (await this.#query(pending.text, pending.values)).rows);
    const result = await this.#query(text, values, undefined, intent);
    if (thenCommit) {
      await super.query('commit');
      this.#committed = true;
    }
    return result;
  }

  #judge(check: Check, rows: unknown[]): void {
    try {
      check.judge(rows);
    } catch (error) {
      this.#refused = error as Error;
      throw error;
    }
  }

  /**
   * Forgets text waiting for a next statement, and a commit already sent (the pool calls it
   * when the client comes back).
   */
  dropWaiting(): void {
    this.#waiting = null;
    this.#check = null;
    this.#refused = null;
    this.#committed = false;
  }

  /**
   * The statement as simple-protocol text, if it can be: text without values as it is, a
   * statement prepared on this connection as `execute name('value', …)` when its values are
   * plain. Null for any other (not yet prepared here, planned each time, dates or objects).
   */
  #executeText(text: string, values: readonly unknown[] | undefined, intent?: Intent): string | null {
    if (values === undefined || values.length === 0) return text;
    if (!this.#executeByName || intent?.plan === 'each time') return null;
    if (!values.every((v) => plain(v) || (Array.isArray(v) && v.every(plain)))) return null;
    const name = nameOf(text);
    if (!this.#prepared.has(name) || this.#connection().parsedStatements[name] === undefined) return null;
    this.#use(name);
    // An array as pg would send it as a parameter: its text form ({"a","b"}).
    const literals = values.map((v) =>
      v === null ? 'null' : this.escapeLiteral(String(Array.isArray(v) ? prepareValue(v) : v)),
    );
    return `execute "${name}"(${literals.join(', ')})`;
  }

  #query(config: any, values?: any, callback?: any, intent?: Intent): any {
    if (
      typeof config === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      callback === undefined &&
      intent?.plan !== 'each time'
    ) {
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
    (super.query as (text: string, callback: (error: Error | null) => void) => void)(
      `deallocate "${oldest}"`,
      (error) => {
        if (error) this.#prepared.set(oldest, true);
        else delete parsed[oldest];
      },
    );
  }
}

/**
 * A server that ends a connection while it is checked out (the idle-in-transaction timeout,
 * a shutdown) makes pg emit 'error' on the client, and pg-pool listens for that only while
 * the client is idle: unheard, the event would end the process. The error reaches whoever
 * holds the client through its next query ("not queryable"), and the pool drops the client
 * when it comes back.
 */
export function keepErrorsWithQueries(pool: pg.Pool): void {
  pool.on('connect', (client) => client.on('error', () => {}));
}

/** A pool of PreparingClients. */
export function preparingPool(options: PreparingClientConfig & pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ ...options, Client: PreparingClient });
  keepErrorsWithQueries(pool);
  // Text left waiting for a next statement that never came (intent `withNext`) must not go
  // out with the next borrower's first statement.
  pool.on('release', (_error, client) => (client as unknown as PreparingClient).dropWaiting());
  return pool;
}
