// Password resets against a real SMTP server (the sink of src/server/testing/mail.ts): a link
// asked for on the sign-in page arrives by mail, works once and within its hour, and ends the
// user's sessions and tokens; the answer does not tell whether the email is known; asking is
// rate-limited. An admin's one-time link (24 hours) works the same way. Without an SMTP server
// configured, the server says so.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { simpleParser } from 'mailparser';
import { harness, uniqueEmail, type Client, type Harness } from '../../testing/harness.ts';
import { startMailServers, type MailServers } from '../../testing/mail.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';

let mail: MailServers;
let h: Harness;
let admin: Client;
const publicUrl = 'https://crm.baeckerei-lind.example';

before(async () => {
  mail = await startMailServers();
  h = await harness({
    env: {
      FARLEY_SMTP_URL: `smtp://${mail.smtp.host}:${mail.smtp.port}`,
      FARLEY_MAIL_FROM: 'Farley <crm@baeckerei-lind.example>',
      FARLEY_PUBLIC_URL: publicUrl,
    },
  });
  admin = await h.workspace('Bäckerei Lind');
});
after(async () => {
  await h.close();
  await mail.stop();
});

const anyAddress = () => `10.96.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

function post(url: string, payload: object, remoteAddress = anyAddress()) {
  return h.raw({ method: 'POST', url: `/api/v1${url}`, payload, remoteAddress });
}

async function signIn(email: string, password: string) {
  const res = await post('/auth/login', { email, password });
  return res.statusCode === 200 ? res.cookies.find((c) => c.name === 'farley_session')!.value : null;
}

const signedIn = async (cookie: string) =>
  (await h.raw({ method: 'GET', url: '/api/v1/auth/me', cookies: { farley_session: cookie } })).statusCode === 200;

async function newUser(locale = 'de') {
  const input = {
    email: uniqueEmail('baecker'),
    name: 'Jonas Lind',
    role: 'agent',
    locale,
    password: 'Roggenbrot mit Kümmel',
  };
  const res = await admin.post('/api/v1/users', input);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { ...input, id: res.body.id as string };
}

/** The link of the reset mail that reached this address. */
async function mailedLink(to: string) {
  const received = await mail.waitForMessage((m) => m.to.includes(to));
  const parsed = await simpleParser(received.raw);
  const link = /https:\/\/\S+/.exec(parsed.text ?? '')?.[0];
  assert.ok(link, parsed.text);
  return { parsed, link, token: new URL(link).hash.replace('#token=', '') };
}

test('the sign-in page learns that reset links go out by mail', async () => {
  const res = await h.raw({ method: 'GET', url: '/api/v1/auth/password-reset' });
  assert.deepEqual(res.json(), { byEmail: true });
});

test('a reset link arrives by mail, sets a new password once, and ends sessions and tokens', async () => {
  const user = await newUser();
  const session = (await signIn(user.email, user.password))!;
  const { body: token } = await admin.post('/api/v1/api-tokens', { name: 'Kasse', userId: user.id });

  const asked = await post('/auth/password-reset', { email: user.email.toUpperCase() });
  assert.equal(asked.statusCode, 202, asked.body);
  const { parsed, link, token: secret } = await mailedLink(user.email);
  assert.equal(parsed.from?.value[0]?.address, 'crm@baeckerei-lind.example');
  assert.match(parsed.subject ?? '', /Passwort zurücksetzen \(Bäckerei Lind\)/);
  assert.ok(link.startsWith(`${publicUrl}/reset-password#token=`), link);
  assert.match(parsed.text ?? '', /Hallo Jonas Lind/);

  const weak = await post('/auth/password-reset/complete', { token: secret, password: 'jonas lind 2025' });
  assert.equal(weak.statusCode, 422);
  assert.equal(weak.json().code, 'password_personal');

  const done = await post('/auth/password-reset/complete', { token: secret, password: 'Sauerteig seit 1927' });
  assert.equal(done.statusCode, 204, done.body);
  assert.equal(await signedIn(session), false, 'the old session ended');
  const revoked = await h.raw({
    method: 'GET',
    url: '/api/v1/users',
    headers: { authorization: `Bearer ${token.token}` },
  });
  assert.equal(revoked.statusCode, 401, 'the token was revoked');
  assert.equal(await signIn(user.email, user.password), null, 'the old password is gone');
  assert.ok(await signIn(user.email, 'Sauerteig seit 1927'));

  const again = await post('/auth/password-reset/complete', { token: secret, password: 'Noch ein anderes Brot' });
  assert.equal(again.statusCode, 422);
  assert.equal(again.json().code, 'reset_link_invalid');
});

