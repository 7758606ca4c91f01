// Behind a reverse proxy (FARLEY_TRUST_PROXY): whose address the sign-in limits count.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { trustedProxies } from '../../platform/config.ts';
import { harness, type Harness } from '../../testing/harness.ts';

const opened: Harness[] = [];
after(() => Promise.all(opened.map((h) => h.close())));

const anyAddress = () => `198.51.100.${crypto.randomInt(1, 255)}`;

/** The address a failed sign-in was counted against, for a request from the proxy `via`. */
async function countedAddress(trustProxy: string, via: string, forwardedFor: string): Promise<string[]> {
  const h = await harness({ env: { FARLEY_TRUST_PROXY: trustProxy } });
  opened.push(h);
  const email = `nobody-${crypto.randomBytes(5).toString('hex')}@test.farley.example`;
  const response = await h.raw({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: 'not the password' },
    remoteAddress: via,
    headers: { 'x-forwarded-for': forwardedFor },
  });
  assert.equal(response.statusCode, 401);
  const since = new Date(Date.now() - 60_000);
  const rows = await h.ctx.db.owner
    .selectFrom('login_failures')
    .select('key')
    .where('key', 'like', 'ip:%')
    .where('at', '>', since)
    .execute();
  return rows.map((r) => r.key);
}

test('with one trusted hop, the address the proxy saw counts, not one the client made up', async () => {
  const real = anyAddress();
  const madeUp = `203.0.113.${crypto.randomInt(1, 255)}`;
  const keys = await countedAddress('1', '127.0.0.1', `${madeUp}, ${real}`);
  assert.ok(keys.includes(`ip:${real}`), 'the address the proxy added is counted');
  assert.ok(!keys.includes(`ip:${madeUp}`), 'the client-supplied left-most address is not');
});

test('a trusted proxy address is believed; a request from elsewhere keeps its own address', async () => {
  const real = anyAddress();
  const madeUp = `203.0.113.${crypto.randomInt(1, 255)}`;
  const keys = await countedAddress('10.9.8.7, 127.0.0.0/8', '127.0.0.1', `${madeUp}, ${real}`);
  assert.ok(keys.includes(`ip:${real}`));
  assert.ok(!keys.includes(`ip:${madeUp}`));
  const direct = `192.0.2.${crypto.randomInt(1, 255)}`;
  const notProxied = await countedAddress('10.9.8.7', direct, anyAddress());
  assert.ok(notProxied.includes(`ip:${direct}`), 'an untrusted sender is counted by its own address');
});

test('FARLEY_TRUST_PROXY is read as none, hops, or addresses and networks; anything else stops the start', () => {
  assert.equal(trustedProxies(undefined), false);
  assert.equal(trustedProxies('0'), false);
  assert.equal(trustedProxies('2'), 2);
  assert.deepEqual(trustedProxies('10.0.0.1, 192.168.0.0/16,::1,loopback'), [
    '10.0.0.1',
    '192.168.0.0/16',
    '::1',
    'loopback',
  ]);
  for (const bad of ['true', 'proxy.example', '10.0.0.0/33', '10.0.0.1/8/1', '10.0.0.1,,'])
    assert.throws(() => trustedProxies(bad), /FARLEY_TRUST_PROXY/, bad);
});
