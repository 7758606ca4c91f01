import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let api: Client;

before(async () => {
  h = await harness();
  api = await h.workspace();
});
after(() => h.close());

const stages = [
  { name: 'Erstkontakt', probability: 10, kind: 'open' },
  { name: 'Angebot', probability: 50, kind: 'open' },
  { name: 'Gewonnen', probability: 100, kind: 'won' },
  { name: 'Verloren', probability: 0, kind: 'lost' },
];

const names = (pipeline: { stages: Array<{ name: string }> }) => pipeline.stages.map((s) => s.name);

describe('pipelines', () => {
  test('a new workspace has exactly one default pipeline with ordered stages', async () => {
    const tenant = await h.workspace();
    const list = await tenant.get('/api/v1/pipelines');
    assert.equal(list.status, 200);
    assert.equal(list.body.data.length, 1);
    const [pipeline] = list.body.data;
    assert.equal(pipeline.isDefault, true);
    assert.deepEqual(names(pipeline), [
      'Qualifizierung',
      'Bedarfsanalyse',
      'Angebot',
      'Verhandlung',
      'Gewonnen',
      'Verloren',
    ]);
    assert.deepEqual(pipeline.stages[4], {
      id: pipeline.stages[4].id,
      name: 'Gewonnen',
      probability: 100,
      kind: 'won',
    });
  });

  test('a created pipeline is returned with Location, ETag, stage ids and the next position', async () => {
    const tenant = await h.workspace();
    const res = await tenant.post('/api/v1/pipelines', { name: 'Service-Verträge', stages });
    assert.equal(res.status, 201);
    assert.equal(res.headers.location, `/api/v1/pipelines/${res.body.id}`);
    assert.equal(res.headers.etag, '"1"');
    assert.equal(res.body.isDefault, false);
    assert.equal(res.body.position, 1);
    assert.deepEqual(names(res.body), ['Erstkontakt', 'Angebot', 'Gewonnen', 'Verloren']);
    assert.ok(res.body.stages.every((s: { id: string }) => /^[0-9a-f]{8}-[0-9a-f]{4}-7/.test(s.id)));
    const read = await tenant.get(`/api/v1/pipelines/${res.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, res.body);
  });

  test('invalid stage lists are refused naming the field', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ name: 'X' }, 400, 'body.stages'],
      [{ name: 'X', stages: [] }, 400, 'body.stages'],
      [{ name: 'X', stages: [{ name: 'A', probability: 101, kind: 'open' }] }, 400, 'body.stages.0.probability'],
      [{ name: 'X', stages: [{ name: 'A', probability: 10, kind: 'maybe' }] }, 400, 'body.stages.0.kind'],
      [
        { name: 'X', stages: [{ name: 'A', probability: 10, kind: 'open', colour: 'red' }] },
        400,
        'body.stages.0.colour',
      ],
      [{ name: 'X', stages: [{ name: 'Won', probability: 100, kind: 'won' }] }, 422, 'stages'],
      [
        {
          name: 'X',
          stages: [
            { name: 'A', probability: 10, kind: 'open' },
            { name: 'a', probability: 20, kind: 'open' },
          ],
        },
        422,
        'stages.1.name',
      ],
      [
        {
          name: 'X',
          stages: [{ id: '0190a000-0000-7000-8000-000000000000', name: 'A', probability: 10, kind: 'open' }],
        },
        422,
        'stages.0.id',
      ],
    ];
    for (const [body, status, path] of cases) {
      const res = await api.post('/api/v1/pipelines', body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
  });

  test('making a pipeline the default takes the flag from the previous one', async () => {
    const tenant = await h.workspace();
    const [old] = (await tenant.get('/api/v1/pipelines')).body.data;
    const created = await tenant.post('/api/v1/pipelines', { name: 'Partner', stages, isDefault: true });
    assert.equal(created.body.isDefault, true);
    const before = await tenant.get(`/api/v1/pipelines/${old.id}`);
    assert.equal(before.body.isDefault, false);
    assert.equal(before.body.version, old.version + 1);
    const back = await tenant.patch(`/api/v1/pipelines/${old.id}`, { isDefault: true });
    assert.equal(back.body.isDefault, true);
    const defaults = await tenant.get('/api/v1/pipelines?isDefault=true');
    assert.deepEqual(
      defaults.body.data.map((p: { id: string }) => p.id),
      [old.id],
    );
  });

  test('the default pipeline cannot simply stop being the default', async () => {
    const tenant = await h.workspace();
    const [pipeline] = (await tenant.get('/api/v1/pipelines')).body.data;
    const res = await tenant.patch(`/api/v1/pipelines/${pipeline.id}`, { isDefault: false });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].path, 'isDefault');
  });

  test('patching stages keeps sent ids, adds new stages, removes left-out ones and reorders', async () => {
    const { body: created } = await api.post('/api/v1/pipelines', { name: 'Umbau', stages });
    const [first, offer, won, lost] = created.stages;
    const res = await api.patch(`/api/v1/pipelines/${created.id}`, {
      name: 'Umbau 2',
      stages: [
        { id: offer.id, name: 'Angebot versendet', probability: 40, kind: 'open' },
        { name: 'Verhandlung', probability: 70, kind: 'open' },
        { id: lost.id, name: 'Verloren', probability: 0, kind: 'lost' },
        { id: won.id, name: 'Gewonnen', probability: 100, kind: 'won' },
      ],
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 2);
    assert.equal(res.body.name, 'Umbau 2');
    assert.deepEqual(names(res.body), ['Angebot versendet', 'Verhandlung', 'Verloren', 'Gewonnen']);
    assert.equal(res.body.stages[0].id, offer.id);
    assert.equal(res.body.stages[0].probability, 40);
    assert.ok(![first.id, offer.id, won.id, lost.id].includes(res.body.stages[1].id));
    assert.equal(res.body.stages[3].id, won.id);
    assert.deepEqual((await api.get(`/api/v1/pipelines/${created.id}`)).body, res.body);
  });

  test('a stage id of another pipeline is refused when replacing stages', async () => {
    const { body: one } = await api.post('/api/v1/pipelines', { name: 'Eins', stages });
    const { body: two } = await api.post('/api/v1/pipelines', { name: 'Zwei', stages });
    const res = await api.patch(`/api/v1/pipelines/${one.id}`, {
      stages: [{ id: two.stages[0].id, name: 'Fremd', probability: 10, kind: 'open' }],
    });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].path, 'stages.0.id');
  });

  test('a stage that still holds deals cannot be removed or change its kind', async () => {
    const { body: pipeline } = await api.post('/api/v1/pipelines', { name: 'Belegt', stages });
    const [first, offer, won, lost] = pipeline.stages;
    const { body: deal } = await api.post('/api/v1/deals', {
      title: 'Wartungsvertrag',
      pipelineId: pipeline.id,
      stageId: offer.id,
    });
    const keep = (s: { id: string; name: string; probability: number; kind: string }) => ({
      id: s.id,
      name: s.name,
      probability: s.probability,
      kind: s.kind,
    });
    const removing = await api.patch(`/api/v1/pipelines/${pipeline.id}`, {
      stages: [keep(first), keep(won), keep(lost)],
    });
    assert.equal(removing.status, 409);
    assert.match(removing.body.detail, /"Angebot" still holds 1 deal/);
    const rekinding = await api.patch(`/api/v1/pipelines/${pipeline.id}`, {
      stages: [keep(first), { ...keep(offer), kind: 'won' }, keep(won), keep(lost)],
    });
    assert.equal(rekinding.status, 409);
    assert.equal((await api.get(`/api/v1/pipelines/${pipeline.id}`)).body.stages.length, 4);

    assert.equal((await api.delete(`/api/v1/deals/${deal.id}`)).status, 204);
    const removed = await api.patch(`/api/v1/pipelines/${pipeline.id}`, {
      stages: [keep(first), keep(won), keep(lost)],
    });
    assert.equal(removed.status, 200);
    assert.deepEqual(names(removed.body), ['Erstkontakt', 'Gewonnen', 'Verloren']);
  });

  test('a stale If-Match is refused with 412 on patch and delete', async () => {
    const { body: created } = await api.post('/api/v1/pipelines', { name: 'Versionen', stages });
    const first = await api.patch(`/api/v1/pipelines/${created.id}`, { position: 7 }, { 'if-match': '"1"' });
    assert.equal(first.status, 200);
    assert.equal(first.headers.etag, '"2"');
    assert.equal(
      (await api.patch(`/api/v1/pipelines/${created.id}`, { position: 8 }, { 'if-match': '"1"' })).status,
      412,
    );
    assert.equal((await api.delete(`/api/v1/pipelines/${created.id}`, { 'if-match': '"1"' })).status, 412);
    assert.equal((await api.get(`/api/v1/pipelines/${created.id}`)).body.position, 7);
  });

  test('a pipeline goes to the trash and comes back, but not while it is the default or has open deals', async () => {
    const tenant = await h.workspace();
    const [main] = (await tenant.get('/api/v1/pipelines')).body.data;
    assert.equal((await tenant.delete(`/api/v1/pipelines/${main.id}`)).status, 409);
    const { body: side } = await tenant.post('/api/v1/pipelines', { name: 'Nebenher', stages });
    const { body: deal } = await tenant.post('/api/v1/deals', { title: 'Offen', pipelineId: side.id });
    const busy = await tenant.delete(`/api/v1/pipelines/${side.id}`);
    assert.equal(busy.status, 409);
    assert.match(busy.body.detail, /1 deal open/);
    await tenant.patch(`/api/v1/deals/${deal.id}`, { stageId: side.stages[2].id });

    assert.equal((await tenant.delete(`/api/v1/pipelines/${side.id}`)).status, 204);
    assert.equal((await tenant.get(`/api/v1/pipelines/${side.id}`)).status, 404);
    assert.deepEqual(
      (await tenant.get('/api/v1/pipelines')).body.data.map((p: { id: string }) => p.id),
      [main.id],
    );
    assert.equal((await tenant.get('/api/v1/pipelines?trashed=true')).body.data[0].id, side.id);
    const placing = await tenant.post('/api/v1/deals', { title: 'Neu', pipelineId: side.id });
    assert.equal(placing.status, 422);
    assert.equal(placing.body.errors[0].path, 'pipelineId');

    const restored = await tenant.post(`/api/v1/pipelines/${side.id}/restore`);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.deletedAt, null);
    assert.equal(restored.body.stages.length, 4);
    assert.equal((await tenant.post(`/api/v1/pipelines/${side.id}/restore`)).status, 409);
  });

  test('only managers change pipelines; everyone reads them', async () => {
    const viewer = await h.member(api, 'viewer');
    const agent = await h.member(api, 'agent');
    const manager = await h.member(api, 'manager');
    const { body: pipeline } = await manager.post('/api/v1/pipelines', { name: 'Manager', stages });
    assert.ok(pipeline.id);
    assert.equal((await agent.post('/api/v1/pipelines', { name: 'Agent', stages })).status, 403);
    assert.equal((await viewer.post('/api/v1/pipelines', { name: 'Viewer', stages })).status, 403);
    assert.equal((await agent.patch(`/api/v1/pipelines/${pipeline.id}`, { name: 'Umbenannt' })).status, 403);
    assert.equal((await agent.delete(`/api/v1/pipelines/${pipeline.id}`)).status, 403);
    assert.equal((await viewer.get(`/api/v1/pipelines/${pipeline.id}`)).status, 200);
    assert.equal((await manager.patch(`/api/v1/pipelines/${pipeline.id}`, { name: 'Umbenannt' })).status, 200);
    assert.equal((await manager.delete(`/api/v1/pipelines/${pipeline.id}`)).status, 204);
    assert.equal((await agent.post(`/api/v1/pipelines/${pipeline.id}/restore`)).status, 403);
  });

  test('lists filter by name and sort by position', async () => {
    const tenant = await h.workspace();
    for (const [name, position] of [
      ['Gamma', 5],
      ['Alpha', 9],
      ['Beta', 2],
    ] as const) {
      await tenant.post('/api/v1/pipelines', { name, position, stages });
    }
    const sorted = await tenant.get('/api/v1/pipelines?sort=-position&limit=2');
    assert.deepEqual(
      sorted.body.data.map((p: { name: string }) => p.name),
      ['Alpha', 'Gamma'],
    );
    const next = await tenant.get(`/api/v1/pipelines?sort=-position&limit=2&cursor=${sorted.body.nextCursor}`);
    assert.deepEqual(
      next.body.data.map((p: { name: string }) => p.name),
      ['Beta', 'Vertrieb'],
    );
    assert.deepEqual(next.body.data[1].stages.length, 6);
    const filtered = await tenant.get('/api/v1/pipelines?name.contains=alp');
    assert.deepEqual(
      filtered.body.data.map((p: { name: string }) => p.name),
      ['Alpha'],
    );
    assert.equal((await tenant.get('/api/v1/pipelines?isDefault=maybe')).status, 400);
  });

  test('a pipeline of another workspace does not exist for the caller', async () => {
    const other = await h.workspace();
    const [theirs] = (await other.get('/api/v1/pipelines')).body.data;
    assert.equal((await api.get(`/api/v1/pipelines/${theirs.id}`)).status, 404);
    assert.equal((await api.patch(`/api/v1/pipelines/${theirs.id}`, { name: 'Gekapert' })).status, 404);
    assert.equal((await api.delete(`/api/v1/pipelines/${theirs.id}`)).status, 404);
    assert.equal((await api.post('/api/v1/deals', { title: 'Fremd', pipelineId: theirs.id })).status, 422);
  });
});
