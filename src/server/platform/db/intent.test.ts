// Intents through Kysely: marks travel on the compiled query to Farley's driver; a final read
// commits in its own message, and nothing runs after it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { Database, Db } from './schema.ts';
import { preparingPool, type PreparingClient } from './statements.ts';
import { FarleyDialect } from './driver.ts';
import { finalRead, intentOf, onePlan, planEachTime, sendWithNext } from './intent.ts';
import { compiledOnce } from './compiled.ts';
import { roundTrips } from '../../testing/roundTrips.ts';

const url = process.env.FARLEY_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
let pool: pg.Pool;
let db: Db;
// The pool's one connection, to count its round trips.
let client: PreparingClient;

before(() => {
  if (!url) throw new Error('Run tests with `npm test` (it provides the test database).');
  pool = preparingPool({ connectionString: url, max: 1 });
  pool.on('connect', (connected) => {
    client = connected as unknown as PreparingClient;
  });
  db = new Kysely<Database>({ dialect: new FarleyDialect(pool) });
});
after(() => db.destroy());

const begin = (tx: Db) => sendWithNext(sql.raw(`begin; select set_config('farley.test', '!', true)`)).execute(tx);
const setting = (tx: Db, value: string) =>
  tx.selectNoFrom(sql<string>`${value}::text || coalesce(current_setting('farley.test', true), '')`.as('value'));
const outsideTransaction = (tx: Db) => assert.rejects(sql.raw('savepoint s').execute(tx), /transaction blocks/);

test('a final read takes the commit along: begin, read and commit in one round trip', async () => {
  await db.connection().execute(async (tx) => {
    await setting(tx, 'warm').execute();
    let value: string | undefined;
    const sent = await roundTrips(client, async () => {
      await begin(tx);
      value = (await setting(finalRead(tx), 'a').executeTakeFirst())?.value;
      await sql.raw('commit').execute(tx);
    });
    assert.equal(sent, 1);
    assert.equal(value, 'a!', 'read inside the transaction');
    await outsideTransaction(tx);
  });
});

test('a statement run in the transaction after its final read throws; the read has committed', async () => {
  await db.connection().execute(async (tx) => {
    await sql.raw('create temporary table if not exists final_rows (n int)').execute(tx);
    await begin(tx);
    await sql`insert into final_rows values (${1}::int)`.execute(tx);
    await setting(finalRead(tx), 'b').execute();
    await assert.rejects(setting(tx, 'c').execute(), /committed with its final read; nothing more may run in it/);
    await assert.rejects(setting(finalRead(tx), 'd').execute(), /committed with its final read/);
    await sql.raw('rollback').execute(tx);
    await outsideTransaction(tx);
    const { rows } = await sql<{ n: number }>`select n from final_rows where n = ${1}::int`.execute(tx);
    assert.deepEqual(rows, [{ n: 1 }], 'the insert committed with the final read');
  });
});

test('a marked query leaves the query it was built from unmarked', () => {
  const query = setting(db, 'e');
  assert.equal(intentOf(planEachTime(query).compile().query)?.plan, 'each time');
  assert.equal(intentOf(onePlan(query).compile().query)?.plan, 'once');
  assert.equal(intentOf(setting(finalRead(db), 'e').compile().query)?.final, true);
  assert.equal(intentOf(query.compile().query), undefined);
  assert.equal(query.compile().sql, planEachTime(query).compile().sql, 'the SQL text is the same');
});

test('a query compiled once is final only in the calls made through finalRead', async () => {
  const find = compiledOnce((tx: Db, value: string) => setting(tx, value));
  assert.equal(intentOf(find.compile(finalRead(db), 'f').query)?.final, true);
  assert.equal(intentOf(find.compile(db, 'g').query), undefined);
  assert.equal(intentOf(find.compile(finalRead(db), 'h').query)?.final, true);
  await db.connection().execute(async (tx) => {
    await begin(tx);
    assert.equal((await find(tx, 'i'))?.value, 'i!');
    assert.equal((await find(finalRead(tx), 'j'))?.value, 'j!');
    await assert.rejects(find(tx, 'k'), /committed with its final read/);
    await sql.raw('commit').execute(tx);
  });
});
