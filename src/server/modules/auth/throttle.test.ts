// Throttling failed sign-ins without letting an attacker lock the user out: waits that grow
// per account and per address, browsers known to the account past the account's throttle,
// and the user clearing it from a session elsewhere.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { accountRule, addressRule, delaySeconds } from './throttle.ts';

let h: Harness;
let admin: Client;
const password = 'correct horse battery';

before(async () => {
  h = await harness();
  admin = await h.workspace('Lindner Logistik GmbH');
});
after(() => h.close());

const anyAddress = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

async function login(email: string, pass: string, options: { address?: string; device?: string } = {}) {
  const response = await h.raw({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: pass },
    remoteAddress: options.address ?? anyAddress(),
    ...(options.device ? { cookies: { farley_device: options.device } } : {}),
  });
  return {
    status: response.statusCode,
    retryAfter: Number(response.headers['retry-after'] ?? 0),
    code: response.statusCode === 200 ? undefined : response.json().code,
    device: response.cookies.find((c) => c.name === 'farley_device'),
  };
}

/** Failed attempts recorded earlier (as the throttle counts them), without waiting for them. */
async function pastFailures(key: string, count: number) {
  await h.ctx.db.owner
    .insertInto('login_failures')
    .values(Array.from({ length: count }, () => ({ key })))
    .execute();
}

describe('growing waits', () => {
  test('the wait doubles with each failure beyond the free ones, up to 15 minutes', () => {
    assert.equal(delaySeconds(accountRule, 4), 0);
    assert.equal(delaySeconds(accountRule, 5), 1);
    assert.equal(delaySeconds(accountRule, 6), 2);
    assert.equal(delaySeconds(accountRule, 9), 16);
    assert.equal(delaySeconds(accountRule, 40), 900);
    assert.equal(delaySeconds(addressRule, 29), 0);
  });

  test('after five failures for an email the next attempt waits, and each failure more doubles it', async () => {
    const user = await h.member(admin, 'agent');
    for (let i = 0; i < 5; i++) assert.equal((await login(user.email, `wrong ${i}`)).status, 401);
    const held = await login(user.email, password);
    assert.equal(held.status, 429, 'even the right password waits');
    assert.equal(held.code, 'too_many_sign_ins');
    assert.equal(held.retryAfter, 1);
    await sleep(1100);
    assert.equal((await login(user.email, 'wrong 5')).status, 401, 'after the wait, an attempt is judged');
    assert.equal((await login(user.email, password)).retryAfter, 2);
    await pastFailures(`email:${user.email}`, 10);
    const capped = await login(user.email, password);
    assert.equal(capped.status, 429);
    assert.ok(capped.retryAfter > 800 && capped.retryAfter <= 900, String(capped.retryAfter));
    assert.equal((await user.get('/api/v1/auth/me')).status, 200, 'API tokens keep working');
  });

  test('refused attempts do not make the wait longer', async () => {
    const user = await h.member(admin, 'agent');
    await pastFailures(`email:${user.email}`, 6);
    for (let i = 0; i < 5; i++) assert.equal((await login(user.email, 'wrong')).retryAfter, 2);
  });

  test('a burst of parallel guesses gets no more than the free attempts judged', async () => {
    const user = await h.member(admin, 'agent');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => login(user.email, `guess ${i}`)));
    const judged = results.filter((r) => r.status === 401).length;
    assert.ok(judged <= accountRule.free, `${judged} judged`);
    assert.ok(results.every((r) => r.status === 401 || r.status === 429));
  });

  test('a successful sign-in forgets the failures', async () => {
    const user = await h.member(admin, 'agent');
    for (let i = 0; i < 4; i++) await login(user.email, 'wrong');
    assert.equal((await login(user.email, password)).status, 200);
    for (let i = 0; i < 4; i++) assert.equal((await login(user.email, 'wrong')).status, 401);
    assert.equal((await login(user.email, password)).status, 200);
  });

  test('one address with many failures waits, whatever emails it tries', async () => {
    const address = anyAddress();
    await pastFailures(`ip:${address}`, addressRule.free);
    const held = await login(admin.email, password, { address });
    assert.equal(held.status, 429);
    assert.equal((await login(admin.email, password)).status, 200, 'other addresses do not');
  });
});

describe('no lockout for the real user', () => {
  test('a browser that signed in before is not held back by the account, and gets a new cookie', async () => {
    const user = await h.member(admin, 'agent');
    const first = await login(user.email, password);
    assert.ok(first.device, 'a successful sign-in sets the known-device cookie');
    assert.equal(first.device.httpOnly, true);
    assert.ok((first.device.maxAge ?? 0) > 100 * 86400);
    await pastFailures(`email:${user.email}`, 20);
    assert.equal((await login(user.email, password)).status, 429, 'a new browser waits');
    const known = await login(user.email, password, { device: first.device.value });
    assert.equal(known.status, 200, 'the known browser does not');
    assert.ok(known.device);
    const before = await h.ctx.db.owner
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('key', '=', `email:${user.email}`)
      .executeTakeFirstOrThrow();
    assert.equal(Number(before.n), 0, "its success cleared the account's failures");
  });

  test("another account's cookie, or a forged one, does not let a browser past", async () => {
    const victim = await h.member(admin, 'agent');
    const attacker = await h.member(admin, 'agent');
    const own = (await login(attacker.email, password)).device!.value;
    await pastFailures(`email:${victim.email}`, 20);
    for (const device of [own, own.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 'garbage', 'x.1.y~'.repeat(500)]) {
      assert.equal((await login(victim.email, password, { device })).status, 429, device.slice(0, 40));
    }
  });

  test("a known browser still waits for its address's throttle", async () => {
    const user = await h.member(admin, 'agent');
    const device = (await login(user.email, password)).device!.value;
    const address = anyAddress();
    await pastFailures(`ip:${address}`, addressRule.free + 2);
    assert.equal((await login(user.email, password, { address, device })).status, 429);
  });

  test('the user, signed in elsewhere, sees the throttle and clears it', async () => {
    const user = await h.member(admin, 'agent');
    for (let i = 0; i < 7; i++) await login(user.email, `guess ${i}`).catch(() => undefined);
    await pastFailures(`email:${user.email}`, 5);
    const seen = await user.get('/api/v1/auth/throttle');
    assert.equal(seen.status, 200);
    assert.ok(seen.body.failures >= 10);
    assert.ok(seen.body.retryAfterSeconds > 0);
    assert.equal((await user.delete('/api/v1/auth/throttle')).status, 204);
    assert.deepEqual((await user.get('/api/v1/auth/throttle')).body, { failures: 0, retryAfterSeconds: 0 });
    assert.equal((await login(user.email, password)).status, 200, 'a new browser signs in at once');
    const audit = await admin.get(`/api/v1/audit-log?recordType=sign_in&recordId=${user.userId}`);
    const changes = audit.body.data.map((e: { changes: object }) => Object.keys(e.changes)[0]);
    assert.deepEqual(changes, ['throttleCleared', 'throttled']);
  });
});
