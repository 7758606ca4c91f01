// Prepared statements: named by text, kept per connection up to a limit, given up safely.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { PreparingClient, preparingPool } from './statements.ts';
import { Check, intentOf, onePlan, planEachTime, withIntent } from './intent.ts';
import { roundTrips } from '../../testing/roundTrips.ts';

const url = process.env.FARLEY_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
let client: PreparingClient;

before(async () => {
  if (!url) throw new Error('Run tests with `npm test` (it provides the test database).');
  client = new PreparingClient({ connectionString: url, preparedStatements: 3 });
  await client.connect();
});
after(() => client.end());

async function prepared(): Promise<string[]> {
  const result = await client.query('select name from pg_prepared_statements order by name');
  return result.rows.map((r: { name: string }) => r.name);
}

const statement = (n: number) => `select $1::int + ${n} as sum`;

test('a parameterised query becomes a prepared statement, reused by name', async () => {
  const before = await prepared();
  const first = await client.query(statement(1), [41]);
  assert.equal(first.rows[0].sum, 42);
  const after = await prepared();
  assert.equal(after.length, before.length + 1);
  const again = await client.query(statement(1), [1]);
  assert.equal(again.rows[0].sum, 2);
  assert.deepEqual(await prepared(), after, 'the second run reuses the statement');
});

test('text without values stays in the simple protocol, several statements and all', async () => {
  await client.query(`begin; select set_config('farley.test', 'x', true)`);
  const result = await client.query(`select current_setting('farley.test') as value`);
  await client.query('commit');
  assert.equal(result.rows[0].value, 'x');
});

test('a connection keeps at most its limit, least recently used given up first, and re-prepares on demand', async () => {
  for (let n = 10; n < 20; n++) assert.equal((await client.query(statement(n), [1])).rows[0].sum, n + 1);
  const kept = await prepared();
  assert.ok(kept.length <= 3, `kept ${kept.length}`);
  // The earliest statement was given up; it runs again all the same.
  assert.equal((await client.query(statement(10), [5])).rows[0].sum, 15);
  assert.ok((await prepared()).length <= 3);
});

test('a statement given up inside an aborted transaction stays usable', async () => {
  await client.query('begin');
  await assert.rejects(client.query('select 1/0 where $1::int = 1', [1]));
  // Each new statement would push out an old one; DEALLOCATE fails in the aborted
  // transaction, so the old ones must stay known as prepared.
  for (let n = 30; n < 34; n++) await assert.rejects(client.query(statement(n), [1]), /aborted/);
  await client.query('rollback');
  for (let n = 10; n < 40; n++) assert.equal((await client.query(statement(n), [2])).rows[0].sum, n + 2);
});

test('a statement that fails to parse is not taken as prepared', async () => {
  await assert.rejects(client.query('select $1::int +', [1]), /syntax/);
  await assert.rejects(client.query('select $1::int +', [1]), /syntax/);
  assert.equal((await client.query(statement(99), [1])).rows[0].sum, 100);
});

test('a statement marked to be planned each time is not prepared', async () => {
  // Only to compile the query; it runs on the test's client.
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: {} as never }) });
  const query = planEachTime(
    db.selectFrom('pg_class').select('relname').where('relname', '=', 'pg_class').limit(1),
  ).compile();
  assert.equal(intentOf(query.query)?.plan, 'each time');
  const before = await prepared();
  for (let i = 0; i < 3; i++)
    assert.equal(
      (await client.send(query.sql, [...query.parameters], intentOf(query.query))).rows[0].relname,
      'pg_class',
    );
  assert.deepEqual(await prepared(), before);
});

// These tests count round trips on a client of their own: the one above, kept at three
// statements, sends a DEALLOCATE whenever it prepares another.
let sender: PreparingClient;
before(async () => {
  sender = new PreparingClient({ connectionString: url });
  await sender.connect();
});
after(() => sender.end());

const setting = `select $1::text || coalesce(current_setting('farley.test', true), '') as value`;
// A tenant transaction's begin, sent with the next statement: `on.send(...begin)`.
const begin = [`begin; select set_config('farley.test', '!', true)`, [], { withNext: true }] as const;

test('text sent with the next statement goes out in its message, and a prepared statement runs by EXECUTE', async () => {
  await sender.query(setting, ['warm']);
  let value = '';
  const sent = await roundTrips(sender, async () => {
    await sender.send(...begin);
    value = (await sender.query(setting, ["O'Brien \\ 'x'"])).rows[0].value;
  });
  assert.equal(sent, 1, 'one round trip for begin, setting and statement');
  assert.equal(value, "O'Brien \\ 'x'!", 'the value arrives as it was, inside the transaction');
  assert.equal((await sender.query(`select current_setting('farley.test', true) as value`)).rows[0].value, '!');
  await sender.query('commit');
  assert.equal(
    (await sender.query(`select coalesce(current_setting('farley.test', true), '') as value`)).rows[0].value,
    '',
  );
});

