import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;
let viewer: Client;
let agent: Client;
let otherAgent: Client;
let manager: Client;

before(async () => {
  h = await harness();
  admin = await h.workspace();
  viewer = await h.member(admin, 'viewer');
  agent = await h.member(admin, 'agent');
  otherAgent = await h.member(admin, 'agent');
  manager = await h.member(admin, 'manager');
});
after(() => h.close());

const config = {
  columns: ['lastName', 'firstName', 'email', 'lifecycleStage'],
  sort: 'lastName,-createdAt',
  filters: [
    { field: 'lifecycleStage', op: 'in', value: 'lead,prospect' },
    { field: 'tags', op: 'has', value: 'vip' },
  ],
  q: 'müller',
};
let counter = 0;
const viewBody = (extra: Record<string, unknown> = {}) => ({
  resource: 'contacts',
  name: `Sicht ${++counter}`,
  config,
  ...extra,
});

describe('saved views', () => {
  test('a created view is returned with Location, ETag, owner and its config, and reads back the same', async () => {
    const res = await agent.post('/api/v1/views', viewBody({ name: 'Meine Leads' }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.headers.location, `/api/v1/views/${res.body.id}`);
    assert.equal(res.headers.etag, '"1"');
    assert.equal(res.body.ownerId, agent.userId);
    assert.equal(res.body.shared, false);
    assert.deepEqual(res.body.config, config);
    const read = await agent.get(`/api/v1/views/${res.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, res.body);
  });

  test("the list shows the caller's private views and every shared view, by name, optionally of one list", async () => {
    const tenant = await h.workspace();
    const colleague = await h.member(tenant, 'agent');
    await tenant.post('/api/v1/views', viewBody({ name: 'Zulu privat' }));
    await tenant.post('/api/v1/views', viewBody({ name: 'Alpha geteilt', shared: true }));
    await tenant.post('/api/v1/views', {
      resource: 'deals',
      name: 'Änderungen',
      config: { columns: ['title'], sort: '-amount', filters: [] },
    });
    await colleague.post('/api/v1/views', viewBody({ name: 'Beta fremd privat' }));
    await colleague.post('/api/v1/views', viewBody({ name: 'Bravo fremd geteilt', shared: true }));
    const mine = await tenant.get('/api/v1/views');
    assert.deepEqual(
      mine.body.data.map((v: { name: string }) => v.name),
      ['Alpha geteilt', 'Änderungen', 'Bravo fremd geteilt', 'Zulu privat'],
    );
    const contacts = await tenant.get('/api/v1/views?resource=contacts');
    assert.deepEqual(
      contacts.body.data.map((v: { name: string }) => v.name),
      ['Alpha geteilt', 'Bravo fremd geteilt', 'Zulu privat'],
    );
    const theirs = await colleague.get('/api/v1/views?resource=contacts');
    assert.deepEqual(
      theirs.body.data.map((v: { name: string }) => v.name),
      ['Alpha geteilt', 'Beta fremd privat', 'Bravo fremd geteilt'],
    );
    assert.equal((await tenant.get('/api/v1/views?resource=tasks')).status, 400);
  });

  test("another user's private view is 404 for everyone else, admins included", async () => {
    const { body: secret } = await agent.post('/api/v1/views', viewBody());
    for (const caller of [admin, manager, otherAgent, viewer]) {
      assert.equal((await caller.get(`/api/v1/views/${secret.id}`)).status, 404);
      assert.equal((await caller.patch(`/api/v1/views/${secret.id}`, { name: 'Übernommen' })).status, 404);
      assert.equal((await caller.delete(`/api/v1/views/${secret.id}`)).status, 404);
    }
    assert.equal((await agent.get(`/api/v1/views/${secret.id}`)).body.name, secret.name);
  });

  test('a viewer keeps private views of their own but cannot share one', async () => {
    const created = await viewer.post('/api/v1/views', viewBody());
    assert.equal(created.status, 201);
    const changed = await viewer.patch(`/api/v1/views/${created.body.id}`, {
      name: 'Umbenannt',
      config: { ...config, sort: null },
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.version, 2);
    assert.equal(changed.body.config.sort, null);
    assert.equal((await viewer.patch(`/api/v1/views/${created.body.id}`, { shared: true })).status, 403);
    assert.equal((await viewer.post('/api/v1/views', viewBody({ shared: true }))).status, 403);
    assert.equal((await viewer.delete(`/api/v1/views/${created.body.id}`)).status, 204);
  });

  test('a viewer may read a shared view but not change or delete it', async () => {
    const { body: shared } = await agent.post('/api/v1/views', viewBody({ shared: true }));
    assert.equal((await viewer.get(`/api/v1/views/${shared.id}`)).status, 200);
    assert.equal((await viewer.patch(`/api/v1/views/${shared.id}`, { name: 'Nein' })).status, 403);
    assert.equal((await viewer.delete(`/api/v1/views/${shared.id}`)).status, 403);
  });

  test("an agent shares views and changes their own shared view, but not a colleague's", async () => {
    const { body: shared } = await agent.post('/api/v1/views', viewBody({ shared: true }));
    assert.equal(shared.shared, true);
    assert.equal((await agent.patch(`/api/v1/views/${shared.id}`, { name: 'Team-Sicht' })).status, 200);
    const refused = await otherAgent.patch(`/api/v1/views/${shared.id}`, { name: 'Meine jetzt' });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await otherAgent.delete(`/api/v1/views/${shared.id}`)).status, 403);
    assert.equal((await agent.get(`/api/v1/views/${shared.id}`)).body.name, 'Team-Sicht');
    assert.equal((await agent.delete(`/api/v1/views/${shared.id}`)).status, 204);
  });

  test("a manager changes and deletes someone else's shared view", async () => {
    const { body: shared } = await agent.post('/api/v1/views', viewBody({ shared: true }));
    const changed = await manager.patch(`/api/v1/views/${shared.id}`, { name: 'Vom Manager' });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.ownerId, agent.userId);
    assert.equal((await manager.delete(`/api/v1/views/${shared.id}`)).status, 204);
  });

  test('names are unique per owner and list: a clash is a 409, other owners and lists may reuse a name', async () => {
    await agent.post('/api/v1/views', viewBody({ name: 'Doppelt' }));
    const clash = await agent.post('/api/v1/views', viewBody({ name: 'Doppelt', shared: true }));
    assert.equal(clash.status, 409);
    assert.equal(clash.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await otherAgent.post('/api/v1/views', viewBody({ name: 'Doppelt' }))).status, 201);
    const deals = await agent.post('/api/v1/views', {
      resource: 'deals',
      name: 'Doppelt',
      config: { columns: [], sort: null, filters: [] },
    });
    assert.equal(deals.status, 201);
    const { body: other } = await agent.post('/api/v1/views', viewBody({ name: 'Einzeln' }));
    assert.equal((await agent.patch(`/api/v1/views/${other.id}`, { name: 'Doppelt' })).status, 409);
  });

  test('a config that does not fit its list is a 422 naming each wrong part', async () => {
    const res = await agent.post('/api/v1/views', {
      resource: 'companies',
      name: 'Kaputt',
      config: {
        columns: ['name', 'lastName'],
        sort: 'tags',
        filters: [
          { field: 'nope', op: 'eq', value: 'x' },
          { field: 'name', op: 'gte', value: 'x' },
          { field: 'employeeCount', op: 'gt', value: 'viele' },
          { field: 'industry', op: 'contains', value: 'Bau' },
        ],
      },
    });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
      'config.columns.1',
      'config.filters.0.field',
      'config.filters.1.op',
      'config.filters.2.value',
      'config.sort',
    ]);
    const { body: ok } = await agent.post('/api/v1/views', viewBody());
    const patched = await agent.patch(`/api/v1/views/${ok.id}`, {
      config: { ...config, filters: [{ field: 'birthday', op: 'lt', value: 'gestern' }] },
    });
    assert.equal(patched.status, 422);
    assert.equal(patched.body.errors[0].path, 'config.filters.0.value');
  });

  test('the shape of a view is checked strictly: unknown keys, too many columns or filters, no resource change', async () => {
    const cases: Array<[unknown, string]> = [
      [viewBody({ config: { ...config, extra: 1 } }), 'body.config.extra'],
      [
        viewBody({ config: { ...config, columns: Array.from({ length: 41 }, () => 'lastName') } }),
        'body.config.columns',
      ],
      [
        viewBody({ config: { ...config, filters: Array.from({ length: 31 }, () => config.filters[0]) } }),
        'body.config.filters',
      ],
      [viewBody({ name: '' }), 'body.name'],
      [viewBody({ name: 'x'.repeat(101) }), 'body.name'],
      [viewBody({ resource: 'tasks' }), 'body.resource'],
      [viewBody({ config: { ...config, filters: [{ field: 'tags', op: 'has' }] } }), 'body.config.filters.0.value'],
    ];
    for (const [body, path] of cases) {
      const res = await agent.post('/api/v1/views', body);
      assert.equal(res.status, 400, `${path}: ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
    const { body: created } = await agent.post('/api/v1/views', viewBody());
    assert.equal((await agent.patch(`/api/v1/views/${created.id}`, { resource: 'deals' })).status, 400);
  });

  test('a stale If-Match is refused with 412 on change and delete', async () => {
    const { body: created } = await agent.post('/api/v1/views', viewBody());
    assert.equal(
      (await agent.patch(`/api/v1/views/${created.id}`, { name: 'Erste Änderung' }, { 'if-match': '"1"' })).status,
      200,
    );
    assert.equal(
      (await agent.patch(`/api/v1/views/${created.id}`, { name: 'Zu spät' }, { 'if-match': '"1"' })).status,
      412,
    );
    assert.equal((await agent.delete(`/api/v1/views/${created.id}`, { 'if-match': '"1"' })).status, 412);
    assert.equal((await agent.get(`/api/v1/views/${created.id}`)).body.name, 'Erste Änderung');
    assert.equal((await agent.delete(`/api/v1/views/${created.id}`, { 'if-match': '"2"' })).status, 204);
  });

  test('deleting a view removes it for good and the audit log keeps what it was', async () => {
    // The admin's own private view: the log shows a private view's entries to its owner only.
    const { body: created } = await admin.post('/api/v1/views', viewBody({ name: 'Vergänglich' }));
    assert.equal((await admin.delete(`/api/v1/views/${created.id}`)).status, 204);
    assert.equal((await admin.get(`/api/v1/views/${created.id}`)).status, 404);
    assert.equal((await admin.delete(`/api/v1/views/${created.id}`)).status, 404);
    assert.ok(!(await admin.get('/api/v1/views')).body.data.some((v: { id: string }) => v.id === created.id));
    const audit = await admin.get(`/api/v1/audit-log?recordType=saved_view&recordId=${created.id}`);
    assert.equal(audit.status, 200);
    const actions = audit.body.data.map((e: { action: string }) => e.action).sort();
    assert.deepEqual(actions, ['create', 'delete']);
  });

  test("another workspace's views, shared or not, are 404 and never listed", async () => {
    const other = await h.workspace();
    const { body: shared } = await other.post('/api/v1/views', viewBody({ name: 'Fremd geteilt', shared: true }));
    assert.equal((await admin.get(`/api/v1/views/${shared.id}`)).status, 404);
    assert.equal((await admin.patch(`/api/v1/views/${shared.id}`, { name: 'Übernommen' })).status, 404);
    assert.equal((await admin.delete(`/api/v1/views/${shared.id}`)).status, 404);
    assert.ok(!JSON.stringify((await admin.get('/api/v1/views')).body).includes(shared.id));
    const still = await other.get(`/api/v1/views/${shared.id}`);
    assert.equal(still.body.name, 'Fremd geteilt');
    assert.equal(still.body.version, 1);
  });
});
