// A new password or email ends the user's other sessions and revokes their tokens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { harness, uniqueEmail, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;

before(async () => {
  h = await harness();
  admin = await h.workspace();
});
after(() => h.close());

const anyAddress = () => `10.98.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

async function signIn(email: string, password: string) {
  const res = await h.raw({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: anyAddress(),
  });
  assert.equal(res.statusCode, 200, res.body);
  const cookie = res.cookies.find((c) => c.name === 'farley_session')!.value;
  return { cookie, csrf: res.json().csrfToken as string };
}

const me = (cookie: string) =>
  h.raw({ method: 'GET', url: '/api/v1/auth/me', cookies: { farley_session: cookie } }).then((r) => r.statusCode);
const withToken = (token: string) =>
  h
    .raw({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } })
    .then((r) => r.statusCode);

async function newUser(role = 'agent') {
  const input = { email: uniqueEmail('konto'), name: 'Konto Test', role, password: 'ein langes Passwort' };
  const { body } = await admin.post('/api/v1/users', input);
  return { ...input, id: body.id as string };
}

test("an admin's new password for a user ends all the user's sessions and revokes their tokens", async () => {
  const user = await newUser();
  const first = await signIn(user.email, user.password);
  const second = await signIn(user.email, user.password);
  const { body: token } = await admin.post('/api/v1/api-tokens', { name: 'Skript', userId: user.id });
  assert.equal(await me(first.cookie), 200);
  assert.equal(await withToken(token.token), 200);

  const res = await admin.patch(`/api/v1/users/${user.id}`, { password: 'ein neues Passwort' });
  assert.equal(res.status, 200);
  assert.equal(await me(first.cookie), 401);
  assert.equal(await me(second.cookie), 401);
  assert.equal(await withToken(token.token), 401);
  assert.equal(await me((await signIn(user.email, 'ein neues Passwort')).cookie), 200);
  assert.equal(await withToken(admin.token), 200, "the admin's own token is untouched");
});

test('a new email ends the sessions too; a change of name does not', async () => {
  const user = await newUser();
  const session = await signIn(user.email, user.password);
  assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { name: 'Neuer Name' })).status, 200);
  assert.equal(await me(session.cookie), 200);
  assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { email: user.email.toUpperCase() })).status, 200);
  assert.equal(await me(session.cookie), 200, 'the same email in other letters is no change');
  assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { email: uniqueEmail('neu') })).status, 200);
  assert.equal(await me(session.cookie), 401);
});

test('changing one’s own password keeps the session that did it and ends the others', async () => {
  const self = await newUser('admin');
  const here = await signIn(self.email, self.password);
  const there = await signIn(self.email, self.password);
  const { body: token } = await admin.post('/api/v1/api-tokens', { name: 'Eigenes', userId: self.id });
  const res = await h.raw({
    method: 'PATCH',
    url: `/api/v1/users/${self.id}`,
    cookies: { farley_session: here.cookie },
    headers: { 'x-csrf-token': here.csrf },
    payload: { password: 'mein neues Passwort' },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(await me(here.cookie), 200);
  assert.equal(await me(there.cookie), 401);
  assert.equal(await withToken(token.token), 401);

  // With a token, the token that made the change is the one kept.
  const { body: kept } = await admin.post('/api/v1/api-tokens', { name: 'Behalten', userId: self.id });
  const { body: other } = await admin.post('/api/v1/api-tokens', { name: 'Anderes', userId: self.id });
  const viaToken = await h.raw({
    method: 'PATCH',
    url: `/api/v1/users/${self.id}`,
    headers: { authorization: `Bearer ${kept.token}` },
    payload: { password: 'noch ein neues Passwort' },
  });
  assert.equal(viaToken.statusCode, 200, viaToken.body);
  assert.equal(await withToken(kept.token), 200);
  assert.equal(await withToken(other.token), 401);
  assert.equal(await me(here.cookie), 401);
});
