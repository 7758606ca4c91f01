import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;

before(async () => {
  h = await harness();
  admin = await h.workspace();
});
after(() => h.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API tokens', () => {
  test('a created token is shown once and then only its metadata', async () => {
    const res = await admin.post('/api/v1/api-tokens', { name: 'Telefonanlage' });
    assert.equal(res.status, 201);
    assert.equal(res.headers.location, `/api/v1/api-tokens/${res.body.id}`);
    assert.match(res.body.token, /^fy1\./);
    assert.equal(res.body.userId, admin.userId, 'the caller is the default user');
    assert.equal(res.body.expiresAt, null);
    assert.equal(res.body.lastUsedAt, null);
    const read = await admin.get(`/api/v1/api-tokens/${res.body.id}`);
    assert.equal(read.status, 200);
    const { token, ...withoutSecret } = res.body;
    assert.deepEqual(read.body, withoutSecret);
    const list = await admin.get('/api/v1/api-tokens?limit=500');
    for (const body of [read.body, list.body]) {
      const text = JSON.stringify(body);
      assert.ok(!text.includes(token.split('.')[3]), 'the secret never appears again');
      assert.ok(!/secret|hash|"token"/i.test(text), text);
    }
    assert.ok(list.body.data.some((t: { id: string }) => t.id === res.body.id));
  });

  test('a new token works for its user and shows when it was last used', async () => {
    const agent = await h.member(admin, 'agent');
    const { body: created } = await admin.post('/api/v1/api-tokens', { name: 'Für Agent', userId: agent.userId });
    assert.equal(created.userId, agent.userId);
    const me = await h.raw({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(created.token) });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.id, agent.userId);
    const read = await admin.get(`/api/v1/api-tokens/${created.id}`);
    assert.ok(Date.parse(read.body.lastUsedAt) >= Date.parse(created.createdAt));
    const ofAgent = (await admin.get(`/api/v1/api-tokens?userId=${agent.userId}`)).body.data;
    assert.ok(ofAgent.some((t: { id: string }) => t.id === created.id));
    assert.ok(ofAgent.every((t: { userId: string }) => t.userId === agent.userId));
  });

  test('deleting a token revokes it at once and restoring brings it back', async () => {
    const { body: created } = await admin.post('/api/v1/api-tokens', { name: 'Widerruf' });
    const call = () => h.raw({ method: 'GET', url: '/api/v1/companies', headers: bearer(created.token) });
    assert.equal((await call()).statusCode, 200);
    assert.equal((await admin.delete(`/api/v1/api-tokens/${created.id}`)).status, 204);
    const revoked = await call();
    assert.equal(revoked.statusCode, 401);
    assert.equal(revoked.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await admin.get(`/api/v1/api-tokens/${created.id}`)).status, 404);
    assert.equal((await admin.get('/api/v1/api-tokens?trashed=true')).body.data[0].id, created.id);
    assert.equal((await admin.post(`/api/v1/api-tokens/${created.id}/restore`)).status, 200);
    assert.equal((await call()).statusCode, 200);
  });

  test('an expired token is refused', async () => {
    const { body: created } = await admin.post('/api/v1/api-tokens', {
      name: 'Kurzlebig',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    assert.equal(
      (await h.raw({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(created.token) })).statusCode,
      200,
    );
    // Expire it directly: waiting a minute in a test is not an option.
    await h.ctx.db.owner
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', created.id)
      .execute();
    assert.equal(
      (await h.raw({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(created.token) })).statusCode,
      401,
    );
  });

  test('a token can be renamed and its expiry changed, but not into the past', async () => {
    const { body: created } = await admin.post('/api/v1/api-tokens', { name: 'Alt' });
    const later = new Date(Date.now() + 86400_000).toISOString();
    const renamed = await admin.patch(
      `/api/v1/api-tokens/${created.id}`,
      { name: 'Neu', expiresAt: later },
      { 'if-match': '"1"' },
    );
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Neu');
    assert.equal(renamed.body.expiresAt, later);
    assert.equal(renamed.body.token, undefined);
    const past = await admin.patch(`/api/v1/api-tokens/${created.id}`, { expiresAt: '2001-01-01T00:00:00Z' });
    assert.equal(past.status, 422);
    assert.equal(past.body.errors[0].path, 'expiresAt');
    assert.equal(
      (await admin.post('/api/v1/api-tokens', { name: 'X', expiresAt: '2001-01-01T00:00:00Z' })).status,
      422,
    );
  });

  test('a token for an unknown or foreign user is refused with 422', async () => {
    const other = await h.workspace();
    for (const userId of [other.userId, '00000000-0000-7000-8000-000000000000']) {
      const res = await admin.post('/api/v1/api-tokens', { name: 'Fremd', userId });
      assert.equal(res.status, 422);
      assert.equal(res.body.errors[0].path, 'userId');
    }
    assert.equal((await admin.post('/api/v1/api-tokens', { name: 'X', userId: 'me' })).status, 400);
    assert.equal((await admin.post('/api/v1/api-tokens', { name: '' })).status, 400);
    assert.equal((await admin.post('/api/v1/api-tokens', { name: 'X', token: 'mine' })).status, 400);
  });

  test('only admins list, read, create, change, delete and restore tokens', async () => {
    const { body: created } = await admin.post('/api/v1/api-tokens', { name: 'Geheim' });
    for (const role of ['viewer', 'agent', 'manager'] as const) {
      const caller = await h.member(admin, role);
      const answers = [
        await caller.get('/api/v1/api-tokens'),
        await caller.get(`/api/v1/api-tokens/${created.id}`),
        await caller.post('/api/v1/api-tokens', { name: 'Meins' }),
        await caller.patch(`/api/v1/api-tokens/${created.id}`, { name: 'Y' }),
        await caller.delete(`/api/v1/api-tokens/${created.id}`),
        await caller.post(`/api/v1/api-tokens/${created.id}/restore`),
      ];
      for (const answer of answers) {
        assert.equal(answer.status, 403, `${role}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
    }
  });

  test('a token of another workspace is not found', async () => {
    const other = await h.workspace();
    const { body: created } = await other.post('/api/v1/api-tokens', { name: 'Anderswo' });
    assert.equal((await admin.get(`/api/v1/api-tokens/${created.id}`)).status, 404);
    assert.equal((await admin.delete(`/api/v1/api-tokens/${created.id}`)).status, 404);
    assert.equal((await admin.post(`/api/v1/api-tokens/${created.id}/restore`)).status, 404);
    assert.ok(
      !(await admin.get('/api/v1/api-tokens?limit=500')).body.data.some((t: { id: string }) => t.id === created.id),
    );
  });
});
