// Prepared statements for every parameterised query, so PostgreSQL parses and plans a
// statement once per connection instead of on every request. Planning was most of the
// server's work on a hot read: getting a contact by id planned for 0.6 ms and ran for 0.17.
// Kysely sends text and values, so a pg.Client subclass names the statement by its text.
import pg from 'pg';
import { sql, type SelectQueryBuilder } from 'kysely';

/** How many prepared statements one connection keeps by default; the least recently used go first. */
export const statementsPerConnection = 200;

export interface PreparingClientConfig extends pg.ClientConfig {
  /** Overrides statementsPerConnection (pg.Pool hands its options on to each client). */
  preparedStatements?: number;
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

interface Connection {
  parsedStatements: Record<string, string>;
}

/**
 * A pg client that prepares each parameterised statement it is given as text and values.
 * Statements without values go out unprepared in the simple protocol: `begin; select …`
 * strings are several statements, which a prepared statement cannot hold.
 */
export class PreparingClient extends pg.Client {
  // Names prepared on this connection, least recently used first.
  #prepared = new Map<string, true>();
  readonly #limit: number;

  constructor(config?: PreparingClientConfig | string) {
    super(config);
    this.#limit = (typeof config === 'object' && config.preparedStatements) || statementsPerConnection;
  }

  // pg.Client.query has many overloads; this one passes whatever it gets on.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined
      && !config.endsWith(planEachTimeMark)) {
      const name = nameOf(config);
      this.#use(name);
      return super.query({ name, text: config, values });
    }
    return super.query(config, values, callback);
  }

  #use(name: string): void {
    this.#prepared.delete(name);
    this.#prepared.set(name, true);
    if (this.#prepared.size <= this.#limit) return;
    const oldest = this.#prepared.keys().next().value as string;
    this.#prepared.delete(oldest);
    const parsed = (this as unknown as { connection: Connection }).connection.parsedStatements;
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
