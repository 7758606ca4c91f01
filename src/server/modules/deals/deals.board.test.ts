// What the pipeline board asks of deals: reopening a closed deal, whose deals (mine, my
// teams'), the period of the closed columns in the figures, and each deal's next task.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;
let stages: Array<{ id: string; name: string; kind: string }>;
let pipelineId: string;

before(async () => {
  h = await harness();
  admin = await h.workspace();
  const pipeline = (await admin.get('/api/v1/pipelines?isDefault=true')).body.data[0];
  pipelineId = pipeline.id;
  stages = pipeline.stages;
});
after(() => h.close());

const stage = (name: string) => stages.find((s) => s.name === name)!.id;
const titles = (list: Array<{ title: string }>) => list.map((d) => d.title).sort();

describe('deals on the board', () => {
  test('reopening a lost deal takes it back to the open stage it left, without its reason', async () => {
    const reason = (await admin.get('/api/v1/lost-reasons')).body.data[0];
    const deal = (await admin.post('/api/v1/deals', { title: 'Wartungsvertrag', stageId: stage('Angebot') })).body;
    const lostDeal = await admin.patch(`/api/v1/deals/${deal.id}`, {
      stageId: stage('Verloren'),
      lostReasonId: reason.id,
      lostReason: 'zu spät',
    });
    assert.equal(lostDeal.body.status, 'lost');
    const stale = await admin.post(`/api/v1/deals/${deal.id}/reopen`, undefined, { 'if-match': '"1"' });
    assert.equal(stale.status, 412);
    const res = await admin.post(`/api/v1/deals/${deal.id}/reopen`, undefined, {
      'if-match': `"${lostDeal.body.version}"`,
    });
    assert.equal(res.status, 200);
    assert.deepEqual(
      [res.body.status, res.body.stageId, res.body.lostReasonId, res.body.lostReason, res.body.closedAt],
      ['open', stage('Angebot'), null, null, null],
    );
    const history = (await admin.get(`/api/v1/deals/${deal.id}/stage-history`)).body.data;
    assert.equal(history.at(-1).toStageId, stage('Angebot'));
    assert.equal((await admin.post(`/api/v1/deals/${deal.id}/reopen`)).status, 409);
  });

  test('a deal created won reopens in the first open stage', async () => {
    const deal = (await admin.post('/api/v1/deals', { title: 'Sofort gewonnen', stageId: stage('Gewonnen') })).body;
    const res = await admin.post(`/api/v1/deals/${deal.id}/reopen`);
    assert.deepEqual([res.body.status, res.body.stageId], ['open', stage('Qualifizierung')]);
    assert.equal((await admin.post(`/api/v1/deals/${crypto.randomUUID()}/reopen`)).status, 404);
    assert.equal((await admin.post('/api/v1/deals/kein-id/reopen')).status, 400);
    const viewer = await h.member(admin, 'viewer');
    assert.equal((await viewer.post(`/api/v1/deals/${deal.id}/reopen`)).status, 403);
  });

  test('ownedBy=me lists my deals, ownedBy=myTeams those of everyone in my teams too', async () => {
    const own = await h.workspace();
    const mate = await h.member(own, 'agent');
    const stranger = await h.member(own, 'agent');
    const nord = (await own.post('/api/v1/teams', { name: 'Nord', memberIds: [own.userId, mate.userId] })).body;
    await own.post('/api/v1/teams', { name: 'Süd', memberIds: [stranger.userId] });
    await own.post('/api/v1/deals', { title: 'Meins' });
    await mate.post('/api/v1/deals', { title: 'Vom Kollegen' });
    await stranger.post('/api/v1/deals', { title: 'Aus dem Süden' });
    await own.post('/api/v1/deals', { title: 'Niemandes', ownerId: null });
    assert.deepEqual(titles((await own.get('/api/v1/deals?ownedBy=me')).body.data), ['Meins']);
    assert.deepEqual(titles((await own.get('/api/v1/deals?ownedBy=myTeams')).body.data), ['Meins', 'Vom Kollegen']);
    assert.deepEqual(titles((await stranger.get('/api/v1/deals?ownedBy=myTeams')).body.data), ['Aus dem Süden']);
    assert.equal((await own.get('/api/v1/deals')).body.data.length, 4);
    const totals = (await own.get(`/api/v1/pipelines/${await defaultPipeline(own)}/totals?ownedBy=myTeams`)).body;
    assert.equal(totals.data[0].count, 2);
    assert.equal((await own.get('/api/v1/deals?ownedBy=everyone')).status, 400);
    // The list's total counts the same deals as its rows.
    assert.equal((await own.get('/api/v1/deals/count?ownedBy=myTeams')).body.total, 2);
    assert.equal((await own.get('/api/v1/deals/count')).body.total, 4);
    // A trashed team is nobody's team any more, as on the tasks list.
    assert.equal((await own.delete(`/api/v1/teams/${nord.id}`)).status, 204);
    assert.deepEqual(titles((await own.get('/api/v1/deals?ownedBy=myTeams')).body.data), ['Meins']);
  });

  test('the figures count closed deals of the period only, and open deals all', async () => {
    const own = await h.workspace();
    const pipeline = (await own.get('/api/v1/pipelines?isDefault=true')).body.data[0];
    const won = pipeline.stages.find((s: { kind: string }) => s.kind === 'won').id;
    await own.post('/api/v1/deals', {
      title: 'Gewonnen heute',
      stageId: won,
      amount: { amount: '100', currency: 'EUR' },
    });
    await own.post('/api/v1/deals', { title: 'Offen' });
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const counts = async (query: string) =>
      Object.fromEntries(
        (await own.get(`/api/v1/pipelines/${pipeline.id}/totals${query}`)).body.data.map(
          (c: { stageId: string; count: number }) => [c.stageId === won ? 'won' : 'open', c.count],
        ),
      );
    assert.deepEqual(await counts(`?closedFrom=${today}`), { won: 1, open: 1 });
    assert.deepEqual(await counts(`?closedFrom=${tomorrow}`), { open: 1 });
    assert.deepEqual(await counts(`?closedBefore=${today}`), { open: 1 });
    const listed = await own.get(`/api/v1/deals?stageId=${won}&closedAt.gte=${tomorrow}`);
    assert.equal(listed.body.data.length, 0);
    for (const bad of ['?closedFrom=morgen', '?closedFrom=2026-02-30', '?ownerId=x', '?ownedBy=all', '?foo=1']) {
      assert.equal((await own.get(`/api/v1/pipelines/${pipeline.id}/totals${bad}`)).status, 400, bad);
    }
  });

  test("a deal's next task is its open linked task due first, in the list and on its own", async () => {
    const deal = (await admin.post('/api/v1/deals', { title: 'Mit Aufgaben' })).body;
    assert.equal(deal.nextTask, null);
    await admin.post('/api/v1/tasks', { title: 'Ohne Termin', dealIds: [deal.id] });
    const later = (
      await admin.post('/api/v1/tasks', { title: 'Später', dueAt: '2030-05-02T08:00:00Z', dealIds: [deal.id] })
    ).body;
    const first = (
      await admin.post('/api/v1/tasks', { title: 'Zuerst', dueAt: '2030-05-01T08:00:00Z', dealIds: [deal.id] })
    ).body;
    await admin.post('/api/v1/tasks', { title: 'Anderswo', dueAt: '2020-01-01T08:00:00Z' });
    const read = (await admin.get(`/api/v1/deals/${deal.id}`)).body;
    assert.deepEqual(read.nextTask, { id: first.id, title: 'Zuerst', dueAt: '2030-05-01T08:00:00.000Z' });
    await admin.patch(`/api/v1/tasks/${first.id}`, { status: 'done' });
    const listed = (await admin.get(`/api/v1/deals?pipelineId=${pipelineId}&limit=500`)).body.data;
    assert.equal(listed.find((d: { id: string }) => d.id === deal.id).nextTask.id, later.id);
  });
});

async function defaultPipeline(client: Client) {
  return (await client.get('/api/v1/pipelines?isDefault=true')).body.data[0].id as string;
}
