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

const missing = '00000000-0000-7000-8000-000000000000';

async function contact(client: Client, lastName: string): Promise<string> {
  const res = await client.post('/api/v1/contacts', { lastName });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

async function company(client: Client, name: string): Promise<string> {
  const res = await client.post('/api/v1/companies', { name });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

async function deal(client: Client, title: string): Promise<string> {
  const res = await client.post('/api/v1/deals', { title });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

const names = (res: { body: { data: Array<{ subject: string }> } }) => res.body.data.map((a) => a.subject);

describe('activities', () => {
  test('a logged call is returned with Location, ETag, its links and the defaults', async () => {
    const anna = await contact(api, 'Müller');
    const firma = await company(api, 'Anruf GmbH');
    const before = Date.now();
    const res = await api.post('/api/v1/activities', {
      type: 'call',
      subject: 'Rückruf wegen Angebot',
      body: 'Hat nach Lieferzeiten gefragt.',
      durationMinutes: 12,
      outcome: 'Angebot anpassen',
      contactIds: [anna, anna],
      companyIds: [firma],
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.location, `/api/v1/activities/${res.body.id}`);
    assert.equal(res.headers.etag, '"1"');
    assert.equal(res.body.direction, 'internal');
    assert.equal(res.body.authorId, api.userId);
    assert.ok(Date.parse(res.body.occurredAt) >= before - 1000);
    assert.deepEqual(res.body.contactIds, [anna]);
    assert.deepEqual(res.body.companyIds, [firma]);
    assert.deepEqual(res.body.dealIds, []);
    const read = await api.get(`/api/v1/activities/${res.body.id}`);
    assert.deepEqual(read.body, res.body);
  });

  test('invalid activities are answered with 400 or 422 naming the field', async () => {
    const other = await h.workspace();
    const foreign = await contact(other, 'Fremd');
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, 'body.type'],
      [{ type: 'telegram' }, 400, 'body.type'],
      [{ type: 'call', direction: 'sideways' }, 400, 'body.direction'],
      [{ type: 'note', body: 'x'.repeat(100_001) }, 400, 'body.body'],
      [{ type: 'note', durationMinutes: -5 }, 400, 'body.durationMinutes'],
      [{ type: 'note', occurredAt: 'yesterday' }, 400, 'body.occurredAt'],
      [{ type: 'note', contactIds: ['not-an-id'] }, 400, 'body.contactIds.0'],
      [{ type: 'note', colour: 'blue' }, 400, 'body.colour'],
      [{ type: 'note', contactIds: [missing] }, 422, 'contactIds'],
      [{ type: 'note', contactIds: [foreign] }, 422, 'contactIds'],
      [{ type: 'note', companyIds: [missing] }, 422, 'companyIds'],
      [{ type: 'note', dealIds: [missing] }, 422, 'dealIds'],
      [{ type: 'note', authorId: missing }, 422, 'authorId'],
    ];
    for (const [body, status, path] of cases) {
      const res = await api.post('/api/v1/activities', body);
      assert.equal(res.status, status, `${JSON.stringify(body).slice(0, 100)} → ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
    const long = await api.post('/api/v1/activities', { type: 'email', body: 'x'.repeat(100_000) });
    assert.equal(long.status, 201);
  });

  test('a PATCH with a list of ids replaces that kind of link and keeps the others', async () => {
    const [a, b] = [await contact(api, 'Alt'), await contact(api, 'Neu')];
    const firma = await company(api, 'Bleibt AG');
    const { body: created } = await api.post('/api/v1/activities', {
      type: 'meeting',
      contactIds: [a],
      companyIds: [firma],
    });
    const res = await api.patch(
      `/api/v1/activities/${created.id}`,
      { contactIds: [b], subject: 'Termin vor Ort' },
      { 'if-match': '"1"' },
    );
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.contactIds, [b]);
    assert.deepEqual(res.body.companyIds, [firma]);
    assert.equal(res.body.version, 2);
    const cleared = await api.patch(`/api/v1/activities/${created.id}`, { companyIds: [] });
    assert.deepEqual(cleared.body.companyIds, []);
    assert.equal(
      (await api.patch(`/api/v1/activities/${created.id}`, { type: 'note' }, { 'if-match': '"1"' })).status,
      412,
    );
    assert.equal((await api.patch(`/api/v1/activities/${created.id}`, { dealIds: [missing] })).status, 422);
    assert.equal((await api.patch(`/api/v1/activities/${missing}`, { subject: 'x' })).status, 404);
  });

  test('links are added and removed one by one through the links endpoints', async () => {
    const person = await contact(api, 'Verlinkt');
    const opportunity = await deal(api, 'Großauftrag');
    const { body: created } = await api.post('/api/v1/activities', { type: 'email' });
    const added = await api.post(`/api/v1/activities/${created.id}/links`, { type: 'deal', id: opportunity });
    assert.equal(added.status, 201);
    assert.equal(added.headers.location, `/api/v1/activities/${created.id}/links/deal/${opportunity}`);
    assert.deepEqual(added.body.dealIds, [opportunity]);
    assert.equal(added.body.version, 2);
    const again = await api.post(`/api/v1/activities/${created.id}/links`, { type: 'deal', id: opportunity });
    assert.equal(again.status, 200);
    assert.equal(again.body.version, 2);
    await api.post(`/api/v1/activities/${created.id}/links`, { type: 'contact', id: person });
    const filtered = await api.get(`/api/v1/activities?dealId=${opportunity}`);
    assert.deepEqual(
      filtered.body.data.map((a: { id: string }) => a.id),
      [created.id],
    );

    assert.equal((await api.delete(`/api/v1/activities/${created.id}/links/deal/${opportunity}`)).status, 204);
    assert.equal((await api.delete(`/api/v1/activities/${created.id}/links/deal/${opportunity}`)).status, 404);
    const read = await api.get(`/api/v1/activities/${created.id}`);
    assert.deepEqual(read.body.dealIds, []);
    assert.deepEqual(read.body.contactIds, [person]);
    assert.equal((await api.get(`/api/v1/activities?dealId=${opportunity}`)).body.data.length, 0);

    const bad = await api.post(`/api/v1/activities/${created.id}/links`, { type: 'contact', id: missing });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].path, 'id');
    assert.equal((await api.post(`/api/v1/activities/${created.id}/links`, { type: 'user', id: person })).status, 400);
    assert.equal((await api.delete(`/api/v1/activities/${created.id}/links/planet/${person}`)).status, 400);
    assert.equal((await api.post(`/api/v1/activities/${missing}/links`, { type: 'contact', id: person })).status, 404);
    assert.equal(
      (await api.post(`/api/v1/activities/${created.id}/links`, { type: 'contact', id: person }, { 'if-match': '"1"' }))
        .status,
      200,
    );
    const stale = await api.post(
      `/api/v1/activities/${created.id}/links`,
      { type: 'deal', id: opportunity },
      { 'if-match': '"1"' },
    );
    assert.equal(stale.status, 412);
    assert.deepEqual((await api.get(`/api/v1/activities/${created.id}`)).body.dealIds, []);
    assert.equal(
      (await api.delete(`/api/v1/activities/${created.id}/links/contact/${person}`, { 'if-match': '"1"' })).status,
      412,
    );
  });

  test("logging an activity moves the linked records' last activity forward, never back", async () => {
    const person = await contact(api, 'Zuletzt');
    const firma = await company(api, 'Zuletzt KG');
    const opportunity = await deal(api, 'Zuletzt-Deal');
    const links = { contactIds: [person], companyIds: [firma], dealIds: [opportunity] };
    await api.post('/api/v1/activities', { type: 'call', occurredAt: '2026-03-02T10:00:00Z', ...links });
    const contactRead = await api.get(`/api/v1/contacts/${person}`);
    assert.equal(contactRead.body.lastActivityAt, '2026-03-02T10:00:00.000Z');
    assert.equal(contactRead.body.version, 1, 'a logged call is not an edit of the contact');
    assert.equal((await api.get(`/api/v1/companies/${firma}`)).body.lastActivityAt, '2026-03-02T10:00:00.000Z');
    assert.equal((await api.get(`/api/v1/deals/${opportunity}`)).body.lastActivityAt, '2026-03-02T10:00:00.000Z');

    await api.post('/api/v1/activities', { type: 'note', occurredAt: '2026-01-01T00:00:00Z', contactIds: [person] });
    assert.equal((await api.get(`/api/v1/contacts/${person}`)).body.lastActivityAt, '2026-03-02T10:00:00.000Z');

    const { body: later } = await api.post('/api/v1/activities', { type: 'note', occurredAt: '2026-02-01T00:00:00Z' });
    await api.patch(`/api/v1/activities/${later.id}`, { occurredAt: '2026-04-01T08:30:00+02:00' });
    await api.post(`/api/v1/activities/${later.id}/links`, { type: 'contact', id: person });
    assert.equal((await api.get(`/api/v1/contacts/${person}`)).body.lastActivityAt, '2026-04-01T06:30:00.000Z');
  });

  test('lists filter by type, direction, author, time and linked record, newest first by default', async () => {
    const tenant = await h.workspace();
    const agent = await h.member(tenant, 'agent');
    const person = await contact(tenant, 'Gefiltert');
    const firma = await company(tenant, 'Filter GmbH');
    await tenant.post('/api/v1/activities', {
      type: 'call',
      direction: 'inbound',
      subject: 'A',
      occurredAt: '2026-01-10T09:00:00Z',
      contactIds: [person],
    });
    await tenant.post('/api/v1/activities', {
      type: 'email',
      direction: 'outbound',
      subject: 'B',
      occurredAt: '2026-01-12T09:00:00Z',
      companyIds: [firma],
    });
    await agent.post('/api/v1/activities', {
      type: 'call',
      direction: 'outbound',
      subject: 'C',
      occurredAt: '2026-01-11T09:00:00Z',
      contactIds: [person],
      companyIds: [firma],
    });
    assert.deepEqual(names(await tenant.get('/api/v1/activities')), ['B', 'C', 'A']);
    assert.deepEqual(names(await tenant.get('/api/v1/activities?sort=occurredAt')), ['A', 'C', 'B']);
    assert.deepEqual(names(await tenant.get('/api/v1/activities?type=call')), ['C', 'A']);
    assert.deepEqual(names(await tenant.get('/api/v1/activities?direction.in=inbound,outbound&type.ne=email')), [
      'C',
      'A',
    ]);
    assert.deepEqual(names(await tenant.get(`/api/v1/activities?authorId=${agent.userId}`)), ['C']);
    assert.deepEqual(
      names(
        await tenant.get('/api/v1/activities?occurredAt.gte=2026-01-11T00:00:00Z&occurredAt.lt=2026-01-12T00:00:00Z'),
      ),
      ['C'],
    );
    assert.deepEqual(names(await tenant.get(`/api/v1/activities?contactId=${person}`)), ['C', 'A']);
    assert.deepEqual(names(await tenant.get(`/api/v1/activities?companyId=${firma}&contactId=${person}`)), ['C']);
    assert.deepEqual(names(await tenant.get('/api/v1/activities?subject.contains=b')), ['B']);
    const paged = await tenant.get('/api/v1/activities?limit=2');
    assert.equal(paged.body.data.length, 2);
    assert.deepEqual(names(await tenant.get(`/api/v1/activities?limit=2&cursor=${paged.body.nextCursor}`)), ['A']);
    assert.equal((await tenant.get('/api/v1/activities?contactId=nope')).status, 400);
    assert.equal((await tenant.get('/api/v1/activities?type=telegram')).status, 400);
    assert.equal((await tenant.get('/api/v1/activities?sort=body')).status, 400);
  });

  test('viewers read, agents write, managers trash and restore', async () => {
    const viewer = await h.member(api, 'viewer');
    const agent = await h.member(api, 'agent');
    const manager = await h.member(api, 'manager');
    assert.equal((await viewer.post('/api/v1/activities', { type: 'note' })).status, 403);
    const { body: created } = await agent.post('/api/v1/activities', { type: 'note', subject: 'Rollen' });
    assert.equal(created.authorId, agent.userId);
    assert.equal((await viewer.get(`/api/v1/activities/${created.id}`)).status, 200);
    assert.equal(
      (
        await viewer.post(`/api/v1/activities/${created.id}/links`, {
          type: 'company',
          id: await company(api, 'Sicht'),
        })
      ).status,
      403,
    );
    assert.equal((await agent.delete(`/api/v1/activities/${created.id}`)).status, 403);
    assert.equal((await manager.delete(`/api/v1/activities/${created.id}`)).status, 204);
    assert.equal((await agent.get(`/api/v1/activities/${created.id}`)).status, 404);
    assert.equal(
      (await agent.post(`/api/v1/activities/${created.id}/links`, { type: 'contact', id: await contact(api, 'Weg') }))
        .status,
      404,
    );
    assert.equal((await agent.post(`/api/v1/activities/${created.id}/restore`)).status, 403);
    assert.equal((await manager.post(`/api/v1/activities/${created.id}/restore`)).status, 200);
    assert.equal((await agent.get(`/api/v1/activities/${created.id}`)).status, 200);
  });

  test('an activity names its linked records, and a trashed one stays marked as trashed', async () => {
    const person = (
      await api.post('/api/v1/contacts', { salutation: 'Frau', title: 'Dr.', firstName: 'Ida', lastName: 'Name' })
    ).body.id;
    const gone = await contact(api, 'Weggeräumt');
    const firma = await company(api, 'Namen GmbH');
    const auftrag = await deal(api, 'Namen-Auftrag');
    const created = await api.post('/api/v1/activities', {
      type: 'meeting',
      subject: 'Namen zeigen',
      contactIds: [person, gone],
      companyIds: [firma],
      dealIds: [auftrag],
    });
    assert.equal(created.status, 201);
    const expected = (goneTrashed: boolean) => [
      ...[
        { id: person, name: 'Frau Dr. Ida Name', trashed: false },
        { id: gone, name: 'Weggeräumt', trashed: goneTrashed },
      ]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((link) => ({ type: 'contact', ...link })),
      { type: 'company', id: firma, name: 'Namen GmbH', trashed: false },
      { type: 'deal', id: auftrag, name: 'Namen-Auftrag', trashed: false },
    ];
    assert.deepEqual(created.body.linked, expected(false));
    assert.equal((await api.delete(`/api/v1/contacts/${gone}`)).status, 204);
    const read = await api.get(`/api/v1/activities/${created.body.id}`);
    assert.deepEqual(read.body.linked, expected(true));
    assert.deepEqual(read.body.contactIds, [person, gone].sort());
    const listed = await api.get(`/api/v1/activities?subject=Namen%20zeigen`);
    assert.deepEqual(
      listed.body.data.map((a: { linked: unknown }) => a.linked),
      [expected(true)],
    );
  });

  test("linked names come from the caller's workspace only", async () => {
    const other = await h.workspace();
    const foreign = await contact(other, 'Gleichnamig');
    await other.post('/api/v1/activities', { type: 'note', subject: 'Fremd verknüpft', contactIds: [foreign] });
    const own = await contact(api, 'Gleichnamig');
    assert.equal((await api.post('/api/v1/activities', { type: 'note', contactIds: [foreign] })).status, 422);
    await api.post('/api/v1/activities', { type: 'note', subject: 'Eigen verknüpft', contactIds: [own] });
    const listed = await api.get('/api/v1/activities?limit=500');
    const linked = listed.body.data.flatMap((a: { linked: Array<{ id: string }> }) => a.linked.map((l) => l.id));
    assert.ok(linked.includes(own));
    assert.ok(!linked.includes(foreign));
  });

  test("another workspace's activity is answered like one that does not exist", async () => {
    const other = await h.workspace();
    const { body: foreign } = await other.post('/api/v1/activities', { type: 'note', subject: 'Geheim' });
    assert.equal((await api.get(`/api/v1/activities/${foreign.id}`)).status, 404);
    assert.equal((await api.patch(`/api/v1/activities/${foreign.id}`, { subject: 'x' })).status, 404);
    assert.equal((await api.delete(`/api/v1/activities/${foreign.id}`)).status, 404);
    assert.equal(
      (await api.post(`/api/v1/activities/${foreign.id}/links`, { type: 'contact', id: await contact(api, 'Y') }))
        .status,
      404,
    );
    assert.equal((await api.get('/api/v1/activities?subject=Geheim')).body.data.length, 0);
  });
});
