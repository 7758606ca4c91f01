// Queries compiled once: each call runs with its own values, in the right places.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Harness } from '../../testing/harness.ts';
import type { Db } from './database.ts';
import { compiledOnce } from './compiled.ts';

let h: Harness;

before(async () => {
  h = await harness();
});
after(() => h.close());

test("a query compiled once runs with each call's values, constants of the query kept", async () => {
  let builds = 0;
  const pair = compiledOnce((db: Db, first: string, second: number) => {
    builds++;
    return db.selectNoFrom([
      sql<string>`${first}::text`.as('first'),
      sql<number>`${second}::int + ${100}::int`.as('second'),
      sql<string>`${'k'}::text`.as('constant'),
    ]);
  });
  assert.deepEqual(await pair(h.ctx.db.owner, 'a', 1), { first: 'a', second: 101, constant: 'k' });
  assert.deepEqual(await pair(h.ctx.db.owner, "b'; drop table x; --", 2), {
    first: "b'; drop table x; --",
    second: 102,
    constant: 'k',
  });
  assert.equal(builds, 1);
});

test('a query with no row resolves to undefined', async () => {
  const none = compiledOnce((db: Db, id: string) => db.selectFrom('workspaces').select('id').where('id', '=', id));
  assert.equal(await none(h.ctx.db.owner, '00000000-0000-7000-8000-000000000000'), undefined);
});

test('a build that does not use an argument as a value is refused', async () => {
  const looks = compiledOnce((db: Db, name: string) =>
    db.selectNoFrom(sql<string>`${name === 'x' ? 'x' : 'y'}::text`.as('v')),
  );
  await assert.rejects(looks(h.ctx.db.owner, 'x'), /every argument must be a value/);
});
