import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, uniqueEmail, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;

before(async () => {
  h = await harness();
  admin = await h.workspace();
});
after(() => h.close());

const newUser = (role = 'agent') => ({
  email: uniqueEmail('neu'),
  name: 'Jürgen Weiß',
  role,
  locale: 'de',
  password: 'ein langes Passwort',
});

function assertNoPassword(body: unknown) {
  // `may` of who-am-I names resources of the role table (`appPassword`), no values.
  const text = JSON.stringify(body, (key, value) => (key === 'may' ? undefined : value));
  assert.ok(!/password|hash|ein langes Passwort/i.test(text), text);
}

async function signIn(email: string, password: string) {
  return h.raw({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: '10.99.0.1' });
}

describe('users', () => {
  test('an admin creates a user who can then sign in', async () => {
    const input = newUser();
    const res = await admin.post('/api/v1/users', { ...input, email: input.email.toUpperCase() });
    assert.equal(res.status, 201);
    assert.equal(res.headers.location, `/api/v1/users/${res.body.id}`);
    assert.equal(res.body.email, input.email, 'emails are stored in lower case');
    assert.equal(res.body.role, 'agent');
    assert.equal(res.body.active, true);
    assertNoPassword(res.body);
    assert.equal((await signIn(input.email, input.password)).statusCode, 200);
  });

  test('an admin changes name, role, locale, email and password', async () => {
    const input = newUser('viewer');
    const { body: created } = await admin.post('/api/v1/users', input);
    const email = uniqueEmail('umbenannt');
    const res = await admin.patch(
      `/api/v1/users/${created.id}`,
      { name: 'Jürgen Weiß-Müller', role: 'manager', locale: 'en', email, password: 'ein neues Passwort' },
      { 'if-match': '"1"' },
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'Jürgen Weiß-Müller');
    assert.equal(res.body.role, 'manager');
    assert.equal(res.body.locale, 'en');
    assert.equal(res.body.email, email);
    assert.equal(res.body.version, 2);
    assertNoPassword(res.body);
    assert.equal((await signIn(email, 'ein neues Passwort')).statusCode, 200);
    assert.equal((await signIn(input.email, 'ein neues Passwort')).statusCode, 401, 'the old email no longer signs in');
    assert.equal((await signIn(email, input.password)).statusCode, 401, 'the old password no longer works');
  });

  test('passwords are never returned by reads or lists', async () => {
    const { body: created } = await admin.post('/api/v1/users', newUser());
    assertNoPassword((await admin.get(`/api/v1/users/${created.id}`)).body);
    const list = await admin.get('/api/v1/users?limit=500');
    assert.ok(list.body.data.length >= 2);
    assertNoPassword(list.body);
    const me = await h.raw({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${admin.token}` },
    });
    assertNoPassword(me.json());
  });

  test('everyone reads colleagues but only admins manage users', async () => {
    const { body: target } = await admin.post('/api/v1/users', newUser());
    for (const role of ['viewer', 'agent', 'manager'] as const) {
      const caller = await h.member(admin, role);
      assert.equal((await caller.get(`/api/v1/users/${target.id}`)).status, 200);
      assert.equal((await caller.get('/api/v1/users')).status, 200);
      const refusals = [
        await caller.post('/api/v1/users', newUser()),
        await caller.patch(`/api/v1/users/${target.id}`, { name: 'Gehackt' }),
        await caller.patch(`/api/v1/users/${caller.userId}`, { role: 'admin' }),
        await caller.delete(`/api/v1/users/${target.id}`),
        await caller.post(`/api/v1/users/${target.id}/restore`),
      ];
      for (const res of refusals) {
        assert.equal(res.status, 403, `${role}: ${JSON.stringify(res.body)}`);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
    }
  });

  test('an email already in use in the workspace is a 409, whatever its case', async () => {
    const { body: first } = await admin.post('/api/v1/users', newUser());
    const again = await admin.post('/api/v1/users', { ...newUser(), email: first.email.toUpperCase() });
    assert.equal(again.status, 409);
    assert.equal(again.headers['content-type'], 'application/problem+json; charset=utf-8');
    const { body: second } = await admin.post('/api/v1/users', newUser());
    assert.equal((await admin.patch(`/api/v1/users/${second.id}`, { email: first.email })).status, 409);
    assert.equal((await admin.get(`/api/v1/users/${second.id}`)).body.version, 1);
  });

  test("another workspace's emails are neither revealed nor taken: each user signs in to their own", async () => {
    const other = await h.workspace();
    const ours = newUser();
    const { body: first } = await admin.post('/api/v1/users', ours);
    const theirs = { ...newUser(), email: first.email.toUpperCase(), password: 'ein anderes Passwort' };
    const created = await other.post('/api/v1/users', theirs);
    assert.equal(created.status, 201, 'no 409 tells them the email is used elsewhere');
    const third = await h.workspace();
    const { body: renamed } = await third.post('/api/v1/users', newUser());
    const changed = await third.patch(`/api/v1/users/${renamed.id}`, {
      email: ours.email,
      password: 'noch ein Passwort',
    });
    assert.equal(changed.status, 200);

    const into = async (password: string) => (await signIn(ours.email, password)).json().workspace.id;
    assert.equal(await into(ours.password), admin.workspaceId, 'the password decides the workspace');
    assert.equal(await into('ein anderes Passwort'), other.workspaceId);
    assert.equal(await into('noch ein Passwort'), third.workspaceId);
    assert.equal((await signIn(ours.email, 'falsch falsch falsch')).statusCode, 401);
    // Trashing or renaming one of them leaves the others' sign-in alone.
    assert.equal((await other.delete(`/api/v1/users/${created.body.id}`)).status, 204);
    assert.equal(await into(ours.password), admin.workspaceId);
  });

  test('an admin cannot demote, deactivate or delete themselves', async () => {
    const self = `/api/v1/users/${admin.userId}`;
    for (const patch of [{ role: 'manager' }, { role: 'viewer' }, { active: false }]) {
      const res = await admin.patch(self, patch);
      assert.equal(res.status, 409, JSON.stringify(patch));
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    assert.equal(
      (await admin.patch(`/api/v1/users/${admin.userId.toUpperCase()}`, { role: 'viewer' })).status,
      409,
      'not even with the id in capitals',
    );
    assert.equal((await admin.delete(self)).status, 409);
    const read = await admin.get(self);
    assert.equal(read.body.role, 'admin');
    assert.equal(read.body.active, true);
    assert.equal(
      (await admin.patch(self, { role: 'admin', name: 'Chefin' })).status,
      200,
      'other changes to oneself are fine',
    );
  });

  test('one admin can demote another', async () => {
    const second = await h.member(admin, 'admin');
    const res = await second.patch(`/api/v1/users/${admin.userId}`, { role: 'manager' });
    assert.equal(res.status, 200);
    assert.equal(
      (await admin.post('/api/v1/users', newUser())).status,
      403,
      'the demoted admin lost admin rights at once',
    );
    assert.equal((await second.patch(`/api/v1/users/${admin.userId}`, { role: 'admin' })).status, 200);
  });

  test('invalid user input is a 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...newUser(), email: 'keine-mail' }, 'body.email'],
      [{ ...newUser(), role: 'owner' }, 'body.role'],
      [{ ...newUser(), password: '' }, 'body.password'],
      [{ ...newUser(), locale: 'fr' }, 'body.locale'],
      [{ ...newUser(), passwordHash: 'x' }, 'body.passwordHash'],
      [{ email: uniqueEmail(), role: 'agent' }, 'body.name'],
    ];
    for (const [body, path] of cases) {
      const res = await admin.post('/api/v1/users', body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
  });

  test('a user of another workspace is not found, even when changing to a taken email', async () => {
    const other = await h.workspace();
    const { body: taken } = await admin.post('/api/v1/users', newUser());
    for (const res of [
      await admin.get(`/api/v1/users/${other.userId}`),
      await admin.patch(`/api/v1/users/${other.userId}`, { email: taken.email }),
      await admin.patch(`/api/v1/users/${other.userId}`, { name: 'Fremd' }),
      await admin.delete(`/api/v1/users/${other.userId}`),
      await admin.post(`/api/v1/users/${other.userId}/restore`),
    ])
      assert.equal(res.status, 404, JSON.stringify(res.body));
    assert.equal((await other.get('/api/v1/auth/me')).status, 200);
    const login = await signIn(other.email, 'correct horse battery');
    assert.equal(login.statusCode, 200, "the other workspace's login email is untouched");
  });

  test('a trashed user leaves the list and can be restored', async () => {
    const input = newUser();
    const { body: created } = await admin.post('/api/v1/users', input);
    assert.equal((await admin.delete(`/api/v1/users/${created.id}`)).status, 204);
    assert.equal((await admin.get(`/api/v1/users/${created.id}`)).status, 404);
    assert.ok(!(await admin.get('/api/v1/users?limit=500')).body.data.some((u: { id: string }) => u.id === created.id));
    assert.equal((await admin.post(`/api/v1/users/${created.id}/restore`)).status, 200);
    assert.equal((await signIn(input.email, input.password)).statusCode, 200);
  });

  test('lists filter users by role and active', async () => {
    const tenant = await h.workspace();
    const { body: sleeper } = await tenant.post('/api/v1/users', { ...newUser('viewer'), active: false });
    await h.member(tenant, 'viewer');
    const viewers = await tenant.get('/api/v1/users?role=viewer&sort=email');
    assert.equal(viewers.body.data.length, 2);
    const inactive = await tenant.get('/api/v1/users?active=false');
    assert.deepEqual(
      inactive.body.data.map((u: { id: string }) => u.id),
      [sleeper.id],
    );
    assert.equal((await tenant.get('/api/v1/users?role=owner')).status, 400);
  });
});
