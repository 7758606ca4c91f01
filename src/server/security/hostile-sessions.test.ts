// A hostile site and a hostile network against the browser's session: cross-site request
// forgery (a foreign page makes the signed-in browser send a write), login CSRF (it signs the
// victim into the attacker's account), session fixation (a cookie planted before sign-in is used
// after it), and sessions that outlive sign-out or a password change. Every request carries the
// session cookie as a browser would; the defences are described in docs/security.md, "Sessions
// and cookies" and "Cross-site request forgery".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { harness, uniqueEmail, type Client, type Harness } from '../testing/harness.ts';

let h: Harness;
let admin: Client;
const password = 'ein langes Passwort';
let user: { email: string; id: string };

const anyAddress = () => `10.77.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
const evil = 'https://evil.example';

function sessionCookieOf(res: LightMyRequestResponse) {
  return res.cookies.find((c) => c.name === 'farley_session');
}

async function signIn(email = user.email, cookies: Record<string, string> = {}) {
  const res = await h.raw({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    cookies,
    remoteAddress: anyAddress(),
  });
  assert.equal(res.statusCode, 200, res.body);
  return { cookie: sessionCookieOf(res)!.value, csrf: res.json().csrfToken as string, res };
}

/** A request as the browser sends it: with the session cookie, and whatever else is given. */
function asBrowser(
  cookie: string,
  method: string,
  url: string,
  options: { headers?: Record<string, string>; payload?: string | object } = {},
) {
  return h.raw({
    method: method as 'POST',
    url,
    cookies: { farley_session: cookie },
    headers: options.headers,
    payload: options.payload,
    remoteAddress: anyAddress(),
  });
}

const me = (cookie: string) => asBrowser(cookie, 'GET', '/api/v1/auth/me').then((r) => r.statusCode);
const contactsNamed = async (name: string) =>
  (await admin.get(`/api/v1/contacts?q=${encodeURIComponent(name)}`)).body.data.length as number;

before(async () => {
  h = await harness();
  admin = await h.workspace('Ziel GmbH');
  const email = uniqueEmail('opfer');
  const created = await admin.post('/api/v1/users', { email, name: 'Olga Opfer', role: 'agent', password });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  user = { email, id: created.body.id };
});
after(() => h.close());

test('the session cookie is HttpOnly, SameSite=Lax, for the whole app, Secure behind HTTPS', async () => {
  const { res } = await signIn();
  const cookie = sessionCookieOf(res)!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.path, '/');
  assert.ok(!cookie.secure, 'plain HTTP in the tests');
  const secure = await harness({ env: { FARLEY_COOKIE_SECURE: '1' } });
  try {
    const viaHttps = await secure.raw({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password },
      remoteAddress: anyAddress(),
    });
    assert.equal(sessionCookieOf(viaHttps)?.secure, true);
  } finally {
    await secure.close();
  }
});

test('a cookie write from a foreign page (no CSRF header, or a wrong one) is refused and changes nothing', async () => {
  const { cookie, csrf } = await signIn();
  const other = await signIn();
  const name = `Csrf${crypto.randomBytes(3).toString('hex')}`;
  const attempts: Array<Record<string, string>> = [
    { origin: evil },
    { origin: evil, referer: `${evil}/page` },
    { origin: 'null' },
    {},
    { 'x-csrf-token': '' },
    { 'x-csrf-token': 'guessed' },
    { 'x-csrf-token': csrf.toUpperCase() },
    { 'x-csrf-token': `${csrf} ` },
    // Another session's token (of the same user) is no token for this one.
    { 'x-csrf-token': other.csrf },
  ];
  for (const headers of attempts) {
    for (const [method, url, payload] of [
      ['POST', '/api/v1/contacts', { lastName: name }],
      ['PATCH', `/api/v1/users/${user.id}`, { name: 'Übernommen' }],
      ['DELETE', `/api/v1/users/${user.id}`, undefined],
      ['POST', '/api/v1/api-tokens', { name: 'Übernommen' }],
    ] as const) {
      const res = await asBrowser(cookie, method, url, { headers, payload });
      assert.equal(res.statusCode, 403, `${method} ${url} ${JSON.stringify(headers)} → ${res.statusCode}`);
      assert.equal(res.json().code, 'csrf_missing');
    }
  }
  assert.equal(await contactsNamed(name), 0);
  // The same write with the session's own token goes through: the refusals above were the token's.
  const real = await asBrowser(cookie, 'POST', '/api/v1/contacts', {
    headers: { 'x-csrf-token': csrf },
    payload: { lastName: name },
  });
  assert.equal(real.statusCode, 201, real.body);
});

test('what a plain HTML form or a no-cors fetch can send (form-encoded, multipart, text/plain) is refused', async () => {
  const { cookie, csrf } = await signIn();
  const name = `Formular${crypto.randomBytes(3).toString('hex')}`;
  const bodies: Array<[string, string]> = [
    ['application/x-www-form-urlencoded', `lastName=${name}`],
    [
      'multipart/form-data; boundary=x',
      `--x\r\nContent-Disposition: form-data; name="lastName"\r\n\r\n${name}\r\n--x--\r\n`,
    ],
    ['text/plain', JSON.stringify({ lastName: name })],
    ['text/plain; charset=utf-8', JSON.stringify({ lastName: name })],
  ];
  for (const [type, payload] of bodies) {
    // Without the header, as a form sends it: the CSRF check refuses before the body counts.
    const forged = await asBrowser(cookie, 'POST', '/api/v1/contacts', {
      headers: { 'content-type': type, origin: evil },
      payload,
    });
    // Refused either for the missing header (403) or for the body type (415, found first).
    assert.ok([403, 415].includes(forged.statusCode), `${type} → ${forged.statusCode}`);
    // Even with the token (which a foreign page cannot read), only JSON is a body.
    const withToken = await asBrowser(cookie, 'POST', '/api/v1/contacts', {
      headers: { 'content-type': type, 'x-csrf-token': csrf },
      payload,
    });
    assert.equal(withToken.statusCode, 415, `${type} with token → ${withToken.statusCode} ${withToken.body}`);
  }
  assert.equal(await contactsNamed(name), 0);
});

test('a foreign page cannot sign the browser in to an account of its choosing (login CSRF)', async () => {
  const payload = JSON.stringify({ email: user.email, password });
  for (const [type, body] of [
    ['text/plain', payload],
    ['application/x-www-form-urlencoded', `email=${encodeURIComponent(user.email)}&password=${password}`],
    [
      'multipart/form-data; boundary=x',
      `--x\r\nContent-Disposition: form-data; name="email"\r\n\r\n${user.email}\r\n--x--\r\n`,
    ],
  ]) {
    const res = await h.raw({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': type, origin: evil },
      payload: body,
      remoteAddress: anyAddress(),
    });
    assert.equal(res.statusCode, 415, `${type} → ${res.statusCode}`);
    assert.equal(sessionCookieOf(res), undefined, `${type} set a session cookie`);
  }
});

test('no cross-origin reads: neither a preflight nor an answer allows a foreign origin', async () => {
  const { cookie } = await signIn();
  const preflight = await h.raw({
    method: 'OPTIONS',
    url: '/api/v1/contacts',
    headers: {
      origin: evil,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, x-csrf-token',
    },
  });
  assert.equal(preflight.headers['access-control-allow-origin'], undefined);
  assert.equal(preflight.headers['access-control-allow-credentials'], undefined);
  // /auth/me hands out the CSRF token: a foreign page must not be allowed to read it.
  const meAnswer = await asBrowser(cookie, 'GET', '/api/v1/auth/me', { headers: { origin: evil } });
  assert.equal(meAnswer.statusCode, 200);
  assert.equal(meAnswer.headers['access-control-allow-origin'], undefined);
});

test('a GET never writes: sign-out, deletions and other actions are not reachable by a link', async () => {
  const { cookie } = await signIn();
  const contact = await admin.post('/api/v1/contacts', { lastName: 'Verlinkt' });
  for (const url of [
    '/api/v1/auth/logout',
    `/api/v1/contacts/${contact.body.id}/restore`,
    '/api/v1/notifications/read-all',
    `/api/v1/users/${user.id}/restore`,
  ]) {
    const res = await asBrowser(cookie, 'GET', url);
    assert.ok([404, 405].includes(res.statusCode), `GET ${url} → ${res.statusCode}`);
  }
  assert.equal(await me(cookie), 200, 'still signed in');
  assert.equal((await admin.get(`/api/v1/contacts/${contact.body.id}`)).status, 200);
});

test('the session cookie opens neither the DAV server nor a calendar feed', async () => {
  const { cookie } = await signIn();
  for (const method of ['PROPFIND', 'GET', 'PUT', 'DELETE', 'POST']) {
    const res = await asBrowser(cookie, method, `/dav/calendars/${user.id}/appointments/x.ics`, {
      headers: { 'content-type': 'text/calendar' },
      payload: method === 'PUT' || method === 'POST' ? 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' : undefined,
    });
    // POST is no DAV method: no route (404); the others ask for the app password.
    assert.equal(res.statusCode, method === 'POST' ? 404 : 401, `${method} → ${res.statusCode}`);
  }
});

test('signing in issues a new session: a cookie planted before (session fixation) is not the one after', async () => {
  const planted = await signIn();
  const forged = `fy1.${admin.workspaceId}.${crypto.randomUUID()}.${crypto.randomBytes(24).toString('base64url')}`;
  for (const before of [planted.cookie, forged, 'attacker-chosen']) {
    const after = await signIn(user.email, { farley_session: before });
    assert.notEqual(after.cookie, before);
    assert.notEqual(after.csrf, planted.csrf);
    assert.equal(await me(after.cookie), 200);
  }
  assert.equal(await me(forged), 401, 'a made-up cookie is no session');
  assert.equal(await me('attacker-chosen'), 401);
});

test('a cookie of one workspace with another workspace put in is no session', async () => {
  const { cookie } = await signIn();
  const other = await h.workspace('Andere GmbH');
  const [prefix, , id, secret] = cookie.split('.');
  assert.equal(await me(`${prefix}.${other.workspaceId}.${id}.${secret}`), 401);
  assert.equal(await me(`${prefix}.${admin.workspaceId}.${id}.${secret}x`), 401);
});

test('signing out ends the session on the server: the old cookie and its token are dead', async () => {
  const { cookie, csrf } = await signIn();
  const out = await asBrowser(cookie, 'POST', '/api/v1/auth/logout', { headers: { 'x-csrf-token': csrf } });
  assert.equal(out.statusCode, 204);
  assert.equal(sessionCookieOf(out)?.value, '', 'the browser is told to drop it');
  assert.equal(await me(cookie), 401, 'a copy of the cookie kept elsewhere no longer works');
  const write = await asBrowser(cookie, 'POST', '/api/v1/contacts', {
    headers: { 'x-csrf-token': csrf },
    payload: { lastName: 'Nach Abmeldung' },
  });
  assert.equal(write.statusCode, 401);
});

test('a forged sign-out from a foreign page (no CSRF header) ends nothing on the server', async () => {
  const { cookie } = await signIn();
  const forged = await asBrowser(cookie, 'POST', '/api/v1/auth/logout', { headers: { origin: evil } });
  assert.equal(forged.statusCode, 204);
  assert.equal(await me(cookie), 200);
});

test('after a password change every old cookie is dead; a deactivated user has no session', async () => {
  const first = await signIn();
  const second = await signIn();
  const changed = await admin.patch(`/api/v1/users/${user.id}`, { password: 'ein neues langes Passwort' });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(await me(first.cookie), 401);
  assert.equal(await me(second.cookie), 401);
  const revived = await asBrowser(first.cookie, 'POST', '/api/v1/contacts', {
    headers: { 'x-csrf-token': first.csrf },
    payload: { lastName: 'Alte Sitzung' },
  });
  assert.equal(revived.statusCode, 401);
  await admin.patch(`/api/v1/users/${user.id}`, { password });
  const fresh = await signIn();
  assert.equal(await me(fresh.cookie), 200);
  await admin.patch(`/api/v1/users/${user.id}`, { active: false });
  assert.equal(await me(fresh.cookie), 401);
  await admin.patch(`/api/v1/users/${user.id}`, { active: true });
});
