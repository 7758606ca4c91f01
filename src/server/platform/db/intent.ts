// What a query asks of the connection that sends it, beyond its SQL: planned each time or
// once, sent with the next statement, the transaction's final read, a check. The intent
// travels as data on the compiled query (a WeakMap keyed by its operation node), put there
// by a Kysely plugin, and Farley's driver reads it (driver.ts); the SQL text stays as
// Kysely compiled it.
import type {
  CompiledQuery,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RawBuilder,
  RootOperationNode,
  SelectQueryBuilder,
  UnknownRow,
} from 'kysely';
import type { Db } from './schema.ts';

/**
 * A statement sent ahead of the transaction's next one, whose rows are judged before that
 * statement's answer is given out (`checked`). It then costs no round trip of its own. The
 * auth hook checks the caller's credential this way alongside a safe request's first read
 * (see auth.service.ts).
 *
 * If `test` throws, the next statement's answer is withheld and its caller gets the error;
 * nothing more runs in the transaction, and its end is a rollback. The next statement has
 * run by then, in the same message: it must be a read, or a write that the rollback undoes
 * (a final read commits with its message, so it must not write). If the transaction ends
 * before any statement, the check is never sent and `verdict` stays 'unsent': whoever
 * relies on it must then run it on its own.
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

export interface Intent {
  /**
   * 'each time': sent unprepared, planned for each run (planEachTime). 'once': prepared and
   * run on its generic plan from its second run on a connection (onePlan).
   */
  plan?: 'each time' | 'once';
  /** Waits for the connection's next statement and goes out in its message (sendWithNext). */
  withNext?: boolean;
  /** The transaction's final statement: `commit` goes with it, and nothing may follow (finalRead). */
  final?: boolean;
  /** Sent with the next statement, its rows judged before that statement's answer (checked). */
  check?: Check;
}

const intents = new WeakMap<RootOperationNode, Intent>();

/** The intent recorded for a compiled query's operation node, if any. */
export function intentOf(node: RootOperationNode): Intent | undefined {
  return intents.get(node);
}

/**
 * A copy of `node` carrying its own intent plus `intent`. A copy, because nodes are shared:
 * a builder and the builder marked from it hold the same tree, and only the marked one may
 * carry the mark.
 */
function marked<N extends RootOperationNode>(node: N, intent: Intent): N {
  const copy: N = Object.freeze({ ...(node as object) }) as N;
  intents.set(copy, { ...intents.get(node), ...intent });
  return copy;
}

/** Records `intent` on every query compiled through it; its results pass unchanged. */
export class IntentPlugin implements KyselyPlugin {
  constructor(readonly intent: Readonly<Intent>) {}

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return marked(node, this.intent);
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

/** The intent a database handle gives every query it runs (see finalRead). */
export function intentOfDb(db: Db): Intent | undefined {
  let intent: Intent | undefined;
  for (const plugin of db.getExecutor().plugins) {
    if (plugin instanceof IntentPlugin) intent = { ...intent, ...plugin.intent };
  }
  return intent;
}

/** `query`, compiled already, with `intent` added (a fresh node carries it). */
export function withIntent<R>(query: CompiledQuery<R>, intent: Intent): CompiledQuery<R> {
  return { ...query, query: marked(query.query, intent) };
}

/** What the marks below take: a select query or an `sql` template. */
type Markable = SelectQueryBuilder<any, any, any> | RawBuilder<any>;

function mark<Q extends Markable>(query: Q, plugin: IntentPlugin): Q {
  return query.withPlugin(plugin) as Q;
}

const planEachTimePlugin = new IntentPlugin({ plan: 'each time' });
const onePlanPlugin = new IntentPlugin({ plan: 'once' });
const withNextPlugin = new IntentPlugin({ withNext: true });
const finalPlugin = new IntentPlugin({ final: true });

/**
 * Marks a statement whose best plan depends on its values: it is sent unprepared, so that
 * PostgreSQL plans it for each run. A prepared statement may be given one generic plan after
 * a few runs; for a search pattern or a list filter the right plan depends on the pattern
 * ("%de%" cannot use the trigram index at all) or on how common a tag or city is, and a
 * generic plan chosen for one query was far slower for another (docs/performance.md).
 */
export function planEachTime<Q extends Markable>(query: Q): Q {
  return mark(query, planEachTimePlugin);
}

/**
 * Marks a statement whose best plan is the same whatever its values: it runs on the generic
 * plan of its prepared statement from its second run on a connection. PostgreSQL would
 * otherwise choose by estimated costs, and it estimates a generic plan without its values'
 * sizes (an array parameter stands for 100 elements), so it may plan the statement anew on
 * every run. It goes out as `set plan_cache_mode = force_generic_plan; execute …; reset
 * plan_cache_mode` in one message (see PreparingClient); a statement not prepared on the
 * connection yet, or with values that cannot be written as text, goes out as any other.
 */
export function onePlan<Q extends Markable>(query: Q): Q {
  return mark(query, onePlanPlugin);
}

/**
 * A statement (without values) to go out with the connection's next statement instead of
 * on its own: a tenant transaction's `begin` and settings then cost no round trip of their
 * own (see PreparingClient). Only for statements the next one depends on in order: the next
 * statement gets its errors. A `commit` or `rollback` right after it sends neither.
 */
export function sendWithNext<Q extends Markable>(query: Q): Q {
  return mark(query, withNextPlugin);
}

/**
 * `tx` for the transaction's final read: a statement run through it takes `commit` along in
 * its message when it is prepared on the connection, and the transaction's own `commit` or
 * `rollback` afterwards sends nothing, which saves a get by id a round trip. Nothing may run
 * in the transaction after it: such a statement is refused with an error. If it fails,
 * nothing is committed and the rollback goes out as usual. Only for reads, and only for one
 * statement: the second statement run through it is refused too.
 */
export function finalRead(tx: Db): Db {
  return tx.withPlugin(finalPlugin);
}

/** `query` as a check (see Check): sent with the transaction's next statement. */
export function checked<R>(query: CompiledQuery<R>, check: Check): CompiledQuery<R> {
  return withIntent(query, { check });
}
