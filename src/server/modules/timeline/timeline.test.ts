import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let api: Client;
let stages: Array<{ id: string; name: string }>;

before(async () => {
  h = await harness();
  api = await h.workspace();
  stages = (await api.get('/api/v1/pipelines')).body.data[0].stages;
});
after(() => h.close());

const missing = '00000000-0000-7000-8000-000000000000';

async function created(res: Promise<{ status: number; body: any }>): Promise<string> {
  const reply = await res;
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body.id;
}

const contact = (lastName: string, client = api) => created(client.post('/api/v1/contacts', { lastName }));
const company = (name: string, client = api) => created(client.post('/api/v1/companies', { name }));
const deal = (body: Record<string, unknown>) => created(api.post('/api/v1/deals', body));
const activity = (body: Record<string, unknown>) => created(api.post('/api/v1/activities', body));
const task = (body: Record<string, unknown>) => created(api.post('/api/v1/tasks', body));

async function moveDeal(id: string, stage: number) {
  const res = await api.patch(`/api/v1/deals/${id}`, { stageId: stages[stage].id });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

type Entry = { kind: string; id: string; at: string; [key: string]: any };

async function timeline(path: string, client = api): Promise<Entry[]> {
  const res = await client.get(path);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
}

/** Every page of a timeline, following nextCursor. */
async function walk(path: string, limit: number): Promise<Entry[]> {
  const all: Entry[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await api.get(
      `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(res.body.data.length <= limit);
    all.push(...res.body.data);
    cursor = res.body.nextCursor;
  } while (cursor);
  return all;
}

const kinds = (entries: Entry[]) => entries.map((e) => `${e.kind}:${e.subject ?? e.title ?? e.toStageName}`);

describe('timeline', () => {
  test("a contact's timeline holds its activities, tasks and its deals' stage changes, newest first", async () => {
    const person = await contact('Zeitleiste');
    const stranger = await contact('Fremder');
    await activity({
      type: 'call',
      subject: 'Erstkontakt',
      direction: 'inbound',
      occurredAt: '2025-01-10T09:00:00Z',
      contactIds: [person],
    });
    await activity({
      type: 'email',
      subject: 'Unterlagen',
      occurredAt: '2025-01-12T09:00:00Z',
      contactIds: [person, stranger],
    });
    await activity({ type: 'note', subject: 'Anderer', occurredAt: '2025-01-11T09:00:00Z', contactIds: [stranger] });
    const opportunity = await deal({ title: 'Wartungsvertrag', contactId: person });
    await activity({
      type: 'note',
      subject: 'Nur am Deal',
      occurredAt: '2025-01-13T09:00:00Z',
      dealIds: [opportunity],
    });
    await moveDeal(opportunity, 2);
    await task({ title: 'Ohne Termin', contactIds: [person] });
    await task({ title: 'Nachfassen', dueAt: '2030-01-01T09:00:00Z', contactIds: [person] });

    const entries = await timeline(`/api/v1/contacts/${person}/timeline`);
    assert.deepEqual(kinds(entries), [
      'task:Nachfassen',
      'task:Ohne Termin',
      `stage_change:${stages[2].name}`,
      `stage_change:${stages[0].name}`,
      'activity:Unterlagen',
      'activity:Erstkontakt',
    ]);
    const [due, undated, moved, , email] = entries;
    assert.equal(due.at, '2030-01-01T09:00:00.000Z');
    assert.equal(due.status, 'open');
    assert.equal(undated.at, undated.createdAt);
    assert.equal(moved.dealId, opportunity);
    assert.equal(moved.dealTitle, 'Wartungsvertrag');
    assert.equal(moved.fromStageName, stages[0].name);
    assert.equal(moved.changedBy, api.userId);
    assert.equal(email.at, email.occurredAt);
    assert.equal(email.type, 'email');
    assert.deepEqual(email.contactIds, [person, stranger].sort());
  });

  test("a company's timeline includes its people's activities and its deals' stage changes, each once", async () => {
    const firma = await company('Zeitleisten GmbH');
    const employee = await contact('Angestellte');
    const outsider = await contact('Außenstehend');
    const affiliated = await api.post(`/api/v1/contacts/${employee}/affiliations`, { companyId: firma });
    assert.equal(affiliated.status, 201, JSON.stringify(affiliated.body));
    await activity({
      type: 'call',
      subject: 'Mit der Person',
      occurredAt: '2025-02-01T09:00:00Z',
      contactIds: [employee],
    });
    await activity({
      type: 'meeting',
      subject: 'Beide',
      occurredAt: '2025-02-02T09:00:00Z',
      contactIds: [employee],
      companyIds: [firma],
    });
    await activity({ type: 'letter', subject: 'Firma', occurredAt: '2025-02-03T09:00:00Z', companyIds: [firma] });
    await activity({ type: 'call', subject: 'Außen', occurredAt: '2025-02-04T09:00:00Z', contactIds: [outsider] });
    const companyDeal = await deal({ title: 'Firmendeal', companyId: firma });
    await activity({
      type: 'email',
      subject: 'Am Firmendeal',
      occurredAt: '2025-02-05T09:00:00Z',
      dealIds: [companyDeal],
    });
    await moveDeal(companyDeal, 1);
    const personalDeal = await deal({ title: 'Deal der Person', contactId: employee });
    await task({ title: 'Person anrufen', dueAt: '2025-02-06T09:00:00Z', contactIds: [employee] });

    const entries = await timeline(`/api/v1/companies/${firma}/timeline`);
    assert.deepEqual(kinds(entries), [
      `stage_change:${stages[0].name}`,
      `stage_change:${stages[1].name}`,
      `stage_change:${stages[0].name}`,
      'task:Person anrufen',
      'activity:Am Firmendeal',
      'activity:Firma',
      'activity:Beide',
      'activity:Mit der Person',
    ]);
    assert.deepEqual(
      entries.slice(0, 3).map((e) => e.dealId),
      [personalDeal, companyDeal, companyDeal],
    );
    assert.equal(new Set(entries.map((e) => e.id)).size, entries.length);
  });

  test("a company's timeline pages without gaps, even when most of its newest activities are trashed", async () => {
    const firma = await company('Viel Papierkorb AG');
    const people = [await contact('Eins'), await contact('Zwei')];
    for (const person of people) await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: firma });
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const at = `2025-08-${String(10 + i).padStart(2, '0')}T09:00:00Z`;
      ids.push(
        await activity({
          type: 'note',
          subject: `P${i}`,
          occurredAt: at,
          contactIds: [people[i % 2]],
          companyIds: i % 3 ? [] : [firma],
        }),
      );
    }
    for (const id of ids.slice(3)) assert.equal((await api.delete(`/api/v1/activities/${id}`)).status, 204);
    const path = `/api/v1/companies/${firma}/timeline`;
    assert.deepEqual(kinds(await timeline(`${path}?limit=2`)), ['activity:P2', 'activity:P1']);
    for (const limit of [1, 2, 5]) {
      assert.deepEqual(kinds(await walk(path, limit)), ['activity:P2', 'activity:P1', 'activity:P0'], `limit ${limit}`);
    }
    for (const id of ids.slice(3)) await api.post(`/api/v1/activities/${id}/restore`);
    const all = await timeline(`${path}?limit=100`);
    assert.equal(all.length, 12);
    for (const limit of [1, 4, 7])
      assert.deepEqual(
        (await walk(path, limit)).map((e) => e.id),
        all.map((e) => e.id),
        `limit ${limit}`,
      );
  });

  test("a deal's timeline holds its activities, tasks and stage changes only", async () => {
    const person = await contact('Dealkontakt');
    const opportunity = await deal({ title: 'Eigener Deal', contactId: person });
    await activity({ type: 'call', subject: 'Zum Deal', occurredAt: '2025-03-01T09:00:00Z', dealIds: [opportunity] });
    await activity({ type: 'call', subject: 'Nur Kontakt', occurredAt: '2025-03-02T09:00:00Z', contactIds: [person] });
    await task({ title: 'Angebot schicken', dueAt: '2025-03-03T09:00:00Z', dealIds: [opportunity] });
    await moveDeal(opportunity, 4);
    const entries = await timeline(`/api/v1/deals/${opportunity}/timeline`);
    assert.deepEqual(kinds(entries), [
      `stage_change:${stages[4].name}`,
      `stage_change:${stages[0].name}`,
      'task:Angebot schicken',
      'activity:Zum Deal',
    ]);
  });

  test('pages follow each other without gaps or repeats, also for entries at the same time', async () => {
    const person = await contact('Blättern');
    for (let i = 0; i < 7; i += 1) {
      await activity({
        type: 'note',
        subject: `N${i}`,
        occurredAt: i < 4 ? '2025-04-01T12:00:00Z' : `2025-04-0${i}T08:00:00Z`,
        contactIds: [person],
      });
    }
    await task({ title: 'T1', dueAt: '2025-04-01T12:00:00Z', contactIds: [person] });
    await task({ title: 'T2', dueAt: '2025-04-05T10:00:00Z', contactIds: [person] });
    await deal({ title: 'Blätterdeal', contactId: person });
    const path = `/api/v1/contacts/${person}/timeline`;
    const all = await timeline(`${path}?limit=100`);
    assert.equal(all.length, 10);
    for (let i = 1; i < all.length; i += 1) {
      const [prev, next] = [all[i - 1], all[i]];
      assert.ok(
        prev.at > next.at || (prev.at === next.at && prev.id > next.id),
        `${prev.at}/${prev.id} before ${next.at}/${next.id}`,
      );
    }
    for (const limit of [1, 2, 3]) {
      assert.deepEqual(
        (await walk(path, limit)).map((e) => e.id),
        all.map((e) => e.id),
        `limit ${limit}`,
      );
    }
    const first = await api.get(`${path}?limit=4`);
    await activity({ type: 'note', subject: 'Neu', occurredAt: '2031-01-01T00:00:00Z', contactIds: [person] });
    const rest = await api.get(`${path}?limit=100&cursor=${first.body.nextCursor}`);
    assert.deepEqual(
      [...first.body.data, ...rest.body.data].map((e: Entry) => e.id),
      all.map((e) => e.id),
    );
    assert.equal(rest.body.nextCursor, null);
  });

  test('types, activityType and direction narrow the timeline', async () => {
    const person = await contact('Filterbar');
    await activity({
      type: 'call',
      subject: 'Anruf rein',
      direction: 'inbound',
      occurredAt: '2025-05-01T09:00:00Z',
      contactIds: [person],
    });
    await activity({
      type: 'call',
      subject: 'Anruf raus',
      direction: 'outbound',
      occurredAt: '2025-05-02T09:00:00Z',
      contactIds: [person],
    });
    await activity({
      type: 'email',
      subject: 'Mail rein',
      direction: 'inbound',
      occurredAt: '2025-05-03T09:00:00Z',
      contactIds: [person],
    });
    await activity({ type: 'visit', subject: 'Besuch', occurredAt: '2025-05-04T09:00:00Z', contactIds: [person] });
    await task({ title: 'Aufgabe', dueAt: '2025-05-05T09:00:00Z', contactIds: [person] });
    await deal({ title: 'Filterdeal', contactId: person });
    const path = `/api/v1/contacts/${person}/timeline`;
    assert.deepEqual(kinds(await timeline(`${path}?types=activity`)), [
      'activity:Besuch',
      'activity:Mail rein',
      'activity:Anruf raus',
      'activity:Anruf rein',
    ]);
    assert.deepEqual(kinds(await timeline(`${path}?types=task,stage_change`)), [
      `stage_change:${stages[0].name}`,
      'task:Aufgabe',
    ]);
    assert.deepEqual(kinds(await timeline(`${path}?types=activity&activityType=call,email`)), [
      'activity:Mail rein',
      'activity:Anruf raus',
      'activity:Anruf rein',
    ]);
    assert.deepEqual(kinds(await timeline(`${path}?types=activity&direction=inbound`)), [
      'activity:Mail rein',
      'activity:Anruf rein',
    ]);
    assert.deepEqual(kinds(await timeline(`${path}?types=activity,task&activityType=call&direction=outbound`)), [
      'task:Aufgabe',
      'activity:Anruf raus',
    ]);
    for (const query of [
      'types=meeting',
      'types=',
      'activityType=telegram',
      'direction=up',
      'cursor=garbage',
      'limit=0',
      'limit=501',
      'colour=red',
    ]) {
      const res = await api.get(`${path}?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
  });

  test('a trashed activity or task disappears from the timeline and comes back when restored', async () => {
    const person = await contact('Papierkorb');
    const kept = await activity({
      type: 'note',
      subject: 'Bleibt',
      occurredAt: '2025-06-01T09:00:00Z',
      contactIds: [person],
    });
    const trashed = await activity({
      type: 'note',
      subject: 'Weg',
      occurredAt: '2025-06-02T09:00:00Z',
      contactIds: [person],
    });
    const trashedTask = await task({ title: 'Auch weg', contactIds: [person] });
    const path = `/api/v1/contacts/${person}/timeline`;
    assert.equal((await api.delete(`/api/v1/activities/${trashed}`)).status, 204);
    assert.equal((await api.delete(`/api/v1/tasks/${trashedTask}`)).status, 204);
    assert.deepEqual(
      (await timeline(path)).map((e) => e.id),
      [kept],
    );
    assert.deepEqual(
      (await walk(path, 1)).map((e) => e.id),
      [kept],
    );
    await api.post(`/api/v1/activities/${trashed}/restore`);
    assert.deepEqual(
      (await timeline(path)).map((e) => e.id),
      [trashed, kept],
    );
  });

  test('moving an activity in time moves it in the timeline', async () => {
    const person = await contact('Verschoben');
    const early = await activity({
      type: 'note',
      subject: 'Früh',
      occurredAt: '2025-07-01T09:00:00Z',
      contactIds: [person],
    });
    const late = await activity({
      type: 'note',
      subject: 'Spät',
      occurredAt: '2025-07-02T09:00:00Z',
      contactIds: [person],
    });
    const path = `/api/v1/contacts/${person}/timeline`;
    assert.deepEqual(
      (await timeline(path)).map((e) => e.id),
      [late, early],
    );
    await api.patch(`/api/v1/activities/${early}`, { occurredAt: '2025-07-03T09:00:00Z' });
    const entries = await timeline(path);
    assert.deepEqual(
      entries.map((e) => e.id),
      [early, late],
    );
    assert.equal(entries[0].at, '2025-07-03T09:00:00.000Z');
    assert.deepEqual(
      (await timeline(`${path}?limit=1&cursor=${(await api.get(`${path}?limit=1`)).body.nextCursor}`)).map((e) => e.id),
      [late],
    );
  });

  test('activity and task entries name their linked records, a trashed one as trashed', async () => {
    const firma = await company('Zeitleiste GmbH');
    const person = await contact('Zeitleiste');
    const gone = await contact('Ausgeschieden');
    assert.equal((await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: firma })).status, 201);
    const call = await activity({
      type: 'call',
      subject: 'Mit Namen',
      occurredAt: '2025-08-01T09:00:00Z',
      contactIds: [person, gone],
      companyIds: [firma],
    });
    const todo = await task({ title: 'Namen nachfassen', dueAt: '2025-08-02T09:00:00Z', companyIds: [firma] });
    assert.equal((await api.delete(`/api/v1/contacts/${gone}`)).status, 204);
    const other = await h.workspace();
    await created(other.post('/api/v1/activities', { type: 'note', contactIds: [await contact('Zeitleiste', other)] }));
    const entries = await timeline(`/api/v1/companies/${firma}/timeline`);
    assert.deepEqual(
      entries.map((e) => e.id),
      [todo, call],
    );
    assert.deepEqual(entries[0].linked, [{ type: 'company', id: firma, name: 'Zeitleiste GmbH', trashed: false }]);
    assert.deepEqual(entries[1].linked, [
      ...[
        { id: person, name: 'Zeitleiste', trashed: false },
        { id: gone, name: 'Ausgeschieden', trashed: true },
      ]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((link) => ({ type: 'contact', ...link })),
      { type: 'company', id: firma, name: 'Zeitleiste GmbH', trashed: false },
    ]);
  });

  test('a record that is not in the workspace or in the trash has no timeline (404)', async () => {
    const other = await h.workspace();
    const foreignContact = await contact('Fremd', other);
    const foreignCompany = await company('Fremd AG', other);
    const gone = await contact('Gelöscht');
    await api.delete(`/api/v1/contacts/${gone}`);
    for (const path of [
      `/api/v1/contacts/${missing}/timeline`,
      `/api/v1/companies/${missing}/timeline`,
      `/api/v1/deals/${missing}/timeline`,
      `/api/v1/contacts/${foreignContact}/timeline`,
      `/api/v1/companies/${foreignCompany}/timeline`,
      `/api/v1/contacts/${gone}/timeline`,
    ]) {
      assert.equal((await api.get(path)).status, 404, path);
    }
    assert.equal((await api.get('/api/v1/contacts/not-an-id/timeline')).status, 400);
    const viewer = await h.member(api, 'viewer');
    assert.equal((await viewer.get(`/api/v1/contacts/${await contact('Lesbar')}/timeline`)).status, 200);
    assert.equal((await h.raw({ method: 'GET', url: `/api/v1/contacts/${missing}/timeline` })).statusCode, 401);
  });
});
