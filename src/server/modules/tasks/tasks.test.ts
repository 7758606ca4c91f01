import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { markDueReminders } from './tasks.reminders.ts';

let h: Harness;
let api: Client;

before(async () => {
  h = await harness();
  api = await h.workspace();
});
after(() => h.close());

const missing = '00000000-0000-7000-8000-000000000000';

async function contact(client: Client, lastName: string): Promise<string> {
  const res = await client.post('/api/v1/contacts', { lastName });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

const titles = (res: { body: { data: Array<{ title: string }> } }) => res.body.data.map((t) => t.title);

describe('tasks', () => {
  test('a created follow-up is returned with Location, ETag and the defaults', async () => {
    const person = await contact(api, 'Wiedervorlage');
    const res = await api.post('/api/v1/tasks', {
      title: 'Angebot nachfassen',
      description: 'Nach der Messe anrufen',
      dueAt: '2026-05-04T09:00:00+02:00',
      remindAt: '2026-05-04T08:30:00+02:00',
      contactIds: [person],
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.location, `/api/v1/tasks/${res.body.id}`);
    assert.equal(res.headers.etag, '"1"');
    assert.equal(res.body.dueAt, '2026-05-04T07:00:00.000Z');
    assert.equal(res.body.remindAt, '2026-05-04T06:30:00.000Z');
    assert.equal(res.body.remindedAt, null);
    assert.equal(res.body.priority, 'normal');
    assert.equal(res.body.status, 'open');
    assert.equal(res.body.completedAt, null);
    assert.equal(res.body.assigneeId, api.userId);
    assert.deepEqual(res.body.contactIds, [person]);
    assert.deepEqual((await api.get(`/api/v1/tasks/${res.body.id}`)).body, res.body);
  });

  test('invalid tasks are answered with 400 or 422 naming the field', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, 'body.title'],
      [{ title: '  ' }, 400, 'body.title'],
      [{ title: 'X', priority: 'asap' }, 400, 'body.priority'],
      [{ title: 'X', status: 'waiting' }, 400, 'body.status'],
      [{ title: 'X', dueAt: '2026-13-01T00:00:00Z' }, 400, 'body.dueAt'],
      [{ title: 'X', remind: true }, 400, 'body.remind'],
      [{ title: 'X', dueAt: '2026-05-04T09:00:00Z', remindAt: '2026-05-04T09:00:01Z' }, 422, 'remindAt'],
      [{ title: 'X', assigneeId: missing }, 422, 'assigneeId'],
      [{ title: 'X', dealIds: [missing] }, 422, 'dealIds'],
    ];
    for (const [body, status, path] of cases) {
      const res = await api.post('/api/v1/tasks', body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
  });

  test('moving the due time before the stored reminder is refused', async () => {
    const { body: created } = await api.post('/api/v1/tasks', {
      title: 'Reminder',
      dueAt: '2026-06-10T12:00:00Z',
      remindAt: '2026-06-10T10:00:00Z',
    });
    const res = await api.patch(`/api/v1/tasks/${created.id}`, { dueAt: '2026-06-10T09:00:00Z' });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].path, 'dueAt');
    const both = await api.patch(`/api/v1/tasks/${created.id}`, {
      dueAt: '2026-06-10T09:00:00Z',
      remindAt: '2026-06-10T08:00:00Z',
    });
    assert.equal(both.status, 200);
    assert.equal((await api.patch(`/api/v1/tasks/${created.id}`, { dueAt: null })).status, 200);
  });

  test('done sets the completion time, reopening clears it', async () => {
    const { body: created } = await api.post('/api/v1/tasks', { title: 'Erledigen' });
    const done = await api.patch(`/api/v1/tasks/${created.id}`, { status: 'done' });
    assert.equal(done.body.status, 'done');
    assert.ok(Math.abs(Date.parse(done.body.completedAt) - Date.now()) < 60_000);
    const again = await api.patch(`/api/v1/tasks/${created.id}`, { status: 'done', title: 'Erledigt' });
    assert.equal(again.body.completedAt, done.body.completedAt, 'saving a done task again keeps its completion time');
    const reopened = await api.patch(`/api/v1/tasks/${created.id}`, { status: 'open' });
    assert.equal(reopened.body.completedAt, null);
    const cancelled = await api.patch(`/api/v1/tasks/${created.id}`, { status: 'cancelled' });
    assert.equal(cancelled.body.completedAt, null);
    const createdDone = await api.post('/api/v1/tasks', { title: 'Schon erledigt', status: 'done' });
    assert.ok(createdDone.body.completedAt);
  });

  test('a moved reminder fires again', async () => {
    const { body: created } = await api.post('/api/v1/tasks', { title: 'Erinnern', remindAt: '2020-01-01T08:00:00Z' });
    await markDueReminders(h.ctx);
    const reminded = await api.get(`/api/v1/tasks/${created.id}`);
    assert.ok(reminded.body.remindedAt);
    const moved = await api.patch(`/api/v1/tasks/${created.id}`, { remindAt: '2099-01-01T08:00:00Z' });
    assert.equal(moved.body.remindedAt, null);
  });

  test('lists filter by assignee, mine, status, priority, due time and linked record, soonest due first', async () => {
    const tenant = await h.workspace();
    const agent = await h.member(tenant, 'agent');
    const person = await contact(tenant, 'Aufgaben');
    await tenant.post('/api/v1/tasks', { title: 'Später', dueAt: '2026-07-03T09:00:00Z', priority: 'high' });
    await tenant.post('/api/v1/tasks', { title: 'Ohne Termin' });
    await tenant.post('/api/v1/tasks', { title: 'Bald', dueAt: '2026-07-01T09:00:00Z', contactIds: [person] });
    await tenant.post('/api/v1/tasks', {
      title: 'Für den Agenten',
      dueAt: '2026-07-02T09:00:00Z',
      assigneeId: agent.userId,
      priority: 'urgent',
    });
    await agent.post('/api/v1/tasks', {
      title: 'Erledigt',
      dueAt: '2026-06-01T09:00:00Z',
      status: 'done',
      contactIds: [person],
    });
    assert.deepEqual(titles(await tenant.get('/api/v1/tasks')), [
      'Erledigt',
      'Bald',
      'Für den Agenten',
      'Später',
      'Ohne Termin',
    ]);
    assert.deepEqual(titles(await tenant.get('/api/v1/tasks?status=open&sort=-dueAt')), [
      'Ohne Termin',
      'Später',
      'Für den Agenten',
      'Bald',
    ]);
    assert.deepEqual(titles(await agent.get('/api/v1/tasks?mine=true')), ['Erledigt', 'Für den Agenten']);
    assert.deepEqual(titles(await tenant.get('/api/v1/tasks?mine=true&status=open')), [
      'Bald',
      'Später',
      'Ohne Termin',
    ]);
    assert.deepEqual(titles(await tenant.get(`/api/v1/tasks?assigneeId=${agent.userId}&status.ne=done`)), [
      'Für den Agenten',
    ]);
    assert.deepEqual(titles(await tenant.get('/api/v1/tasks?priority.in=high,urgent')), ['Für den Agenten', 'Später']);
    assert.deepEqual(
      titles(await tenant.get('/api/v1/tasks?dueAt.gte=2026-07-01T00:00:00Z&dueAt.lte=2026-07-02T09:00:00Z')),
      ['Bald', 'Für den Agenten'],
    );
    assert.deepEqual(titles(await tenant.get('/api/v1/tasks?dueAt.empty=true')), ['Ohne Termin']);
    assert.deepEqual(titles(await tenant.get(`/api/v1/tasks?contactId=${person}`)), ['Erledigt', 'Bald']);
    assert.deepEqual(titles(await tenant.get(`/api/v1/tasks?contactId=${person}&mine=true`)), ['Bald']);
    assert.equal((await tenant.get('/api/v1/tasks?mine=yes')).status, 400);
    assert.equal((await tenant.get('/api/v1/tasks?priority=asap')).status, 400);
  });

  test("owner=me, owner=team and no owner list mine, my teams' and everyone's tasks", async () => {
    const tenant = await h.workspace();
    const [colleague, otherTeam, loner] = await Promise.all([
      h.member(tenant, 'agent'),
      h.member(tenant, 'agent'),
      h.member(tenant, 'agent'),
    ]);
    const sales = await tenant.post('/api/v1/teams', {
      name: 'Vertrieb',
      memberIds: [tenant.userId, colleague.userId],
    });
    assert.equal(sales.status, 201, JSON.stringify(sales.body));
    // A trashed team no longer makes its members teammates.
    const old = await tenant.post('/api/v1/teams', { name: 'Alt', memberIds: [tenant.userId, otherTeam.userId] });
    assert.equal((await tenant.delete(`/api/v1/teams/${old.body.id}`)).status, 204);
    await tenant.post('/api/v1/teams', { name: 'Service', memberIds: [otherTeam.userId] });
    for (const [title, assigneeId] of [
      ['Meine', tenant.userId],
      ['Kollegin', colleague.userId],
      ['Anderes Team', otherTeam.userId],
      ['Allein', loner.userId],
    ]) {
      await tenant.post('/api/v1/tasks', { title, assigneeId, dueAt: '2026-08-01T09:00:00Z' });
    }
    const sorted = async (client: Client, query: string) => titles(await client.get(`/api/v1/tasks${query}`)).sort();
    assert.deepEqual(await sorted(tenant, '?owner=me'), ['Meine']);
    assert.deepEqual(await sorted(tenant, '?owner=team'), ['Kollegin', 'Meine']);
    assert.deepEqual(await sorted(colleague, '?owner=team'), ['Kollegin', 'Meine']);
    assert.deepEqual(await sorted(tenant, ''), ['Allein', 'Anderes Team', 'Kollegin', 'Meine']);
    // In no team, "my team" is just me.
    assert.deepEqual(await sorted(loner, '?owner=team'), ['Allein']);
    assert.equal((await tenant.get('/api/v1/tasks?owner=boss')).status, 400);
  });

  test('links are added and removed one by one through the links endpoints', async () => {
    const person = await contact(api, 'Aufgabenlink');
    const { body: firma } = await api.post('/api/v1/companies', { name: 'Aufgaben AG' });
    const { body: created } = await api.post('/api/v1/tasks', { title: 'Verlinken', companyIds: [firma.id] });
    const added = await api.post(`/api/v1/tasks/${created.id}/links`, { type: 'contact', id: person });
    assert.equal(added.status, 201);
    assert.deepEqual(added.body.contactIds, [person]);
    assert.equal(added.body.version, 2);
    assert.equal((await api.post(`/api/v1/tasks/${created.id}/links`, { type: 'contact', id: person })).status, 200);
    assert.equal((await api.delete(`/api/v1/tasks/${created.id}/links/company/${firma.id}`)).status, 204);
    assert.equal((await api.delete(`/api/v1/tasks/${created.id}/links/company/${firma.id}`)).status, 404);
    const read = await api.get(`/api/v1/tasks/${created.id}`);
    assert.deepEqual(read.body.companyIds, []);
    assert.deepEqual(read.body.contactIds, [person]);
    assert.equal(read.body.version, 3);
    assert.equal((await api.post(`/api/v1/tasks/${created.id}/links`, { type: 'deal', id: missing })).status, 422);
    const replaced = await api.patch(`/api/v1/tasks/${created.id}`, { contactIds: [] });
    assert.deepEqual(replaced.body.contactIds, []);
  });

  test('viewers read, agents write, managers trash and restore', async () => {
    const viewer = await h.member(api, 'viewer');
    const agent = await h.member(api, 'agent');
    const manager = await h.member(api, 'manager');
    assert.equal((await viewer.post('/api/v1/tasks', { title: 'Nein' })).status, 403);
    const { body: created } = await agent.post('/api/v1/tasks', { title: 'Rollen' });
    assert.equal((await viewer.get(`/api/v1/tasks/${created.id}`)).status, 200);
    assert.equal((await viewer.patch(`/api/v1/tasks/${created.id}`, { status: 'done' })).status, 403);
    assert.equal((await viewer.delete(`/api/v1/tasks/${created.id}/links/contact/${missing}`)).status, 403);
    assert.equal((await agent.delete(`/api/v1/tasks/${created.id}`)).status, 403);
    assert.equal((await manager.delete(`/api/v1/tasks/${created.id}`)).status, 204);
    assert.equal((await agent.get(`/api/v1/tasks/${created.id}`)).status, 404);
    assert.equal((await agent.get('/api/v1/tasks?title=Rollen')).body.data.length, 0);
    assert.equal((await manager.get('/api/v1/tasks?title=Rollen&trashed=true')).body.data.length, 1);
    assert.equal((await manager.post(`/api/v1/tasks/${created.id}/restore`)).status, 200);
  });

  test("a task names its linked records, a trashed contact as trashed, never another workspace's", async () => {
    const person = (await api.post('/api/v1/contacts', { firstName: 'Tom', lastName: 'Task' })).body.id;
    const gone = await contact(api, 'Papierkorb');
    const firma = (await api.post('/api/v1/companies', { name: 'Aufgaben AG' })).body.id;
    const other = await h.workspace();
    const foreign = await contact(other, 'Papierkorb');
    await other.post('/api/v1/tasks', { title: 'Fremde Namen', contactIds: [foreign] });
    const created = await api.post('/api/v1/tasks', {
      title: 'Namen zeigen',
      contactIds: [person, gone],
      companyIds: [firma],
    });
    assert.equal(created.status, 201);
    assert.equal((await api.delete(`/api/v1/contacts/${gone}`)).status, 204);
    const listed = await api.get('/api/v1/tasks?title=Namen%20zeigen');
    assert.deepEqual(listed.body.data[0].linked, [
      ...[
        { id: person, name: 'Tom Task', trashed: false },
        { id: gone, name: 'Papierkorb', trashed: true },
      ]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((link) => ({ type: 'contact', ...link })),
      { type: 'company', id: firma, name: 'Aufgaben AG', trashed: false },
    ]);
    const all = await api.get('/api/v1/tasks?limit=500');
    assert.ok(!all.body.data.some((t: { linked: Array<{ id: string }> }) => t.linked.some((l) => l.id === foreign)));
  });

  test("another workspace's task is answered like one that does not exist", async () => {
    const other = await h.workspace();
    const { body: foreign } = await other.post('/api/v1/tasks', { title: 'Fremde Aufgabe' });
    assert.equal((await api.get(`/api/v1/tasks/${foreign.id}`)).status, 404);
    assert.equal((await api.patch(`/api/v1/tasks/${foreign.id}`, { status: 'done' })).status, 404);
    assert.equal((await api.delete(`/api/v1/tasks/${foreign.id}`)).status, 404);
    assert.equal((await api.delete(`/api/v1/tasks/${foreign.id}/links/contact/${missing}`)).status, 404);
    assert.equal((await api.get('/api/v1/tasks?title=Fremde%20Aufgabe')).body.data.length, 0);
    assert.equal((await api.post('/api/v1/tasks', { title: 'X', assigneeId: other.userId })).status, 422);
  });
});
