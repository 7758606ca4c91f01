// The request transaction: an API request looks up its caller and does its work in one
// tenant transaction on one connection, and every way a request can end gives it back.
// These tests run a second copy of the application on a pool of three connections that
// they can watch, log and slow down.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { Kysely, sql, type KyselyPlugin } from 'kysely';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { buildApp } from '../../app.ts';
import type { Database } from '../../platform/db/schema.ts';
import { attachLease, beginLease, inTenant } from '../../platform/db/tenant.ts';
import { preparingPool } from '../../platform/db/statements.ts';
import { FarleyDialect } from '../../platform/db/driver.ts';

const poolSize = 3;
let h: Harness;
let admin: Client;
let viewer: Client;
let other: Client;
let app: FastifyInstance;
let pool: pg.Pool;
let db: Kysely<Database>;
let statements: string[] = [];
/** While set, the results of caller lookups wait for it: a client can hang up mid-lookup. */
let lookupGate: Promise<void> | null = null;
let lookupsHeld = 0;

const holdLookups: KyselyPlugin = {
  transformQuery: (args) => args.node,
  async transformResult(args) {
    if (lookupGate && args.result.rows[0] && 'acting_user' in args.result.rows[0]) {
      lookupsHeld++;
      await lookupGate;
    }
    return args.result;
  },
};

before(async () => {
  h = await harness();
  admin = await h.workspace();
  viewer = await h.member(admin, 'viewer');
  other = await h.workspace('Andere AG');
  pool = preparingPool({
    connectionString: h.ctx.config.appDatabaseUrl ?? h.ctx.db.url,
    max: poolSize,
    options: '-c role=farley_app',
  });
  db = new Kysely<Database>({
    dialect: new FarleyDialect(pool),
    plugins: [holdLookups],
    log: (event) => {
      if (event.level === 'query') statements.push(event.query.sql);
    },
  });
  app = await buildApp({ ...h.ctx, db: { ...h.ctx.db, app: db } });
  await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await db.destroy();
  await h.close();
});

const busy = () => pool.totalCount - pool.idleCount;

/** Connections still checked out once the server has had a moment to end what it ends after a response. */
async function settledBusy(): Promise<number> {
  for (let i = 0; i < 100 && busy() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return busy();
}

const bearer = (client: Client) => ({ authorization: `Bearer ${client.token}` });
const call = (options: InjectOptions) => app.inject(options);
// A begin waits for the transaction's first statement (sendWithNext), which the log does not show.
const isBegin = (statement: string) => /^begin/.test(statement);
const begins = () => statements.filter(isBegin).length;

async function signIn(client: Client) {
  const response = await call({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: client.email, password: 'correct horse battery' },
    remoteAddress: `10.9.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`,
  });
  assert.equal(response.statusCode, 200);
  return {
    cookie: response.cookies.find((c) => c.name === 'farley_session')!.value,
    csrf: response.json().csrfToken as string,
  };
}

async function newContact(client: Client, lastName = 'Lovelace') {
  const created = await client.post('/api/v1/contacts', { firstName: 'Ada', lastName });
  assert.equal(created.status, 201);
  return created.body.id as string;
}

describe('one transaction per API request', () => {
  test('reading a contact with a token runs the lookup and the read in a single transaction', async () => {
    const id = await newContact(admin);
    statements = [];
    const response = await call({ method: 'GET', url: `/api/v1/contacts/${id}`, headers: bearer(admin) });
    assert.equal(response.statusCode, 200);
    assert.equal(begins(), 1, statements.join('\n'));
    assert.ok(isBegin(statements[0]));
    assert.match(statements[1], /from "api_tokens"/);
    assert.ok(statements.some((s) => /from "contacts(_listed)?"/.test(s)));
    assert.equal(statements.at(-1), 'commit');
  });

  test('a cookie session reads and writes in one transaction, and its writes are audited as its user', async () => {
    const agent = await h.member(admin, 'agent');
    const { cookie, csrf } = await signIn(agent);
    statements = [];
    const read = await call({ method: 'GET', url: '/api/v1/contacts?limit=5', cookies: { farley_session: cookie } });
    assert.equal(read.statusCode, 200);
    assert.equal(begins(), 1, statements.join('\n'));
    statements = [];
    const write = await call({
      method: 'POST',
      url: '/api/v1/contacts',
      cookies: { farley_session: cookie },
      headers: { 'x-csrf-token': csrf },
      payload: { firstName: 'Grace', lastName: 'Hopper' },
    });
    assert.equal(write.statusCode, 201);
    assert.equal(begins(), 1, statements.join('\n'));
    const audit = await admin.get(`/api/v1/audit-log?recordType=contact&recordId=${write.json().id}`);
    assert.deepEqual(
      audit.body.data.map((e: { actorId: string }) => e.actorId),
      [agent.userId],
    );
  });

  test('a second transaction in the same request is a transaction of its own', async () => {
    const scope = { workspaceId: admin.workspaceId, userId: admin.userId };
    const lease = await beginLease(db, admin.workspaceId);
    await sql`select set_config('farley.user_id', ${admin.userId}, true)`.execute(lease.tx);
    attachLease(scope, lease);
    statements = [];
    const first = await inTenant(
      db,
      scope,
      async (tx) =>
        (await sql<{ user: string }>`select current_setting('farley.user_id') as user`.execute(tx)).rows[0].user,
    );
    await inTenant(db, scope, (tx) => sql`select 1`.execute(tx));
    assert.equal(first, admin.userId);
    assert.equal(begins(), 1, 'the first call used the lease, the second began its own');
    assert.equal(statements.filter((s) => s === 'commit').length, 2);
    assert.equal(await settledBusy(), 0);
  });

  test('a lease serves only the very scope, workspace and user it was attached to', async () => {
    const lease = await beginLease(db, admin.workspaceId);
    assert.throws(() => attachLease({ workspaceId: other.workspaceId, userId: other.userId }, lease), /workspace/);
    const scope = { workspaceId: admin.workspaceId, userId: admin.userId };
    attachLease(scope, lease);
    statements = [];
    // A copy of the scope is another request's business; a changed one is someone else.
    await inTenant(db, { ...scope }, (tx) => sql`select 1`.execute(tx));
    scope.userId = viewer.userId;
    const seen = await inTenant(
      db,
      scope,
      async (tx) =>
        (await sql<{ user: string }>`select current_setting('farley.user_id') as user`.execute(tx)).rows[0].user,
    );
    assert.equal(seen, viewer.userId);
    assert.equal(begins(), 2, 'neither call took the lease');
    await lease.end('rollback');
    assert.equal(await settledBusy(), 0);
  });
});

