// An owner of the tables that is no superuser (a managed PostgreSQL's usual setup) is bound
// by the forced policies like everyone: it sees nothing without a workspace, one workspace
// with it, and every workspace only as maintenance that says so. The application refuses to
// start on a login that owns the tables or is a superuser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { harness, testDatabaseUrl, type Client, type Harness } from '../testing/harness.ts';
import { loadConfig } from '../platform/config.ts';
import { openDatabases, type Db } from '../platform/db/database.ts';
import { assertIsolation } from '../platform/db/isolation.ts';
import { acrossWorkspaces } from '../platform/db/maintenance.ts';
import { seedDemoWorkspace } from '../modules/demo/demo.service.ts';
import { markDueReminders } from '../modules/tasks/tasks.reminders.ts';

const suffix = crypto.randomBytes(4).toString('hex');
const ownerRole = `farley_owner_${suffix}`;
const database = `farley_owned_${suffix}`;
const password = crypto.randomBytes(12).toString('hex');
let admin: pg.Client;
let ownerUrl: string;
let h: Harness;
let a: Client;
let b: Client;

before(async () => {
  admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  // What an operator gives Farley on a managed server: a login that may create roles and owns
  // the database, no superuser. The server-wide roles may exist already (another test
  // database); the owner may then hand them on only with the admin option.
  await admin.query(`create role ${ownerRole} login createrole password '${password}'`);
  for (const role of ['farley_app', 'farley_maintenance']) {
    await admin.query(
      `do $$ begin create role ${role} nologin; exception when duplicate_object or unique_violation then null; end $$`,
    );
    await admin.query(`grant ${role} to ${ownerRole} with admin option`);
  }
  await admin.query(`create database ${database} owner ${ownerRole}`);
  const url = new URL(testDatabaseUrl());
  url.username = ownerRole;
  url.password = password;
  url.pathname = `/${database}`;
  ownerUrl = url.toString();
  h = await harness({ databaseUrl: ownerUrl });
  a = await h.workspace('Eigentümer A');
  b = await h.workspace('Eigentümer B');
  for (const [client, name] of [
    [a, 'Anton'],
    [b, 'Berta'],
  ] as const) {
    assert.equal((await client.post('/api/v1/contacts', { firstName: name, lastName: 'Eigen' })).status, 201);
  }
});

after(async () => {
  await h?.close();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.query(`drop role if exists ${ownerRole}`);
  await admin.end();
});

const count = async (tx: Db, table: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)).rows[0].n;

test('the owner is no superuser here, so the checks below can fail', async () => {
  const { rows } = await sql<{ superuser: boolean; owner: string }>`
    select rolsuper as superuser, (select pg_get_userbyid(relowner) from pg_class where oid = 'contacts'::regclass) as owner
      from pg_roles where rolname = current_user`.execute(h.ctx.db.owner);
  assert.deepEqual(rows[0], { superuser: false, owner: ownerRole });
});

test('an owner connection without the tenant setting sees no tenant rows', async () => {
  for (const table of ['workspaces', 'users', 'contacts', 'contact_words', 'search_words', 'audit_log']) {
    assert.equal(await count(h.ctx.db.owner, table), 0, table);
  }
});

test('with a workspace set the owner sees that workspace, and every one only as maintenance', async () => {
  const names = async (tx: Db) =>
    (await sql<{ name: string }>`select first_name as name from contacts order by 1`.execute(tx)).rows.map(
      (r) => r.name,
    );
  const inA = await h.ctx.db.owner.transaction().execute(async (tx) => {
    await sql`select set_config('farley.workspace_id', ${a.workspaceId}, true)`.execute(tx);
    return names(tx);
  });
  assert.deepEqual(inA, ['Anton']);
  const everywhere = await acrossWorkspaces(h.ctx.db.owner, names);
  assert.ok(everywhere.includes('Anton') && everywhere.includes('Berta'), everywhere.join());
  assert.equal(await count(h.ctx.db.owner, 'contacts'), 0, 'maintenance ends with its transaction');
});

test('due reminders are found across workspaces', async () => {
  const past = new Date(Date.now() - 60_000).toISOString();
  for (const client of [a, b]) {
    assert.equal(
      (await client.post('/api/v1/tasks', { title: 'Zurückrufen', remindAt: past, assigneeId: client.userId })).status,
      201,
    );
  }
  assert.equal(await markDueReminders(h.ctx), 2);
});

test('the demo loader fills a workspace, and the tables force their policies again afterwards', async () => {
  const demo = await seedDemoWorkspace(h.ctx, { workspaceId: a.workspaceId, contacts: 300 });
  assert.ok(demo.counts.contacts >= 300, JSON.stringify(demo.counts));
  const { body } = await a.get('/api/v1/contacts?limit=500');
  assert.ok(body.data.length > 300);
  assert.equal((await b.get('/api/v1/contacts')).body.data.length, 1);
  const { rows } = await sql<{ name: string }>`
    select relname as name from pg_class
     where relnamespace = current_schema()::regnamespace and relrowsecurity and not relforcerowsecurity`.execute(
    h.ctx.db.owner,
  );
  assert.deepEqual(rows, []);
});

test('an application login that owns the tables is refused at start, with what is wrong', async () => {
  const db = await openDatabases(
    loadConfig({ ...process.env, DATABASE_URL: ownerUrl, FARLEY_APP_DATABASE_URL: ownerUrl }),
  );
  try {
    await assert.rejects(assertIsolation(db), (error: Error) => {
      assert.match(error.message, /will not serve requests/);
      assert.match(error.message, new RegExp(`the application login "${ownerRole}" owns the table`));
      assert.match(error.message, /docs\/security\.md/);
      return true;
    });
  } finally {
    await db.close();
  }
});

test('a superuser application login is refused at start', async () => {
  const superuser = new URL(testDatabaseUrl());
  superuser.pathname = `/${database}`;
  const db = await openDatabases(
    loadConfig({ ...process.env, DATABASE_URL: ownerUrl, FARLEY_APP_DATABASE_URL: superuser.toString() }),
  );
  try {
    await assert.rejects(assertIsolation(db), /the application login "[^"]+" is a superuser/);
  } finally {
    await db.close();
  }
});

test('the application role itself passes the check', async () => {
  await assertIsolation(h.ctx.db);
});
