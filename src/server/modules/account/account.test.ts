// The personal account through the API: my sessions (listed with browser and address, ended
// one by one or all others), my tokens and app passwords, my password and my name; and an
// admin signing a user out everywhere.
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

const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const anyAddress = () => `10.97.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

interface Session {
  cookie: string;
  csrf: string;
  address: string;
}

async function signIn(email: string, password: string, userAgent = firefox): Promise<Session> {
  const address = anyAddress();
  const res = await h.raw({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    headers: { 'user-agent': userAgent },
    remoteAddress: address,
  });
  assert.equal(res.statusCode, 200, res.body);
  return { cookie: res.cookies.find((c) => c.name === 'farley_session')!.value, csrf: res.json().csrfToken, address };
}

/** A request in a browser session (cookie and CSRF token, as the web app sends them). */
async function as(session: Session, method: string, url: string, payload?: object) {
  const res = await h.raw({
    method: method as 'GET',
    url: `/api/v1${url}`,
    cookies: { farley_session: session.cookie },
    headers: { 'x-csrf-token': session.csrf },
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

const signedIn = async (session: Session) => (await as(session, 'GET', '/auth/me')).status === 200;

async function newUser(role = 'agent') {
  const input = { email: uniqueEmail('konto'), name: 'Greta Sommerfeld', role, password: 'Lindenblüte im Juni' };
  const res = await admin.post('/api/v1/users', input);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { ...input, id: res.body.id as string };
}

test('my sessions are listed with browser, address and times, and the current one is marked', async () => {
  const user = await newUser();
  const laptop = await signIn(user.email, user.password);
  const phone = await signIn(user.email, user.password, 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)');
  const res = await as(laptop, 'GET', '/auth/sessions');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.data.length, 2);
  const current = res.body.data.find((s: { current: boolean }) => s.current);
  assert.equal(current.userAgent, firefox);
  assert.equal(current.ip, laptop.address);
  assert.ok(Date.parse(current.createdAt) <= Date.parse(current.lastSeenAt));
  const other = res.body.data.find((s: { current: boolean }) => !s.current);
  assert.match(other.userAgent, /iPhone/);
  assert.equal(other.ip, phone.address);
});

test('ending one of my sessions signs that browser out; ending all others keeps this one', async () => {
  const user = await newUser();
  const here = await signIn(user.email, user.password);
  const lost = await signIn(user.email, user.password);
  const third = await signIn(user.email, user.password);
  const { body } = await as(here, 'GET', '/auth/sessions');
  const lostId = body.data.find((s: { current: boolean }) => !s.current).id as string;
  const ended = await as(here, 'DELETE', `/auth/sessions/${lostId}`);
  assert.equal(ended.status, 204);
  assert.equal((await as(here, 'DELETE', `/auth/sessions/${lostId}`)).status, 404, 'gone is gone');
  const stillThere = [await signedIn(lost), await signedIn(third)];
  assert.equal(stillThere.filter(Boolean).length, 1, 'exactly the ended session is out');

  assert.equal((await as(here, 'DELETE', '/auth/sessions')).status, 204);
  assert.equal(await signedIn(here), true);
  assert.equal(await signedIn(lost), false);
  assert.equal(await signedIn(third), false);
  assert.equal((await as(here, 'GET', '/auth/sessions')).body.data.length, 1);
});

test("another user's session cannot be ended through my account", async () => {
  const mine = await newUser();
  const theirs = await newUser();
  const me = await signIn(mine.email, mine.password);
  const them = await signIn(theirs.email, theirs.password);
  const theirId = (await as(them, 'GET', '/auth/sessions')).body.data[0].id as string;
  assert.equal((await as(me, 'DELETE', `/auth/sessions/${theirId}`)).status, 404);
  assert.equal(await signedIn(them), true);
});

test('my API tokens and app passwords are listed and revoked; nobody else’s', async () => {
  const user = await newUser();
  const session = await signIn(user.email, user.password);
  const { body: token } = await admin.post('/api/v1/api-tokens', { name: 'Buchhaltungs-Export', userId: user.id });
  const phone = await as(session, 'POST', '/app-passwords', { name: 'iPhone Greta' });
  assert.equal(phone.status, 201);
  const list = await as(session, 'GET', '/auth/tokens');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.data.map((t: { kind: string; name: string }) => `${t.kind}:${t.name}`).sort(), [
    'api:Buchhaltungs-Export',
    'dav:iPhone Greta',
  ]);
  assert.equal((await as(session, 'DELETE', `/auth/tokens/${admin.userId}`)).status, 404);
  const adminTokens = await admin.get('/api/v1/auth/tokens');
  const adminToken = adminTokens.body.data[0];
  assert.equal(adminToken.current, true, "the admin's list marks the token of the request");
  assert.equal((await as(session, 'DELETE', `/auth/tokens/${adminToken.id}`)).status, 404);

  assert.equal((await as(session, 'DELETE', `/auth/tokens/${token.id}`)).status, 204);
  const revoked = await h.raw({
    method: 'GET',
    url: '/api/v1/users',
    headers: { authorization: `Bearer ${token.token}` },
  });
  assert.equal(revoked.statusCode, 401);
  assert.deepEqual(
    (await as(session, 'GET', '/auth/tokens')).body.data.map((t: { name: string }) => t.name),
    ['iPhone Greta'],
  );
});

test('changing my password needs the current one and follows the rules', async () => {
  const user = await newUser();
  const session = await signIn(user.email, user.password);
  const wrong = await as(session, 'POST', '/auth/password', {
    currentPassword: 'nicht das Passwort',
    newPassword: 'Kastanienallee 17',
  });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.code, 'wrong_password');
  const weak = await as(session, 'POST', '/auth/password', {
    currentPassword: user.password,
    newPassword: 'Passwort2024!',
  });
  assert.equal(weak.status, 422);
  assert.equal(weak.body.code, 'password_common');
  assert.deepEqual(weak.body.errors, [
    { path: 'newPassword', code: 'invalid', message: 'The password is one of the most common passwords.' },
  ]);
  const named = await as(session, 'POST', '/auth/password', {
    currentPassword: user.password,
    newPassword: 'greta sommerfeld!!',
  });
  assert.equal(named.body.code, 'password_personal');
  assert.equal(await signedIn(session), true, 'refused changes end nothing');
});

test('a new password ends my other sessions and revokes my tokens, and keeps this session', async () => {
  const user = await newUser();
  const here = await signIn(user.email, user.password);
  const there = await signIn(user.email, user.password);
  const { body: token } = await admin.post('/api/v1/api-tokens', { name: 'Skript', userId: user.id });
  const res = await as(here, 'POST', '/auth/password', {
    currentPassword: user.password,
    newPassword: 'Kastanienallee 17',
  });
  assert.equal(res.status, 204, JSON.stringify(res.body));
  assert.equal(await signedIn(here), true);
  assert.equal(await signedIn(there), false);
  const revoked = await h.raw({
    method: 'GET',
    url: '/api/v1/users',
    headers: { authorization: `Bearer ${token.token}` },
  });
  assert.equal(revoked.statusCode, 401);
  await signIn(user.email, 'Kastanienallee 17');
});

test('I change my own name and language, not my role', async () => {
  const user = await newUser();
  const session = await signIn(user.email, user.password);
  const res = await as(session, 'PATCH', '/auth/me', { name: 'Greta Sommerfeld-Lind', locale: 'en' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.name, 'Greta Sommerfeld-Lind');
  assert.equal(res.body.locale, 'en');
  assert.equal((await as(session, 'PATCH', '/auth/me', { role: 'admin' })).status, 400);
});

test('an admin signs a user out everywhere: sessions end, tokens and app passwords are revoked', async () => {
  const user = await newUser();
  const laptop = await signIn(user.email, user.password);
  const phone = await signIn(user.email, user.password);
  const { body: token } = await admin.post('/api/v1/api-tokens', { name: 'Skript', userId: user.id });
  await as(laptop, 'POST', '/app-passwords', { name: 'Android' });

  const member = await h.member(admin, 'manager');
  assert.equal((await member.post(`/api/v1/users/${user.id}/sign-out`)).status, 403, 'admins only');
  assert.equal(await signedIn(laptop), true);

  assert.equal((await admin.post(`/api/v1/users/${user.id}/sign-out`)).status, 204);
  assert.equal(await signedIn(laptop), false);
  assert.equal(await signedIn(phone), false);
  const revoked = await h.raw({
    method: 'GET',
    url: '/api/v1/users',
    headers: { authorization: `Bearer ${token.token}` },
  });
  assert.equal(revoked.statusCode, 401);
  const again = await signIn(user.email, user.password);
  assert.deepEqual((await as(again, 'GET', '/auth/tokens')).body.data, []);

  const other = await h.workspace();
  assert.equal((await admin.post(`/api/v1/users/${other.userId}/sign-out`)).status, 404);
});

test('the users list shows admins when each user last signed in', async () => {
  const user = await newUser();
  const never = await newUser();
  await signIn(user.email, user.password);
  const { body } = await admin.get('/api/v1/users?limit=200');
  const byId = new Map(body.data.map((u: { id: string; lastSignInAt: string | null }) => [u.id, u.lastSignInAt]));
  assert.ok(Date.now() - Date.parse(byId.get(user.id) as string) < 60_000);
  assert.equal(byId.get(never.id), null);
  const viewer = await h.member(admin, 'viewer');
  const seen = (await viewer.get('/api/v1/users?limit=200')).body.data;
  assert.ok(seen.every((u: { lastSignInAt?: string | null }) => u.lastSignInAt === undefined));
});
