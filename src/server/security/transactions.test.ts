// Tenant transactions carry their role, workspace and limits themselves, so nothing of them
// outlives the transaction whatever connection a pooler hands out next; a statement or an
// idle transaction past its limit is cut off without taking the pool down.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { harness, testDatabaseUrl, type Client, type Harness } from '../testing/harness.ts';
import { loadConfig } from '../platform/config.ts';
import { openDatabases, type Databases, type Db } from '../platform/db/database.ts';
import { inTenant } from '../platform/db/tenant.ts';

let h: Harness;
let a: Client;
let b: Client;

before(async () => {
  h = await harness();
  a = await h.workspace('Erste Werkstatt');
  b = await h.workspace('Zweite Werkstatt');
  assert.equal((await a.post('/api/v1/companies', { name: 'Nur bei A GmbH' })).status, 201);
  assert.equal((await b.post('/api/v1/companies', { name: 'Nur bei B GmbH' })).status, 201);
});
after(() => h.close());

/**
 * The application's databases as behind PgBouncer in transaction mode: no role set for the
 * session (FARLEY_DB_POOLER=1), the login being the owner's, as in the default setup.
 */
function pooled(connections: number): Promise<Databases> {
  return openDatabases(
    loadConfig({
      ...process.env,
      DATABASE_URL: testDatabaseUrl(),
      FARLEY_DB_POOLER: '1',
      FARLEY_DB_POOL_SIZE: String(connections),
    }),
  );
}

interface Seen {
  role: string;
  workspace: string | null;
  timeout: string;
  pid: number;
  companies: string[];
}

async function seen(tx: Db): Promise<Seen> {
  const { rows } = await sql<Seen>`
    select current_user as role, nullif(current_setting('farley.workspace_id', true), '') as workspace,
           current_setting('statement_timeout') as timeout, pg_backend_pid() as pid,
           array(select name from companies order by name) as companies`.execute(tx);
  return rows[0];
}

describe('tenant transactions behind a pooler', () => {
  let one: Databases;
  let two: Databases;
  before(async () => {
    one = await pooled(1);
    two = await pooled(2);
  });
  after(async () => {
    await one.close();
    await two.close();
  });

  test('role, workspace and limits end with their transaction, on the very same connection', async () => {
    const inside = await inTenant(one.app, { workspaceId: a.workspaceId }, seen);
    assert.deepEqual(
      { ...inside, pid: 0 },
      { role: 'farley_app', workspace: a.workspaceId, timeout: '5s', pid: 0, companies: ['Nur bei A GmbH'] },
    );
    const outside = await seen(one.app);
    assert.equal(outside.pid, inside.pid, 'the pool has one connection');
    assert.notEqual(outside.role, 'farley_app');
    assert.equal(outside.workspace, null);
    assert.equal(outside.timeout, '0');
    const next = await inTenant(one.app, { workspaceId: b.workspaceId }, seen);
    assert.deepEqual(
      [next.pid, next.role, next.workspace, next.companies],
      [inside.pid, 'farley_app', b.workspaceId, ['Nur bei B GmbH']],
    );
  });

  test('interleaved transactions on two connections each see their own workspace, in either order', async () => {
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      let arrived = 0;
      let open!: () => void;
      const bothOpen = new Promise<void>((resolve) => {
        open = resolve;
      });
      const run = (client: Client) =>
        inTenant(two.app, { workspaceId: client.workspaceId }, async (tx) => {
          const first = await seen(tx);
          if (++arrived === 2) open();
          await bothOpen;
          return [first, await seen(tx)];
        });
      const [x, y] = await Promise.all(order.map(run));
      assert.notEqual(x[0].pid, y[0].pid);
      for (const [client, views] of [
        [order[0], x],
        [order[1], y],
      ] as const) {
        const own = client === a ? ['Nur bei A GmbH'] : ['Nur bei B GmbH'];
        for (const view of views)
          assert.deepEqual([view.role, view.workspace, view.companies], ['farley_app', client.workspaceId, own]);
      }
    }
    for (const outside of await Promise.all([seen(two.app), seen(two.app)])) {
      assert.notEqual(outside.role, 'farley_app');
      assert.equal(outside.workspace, null);
    }
  });

  test('outside a tenant transaction the owner login sees no tenant rows either', async () => {
    // The test database's owner is a superuser here, which row-level security never binds; what
    // an owner without that privilege sees is tested in owner.test.ts. Every table forces its
    // policies on the owner (migration 0016):
    const { rows } = await sql<{ name: string }>`
      select relname as name from pg_class
       where relnamespace = current_schema()::regnamespace and relrowsecurity and not relforcerowsecurity`.execute(
      one.owner,
    );
    assert.deepEqual(rows, []);
  });
});

describe('limits of a tenant transaction', () => {
  let limited: Harness;
  let api: Client;
  before(async () => {
    limited = await harness({
      env: {
        FARLEY_STATEMENT_TIMEOUT_MS: '300',
        FARLEY_IDLE_IN_TRANSACTION_TIMEOUT_MS: '300',
        FARLEY_DB_POOL_SIZE: '2',
      },
    });
    api = await limited.workspace('Geduldig GmbH');
  });
  after(() => limited.close());

  test('a statement running past the limit is cancelled with a 503 problem, and the pool serves the next requests', async () => {
    const { body: contact } = await api.post('/api/v1/contacts', { lastName: 'Gesperrt' });
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const held = limited.ctx.db.owner.transaction().execute(async (tx) => {
      await sql`select id from contacts where workspace_id = ${api.workspaceId} and id = ${contact.id} for update`.execute(
        tx,
      );
      locked();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await isLocked;
    const started = Date.now();
    const res = await api.patch(`/api/v1/contacts/${contact.id}`, { jobTitle: 'wartet' });
    release();
    await held;
    assert.equal(res.status, 503, JSON.stringify(res.body));
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(res.body.detail, /took too long/);
    assert.equal(res.headers['retry-after'], '1');
    assert.ok(Date.now() - started < 3000, 'cancelled after the limit, not after the lock');
    for (let i = 0; i < 4; i++) assert.equal((await api.get(`/api/v1/contacts/${contact.id}`)).status, 200);
    const changed = await api.patch(`/api/v1/contacts/${contact.id}`, { jobTitle: 'fertig' });
    assert.deepEqual([changed.status, changed.body.jobTitle], [200, 'fertig']);
  });

  test('a transaction left idle past the limit is ended with its connection, and the pool goes on', async () => {
    const scope = { workspaceId: api.workspaceId };
    // The server's goodbye reaches the client while nobody waits on it: it must not escape.
    const escaped: Error[] = [];
    const catcher = (error: Error) => escaped.push(error);
    process.on('uncaughtException', catcher);
    try {
      await assert.rejects(
        inTenant(limited.ctx.db.app, scope, async (tx) => {
          await sql`select 1`.execute(tx);
          await sleep(900);
          await sql`select 1`.execute(tx);
        }),
        /idle-in-transaction|terminated|not queryable/i,
      );
      for (let i = 0; i < 4; i++) assert.equal((await api.get('/api/v1/contacts')).status, 200);
    } finally {
      process.off('uncaughtException', catcher);
    }
    assert.deepEqual(
      escaped.map((error) => error.message),
      [],
    );
  });
});
