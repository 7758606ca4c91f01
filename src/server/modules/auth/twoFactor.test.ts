// Two-factor sign-in through the HTTP API: setup, the second step of signing in, codes that
// count once, recovery codes, turning it off, and the workspace's rule.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { generate } from 'otplib';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;
const password = 'correct horse battery';

before(async () => {
  h = await harness();
  admin = await h.workspace('Brenner Haustechnik GmbH');
});
after(() => h.close());

const anyAddress = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
const cookieOf = (response: { cookies: { name: string; value: string }[] }, name: string) =>
  response.cookies.find((c) => c.name === name)?.value;

async function passwordStep(email: string, pass = password) {
  const response = await h.raw({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: pass },
    remoteAddress: anyAddress(),
  });
  return { response, body: response.json(), challenge: cookieOf(response, 'farley_sign_in') };
}

async function codeStep(challenge: string | undefined, code: string) {
  const response = await h.raw({
    method: 'POST',
    url: '/api/v1/auth/login/second-factor',
    payload: { code },
    remoteAddress: anyAddress(),
    ...(challenge ? { cookies: { farley_sign_in: challenge } } : {}),
  });
  return { response, body: response.json(), session: cookieOf(response, 'farley_session') };
}

/** A user with two-factor sign-in on: their client, secret and recovery codes. */
async function withTwoFactor(role: 'agent' | 'admin' = 'agent') {
  const user = await h.member(admin, role);
  const setup = await user.post('/api/v1/auth/two-factor/setup');
  assert.equal(setup.status, 200);
  const { secret } = setup.body;
  // The code of the next step: the one of now is kept for the test's own sign-in.
  const confirmed = await user.post('/api/v1/auth/two-factor/confirm', {
    code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }),
  });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return { user, secret: secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

describe('setting up two-factor sign-in', () => {
  test('setup gives a secret, an otpauth URI and a QR code, and a code from it turns it on', async () => {
    const user = await h.member(admin, 'agent');
    assert.equal((await user.get('/api/v1/auth/two-factor')).body.enabled, false);
    const setup = await user.post('/api/v1/auth/two-factor/setup');
    assert.equal(setup.status, 200);
    assert.match(setup.body.secret, /^[A-Z2-7]{32}$/);
    assert.match(setup.body.otpauthUri, /^otpauth:\/\/totp\/.*secret=[A-Z2-7]{32}.*issuer=Farley/);
    assert.match(setup.body.qrCode, /^data:image\/svg\+xml;base64,/);
    assert.equal((await user.get('/api/v1/auth/two-factor')).body.enabled, false, 'not on before a code');

    const confirmed = await user.post('/api/v1/auth/two-factor/confirm', {
      code: await generate({ secret: setup.body.secret }),
    });
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.body.recoveryCodes.length, 10);
    assert.equal(new Set(confirmed.body.recoveryCodes).size, 10);
    for (const code of confirmed.body.recoveryCodes) assert.match(code, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const status = await user.get('/api/v1/auth/two-factor');
    assert.equal(status.body.enabled, true);
    assert.equal(status.body.recoveryCodesLeft, 10);
    assert.ok(!JSON.stringify(status.body).includes(setup.body.secret), 'the secret is not shown again');
    assert.equal((await user.post('/api/v1/auth/two-factor/setup')).body.code, 'two_factor_on');
  });

  test('the secret is stored sealed and recovery codes only as hashes', async () => {
    const { user, secret, recoveryCodes } = await withTwoFactor();
    const row = await h.ctx.db.owner
      .selectFrom('user_two_factor')
      .selectAll()
      .where('user_id', '=', user.userId)
      .executeTakeFirstOrThrow();
    assert.ok(!row.secret_sealed.toString('latin1').includes(secret));
    const codes = await h.ctx.db.owner
      .selectFrom('recovery_codes')
      .select('code_hash')
      .where('user_id', '=', user.userId)
      .execute();
    assert.equal(codes.length, 10);
    for (const { code_hash } of codes) {
      for (const code of recoveryCodes) assert.ok(!code_hash.toString('latin1').includes(code.replaceAll('-', '')));
    }
  });

  test('a wrong code does not turn it on', async () => {
    const user = await h.member(admin, 'agent');
    await user.post('/api/v1/auth/two-factor/setup');
    for (const code of ['000000', 'abc', '1234567']) {
      const wrong = await user.post('/api/v1/auth/two-factor/confirm', { code });
      assert.equal(wrong.status, 422, code);
      assert.equal(wrong.body.code, 'wrong_confirmation');
    }
    assert.equal((await user.get('/api/v1/auth/two-factor')).body.enabled, false);
    assert.equal((await user.post('/api/v1/auth/two-factor/confirm', { code: '' })).status, 400);
  });
});

describe('signing in with a second factor', () => {
  test('a right password answers "second factor needed" and no session; the code opens one', async () => {
    const { user, secret } = await withTwoFactor();
    const first = await passwordStep(user.email);
    assert.equal(first.response.statusCode, 200);
    assert.equal(first.body.secondFactorRequired, true);
    assert.equal(cookieOf(first.response, 'farley_session'), undefined, 'no session yet');
    assert.ok(first.challenge);
    const done = await codeStep(first.challenge, await generate({ secret }));
    assert.equal(done.response.statusCode, 200, done.response.body);
    assert.equal(done.body.user.id, user.userId);
    assert.ok(done.session);
    const me = await h.raw({ method: 'GET', url: '/api/v1/auth/me', cookies: { farley_session: done.session! } });
    assert.equal(me.statusCode, 200);
  });

  test('a wrong password still answers 401 and never asks for a code', async () => {
    const { user } = await withTwoFactor();
    const wrong = await passwordStep(user.email, 'not the password');
    assert.equal(wrong.response.statusCode, 401);
    assert.equal(wrong.challenge, undefined);
  });

  test('a wrong code is refused, and so is a code used once already (replay)', async () => {
    const { user, secret } = await withTwoFactor();
    const { challenge } = await passwordStep(user.email);
    const wrong = await codeStep(challenge, '000000');
    assert.equal(wrong.response.statusCode, 401);
    assert.equal(wrong.body.code, 'second_factor_wrong');
    assert.equal(wrong.session, undefined);
    const code = await generate({ secret });
    assert.equal((await codeStep(challenge, code)).response.statusCode, 200);
    const again = await passwordStep(user.email);
    const replay = await codeStep(again.challenge, code);
    assert.equal(replay.response.statusCode, 401, 'the same code does not count twice');
    assert.equal(replay.body.code, 'second_factor_wrong');
    // The next step's code does (a phone's clock may be a little ahead).
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    assert.equal((await codeStep(again.challenge, next)).response.statusCode, 200);
  });

  test('a pending sign-in is used once, and without its cookie there is none', async () => {
    const { user, secret } = await withTwoFactor();
    const { challenge } = await passwordStep(user.email);
    assert.equal((await codeStep(undefined, await generate({ secret }))).body.code, 'sign_in_expired');
    assert.equal((await codeStep(challenge, await generate({ secret }))).response.statusCode, 200);
    const twice = await codeStep(challenge, await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    assert.equal(twice.response.statusCode, 401);
    assert.equal(twice.body.code, 'sign_in_expired');
  });

  test('five wrong codes end the pending sign-in', async () => {
    const { user, secret } = await withTwoFactor();
    const { challenge } = await passwordStep(user.email);
    for (let i = 0; i < 5; i++) assert.equal((await codeStep(challenge, `00000${i}`)).body.code, 'second_factor_wrong');
    const late = await codeStep(challenge, await generate({ secret }));
    assert.equal(late.body.code, 'sign_in_expired');
  });

  test('a recovery code signs in once, in any case and with or without dashes', async () => {
    const { user, recoveryCodes } = await withTwoFactor();
    const code = recoveryCodes[3];
    const first = await passwordStep(user.email);
    const used = await codeStep(first.challenge, ` ${code.replaceAll('-', '').toUpperCase()} `);
    assert.equal(used.response.statusCode, 200);
    assert.equal((await user.get('/api/v1/auth/two-factor')).body.recoveryCodesLeft, 9);
    const second = await passwordStep(user.email);
    const again = await codeStep(second.challenge, code);
    assert.equal(again.response.statusCode, 401, 'a recovery code counts once');
    assert.equal((await codeStep(second.challenge, recoveryCodes[4])).response.statusCode, 200);
    const audit = await admin.get(`/api/v1/audit-log?recordType=two_factor&recordId=${user.userId}`);
    assert.ok(audit.body.data.some((e: { changes: object }) => 'recoveryCodeUsed' in e.changes));
  });

  test('API tokens of a user with two-factor sign-in keep working', async () => {
    const { user } = await withTwoFactor();
    assert.equal((await user.get('/api/v1/contacts?limit=1')).status, 200);
  });
});

describe('turning it off and new recovery codes', () => {
  test('turning it off needs the password or a code', async () => {
    const { user, secret } = await withTwoFactor();
    const none = await user.post('/api/v1/auth/two-factor/disable', {});
    assert.equal(none.status, 400);
    const wrong = await user.post('/api/v1/auth/two-factor/disable', { password: 'not it' });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.code, 'wrong_confirmation');
    const off = await user.post('/api/v1/auth/two-factor/disable', { code: await generate({ secret }) });
    assert.equal(off.status, 204);
    assert.equal((await user.get('/api/v1/auth/two-factor')).body.enabled, false);
    const signIn = await passwordStep(user.email);
    assert.ok(signIn.body.user, 'the password alone signs in again');
    assert.equal((await user.post('/api/v1/auth/two-factor/disable', { password })).body.code, 'two_factor_off');
  });

  test('new recovery codes replace the old ones', async () => {
    const { user, recoveryCodes } = await withTwoFactor();
    const renewed = await user.post('/api/v1/auth/two-factor/recovery-codes', { password });
    assert.equal(renewed.status, 200);
    assert.equal(renewed.body.recoveryCodes.length, 10);
    const { challenge } = await passwordStep(user.email);
    assert.equal((await codeStep(challenge, recoveryCodes[0])).response.statusCode, 401, 'old codes are gone');
    assert.equal((await codeStep(challenge, renewed.body.recoveryCodes[0])).response.statusCode, 200);
  });
});

describe('an admin resets a lost second factor', () => {
  test('the user signs in with the password alone again; only admins may, only in their workspace', async () => {
    const { user } = await withTwoFactor();
    const manager = await h.member(admin, 'manager');
    assert.equal((await manager.post(`/api/v1/users/${user.userId}/two-factor/reset`)).status, 403);
    const other = await h.workspace('Fremd GmbH');
    assert.equal((await other.post(`/api/v1/users/${user.userId}/two-factor/reset`)).status, 404);
    assert.equal((await admin.post(`/api/v1/users/${user.userId}/two-factor/reset`)).status, 204);
    assert.ok((await passwordStep(user.email)).body.user, 'no code asked any more');
    assert.equal((await admin.post(`/api/v1/users/${user.userId}/two-factor/reset`)).body.code, 'two_factor_off');
    const audit = await admin.get(`/api/v1/audit-log?recordType=two_factor&recordId=${user.userId}`);
    assert.deepEqual(audit.body.data[0].changes, { enabled: [true, false], reset: [null, true] });
  });
});

describe("the workspace's rule", () => {
  test('only admins change it; everyone reads it; it is in the audit log', async () => {
    const ws = await h.workspace('Regel GmbH');
    const manager = await h.member(ws, 'manager');
    assert.deepEqual((await manager.get('/api/v1/auth/two-factor/rule')).body, { requiredFor: 'nobody' });
    assert.equal((await manager.put('/api/v1/auth/two-factor/rule', { requiredFor: 'everyone' })).status, 403);
    assert.equal((await ws.put('/api/v1/auth/two-factor/rule', { requiredFor: 'sometimes' })).status, 400);
    assert.equal((await ws.put('/api/v1/auth/two-factor/rule', { requiredFor: 'admins' })).status, 200);
    const audit = await ws.get('/api/v1/audit-log?recordType=two_factor');
    assert.deepEqual(audit.body.data[0].changes, { requiredFor: ['nobody', 'admins'] });
    assert.equal((await ws.put('/api/v1/auth/two-factor/rule', { requiredFor: 'nobody' })).status, 200);
  });

  test('a user who must but has none may only set it up, then uses the app', async () => {
    const ws = await h.workspace('Pflicht AG');
    const agent = await h.member(ws, 'agent');
    const viewer = await h.member(ws, 'viewer');
    assert.equal((await ws.put('/api/v1/auth/two-factor/rule', { requiredFor: 'everyone' })).status, 200);

    const { response, body } = await passwordStep(agent.email);
    assert.equal(response.statusCode, 200);
    assert.equal(body.twoFactorSetupRequired, true);
    const session = cookieOf(response, 'farley_session')!;
    const csrf = { 'x-csrf-token': body.csrfToken };
    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      h.raw({ method, url, cookies: { farley_session: session }, headers: csrf, ...(payload ? { payload } : {}) });

    const held = await call('GET', '/api/v1/contacts');
    assert.equal(held.statusCode, 403);
    assert.equal(held.json().code, 'two_factor_setup_required');
    assert.equal((await call('POST', '/api/v1/companies', { name: 'Nicht jetzt GmbH' })).statusCode, 403);
    assert.equal((await call('GET', '/api/v1/auth/me')).json().twoFactorSetupRequired, true);
    assert.equal((await call('GET', '/api/v1/auth/two-factor')).json().required, true);
    assert.equal((await viewer.get('/api/v1/contacts')).status, 200, 'API tokens are not held back');

    const setup = await call('POST', '/api/v1/auth/two-factor/setup');
    assert.equal(setup.statusCode, 200);
    const confirmed = await call('POST', '/api/v1/auth/two-factor/confirm', {
      code: await generate({ secret: setup.json().secret }),
    });
    assert.equal(confirmed.statusCode, 200);
    assert.equal((await call('GET', '/api/v1/contacts')).statusCode, 200, 'the same session goes on');
    assert.equal((await call('GET', '/api/v1/auth/me')).json().twoFactorSetupRequired, false);
    assert.equal(
      (await h.raw({ method: 'POST', url: '/api/v1/auth/logout', cookies: { farley_session: session }, headers: csrf }))
        .statusCode,
      204,
    );
  });

  test('"admins" holds back admins without it, not the others', async () => {
    const ws = await h.workspace('Nur Admins KG');
    const agent = await h.member(ws, 'agent');
    assert.equal((await ws.put('/api/v1/auth/two-factor/rule', { requiredFor: 'admins' })).status, 200);
    assert.equal((await passwordStep(agent.email)).body.twoFactorSetupRequired, false);
    assert.equal((await passwordStep(ws.email)).body.twoFactorSetupRequired, true);
  });
});
