import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;
let viewer: Client;
let agent: Client;
let manager: Client;

before(async () => {
  h = await harness();
  admin = await h.workspace();
  viewer = await h.member(admin, 'viewer');
  agent = await h.member(admin, 'agent');
  manager = await h.member(admin, 'manager');
});
after(() => h.close());

async function contacts(client: Client, count: number, extra: Record<string, unknown> = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await client.post('/api/v1/contacts', { lastName: `Bulk ${i}`, ...extra });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.push(res.body.id);
  }
  return ids;
}

const versionOf = async (client: Client, path: string) => (await client.get(path)).body.version;

describe('bulk actions', () => {
  test('assignOwner sets the owner of every found contact, bumping version and updated_at of the changed ones', async () => {
    const ids = await contacts(admin, 3);
    await admin.patch(`/api/v1/contacts/${ids[2]}`, { ownerId: agent.userId });
    const before = (await admin.get(`/api/v1/contacts/${ids[0]}`)).body;
    const res = await agent.post('/api/v1/contacts/bulk', {
      ids: [...ids, ids[0]],
      action: 'assignOwner',
      ownerId: agent.userId,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { affected: 2, notFound: [] });
    const after = (await admin.get(`/api/v1/contacts/${ids[0]}`)).body;
    assert.equal(after.ownerId, agent.userId);
    assert.equal(after.version, before.version + 1);
    assert.ok(after.updatedAt > before.updatedAt);
    assert.equal(
      await versionOf(admin, `/api/v1/contacts/${ids[2]}`),
      2,
      'the contact that had the owner is untouched',
    );
    const cleared = await agent.post('/api/v1/contacts/bulk', { ids, action: 'assignOwner', ownerId: null });
    assert.deepEqual(cleared.body, { affected: 3, notFound: [] });
    assert.equal((await admin.get(`/api/v1/contacts/${ids[1]}`)).body.ownerId, null);
  });

  test('assignOwner to a user who is unknown, inactive or of another workspace is a 422 and changes nothing', async () => {
    const ids = await contacts(admin, 2);
    const leaver = await h.member(admin, 'agent');
    assert.equal((await admin.patch(`/api/v1/users/${leaver.userId}`, { active: false })).status, 200);
    const stranger = await h.workspace();
    for (const ownerId of [crypto.randomUUID(), leaver.userId, stranger.userId]) {
      const res = await agent.post('/api/v1/contacts/bulk', { ids, action: 'assignOwner', ownerId });
      assert.equal(res.status, 422, `${ownerId}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.errors[0].path, 'ownerId');
    }
    assert.equal(await versionOf(admin, `/api/v1/contacts/${ids[0]}`), 1);
  });

  test('addTag adds a trimmed tag only where it is missing and keeps company search up to date', async () => {
    const { body: tagged } = await admin.post('/api/v1/companies', {
      name: 'Schon Markiert GmbH',
      tags: ['kunde', 'vip'],
    });
    const { body: plain } = await admin.post('/api/v1/companies', { name: 'Noch Ohne KG', tags: ['kunde'] });
    const res = await agent.post('/api/v1/companies/bulk', {
      ids: [tagged.id, plain.id],
      action: 'addTag',
      tag: '  vip  ',
    });
    assert.deepEqual(res.body, { affected: 1, notFound: [] });
    const after = (await admin.get(`/api/v1/companies/${plain.id}`)).body;
    assert.deepEqual(after.tags, ['kunde', 'vip']);
    assert.equal(after.version, 2);
    assert.deepEqual((await admin.get(`/api/v1/companies/${tagged.id}`)).body.tags, ['kunde', 'vip']);
    assert.equal(await versionOf(admin, `/api/v1/companies/${tagged.id}`), 1);
    const { body: umlaut } = await admin.post('/api/v1/companies', { name: 'Suchtest AG' });
    await agent.post('/api/v1/companies/bulk', { ids: [umlaut.id], action: 'addTag', tag: 'Großkunde' });
    const found = await admin.get('/api/v1/companies?q=grosskunde');
    assert.deepEqual(
      found.body.data.map((c: { id: string }) => c.id),
      [umlaut.id],
    );
    assert.equal((await admin.get('/api/v1/companies?tags.has=vip&name=Noch%20Ohne%20KG')).body.data.length, 1);
  });

  test('the search text after a bulk tag change is exactly what a single create or change computes', async () => {
    const fields = { name: 'Gleichheit GmbH', industry: 'Großhandel', emails: [{ email: 'info@gleich.example' }] };
    const { body: bulk } = await admin.post('/api/v1/companies', { ...fields, tags: ['alt'] });
    const { body: single } = await admin.post('/api/v1/companies', { ...fields, tags: ['alt', 'Übersee'] });
    await agent.post('/api/v1/companies/bulk', { ids: [bulk.id], action: 'addTag', tag: 'Übersee' });
    const { rows } = await sql<{ id: string; search_text: string }>`
      select id, search_text from companies where id in (${bulk.id}, ${single.id})`.execute(h.ctx.db.owner);
    assert.equal(rows.length, 2);
    assert.equal(rows[0].search_text, rows[1].search_text);
    assert.match(rows[0].search_text, /ubersee/);
  });

  test('removeTag removes the tag where present, leaves the rest alone and updates search', async () => {
    const { body: a } = await admin.post('/api/v1/companies', { name: 'Entfernen Eins', tags: ['altlast', 'bleibt'] });
    const { body: b } = await admin.post('/api/v1/companies', { name: 'Entfernen Zwei', tags: ['bleibt'] });
    assert.equal((await admin.get('/api/v1/companies?q=altlast')).body.data.length, 1);
    const res = await agent.post('/api/v1/companies/bulk', { ids: [a.id, b.id], action: 'removeTag', tag: 'altlast' });
    assert.deepEqual(res.body, { affected: 1, notFound: [] });
    assert.deepEqual((await admin.get(`/api/v1/companies/${a.id}`)).body.tags, ['bleibt']);
    assert.equal(await versionOf(admin, `/api/v1/companies/${b.id}`), 1);
    assert.equal((await admin.get('/api/v1/companies?q=altlast')).body.data.length, 0);
    const contactIds = await contacts(admin, 2, { tags: ['messe', 'newsletter'] });
    const removed = await agent.post('/api/v1/contacts/bulk', { ids: contactIds, action: 'removeTag', tag: 'messe' });
    assert.deepEqual(removed.body, { affected: 2, notFound: [] });
    assert.deepEqual((await admin.get(`/api/v1/contacts/${contactIds[1]}`)).body.tags, ['newsletter']);
  });

  test('deals take tags in bulk too, and their search follows', async () => {
    const { body: deal } = await admin.post('/api/v1/deals', { title: 'Rahmenvertrag' });
    const res = await agent.post('/api/v1/deals/bulk', { ids: [deal.id], action: 'addTag', tag: 'Ausschreibung' });
    assert.deepEqual(res.body, { affected: 1, notFound: [] });
    assert.deepEqual((await admin.get(`/api/v1/deals/${deal.id}`)).body.tags, ['Ausschreibung']);
    assert.ok(
      (await admin.get('/api/v1/deals?q=ausschreibung')).body.data.some((d: { id: string }) => d.id === deal.id),
    );
  });

  test('a record with 50 tags refuses a 51st with a 422 and nothing changes', async () => {
    const full = Array.from({ length: 50 }, (_, i) => `t${i}`);
    const ids = await contacts(admin, 1, { tags: full });
    const [other] = await contacts(admin, 1);
    const res = await agent.post('/api/v1/contacts/bulk', { ids: [...ids, other], action: 'addTag', tag: 'zu-viel' });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].path, 'tag');
    assert.deepEqual((await admin.get(`/api/v1/contacts/${other}`)).body.tags, []);
  });

  test('trash moves every found record to the trash, and trashed ones are then not found', async () => {
    const deals = [];
    for (const title of ['Weg Eins', 'Weg Zwei']) deals.push((await admin.post('/api/v1/deals', { title })).body.id);
    const res = await manager.post('/api/v1/deals/bulk', { ids: deals, action: 'trash' });
    assert.deepEqual(res.body, { affected: 2, notFound: [] });
    assert.equal((await admin.get(`/api/v1/deals/${deals[0]}`)).status, 404);
    const trash = await admin.get('/api/v1/deals?trashed=true&limit=500');
    assert.ok(
      deals.every((id) => trash.body.data.some((d: { id: string; version: number }) => d.id === id && d.version === 2)),
    );
    const again = await manager.post('/api/v1/deals/bulk', { ids: deals, action: 'trash' });
    assert.deepEqual(again.body, { affected: 0, notFound: deals });
    const tag = await agent.post('/api/v1/deals/bulk', { ids: deals, action: 'addTag', tag: 'x' });
    assert.deepEqual(tag.body, { affected: 0, notFound: deals });
    const restored = await admin.post(`/api/v1/deals/${deals[0]}/restore`);
    assert.equal(restored.status, 200);
  });

  test('viewers may not act in bulk, agents may not trash, and a refusal changes nothing', async () => {
    const ids = await contacts(admin, 1);
    const refusals = [
      await viewer.post('/api/v1/contacts/bulk', { ids, action: 'addTag', tag: 'x' }),
      await viewer.post('/api/v1/contacts/bulk', { ids, action: 'assignOwner', ownerId: null }),
      await agent.post('/api/v1/contacts/bulk', { ids, action: 'trash' }),
      await agent.post('/api/v1/companies/bulk', { ids, action: 'trash' }),
    ];
    for (const res of refusals) {
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    assert.equal((await admin.get(`/api/v1/contacts/${ids[0]}`)).body.version, 1);
    assert.deepEqual((await admin.post('/api/v1/contacts/bulk', { ids, action: 'trash' })).body, {
      affected: 1,
      notFound: [],
    });
  });

  test('ids of another workspace or of nothing land in notFound and stay untouched', async () => {
    const other = await h.workspace();
    const [theirs] = await contacts(other, 1, { tags: ['fremd'] });
    const [ours] = await contacts(admin, 1);
    const nobody = crypto.randomUUID();
    for (const body of [
      { action: 'addTag', tag: 'übernommen' },
      { action: 'removeTag', tag: 'fremd' },
      { action: 'assignOwner', ownerId: admin.userId },
      { action: 'trash' },
    ]) {
      const res = await admin.post('/api/v1/contacts/bulk', { ids: [theirs, nobody.toUpperCase(), ours], ...body });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.notFound, [theirs, nobody], body.action);
    }
    const still = (await other.get(`/api/v1/contacts/${theirs}`)).body;
    assert.equal(still.version, 1);
    assert.deepEqual(still.tags, ['fremd']);
    assert.equal(still.deletedAt, null);
  });

  test('every changed record gets its own audit entry, as a single change would', async () => {
    const ids = await contacts(admin, 2);
    await agent.post('/api/v1/contacts/bulk', { ids, action: 'addTag', tag: 'audit' });
    for (const id of ids) {
      const log = await admin.get(`/api/v1/audit-log?recordType=contact&recordId=${id}`);
      const update = log.body.data.find((e: { action: string }) => e.action === 'update');
      assert.deepEqual(update?.changes.tags, [[], ['audit']]);
      assert.equal(update?.actorId, agent.userId);
    }
  });

  test('malformed requests are a 400 naming the problem', async () => {
    const id = crypto.randomUUID();
    const cases: Array<[string, unknown, string]> = [
      ['contacts', { ids: Array.from({ length: 1001 }, () => crypto.randomUUID()), action: 'trash' }, 'body.ids'],
      ['contacts', { ids: [], action: 'trash' }, 'body.ids'],
      ['contacts', { ids: ['nope'], action: 'trash' }, 'body.ids.0'],
      ['contacts', { ids: [id], action: 'explode' }, 'body.action'],
      ['contacts', { ids: [id], action: 'addTag' }, 'body.tag'],
      ['contacts', { ids: [id], action: 'addTag', tag: '   ' }, 'body.tag'],
      ['contacts', { ids: [id], action: 'addTag', tag: 'x'.repeat(51) }, 'body.tag'],
      ['companies', { ids: [id], action: 'trash', tag: 'x' }, 'body.tag'],
      ['deals', { ids: [id], action: 'assignOwner' }, 'body.ownerId'],
    ];
    for (const [list, body, path] of cases) {
      const res = await manager.post(`/api/v1/${list}/bulk`, body);
      assert.equal(res.status, 400, `${path}: ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors?.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
  });

  test('a thousand ids are handled in one request', async () => {
    const ids = await contacts(admin, 3);
    const padded = [...ids, ...Array.from({ length: 997 }, () => crypto.randomUUID())];
    const res = await agent.post('/api/v1/contacts/bulk', { ids: padded, action: 'addTag', tag: 'tausend' });
    assert.equal(res.status, 200);
    assert.equal(res.body.affected, 3);
    assert.equal(res.body.notFound.length, 997);
  });
});
