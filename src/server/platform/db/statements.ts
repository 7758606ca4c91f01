// Prepared statements for every parameterised query, so PostgreSQL parses and plans a
// statement once per connection instead of on every request. Planning was most of the
// server's work on a hot read: getting a contact by id planned for 0.6 ms and ran for 0.17.
// Kysely sends text and values, so a pg.Client subclass names the statement by its text.
// The same client saves a tenant transaction's `begin` its round trip (sendWithNext).
import pg from 'pg';
import { sql, type CompiledQuery, type RawBuilder, type SelectQueryBuilder } from 'kysely';

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
const genericPlanMark = '/* one plan for all values */';

/**
 * Marks a statement whose best plan is the same whatever its values: it runs on the generic
 * plan of its prepared statement from its second run on a connection. PostgreSQL would
 * otherwise choose by estimated costs, and it estimates a generic plan without its values'
 * sizes (an array parameter stands for 100 elements), so it may plan the statement anew on
 * every run: for a search that was 1.1 of its 3.3 ms. The client runs it as
 * `set plan_cache_mode = force_generic_plan; execute …; reset plan_cache_mode` in one
 * message (see PreparingClient); a statement not prepared on the connection yet, or with
 * values that cannot be written as text, goes out as any other.
 */
export function onePlan<Q extends SelectQueryBuilder<any, any, any> | RawBuilder<any>>(query: Q): Q {
  const mark = sql.raw(genericPlanMark);
  return ('modifyEnd' in query ? query.modifyEnd(mark) : sql`${query} ${mark}`) as Q;
}
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

/**
 * A statement sent ahead of the transaction's next one, whose rows are judged before that
 * statement's answer is given out: pass it as the last value of the statement (`checked`).
 * It then costs no round trip of its own. The auth hook checks the caller's credential this
 * way alongside a safe request's first read (see auth.service.ts).
 *
 * If `test` throws, the next statement's answer is withheld and its caller gets the error;
 * nothing more runs in the transaction, and its end is a rollback. The next statement has
 * run by then, in the same message: it must be a read, or a write that the rollback undoes
 * (a lastInTransaction statement commits with its message, so it must not write). If the
 * transaction ends before any statement, the check is never sent and `verdict` stays
 * 'unsent': whoever relies on it must then run it on its own.
 */
export class Check {
  #verdict: 'unsent' | 'passed' | 'failed' = 'unsent';

  constructor(readonly test: (rows: any[]) => void) {}

  get verdict() {
    return this.#verdict;
  }

  /** Runs the test on the statement's rows; throws its error if they fail it. */
  judge(rows: unknown[]): void {
    try {
      this.test(rows);
      this.#verdict = 'passed';
    } catch (error) {
      this.#verdict = 'failed';
      throw error;
    }
  }
}

/** `query` as a check (see Check): sent with the transaction's next statement. */
export function checked<R>(query: CompiledQuery<R>, check: Check): CompiledQuery<R> {
  return { ...query, parameters: [...query.parameters, check] };
}

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
  // A check waiting to go out with the next statement (see Check).
  #check: { text: string; values: unknown[]; check: Check } | null = null;
  // The error of a check that failed: the transaction runs nothing more and rolls back.
  #refused: Error | null = null;

  constructor(config?: PreparingClientConfig | string) {
    super(config);
    this.#limit = (typeof config === 'object' && config.preparedStatements) || statementsPerConnection;
    this.#executeByName = typeof config !== 'object' || config.executeByName !== false;
  }

  // pg.Client.query has many overloads; this one passes whatever it gets on.
  override query(config: any, values?: any, callback?: any): any {
    if (callback !== undefined) return this.#query(config, values, callback);
    const ending = typeof config === 'string' && endings.has(config.trim().toLowerCase());
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
          new Error('the transaction was committed with its last statement; nothing more may run in it'),
        );
      }
      this.#committed = false;
      return Promise.resolve(nothing(config.trim().toUpperCase()));
    }
    if (Array.isArray(values) && values.at(-1) instanceof Check) {
      if (this.#check !== null) return Promise.reject(new Error('a check is already waiting for the next statement'));
      this.#check = { text: config, values: values.slice(0, -1), check: values.at(-1) };
      return Promise.resolve(nothing('WAIT'));
    }
    if (typeof config === 'string' && config.endsWith(thenCommitMark)) return this.#sendPending(config, values, true);
    if (typeof config === 'string' && config.endsWith(genericPlanMark)) return this.#sendPending(config, values, false);
    if (typeof config === 'string' && config.startsWith(sendLaterMark)) {
      if (this.#waiting !== null) return Promise.reject(new Error('a statement is already waiting for the next one'));
      this.#waiting = config.slice(sendLaterMark.length);
      return Promise.resolve(nothing('WAIT'));
    }
    if (this.#waiting !== null || this.#check !== null) {
      if (ending) {
        // A transaction with nothing in it: neither its begin nor its end need go out. A
        // check never sent is dropped unjudged (its verdict stays 'unsent').
        const begun = this.#waiting === null;
        this.#waiting = null;
        this.#check = null;
        return begun ? super.query(config) : Promise.resolve(nothing(config.trim().toUpperCase()));
      }
      return this.#sendPending(config, values, false);
    }
    return this.#query(config, values);
  }

  /**
   * The statement with whatever waits for it: waiting text, a check, and `commit` if it is the
   * transaction's last. All in one simple-protocol message when each can be written as text
   * (see executeText); otherwise one after the other. A check is judged before the
   * statement's answer is given out; if it fails, the answer is the check's error.
   */
  async #sendPending(config: string, values: unknown, thenCommit: boolean): Promise<pg.QueryResult> {
    const waiting = this.#waiting;
    const pending = this.#check;
    this.#waiting = null;
    this.#check = null;
    const execute = this.#executeText(config, values);
    const checkText = pending === null ? null : this.#executeText(pending.text, pending.values);
    if (execute !== null && (pending === null || checkText !== null)) {
      // Statements after the answer: the commit, and a plan_cache_mode set for it alone.
      const generic = config.endsWith(genericPlanMark);
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
    const result = await this.#query(config, values);
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
  #executeText(config: unknown, values: unknown): string | null {
    if (typeof config !== 'string') return null;
    if (values === undefined || (Array.isArray(values) && values.length === 0)) return config;
    if (!this.#executeByName || !Array.isArray(values) || config.endsWith(planEachTimeMark)) return null;
    if (!values.every((v) => plain(v) || (Array.isArray(v) && v.every(plain)))) return null;
    const name = nameOf(config);
    if (!this.#prepared.has(name) || this.#connection().parsedStatements[name] === undefined) return null;
    this.#use(name);
    // An array as pg would send it as a parameter: its text form ({"a","b"}).
    const literals = values.map((v) =>
      v === null ? 'null' : this.escapeLiteral(String(Array.isArray(v) ? prepareValue(v) : v)),
    );
    return `execute "${name}"(${literals.join(', ')})`;
  }

  #query(config: any, values?: any, callback?: any): any {
    if (
      typeof config === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      callback === undefined &&
      !config.endsWith(planEachTimeMark)
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
  // Text left waiting for a next statement that never came (see sendWithNext) must not go
  // out with the next borrower's first statement.
  pool.on('release', (_error, client) => (client as unknown as PreparingClient).dropWaiting());
  return pool;
}
