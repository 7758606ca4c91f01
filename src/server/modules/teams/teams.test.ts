import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;
let agent: Client;
let viewer: Client;

before(async () => {
  h = await harness();
  admin = await h.workspace();
  agent = await h.member(admin, 'agent');
  viewer = await h.member(admin, 'viewer');
});
after(() => h.close());

const sorted = (ids: string[]) => [...ids].sort();

describe('teams', () => {
  test('an admin creates a team with members and everyone can read it', async () => {
    const res = await admin.post('/api/v1/teams', {
      name: 'Vertrieb Süd',
      description: 'Bayern und BW',
      memberIds: [agent.userId, viewer.userId, agent.userId],
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.location, `/api/v1/teams/${res.body.id}`);
    assert.equal(res.headers.etag, '"1"');
    assert.deepEqual(sorted(res.body.memberIds), sorted([agent.userId, viewer.userId]));
    const read = await viewer.get(`/api/v1/teams/${res.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, res.body);
  });

  test('patching memberIds replaces the whole membership', async () => {
    const { body: team } = await admin.post('/api/v1/teams', {
      name: 'Innendienst',
      memberIds: [agent.userId, viewer.userId],
    });
    const changed = await admin.patch(`/api/v1/teams/${team.id}`, { memberIds: [admin.userId] });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body.memberIds, [admin.userId]);
    assert.equal(changed.body.version, 2);
    const renamed = await admin.patch(`/api/v1/teams/${team.id}`, { name: 'Innendienst Nord' });
    assert.deepEqual(renamed.body.memberIds, [admin.userId], 'a patch without memberIds keeps the members');
    const emptied = await admin.patch(`/api/v1/teams/${team.id}`, { memberIds: [] });
    assert.deepEqual(emptied.body.memberIds, []);
  });

  test('an unknown or foreign member is refused with 422 and changes nothing', async () => {
    const other = await h.workspace();
    const unknown = '00000000-0000-7000-8000-000000000000';
    const create = await admin.post('/api/v1/teams', { name: 'Geister', memberIds: [agent.userId, unknown] });
    assert.equal(create.status, 422);
    assert.equal(create.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.ok(
      create.body.errors.some(
        (e: { path: string; message: string }) => e.path === 'memberIds' && e.message.includes(unknown),
      ),
    );
    const { body: team } = await admin.post('/api/v1/teams', { name: 'Echt', memberIds: [agent.userId] });
    const foreign = await admin.patch(`/api/v1/teams/${team.id}`, { memberIds: [other.userId] });
    assert.equal(foreign.status, 422);
    const read = await admin.get(`/api/v1/teams/${team.id}`);
    assert.deepEqual(read.body.memberIds, [agent.userId]);
    assert.equal(read.body.version, 1);
  });

  test('only admins create, change, delete and restore teams', async () => {
    const { body: team } = await admin.post('/api/v1/teams', { name: 'Nur Admins' });
    for (const caller of [agent, viewer, await h.member(admin, 'manager')]) {
      assert.equal((await caller.post('/api/v1/teams', { name: 'X' })).status, 403);
      assert.equal((await caller.patch(`/api/v1/teams/${team.id}`, { name: 'Y' })).status, 403);
      assert.equal((await caller.delete(`/api/v1/teams/${team.id}`)).status, 403);
      assert.equal((await caller.post(`/api/v1/teams/${team.id}/restore`)).status, 403);
      assert.equal((await caller.get(`/api/v1/teams/${team.id}`)).status, 200);
    }
  });

  test('a trashed team leaves the list and comes back with its members on restore', async () => {
    const { body: team } = await admin.post('/api/v1/teams', { name: 'Papierkorb-Team', memberIds: [agent.userId] });
    assert.equal((await admin.delete(`/api/v1/teams/${team.id}`)).status, 204);
    assert.equal((await viewer.get(`/api/v1/teams/${team.id}`)).status, 404);
    assert.equal((await admin.get('/api/v1/teams?name=Papierkorb-Team')).body.data.length, 0);
    assert.equal((await admin.get('/api/v1/teams?trashed=true&name=Papierkorb-Team')).body.data.length, 1);
    const restored = await admin.post(`/api/v1/teams/${team.id}/restore`);
    assert.equal(restored.status, 200);
    assert.deepEqual(restored.body.memberIds, [agent.userId]);
    assert.equal((await admin.post(`/api/v1/teams/${team.id}/restore`)).status, 409);
  });

  test('lists filter by name and by member', async () => {
    const tenant = await h.workspace();
    const alice = await h.member(tenant, 'agent');
    await tenant.post('/api/v1/teams', { name: 'Außendienst', memberIds: [alice.userId] });
    await tenant.post('/api/v1/teams', { name: 'Buchhaltung', memberIds: [tenant.userId] });
    await tenant.post('/api/v1/teams', { name: 'Geschäftsführung', memberIds: [tenant.userId, alice.userId] });
    const names = (res: { body: { data: Array<{ name: string }> } }) => res.body.data.map((t) => t.name);
    assert.deepEqual(names(await tenant.get('/api/v1/teams')), ['Außendienst', 'Buchhaltung', 'Geschäftsführung']);
    assert.deepEqual(names(await tenant.get(`/api/v1/teams?memberId=${alice.userId}`)), [
      'Außendienst',
      'Geschäftsführung',
    ]);
    assert.deepEqual(names(await tenant.get(`/api/v1/teams?memberId=${alice.userId}&name.contains=führ`)), [
      'Geschäftsführung',
    ]);
    assert.deepEqual(names(await tenant.get('/api/v1/teams?sort=-name&limit=1')), ['Geschäftsführung']);
    assert.equal((await tenant.get('/api/v1/teams?memberId=nope')).status, 400);
  });

  test('a trashed user drops out of memberIds', async () => {
    const gone = await h.member(admin, 'agent');
    const { body: team } = await admin.post('/api/v1/teams', {
      name: 'Fluktuation',
      memberIds: [gone.userId, agent.userId],
    });
    assert.equal((await admin.delete(`/api/v1/users/${gone.userId}`)).status, 204);
    assert.deepEqual((await admin.get(`/api/v1/teams/${team.id}`)).body.memberIds, [agent.userId]);
  });

  test('invalid team input is answered with 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'body.name'],
      [{ name: '   ' }, 'body.name'],
      [{ name: 'X', memberIds: ['not-an-id'] }, 'body.memberIds.0'],
      [{ name: 'X', memberIds: 'everyone' }, 'body.memberIds'],
      [{ name: 'X', leader: admin.userId }, 'body.leader'],
    ];
    for (const [body, path] of cases) {
      const res = await admin.post('/api/v1/teams', body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
  });
});