describe('every request gives its connection back', () => {
  test('refused, invalid and database-free requests, many more than the pool holds, leave no connection checked out', {
    timeout: 60_000,
  }, async () => {
    const id = await newContact(admin, 'Meitner');
    const { cookie } = await signIn(admin);
    const expected: Array<[number, () => Promise<{ statusCode: number }>]> = [
      [
        400,
        () => call({ method: 'POST', url: '/api/v1/contacts', headers: bearer(admin), payload: { nonsense: true } }),
      ],
      [400, () => call({ method: 'GET', url: '/api/v1/contacts?limit=many', headers: bearer(admin) })],
      [404, () => call({ method: 'GET', url: `/api/v1/contacts/${crypto.randomUUID()}`, headers: bearer(admin) })],
      [404, () => call({ method: 'GET', url: `/api/v1/contacts/${id}`, headers: bearer(other) })],
      [
        403,
        () => call({ method: 'POST', url: '/api/v1/contacts', headers: bearer(viewer), payload: { lastName: 'Nein' } }),
      ],
      [403, () => call({ method: 'DELETE', url: `/api/v1/contacts/${id}`, cookies: { farley_session: cookie } })],
      [
        401,
        () =>
          call({
            method: 'GET',
            url: '/api/v1/contacts',
            headers: { authorization: `Bearer ${admin.token.slice(0, -4)}AAAA` },
          }),
      ],
      [200, () => call({ method: 'GET', url: '/api/v1/meta/lists/contacts', headers: bearer(viewer) })],
      [200, () => call({ method: 'GET', url: '/api/v1/meta/lists/contacts', cookies: { farley_session: cookie } })],
    ];
    for (let round = 0; round < 4; round++) {
      const statuses = await Promise.all(expected.map(async ([, send]) => (await send()).statusCode));
      assert.deepEqual(
        statuses,
        expected.map(([status]) => status),
      );
    }
    assert.equal(await settledBusy(), 0);
    const reads = await Promise.all(
      Array.from({ length: 2 * poolSize }, () =>
        call({ method: 'GET', url: `/api/v1/contacts/${id}`, headers: bearer(admin) }),
      ),
    );
    assert.deepEqual(
      reads.map((r) => r.statusCode),
      reads.map(() => 200),
    );
    assert.equal(await settledBusy(), 0);
  });

  test('clients that hang up during the lookup, the work or the reply leave no connection checked out', {
    timeout: 60_000,
  }, async () => {
    const { port } = app.server.address() as AddressInfo;
    const hangUp = (path: string, afterMs: number | Promise<void>) =>
      new Promise<void>((resolve) => {
        const request = http.get({ port, host: '127.0.0.1', path, headers: bearer(admin), agent: false });
        request.on('error', () => {});
        request.on('close', resolve);
        const cut = () => request.destroy();
        if (typeof afterMs === 'number') setTimeout(cut, afterMs);
        else void afterMs.then(cut);
      });

    // Hung up while the lookup waits, on routes that never take the lease over (a validation
    // error, a route without database work): the lookup finishes after the response is gone.
    let openGate!: () => void;
    lookupGate = new Promise((resolve) => {
      openGate = resolve;
    });
    lookupsHeld = 0;
    let allHeld!: () => void;
    const held = new Promise<void>((resolve) => {
      allHeld = resolve;
    });
    const waiting = setInterval(() => {
      if (lookupsHeld >= poolSize) allHeld();
    }, 5);
    const cutOff = Array.from({ length: poolSize + 2 }, (_, i) =>
      hangUp(i % 2 ? '/api/v1/meta/lists/contacts' : '/api/v1/contacts?limit=many', held),
    );
    await Promise.all(cutOff);
    clearInterval(waiting);
    await new Promise((resolve) => setTimeout(resolve, 50));
    lookupGate = null;
    openGate();

    // Hung up at random moments, many more times than the pool has connections.
    await Promise.all(Array.from({ length: 30 }, (_, i) => hangUp(`/api/v1/contacts?limit=100`, i % 10)));
    assert.equal(await settledBusy(), 0);
    const reads = await Promise.all(
      Array.from({ length: 2 * poolSize }, () =>
        call({ method: 'GET', url: '/api/v1/contacts?limit=5', headers: bearer(admin) }),
      ),
    );
    assert.deepEqual(
      reads.map((r) => r.statusCode),
      reads.map(() => 200),
    );
    assert.equal(await settledBusy(), 0);
  });
});
