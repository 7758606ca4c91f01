// Prepared statements: named by text, kept per connection up to a limit, given up safely.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, PostgresDialect } from 'kysely';
import { PreparingClient, planEachTime } from './statements.ts';

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
  const query = planEachTime(db.selectFrom('pg_class').select('relname').where('relname', '=', 'pg_class').limit(1)).compile();
  assert.match(query.sql, /limit \$2 \/\* plan each time \*\/$/);
  const before = await prepared();
  for (let i = 0; i < 3; i++) assert.equal((await client.query(query.sql, [...query.parameters])).rows[0].relname, 'pg_class');
  assert.deepEqual(await prepared(), before);
});