test('a transaction ended before any statement sends nothing at all', async () => {
  const sent = await roundTrips(sender, async () => {
    await sender.send(...begin);
    await sender.query('commit');
    await sender.send(...begin);
    await sender.query('rollback');
  });
  assert.equal(sent, 0);
  // Nothing is left waiting: the next statement runs outside any transaction.
  assert.equal(
    (await sender.query(`select coalesce(current_setting('farley.test', true), '') as value`)).rows[0].value,
    '',
  );
  await assert.rejects(sender.query('savepoint s'), /transaction blocks/);
});

test('a statement not prepared here yet, or with values that are not plain, goes out after the waiting text', async () => {
  const fresh = `select $1::text || current_setting('farley.test') as value /* ${Date.now()} */`;
  await sender.send(...begin);
  assert.equal((await sender.query(fresh, ['a'])).rows[0].value, 'a!');
  await sender.query('commit');
  await sender.send(...begin);
  const at = new Date('2026-01-02T03:04:05Z');
  const { rows } = await sender.query(`select $1::timestamptz as at, current_setting('farley.test') as value`, [at]);
  await sender.query('commit');
  assert.equal(rows[0].at.toISOString(), at.toISOString());
  assert.equal(rows[0].value, '!');
});

test('an array goes out by EXECUTE in the text form pg gives it as a parameter', async () => {
  const list = `select $1::text[] as list, current_setting('farley.test') as value`;
  const values = ['a', 'b"c', null, 'x,y', '{}', "O'Brien \\ x", '', 'NULL'];
  await sender.query(list, [['warm']]);
  let rows: Array<{ list: Array<string | null>; value: string }> = [];
  const sent = await roundTrips(sender, async () => {
    await sender.send(...begin);
    rows = (await sender.query(list, [values])).rows;
  });
  await sender.query('commit');
  assert.equal(sent, 1);
  assert.deepEqual(rows[0].list, values);
  assert.equal(rows[0].value, '!');
});

/** How the connection's prepared statement of `text` was planned so far. */
async function plans(on: PreparingClient, text: string): Promise<{ generic: number; custom: number }> {
  const { rows } = await on.query(
    'select generic_plans, custom_plans from pg_prepared_statements where statement = $1',
    [text],
  );
  return { generic: Number(rows[0].generic_plans), custom: Number(rows[0].custom_plans) };
}

test('a statement marked for one plan runs on its generic plan from its second run, and the setting stays its own', async () => {
  const query = onePlan(
    sql<{ n: number }>`select count(*)::int as n from pg_class where relname = any(${['pg_class', 'pg_type']}::text[])`,
  ).compile(compiler);
  const intent = intentOf(query.query);
  assert.equal(intent?.plan, 'once');
  const mode = (await sender.query('show plan_cache_mode')).rows[0].plan_cache_mode;
  for (let i = 0; i < 4; i++) assert.equal((await sender.send(query.sql, [...query.parameters], intent)).rows[0].n, 2);
  assert.deepEqual(await plans(sender, query.sql), { generic: 3, custom: 1 });
  assert.equal((await sender.query('show plan_cache_mode')).rows[0].plan_cache_mode, mode);
  // Unmarked, PostgreSQL plans the same statement for each of its first five runs (a
  // statement of its own, by a comment, so that the counts above do not count).
  const unmarked = `${query.sql} /* unmarked */`;
  for (let i = 0; i < 4; i++) await sender.query(unmarked, [...query.parameters]);
  assert.deepEqual(await plans(sender, unmarked), { generic: 0, custom: 4 });
  // In a transaction it goes out with the waiting text, in one round trip.
  const sent = await roundTrips(sender, async () => {
    await sender.send(...begin);
    assert.equal((await sender.send(query.sql, [['pg_class']], intent)).rows[0].n, 1);
  });
  assert.equal(sent, 1);
  assert.equal((await sender.query('show plan_cache_mode')).rows[0].plan_cache_mode, mode);
  await sender.query('commit');
});

