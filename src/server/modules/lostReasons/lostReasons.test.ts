// Lost reasons through the HTTP API: the defaults, what admins change, who may, workspace
// isolation, and a deal lost with a reason.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;
let lost: string;

before(async () => {
  h = await harness();
  admin = await h.workspace();
  const pipeline = (await admin.get('/api/v1/pipelines?isDefault=true')).body.data[0];
  lost = pipeline.stages.find((s: { kind: string }) => s.kind === 'lost').id;
});
after(() => h.close());

const names = (list: Array<{ name: string }>) => list.map((r) => r.name);

describe('lost reasons', () => {
  test('a new workspace offers the default reasons in German, each with its key', async () => {
    const own = await h.workspace();
    const res = await own.get('/api/v1/lost-reasons');
    assert.equal(res.status, 200);
    assert.deepEqual(names(res.body.data), [
      'Preis zu hoch',
      'Wettbewerber gewählt',
      'Kein Budget',
      'Kein Bedarf',
      'Falscher Zeitpunkt',
      'Keine Rückmeldung',
    ]);
    assert.deepEqual(
      res.body.data.map((r: { key: string }) => r.key),
      ['price', 'competitor', 'budget', 'need', 'timing', 'noResponse'],
    );
    assert.deepEqual(
      res.body.data.map((r: { position: number; active: boolean }) => [r.position, r.active]),
      [0, 1, 2, 3, 4, 5].map((p) => [p, true]),
    );
  });

  test('an admin adds a reason, offered last and without a key', async () => {
    const res = await admin.post('/api/v1/lost-reasons', { name: '  Projekt gestoppt ' });
    assert.equal(res.status, 201);
    assert.equal(res.headers.etag, '"1"');
    assert.deepEqual([res.body.name, res.body.key], ['Projekt gestoppt', null]);
    const list = (await admin.get('/api/v1/lost-reasons')).body.data;
    assert.equal(list.at(-1).name, 'Projekt gestoppt');
    assert.equal(list.at(-1).position, list.length - 1);
  });

  test('renaming a default reason drops its key; a taken name is a 409', async () => {
    const price = (await admin.get('/api/v1/lost-reasons')).body.data.find((r: any) => r.key === 'price');
    const taken = await admin.patch(`/api/v1/lost-reasons/${price.id}`, { name: 'kein budget' });
    assert.equal(taken.status, 409);
    const res = await admin.patch(`/api/v1/lost-reasons/${price.id}`, { name: 'Zu teuer' }, { 'if-match': '"1"' });
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.name, res.body.key, res.body.version], ['Zu teuer', null, 2]);
    const stale = await admin.patch(`/api/v1/lost-reasons/${price.id}`, { name: 'Teuer' }, { 'if-match': '"1"' });
    assert.equal(stale.status, 412);
  });

  test('a deactivated reason is no longer offered, but listed with includeInactive', async () => {
    const reason = (await admin.post('/api/v1/lost-reasons', { name: 'Insolvenz' })).body;
    assert.equal((await admin.patch(`/api/v1/lost-reasons/${reason.id}`, { active: false })).status, 200);
    assert.ok(!names((await admin.get('/api/v1/lost-reasons')).body.data).includes('Insolvenz'));
    const all = (await admin.get('/api/v1/lost-reasons?includeInactive=true')).body.data;
    assert.equal(all.find((r: any) => r.id === reason.id).active, false);
  });

  test('reordering takes every reason once; anything else is a 422 that changes nothing', async () => {
    const own = await h.workspace();
    const before = (await own.get('/api/v1/lost-reasons')).body.data;
    const ids = before.map((r: { id: string }) => r.id);
    for (const bad of [ids.slice(1), [...ids, ids[0]], [...ids.slice(1), crypto.randomUUID()]]) {
      assert.equal((await own.request('PUT', '/api/v1/lost-reasons/order', { ids: bad })).status, 422);
    }
    assert.deepEqual((await own.get('/api/v1/lost-reasons')).body.data, before);
    const res = await own.request('PUT', '/api/v1/lost-reasons/order', { ids: [...ids].reverse() });
    assert.equal(res.status, 200);
    assert.deepEqual(names(res.body.data), names(before).reverse());
    assert.deepEqual(
      res.body.data.map((r: { position: number }) => r.position),
      [0, 1, 2, 3, 4, 5],
    );
  });

  test('bad input is a 400, never a 500', async () => {
    const calls = [
      await admin.post('/api/v1/lost-reasons', {}),
      await admin.post('/api/v1/lost-reasons', { name: '   ' }),
      await admin.post('/api/v1/lost-reasons', { name: 'x'.repeat(101) }),
      await admin.post('/api/v1/lost-reasons', { name: 'A', key: 'price' }),
      await admin.patch('/api/v1/lost-reasons/not-an-id', { name: 'A' }),
      await admin.patch(`/api/v1/lost-reasons/${crypto.randomUUID()}`, { active: 'no' }),
      await admin.request('PUT', '/api/v1/lost-reasons/order', { ids: ['x'] }),
      await admin.get('/api/v1/lost-reasons?includeInactive=maybe'),
    ];
    for (const res of calls) assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal((await admin.patch(`/api/v1/lost-reasons/${crypto.randomUUID()}`, { name: 'A' })).status, 404);
  });

  test('every role reads the list; only an admin changes it', async () => {
    const reason = (await admin.get('/api/v1/lost-reasons')).body.data[0];
    for (const role of ['viewer', 'agent', 'manager'] as const) {
      const member = await h.member(admin, role);
      assert.equal((await member.get('/api/v1/lost-reasons')).status, 200, role);
      assert.equal((await member.post('/api/v1/lost-reasons', { name: `Von ${role}` })).status, 403, role);
      assert.equal((await member.patch(`/api/v1/lost-reasons/${reason.id}`, { active: false })).status, 403, role);
      const order = await member.request('PUT', '/api/v1/lost-reasons/order', { ids: [reason.id] });
      assert.equal(order.status, 403, role);
    }
    assert.equal((await admin.get('/api/v1/lost-reasons')).body.data[0].active, true);
  });

  test("one workspace neither sees nor changes another's reasons, nor gives them to its deals", async () => {
    const other = await h.workspace('Fremd GmbH');
    const theirs = (await other.post('/api/v1/lost-reasons', { name: 'Geheimer Grund' })).body;
    assert.ok(
      !names((await admin.get('/api/v1/lost-reasons?includeInactive=true')).body.data).includes('Geheimer Grund'),
    );
    assert.equal((await admin.patch(`/api/v1/lost-reasons/${theirs.id}`, { name: 'Übernommen' })).status, 404);
    assert.equal((await admin.get(`/api/v1/lost-reasons/${theirs.id}`)).status, 404);
    assert.equal((await other.get(`/api/v1/lost-reasons/${theirs.id}`)).body.name, 'Geheimer Grund');
    const deal = await admin.post('/api/v1/deals', { title: 'Fremdgrund', stageId: lost, lostReasonId: theirs.id });
    assert.equal(deal.status, 422);
    assert.equal(deal.body.errors[0].path, 'lostReasonId');
    assert.equal(
      (await other.get(`/api/v1/lost-reasons?includeInactive=true`)).body.data.at(-1).name,
      'Geheimer Grund',
    );
  });

  test('a deal lost with a reason and a note keeps both; leaving the lost stage clears them', async () => {
    const reason = (await admin.get('/api/v1/lost-reasons')).body.data[1];
    const deal = (await admin.post('/api/v1/deals', { title: 'Server-Tausch' })).body;
    const res = await admin.patch(
      `/api/v1/deals/${deal.id}`,
      { stageId: lost, lostReasonId: reason.id, lostReason: 'Angebot von Konkurrent 20 % günstiger' },
      { 'if-match': `"${deal.version}"` },
    );
    assert.equal(res.status, 200);
    assert.deepEqual(
      [res.body.status, res.body.lostReasonId, res.body.lostReason],
      ['lost', reason.id, 'Angebot von Konkurrent 20 % günstiger'],
    );
    const listed = (await admin.get(`/api/v1/deals?lostReasonId=${reason.id}`)).body.data;
    assert.deepEqual(
      listed.map((d: { id: string }) => d.id),
      [deal.id],
    );
    const undone = await admin.patch(`/api/v1/deals/${deal.id}`, { stageId: deal.stageId });
    assert.deepEqual([undone.body.status, undone.body.lostReasonId, undone.body.lostReason], ['open', null, null]);
  });

  test('an open deal cannot have a lost reason, nor a deal an inactive or unknown one', async () => {
    const reason = (await admin.post('/api/v1/lost-reasons', { name: 'Fusion' })).body;
    const open = await admin.post('/api/v1/deals', { title: 'Offen', lostReasonId: reason.id });
    assert.equal(open.status, 422);
    assert.equal(open.body.errors[0].path, 'lostReasonId');
    const deal = (
      await admin.post('/api/v1/deals', { title: 'Fusion geplatzt', stageId: lost, lostReasonId: reason.id })
    ).body;
    assert.equal(deal.lostReasonId, reason.id);
    await admin.patch(`/api/v1/lost-reasons/${reason.id}`, { active: false });
    // The deal keeps its reason, and other changes of it still go through.
    const renamed = await admin.patch(`/api/v1/deals/${deal.id}`, {
      title: 'Fusion abgesagt',
      lostReasonId: reason.id,
    });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.lostReasonId, reason.id);
    const fresh = await admin.post('/api/v1/deals', { title: 'Neu', stageId: lost, lostReasonId: reason.id });
    assert.equal(fresh.status, 422);
    const unknown = await admin.post('/api/v1/deals', { title: 'X', stageId: lost, lostReasonId: crypto.randomUUID() });
    assert.equal(unknown.status, 422);
  });
});
