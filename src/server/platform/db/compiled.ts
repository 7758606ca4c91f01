// Queries of a fixed shape, built and compiled once. Kysely builds an immutable tree of
// nodes and compiles it to SQL on every call; for the statements of every request (the
// token or session lookup, get by id) that was a noticeable share of the server's CPU time
// (docs/performance.md, "Round trips and compiling").
import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.ts';
import { intentOfDb, withIntent } from './intent.ts';

/** Stands for an argument while the query is built; found again among the parameters by identity. */
class Placeholder {
  constructor(readonly index: number) {}
}

/**
 * `build` as a function that compiles it once and resolves to the first row (like
 * executeTakeFirst, or undefined); its `compile` gives the compiled query without running
 * it. The first call builds the query with placeholders for the arguments and compiles it;
 * every call then only puts its arguments in their places among the parameters. Only for
 * queries whose shape does not depend on their arguments: `build` may pass an argument to
 * Kysely as a value, never look at it. The query is built without `db`'s plugins; the intent
 * of the `db` of each call (finalRead) goes with that call's query.
 */
export function compiledOnce<Args extends unknown[], Row>(build: (db: Db, ...args: Args) => Compilable<Row>) {
  let compiled: { query: CompiledQuery<Row>; slots: Array<Placeholder | unknown> } | undefined;
  /** The query with these arguments, compiled (on the first call) but not run. */
  const compile = (db: Db, ...args: Args): CompiledQuery<Row> => {
    if (compiled === undefined) {
      const placeholders = args.map((_, i) => new Placeholder(i)) as unknown as Args;
      const query = build(db.withoutPlugins(), ...placeholders).compile();
      const used = new Set(
        query.parameters.filter((p) => p instanceof Placeholder).map((p) => (p as Placeholder).index),
      );
      if (used.size !== args.length) throw new Error('compiledOnce: every argument must be a value of the query');
      compiled = { query, slots: [...query.parameters] };
    }
    const parameters = compiled.slots.map((slot) => (slot instanceof Placeholder ? args[slot.index] : slot));
    const query = { ...compiled.query, parameters };
    const intent = intentOfDb(db);
    return intent === undefined ? query : withIntent(query, intent);
  };
  const run = async (db: Db, ...args: Args): Promise<Row | undefined> =>
    (await db.executeQuery<Row>(compile(db, ...args))).rows[0];
  return Object.assign(run, { compile });
}