test('a statement marked for one plan that fails leaves the setting as it was', async () => {
  const query = onePlan(sql<{ q: number }>`select 10 / ${1}::int as q`).compile(compiler);
  const intent = intentOf(query.query);
  const mode = (await sender.query('show plan_cache_mode')).rows[0].plan_cache_mode;
  assert.equal((await sender.send(query.sql, [2], intent)).rows[0].q, 5);
  await sender.send(...begin);
  await assert.rejects(sender.send(query.sql, [0], intent), /division by zero/);
  await sender.query('rollback');
  assert.equal((await sender.query('show plan_cache_mode')).rows[0].plan_cache_mode, mode);
  assert.equal((await sender.send(query.sql, [5], intent)).rows[0].q, 2);
  assert.equal((await sender.query('show plan_cache_mode')).rows[0].plan_cache_mode, mode);
});

test('behind a pooler (no EXECUTE by name) the waiting text goes out first, then the statement', async () => {
  const pooled = new PreparingClient({ connectionString: url, executeByName: false });
  await pooled.connect();
  try {
    await pooled.query(setting, ['warm']);
    let value = '';
    const sent = await roundTrips(pooled, async () => {
      await pooled.send(...begin);
      value = (await pooled.query(setting, ['b'])).rows[0].value;
    });
    await pooled.query('commit');
    assert.equal(sent, 2);
    assert.equal(value, 'b!');
  } finally {
    await pooled.end();
  }
});

test('an error in the first statement reaches its caller, and the transaction rolls back', async () => {
  const cast = 'select $1::int as n';
  await sender.query(cast, [1]);
  await sender.send(...begin);
  await assert.rejects(sender.query(cast, ['no number']), /invalid input syntax/);
  await assert.rejects(sender.query(cast, [2]), /aborted/);
  await sender.query('rollback');
  assert.equal((await sender.query(cast, [3])).rows[0].n, 3);
});

test('text nobody sent is dropped when the client goes back to the pool', async () => {
  const pool = preparingPool({ connectionString: url, max: 1 });
  try {
    const first = (await pool.connect()) as PreparingClient & pg.PoolClient;
    await first.send(...begin);
    first.release();
    const second = await pool.connect();
    assert.equal(second, first, 'the same connection');
    const { rows } = await second.query(`select coalesce(current_setting('farley.test', true), '') as value`);
    second.release();
    assert.equal(rows[0].value, '');
  } finally {
    await pool.end();
  }
});

// Only to compile queries; they run on the test's clients.
const compiler = new Kysely<any>({ dialect: new PostgresDialect({ pool: {} as never }) });
const last = withIntent(
  compiler
    .selectFrom('pg_class')
    .select(sql<string>`${'value'}::text || current_setting('farley.test')`.as('value'))
    .where('relname', '=', 'pg_class')
    .compile(),
  { final: true },
);
const lastWith = (value: string) => [last.sql, [value, ...last.parameters.slice(1)], intentOf(last.query)] as const;

test('the last statement of a transaction takes the commit along: one round trip for begin, statement and commit', async () => {
  await sender.send(...begin);
  await sender.send(...lastWith('warm'));
  await sender.query('commit');
  let value = '';
  const sent = await roundTrips(sender, async () => {
    await sender.send(...begin);
    value = (await sender.send(...lastWith('c'))).rows[0].value;
    await sender.query('commit');
  });
  assert.equal(sent, 1);
  assert.equal(value, 'c!');
  // Committed: the setting is gone and a new transaction can begin.
  assert.equal(
    (await sender.query(`select coalesce(current_setting('farley.test', true), '') as value`)).rows[0].value,
    '',
  );
  await sender.query('begin');
  await sender.query('rollback');
});

test('after the last statement nothing more runs in its transaction', async () => {
  await sender.send(...begin);
  await sender.send(...lastWith('d'));
  await assert.rejects(sender.query(setting, ['e']), /committed with its final read/);
  await sender.query('rollback');
  assert.equal((await sender.query(setting, ['f'])).rows[0].value, 'f');
});

test('a last statement that fails commits nothing, and the rollback goes out', async () => {
  await sender.query('create temporary table if not exists kept (n int)');
  await sender.send(...begin);
  await sender.query('insert into kept values ($1)', [1]);
  const failing = compiler.selectFrom('kept').select(sql<number>`n / ${1}::int`.as('q')).compile();
  const final = { final: true };
  await sender.send(failing.sql, [1], final);
  await sender.query('commit');
  await sender.send(...begin);
  await sender.query('insert into kept values ($1)', [2]);
  await assert.rejects(sender.send(failing.sql, [0], final), /division by zero/);
  // The rollback goes out: had it been swallowed, the next statement would meet the aborted transaction.
  await sender.query('rollback');
  assert.deepEqual((await sender.query('select n from kept order by n')).rows, [{ n: 1 }]);
});

