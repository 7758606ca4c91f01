// The word postings (migration 0015): a row per word of each live contact, company and deal,
// kept by a trigger, and the one-word searches that read them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { fixtures } from './search.fixtures.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { candidateCap } from './search.repository.ts';
import { similarWords } from './search.matching.ts';

let h: Harness;
let api: Client;

before(async () => {
  h = await harness();
  api = await h.workspace();
});
after(() => h.close());

async function postings(table: 'contact_words' | 'company_words' | 'deal_words', id: string): Promise<string[]> {
  const rows = await h.ctx.db.owner
    .selectFrom(table)
    .select('word')
    .where('workspace_id', '=', api.workspaceId)
    .where('record_id', '=', id)
    .orderBy('word')
    .execute();
  return rows.map((row) => row.word);
}

async function searchIds(q: string, limit = 20): Promise<string[]> {
  const res = await api.get(`/api/v1/search?q=${encodeURIComponent(q)}&limit=${limit}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.map((hit: { id: string }) => hit.id);
}

test('a contact has a posting for each of its words while it is live', async () => {
  const created = await api.post('/api/v1/contacts', {
    firstName: 'Wendelin',
    lastName: 'Ostermeier',
    addresses: [{ city: 'Passau' }],
  });
  assert.equal(created.status, 201);
  const id = created.body.id;
  assert.deepEqual(await postings('contact_words', id), ['ostermeier', 'passau', 'wendelin']);

  const renamed = await api.patch(
    `/api/v1/contacts/${id}`,
    { lastName: 'Westermeier' },
    { 'if-match': `"${created.body.version}"` },
  );
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.deepEqual(await postings('contact_words', id), ['passau', 'wendelin', 'westermeier']);

  assert.equal((await api.delete(`/api/v1/contacts/${id}`)).status, 204);
  assert.deepEqual(await postings('contact_words', id), []);
  assert.equal((await api.post(`/api/v1/contacts/${id}/restore`)).status, 200);
  assert.deepEqual(await postings('contact_words', id), ['passau', 'wendelin', 'westermeier']);

  // Deleted for good (as a workspace's deletion does it): the postings go with it.
  await sql`delete from contacts where workspace_id = ${api.workspaceId} and id = ${id}`.execute(h.ctx.db.owner);
  assert.deepEqual(await postings('contact_words', id), []);
});

test('companies and deals have postings too, and lose them in the trash', async () => {
  const company = await api.post('/api/v1/companies', { name: 'Kupferschmiede Lindqvist' });
  assert.equal(company.status, 201);
  assert.deepEqual(await postings('company_words', company.body.id), ['kupferschmiede', 'lindqvist']);
  const deal = await fixtures(h, api).deal({ title: 'Dachrinnen Auftrag' });
  assert.deepEqual(await postings('deal_words', deal), ['auftrag', 'dachrinnen']);
  await fixtures(h, api).trashDeal(deal);
  assert.deepEqual(await postings('deal_words', deal), []);
});

test('postings are per workspace and invisible to another one', async () => {
  const other = await h.workspace();
  const res = await other.post('/api/v1/contacts', { firstName: 'Ingeborg', lastName: 'Fernholzinger' });
  assert.equal(res.status, 201);
  assert.deepEqual(await postings('contact_words', res.body.id), []);
  const seen = await sql<{
    n: number;
  }>`select count(*)::int as n from contact_words where word = 'fernholzinger'`.execute(h.ctx.db.owner);
  assert.equal(seen.rows[0].n, 1);
  assert.deepEqual(await searchIds('Fernholzinger'), []);
});

test('a one-word search over more records than it ranks takes turns between the matching words', async () => {
  // Two names one edit from "Haberkorm": a common one (more records than are ranked) and a
  // rare one, the common one first in the alphabet. Both must be among the hits.
  await sql`
    insert into contacts (workspace_id, id, first_name, last_name, emails, phones, addresses, search_text)
    select ${api.workspaceId}::uuid, gen_random_uuid(), 'Anton', 'Haberkorb', '[]', '[]', '[]', 'anton haberkorb'
      from generate_series(1, ${candidateCap * 2})`.execute(h.ctx.db.owner);
  const rare = await api.post('/api/v1/contacts', { firstName: 'Berta', lastName: 'Haberkorn' });
  assert.equal(rare.status, 201);
  const hits = await searchIds('Haberkorm', 100);
  assert.equal(hits.length, 100);
  assert.ok(hits.includes(rare.body.id), 'the rare correction is among the hits');
  // Exact matches still go through the postings: the common name fills a page of 100.
  assert.equal((await searchIds('Haberkorb', 100)).length, 100);
});

test('the corrections of a typo come with the dictionary words containing them, the words the typo pass searches by', async () => {
  const created = await api.post('/api/v1/contacts', { firstName: 'Quirin', lastName: 'Zwirnemann' });
  assert.equal(created.status, 201);
  await api.post('/api/v1/contacts', { firstName: 'Quirin', lastName: 'Zwirnemannsdorfer' });
  const { alternatives, expansions } = await inTenant(h.ctx.db.app, { workspaceId: api.workspaceId }, async (tx) => {
    // As in a search, something runs before (the exact pass), taking the transaction's begin along.
    await sql`select 1`.execute(tx);
    return similarWords(tx, ['zwirenmann', 'quirn']);
  });
  assert.deepEqual(alternatives, [['zwirnemann'], ['quirin']]);
  assert.deepEqual(
    new Map([...expansions].map(([word, words]) => [word, [...words].sort()])),
    new Map([
      ['zwirnemann', ['zwirnemann', 'zwirnemannsdorfer']],
      ['quirin', ['quirin']],
    ]),
  );
  const found = await searchIds('Zwirenmann');
  assert.equal(found.length, 2);
  assert.equal(found[0], created.body.id);
});
