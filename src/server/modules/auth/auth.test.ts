import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;
const password = 'correct horse battery';
const problemType = 'application/problem+json; charset=utf-8';

before(async () => {
  h = await harness();
  admin = await h.workspace();
});
after(() => h.close());

// Every sign-in comes from its own address, so the per-address limit of one test (or of
// other test files) never trips another.
const anyAddress = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

async function login(email: string, pass = password, address = anyAddress(), cookie?: string) {
  const response = await h.raw({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: pass },
    remoteAddress: address,
    ...(cookie ? { cookies: { farley_session: cookie } } : {}),
  });
  const session = response.cookies.find((c) => c.name === 'farley_session');
  return { response, session, body: response.json() };
}

function withCookie(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  cookie: string,
  headers: Record<string, string> = {},
  payload?: object,
) {
  return h.raw({ method, url, cookies: { farley_session: cookie }, headers, ...(payload ? { payload } : {}) });
}

describe('signing in', () => {
  test('the right password sets an HttpOnly SameSite session cookie and returns a CSRF token', async () => {
    const { response, session, body } = await login(admin.email);
    assert.equal(response.statusCode, 200);
    assert.ok(session, 'a session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.equal(session.path, '/');
    assert.ok(session.expires && session.expires.getTime() > Date.now());
    assert.match(body.csrfToken, /^[A-Za-z0-9_-]{20,}$/);
    assert.equal(body.user.id, admin.userId);
    assert.equal(body.user.email, admin.email);
    assert.equal(body.workspace.id, admin.workspaceId);
    // `may` names resources of the role table (`appPassword`), no values.
    const { may, ...values } = JSON.parse(response.body);
    assert.ok(may.contact.includes('create'));
    assert.ok(!/password|hash/i.test(JSON.stringify(values)), 'no password material in the answer');
  });

  test('the email is matched regardless of case and surrounding spaces', async () => {
    const { response } = await login(`  ${admin.email.toUpperCase()} `);
    assert.equal(response.statusCode, 200);
  });

  test('a wrong password and an unknown email get the same 401', async () => {
    const wrong = await login(admin.email, 'not the password');
    const unknown = await login('nobody-here@test.farley.example', password);
    for (const { response, session } of [wrong, unknown]) {
      assert.equal(response.statusCode, 401);
      assert.equal(response.headers['content-type'], problemType);
      assert.equal(session, undefined);
    }
    assert.equal(wrong.body.detail, unknown.body.detail);
    assert.equal(wrong.body.title, unknown.body.title);
  });

  test('incomplete sign-in input is a 400 problem', async () => {
    const response = await h.raw({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: admin.email },
      remoteAddress: anyAddress(),
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().errors[0].path, 'body.password');
  });

  test('GET /auth/me with the cookie tells who is signed in', async () => {
    const { session, body } = await login(admin.email);
    const me = await withCookie('GET', '/api/v1/auth/me', session!.value);
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.id, admin.userId);
    assert.equal(me.json().csrfToken, body.csrfToken, 'a reloaded page can recover its CSRF token');
  });

  test('a session in use slides: its cookie is set again with the moved expiry', async () => {
    const { session } = await login(admin.email);
    const signedInUntil = session!.expires!.getTime();
    // Used within the minute after the last touch: nothing to renew, no cookie.
    const soon = await withCookie('GET', '/api/v1/auth/me', session!.value);
    assert.equal(soon.statusCode, 200);
    assert.equal(
      soon.cookies.find((c) => c.name === 'farley_session'),
      undefined,
    );
    // Ten days later (as the database sees it), the next request moves the expiry on.
    await h.ctx.db.owner
      .updateTable('sessions')
      .set({
        last_seen_at: new Date(Date.now() - 10 * 86_400_000),
        expires_at: new Date(signedInUntil - 10 * 86_400_000),
      })
      .where('user_id', '=', admin.userId)
      .execute();
    const later = await withCookie('GET', '/api/v1/auth/me', session!.value, { 'x-farley-assume-nothing': '1' });
    assert.equal(later.statusCode, 200);
    const renewed = later.cookies.find((c) => c.name === 'farley_session');
    assert.ok(renewed, 'the cookie is set again');
    assert.equal(renewed.value, session!.value);
    assert.equal(renewed.httpOnly, true);
    assert.ok(renewed.expires!.getTime() >= signedInUntil - 5_000, `${renewed.expires} vs ${new Date(signedInUntil)}`);
    const [row] = await h.ctx.db.owner
      .selectFrom('sessions')
      .select('expires_at')
      .where('user_id', '=', admin.userId)
      .orderBy('expires_at', 'desc')
      .execute();
    assert.ok(Math.abs(row.expires_at.getTime() - renewed.expires!.getTime()) < 1_000, 'cookie and session agree');
  });

  test('a cookie-authenticated write needs the CSRF token', async () => {
    const { session, body } = await login(admin.email);
    const without = await withCookie('POST', '/api/v1/companies', session!.value, {}, { name: 'Ohne Token GmbH' });
    assert.equal(without.statusCode, 403);
    assert.equal(without.headers['content-type'], problemType);
    assert.match(without.json().detail, /x-csrf-token/);
    const wrong = await withCookie(
      'POST',
      '/api/v1/companies',
      session!.value,
      { 'x-csrf-token': 'guess' },
      { name: 'Falsch GmbH' },
    );
    assert.equal(wrong.statusCode, 403);
    const right = await withCookie(
      'POST',
      '/api/v1/companies',
      session!.value,
      { 'x-csrf-token': body.csrfToken },
      { name: 'Mit Token GmbH' },
    );
    assert.equal(right.statusCode, 201);
    const reads = await withCookie('GET', `/api/v1/companies/${right.json().id}`, session!.value);
    assert.equal(reads.statusCode, 200, 'reads need no CSRF token');
  });

  test('bearer-token writes need no CSRF token', async () => {
    const res = await admin.post('/api/v1/companies', { name: 'Per Token AG' });
    assert.equal(res.status, 201);
  });

  test('signing out ends the session', async () => {
    const { session, body } = await login(admin.email);
    const out = await withCookie('POST', '/api/v1/auth/logout', session!.value, { 'x-csrf-token': body.csrfToken });
    assert.equal(out.statusCode, 204);
    const cleared = out.cookies.find((c) => c.name === 'farley_session');
    assert.ok(
      cleared && (cleared.value === '' || (cleared.expires && cleared.expires.getTime() <= Date.now())),
      'the cookie is cleared',
    );
    const after = await withCookie('GET', '/api/v1/auth/me', session!.value);
    assert.equal(after.statusCode, 401);
    assert.equal(after.headers['content-type'], problemType);
  });

  test('signing in again while holding an old cookie works', async () => {
    const first = await login(admin.email);
    const second = await login(admin.email, password, anyAddress(), first.session!.value);
    assert.equal(second.response.statusCode, 200);
    assert.notEqual(second.session!.value, first.session!.value);
  });

  test('a forged or garbage cookie is not a session', async () => {
    const { session } = await login(admin.email);
    const parts = session!.value.split('.');
    const forged = [...parts.slice(0, 3), 'A'.repeat(43)].join('.');
    for (const cookie of [forged, 'garbage', `fy1.${admin.workspaceId}.${admin.userId}.${'x'.repeat(43)}`]) {
      assert.equal((await withCookie('GET', '/api/v1/auth/me', cookie)).statusCode, 401);
    }
  });

  // Throttling failed sign-ins: throttle.test.ts.

  test('a deactivated user cannot sign in and their token and session stop working', async () => {
    const user = await h.member(admin, 'agent');
    const { session } = await login(user.email);
    assert.equal((await user.get('/api/v1/auth/me')).status, 200);
    assert.equal((await admin.patch(`/api/v1/users/${user.userId}`, { active: false })).status, 200);
    const refused = await login(user.email);
    assert.equal(refused.response.statusCode, 401);
    assert.equal(refused.body.detail, 'Email or password is wrong.');
    assert.equal((await user.get('/api/v1/auth/me')).status, 401);
    assert.equal((await withCookie('GET', '/api/v1/auth/me', session!.value)).statusCode, 401);
    assert.equal((await admin.patch(`/api/v1/users/${user.userId}`, { active: true })).status, 200);
    assert.equal((await user.get('/api/v1/auth/me')).status, 200, 'reactivating restores access');
  });

  test('a trashed user cannot sign in and their token stops working', async () => {
    const user = await h.member(admin, 'manager');
    assert.equal((await user.get('/api/v1/companies')).status, 200);
    assert.equal((await admin.delete(`/api/v1/users/${user.userId}`)).status, 204);
    assert.equal((await user.get('/api/v1/companies')).status, 401);
    assert.equal((await login(user.email)).response.statusCode, 401);
  });

  test('without credentials the API answers 401, but sign-in and health are open', async () => {
    const me = await h.raw({ method: 'GET', url: '/api/v1/auth/me' });
    assert.equal(me.statusCode, 401);
    assert.equal(me.headers['content-type'], problemType);
    assert.equal((await h.raw({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode, 204);
    assert.equal((await h.raw({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await h.raw({ method: 'GET', url: '/readyz' })).statusCode, 200);
  });

  test('a malformed Authorization header is a 401 problem', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer  ', `Bearer ${admin.token}x`, 'token']) {
      const res = await h.raw({ method: 'GET', url: '/api/v1/companies', headers: { authorization } });
      assert.equal(res.statusCode, 401, authorization);
      assert.equal(res.headers['content-type'], problemType);
    }
  });
});

// A safe request of a caller proven lately sends its credential lookup along with its first
// read (auth.service.ts, `assume`); whatever happened to the credential since must still count.
describe('reads of a caller proven lately', () => {
  test('a user whose role changed gets the answer for the new role at once, either way', async () => {
    const user = await h.member(admin, 'viewer');
    const adminOnly = '/api/v1/api-tokens';
    assert.equal((await user.get(adminOnly)).status, 403);
    assert.equal((await admin.patch(`/api/v1/users/${user.userId}`, { role: 'admin' })).status, 200);
    assert.equal((await user.get(adminOnly)).status, 200, 'raised to admin');
    assert.equal((await user.get('/api/v1/auth/me')).body.user.role, 'admin');
    assert.equal((await admin.patch(`/api/v1/users/${user.userId}`, { role: 'viewer' })).status, 200);
    assert.equal((await user.get(adminOnly)).status, 403, 'lowered to viewer');
    assert.equal((await user.get('/api/v1/auth/me')).body.user.role, 'viewer');
  });

  test('a revoked token reads nothing more: no record, no validation error, no ETag', async () => {
    const { body: created } = await admin.post('/api/v1/api-tokens', { name: 'Gleich widerrufen' });
    const { body: contact } = await admin.post('/api/v1/contacts', { firstName: 'Grete', lastName: 'Geheim' });
    const read = (url: string) => h.raw({ method: 'GET', url, headers: { authorization: `Bearer ${created.token}` } });
    // Each refused read on its own: a refusal makes the next request look its caller up first.
    for (const [n, url] of [
      `/api/v1/contacts/${contact.id}`,
      '/api/v1/contacts?limit=5',
      '/api/v1/contacts?limit=oops',
      '/api/v1/auth/me',
    ].entries()) {
      if (n > 0) assert.equal((await admin.post(`/api/v1/api-tokens/${created.id}/restore`)).status, 200);
      for (let i = 0; i < 2; i++) assert.equal((await read(`/api/v1/contacts/${contact.id}`)).statusCode, 200);
      assert.equal((await admin.delete(`/api/v1/api-tokens/${created.id}`)).status, 204);
      const refused = await read(url);
      assert.equal(refused.statusCode, 401, url);
      assert.equal(refused.headers['content-type'], problemType);
      assert.equal(refused.headers.etag, undefined);
      assert.ok(!refused.body.includes('Geheim'), refused.body);
    }
  });

  test('a session signed out elsewhere reads nothing more', async () => {
    const { session, body } = await login(admin.email);
    const { body: contact } = await admin.post('/api/v1/contacts', { firstName: 'Sven', lastName: 'Sitzung' });
    assert.equal((await withCookie('GET', `/api/v1/contacts/${contact.id}`, session!.value)).statusCode, 200);
    assert.equal(
      (await withCookie('POST', '/api/v1/auth/logout', session!.value, { 'x-csrf-token': body.csrfToken })).statusCode,
      204,
    );
    const refused = await withCookie('GET', `/api/v1/contacts/${contact.id}`, session!.value);
    assert.equal(refused.statusCode, 401);
    assert.ok(!refused.body.includes('Sitzung'));
  });
});