test('a last statement not prepared here yet, or behind a pooler, still commits, one round trip after the other', async () => {
  const pooled = new PreparingClient({ connectionString: url, executeByName: false });
  await pooled.connect();
  try {
    for (const on of [sender, pooled]) {
      const fresh = compiler
        .selectFrom('pg_class')
        .select(sql<string>`${'value'}::text || current_setting('farley.test')`.as('value'))
        .where('relname', '=', 'none')
        .modifyEnd(sql.raw(`/* ${Date.now()} */`))
        .compile();
      let rows: unknown[] = [];
      const sent = await roundTrips(on, async () => {
        await on.send(...begin);
        rows = (await on.send(fresh.sql, [...fresh.parameters], { final: true })).rows;
        await on.query('commit');
      });
      assert.deepEqual(rows, []);
      assert.equal(sent, 3, 'begin, statement, commit');
      assert.equal(
        (await on.query(`select coalesce(current_setting('farley.test', true), '') as value`)).rows[0].value,
        '',
      );
    }
  } finally {
    await pooled.end();
  }
});

// A check: the query `checking` (its rows judged) goes out with the next statement.
const checking = `select $1::text as word, current_setting('farley.test', true) as setting`;
const expecting = (word: string) =>
  new Check((rows: Array<{ word?: string }>) => {
    if (rows[0]?.word !== word) throw new Error(`the check wanted ${word}`);
  });

test('a check goes out with the next statement, in the same round trip, and is judged before its answer', async () => {
  await sender.query(checking, ['warm']);
  const check = expecting('ja');
  let value = '';
  const sent = await roundTrips(sender, async () => {
    await sender.send(...begin);
    await sender.send(checking, ['ja'], { check });
    assert.equal(check.verdict, 'unsent');
    value = (await sender.query(setting, ['g'])).rows[0].value;
    await sender.query('commit');
  });
  assert.equal(sent, 2, 'begin, check and statement in one; commit');
  assert.equal(check.verdict, 'passed');
  assert.equal(value, 'g!');
});

test('a failed check withholds the answer: its error instead, nothing more runs, and the end is a rollback', async () => {
  await sender.query('create temporary table if not exists checked_rows (n int)');
  await sender.query('insert into checked_rows values ($1)', [0]);
  const check = expecting('ja');
  await sender.send(...begin);
  await sender.send(checking, ['nein'], { check });
  await assert.rejects(sender.query('insert into checked_rows values ($1) returning n', [1]), /the check wanted ja/);
  assert.equal(check.verdict, 'failed');
  await assert.rejects(sender.query('insert into checked_rows values ($1)', [2]), /the check wanted ja/);
  // Asked to commit, the client rolls back: the insert that went out with the check is undone.
  await sender.query('commit');
  assert.deepEqual((await sender.query('select n from checked_rows order by n')).rows, [{ n: 0 }]);
  assert.equal((await sender.query(setting, ['h'])).rows[0].value, 'h', 'the client works on');
});

test('a failed check with a last statement: its answer withheld, the client usable after the end', async () => {
  await sender.send(...begin);
  await sender.send(...lastWith('warm'));
  await sender.query('commit');
  await sender.send(...begin);
  await sender.send(checking, ['nein'], { check: expecting('ja') });
  await assert.rejects(sender.send(...lastWith('i')), /the check wanted ja/);
  await sender.query('rollback');
  await sender.query('begin');
  await sender.query('rollback');
});

test('a check not prepared here yet goes out on its own, before the statement', async () => {
  const fresh = `${checking} /* ${Date.now()} */`;
  const check = expecting('ja');
  await sender.send(...begin);
  await sender.send(fresh, ['ja'], { check });
  assert.equal((await sender.query(setting, ['j'])).rows[0].value, 'j!');
  await sender.query('commit');
  assert.equal(check.verdict, 'passed');
  const refused = expecting('ja');
  await sender.send(...begin);
  await sender.send(`${fresh} /* again */`, ['nein'], { check: refused });
  await assert.rejects(sender.query(setting, ['k']), /the check wanted ja/);
  await sender.query('rollback');
  assert.equal(refused.verdict, 'failed');
});

test('a transaction ended before any statement never sends its check: its verdict stays unsent', async () => {
  const check = expecting('ja');
  const sent = await roundTrips(sender, async () => {
    await sender.send(...begin);
    await sender.send(checking, ['ja'], { check });
    await sender.query('commit');
  });
  assert.equal(sent, 0);
  assert.equal(check.verdict, 'unsent');
  await assert.rejects(sender.query('savepoint s'), /transaction blocks/);
});