test('the answer is the same for an unknown email, and nothing is sent', async () => {
  const known = await newUser();
  const unknown = uniqueEmail('niemand');
  const answers = [
    await post('/auth/password-reset', { email: known.email }),
    await post('/auth/password-reset', { email: unknown }),
  ].map((res) => ({ status: res.statusCode, type: res.headers['content-type'], body: res.body }));
  assert.deepEqual(answers[1], answers[0]);
  assert.equal(answers[0]!.status, 202);
  await mailedLink(known.email);
  assert.equal(mail.received.filter((m) => m.to.includes(unknown)).length, 0);
});

test('a mail in English for a user who reads English', async () => {
  const user = await newUser('en');
  await post('/auth/password-reset', { email: user.email });
  const { parsed } = await mailedLink(user.email);
  assert.match(parsed.subject ?? '', /^Reset your Farley password/);
});

test('a link is good for one hour; an expired one is refused', async () => {
  const user = await newUser();
  await post('/auth/password-reset', { email: user.email });
  const { token } = await mailedLink(user.email);
  await acrossWorkspaces(h.ctx.db.owner, (tx) =>
    tx
      .updateTable('password_resets')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute(),
  );
  const res = await post('/auth/password-reset/complete', { token, password: 'Sauerteig seit 1927' });
  assert.equal(res.statusCode, 422);
  assert.equal(res.json().code, 'reset_link_invalid');
  assert.ok(await signIn(user.email, user.password), 'the password is unchanged');
});

test('a made-up or altered link is refused', async () => {
  const user = await newUser();
  const { body: link } = await admin.post(`/api/v1/users/${user.id}/password-reset-link`);
  const altered = link.token.slice(0, -2) + (link.token.endsWith('AA') ? 'BB' : 'AA');
  for (const token of ['fy1.kaputt', altered, `fy1.${crypto.randomUUID()}.${crypto.randomUUID()}.${'a'.repeat(43)}`]) {
    const res = await post('/auth/password-reset/complete', { token, password: 'Sauerteig seit 1927' });
    assert.equal(res.statusCode, 422, token);
    assert.equal(res.json().code, 'reset_link_invalid');
  }
});

test('asking for links is limited per email, known or not', async () => {
  const email = uniqueEmail('drängler');
  for (let i = 0; i < 3; i++) assert.equal((await post('/auth/password-reset', { email })).statusCode, 202);
  const refused = await post('/auth/password-reset', { email });
  assert.equal(refused.statusCode, 429);
  assert.equal(refused.json().code, 'too_many_resets');
  assert.ok(Number(refused.headers['retry-after']) > 0);
});

test("an admin's one-time link: shown once, 24 hours, single use, only the newest works", async () => {
  const user = await newUser();
  const manager = await h.member(admin, 'manager');
  assert.equal((await manager.post(`/api/v1/users/${user.id}/password-reset-link`)).status, 403);
  const first = await admin.post(`/api/v1/users/${user.id}/password-reset-link`);
  const second = await admin.post(`/api/v1/users/${user.id}/password-reset-link`);
  assert.equal(second.status, 201);
  assert.equal(second.headers['cache-control'], 'no-store');
  const hours = (Date.parse(second.body.expiresAt) - Date.now()) / 3_600_000;
  assert.ok(hours > 23.9 && hours <= 24, String(hours));
  assert.equal(second.body.path, `/reset-password#token=${second.body.token}`);
  const stale = await post('/auth/password-reset/complete', {
    token: first.body.token,
    password: 'Sauerteig seit 1927',
  });
  assert.equal(stale.statusCode, 422, 'the earlier link stopped working');
  const used = await post('/auth/password-reset/complete', {
    token: second.body.token,
    password: 'Sauerteig seit 1927',
  });
  assert.equal(used.statusCode, 204);
  assert.ok(await signIn(user.email, 'Sauerteig seit 1927'));
  const stored = await acrossWorkspaces(h.ctx.db.owner, (tx) =>
    tx.selectFrom('password_resets').selectAll().where('user_id', '=', user.id).execute(),
  );
  assert.equal(stored.length, 1);
  assert.ok(stored[0]!.used_at);
  assert.ok(
    !stored[0]!.secret_hash.toString('utf8').includes(second.body.token.split('.')[3]),
    'only a hash is stored',
  );

  const other = await h.workspace();
  assert.equal((await admin.post(`/api/v1/users/${other.userId}/password-reset-link`)).status, 404);
});

test('a server without SMTP says to ask an admin', async () => {
  const plain = await harness();
  try {
    const options = await plain.raw({ method: 'GET', url: '/api/v1/auth/password-reset' });
    assert.deepEqual(options.json(), { byEmail: false });
    const res = await plain.raw({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: uniqueEmail() },
    });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'no_system_mail');
  } finally {
    await plain.close();
  }
});
