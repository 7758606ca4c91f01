// The search box of the record lists (`q`): found the way the search across records finds
// records, then sorted, filtered and paged by the list.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { searchText } from '../../platform/text.ts';
import { newId } from '../../platform/db/records.ts';
import { fixtures } from './search.fixtures.ts';
import { listSearchCap } from './search.service.ts';

let h: Harness;
let api: Client;
const common = 'Quendelbach';
/** More records with the same surname than a list's search takes without a filter. */
const many = listSearchCap + 20;

before(async () => {
  h = await harness();
  api = await h.workspace('Listensuche GmbH');
  // Straight into the table: the triggers derive words and postings as for any write.
  await h.ctx.db.owner.transaction().execute(async (tx) => {
    await sql`set local farley.audit = 'off'`.execute(tx);
    for (let n = 0; n < many; n++) {
      const first = `Vorname${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + (Math.floor(n / 26) % 26))}`;
      await tx
        .insertInto('contacts')
        .values({
          workspace_id: api.workspaceId,
          id: newId(),
          first_name: first,
          last_name: common,
          emails: '[]',
          phones: '[]',
          addresses: '[]',
          tags: n % 2 === 0 ? ['gerade'] : [],
          search_text: searchText([first, common]),
        })
        .execute();
    }
  });
});
after(() => h.close());

interface Row {
  id: string;
  firstName: string | null;
  lastName: string;
}

async function list(path: string): Promise<{ data: Row[]; nextCursor: string | null; searchLimited?: boolean }> {
  const res = await api.get(path);
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Every row of a list, page by page. */
async function all(path: string, limit: number): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(`${path}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    rows.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

test('a list searched by a common word shows at most the cap of its records, sorted and paged by the list', async () => {
  const rows = await all(`/api/v1/contacts?q=${common}&sort=firstName`, 70);
  assert.equal(rows.length, listSearchCap);
  assert.equal(new Set(rows.map((row) => row.id)).size, listSearchCap, 'no row twice across the pages');
  const names = rows.map((row) => row.firstName!);
  assert.deepEqual(
    names,
    [...names].sort((a, b) => a.localeCompare(b, 'de')),
  );
  assert.ok(rows.every((row) => row.lastName === common));
  const first = await list(`/api/v1/contacts?q=${common}&limit=10`);
  assert.equal(first.searchLimited, true, 'the list says that its search stopped at its limit');
  const newest = await all(`/api/v1/contacts?q=${common}&sort=-createdAt`, 100);
  assert.deepEqual(
    new Set(newest.map((row) => row.id)),
    new Set(rows.map((row) => row.id)),
    'the same records in another order',
  );
});

test('with a filter, a searched list finds every match', async () => {
  const even = await all(`/api/v1/contacts?q=${common}&tags.has=gerade`, 200);
  assert.equal(even.length, many / 2);
  assert.equal((await list(`/api/v1/contacts?q=${common}&tags.has=gerade`)).searchLimited, undefined);
  const firstNames = await all(`/api/v1/contacts?q=${common}%20vornameaa&lifecycleStage=lead`, 200);
  assert.deepEqual(
    firstNames.map((row) => row.firstName),
    ['Vornameaa'],
  );
});

test('a second word narrows a searched list to every record with both', async () => {
  const rows = await all(`/api/v1/contacts?q=vornamea%20${common}`, 200);
  assert.ok(rows.length > 0 && rows.every((row) => row.firstName!.toLowerCase().startsWith('vornamea')));
});

test('a word that occurs nowhere is corrected for typos', async () => {
  const rows = await all('/api/v1/contacts?q=Quendelbahc', 500);
  assert.equal(rows.length, listSearchCap);
  assert.deepEqual((await list('/api/v1/contacts?q=Zzyzxquendel')).data, []);
});

test('trashed records are found by the search of the trash, and only there', async () => {
  const { body: trashed } = await api.post('/api/v1/contacts', { firstName: 'Tilde', lastName: 'Papierschnitzel' });
  assert.equal((await api.delete(`/api/v1/contacts/${trashed.id}`)).status, 204);
  assert.deepEqual((await list('/api/v1/contacts?q=Papierschnitzel')).data, []);
  const inTrash = await list('/api/v1/contacts?q=Papierschnitzel&trashed=true');
  assert.deepEqual(
    inTrash.data.map((row) => row.id),
    [trashed.id],
  );
  assert.equal(inTrash.searchLimited, undefined, 'a search that found fewer than the limit says nothing');
});

test("a company's people are searched among its people, every match", async () => {
  const { body: company } = await api.post('/api/v1/companies', { name: 'Quendelbach & Söhne' });
  const { body: person } = await api.post('/api/v1/contacts', { firstName: 'Olga', lastName: common });
  assert.equal((await api.post(`/api/v1/contacts/${person.id}/affiliations`, { companyId: company.id })).status, 201);
  const res = await api.get(`/api/v1/companies/${company.id}/people?q=${common}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(
    res.body.data.map((row: { id: string }) => row.id),
    [person.id],
  );
});

test('companies and deals are searched the same way', async () => {
  const { body: company } = await api.post('/api/v1/companies', { name: 'Zirbelholz Manufaktur' });
  const deal = await fixtures(h, api).deal({ title: 'Zirbelholz Vertäfelung' });
  assert.deepEqual(
    (await list('/api/v1/companies?q=zirbel')).data.map((row) => row.id),
    [company.id],
  );
  assert.deepEqual(
    (await list('/api/v1/deals?q=zirbelholz')).data.map((row) => row.id),
    [deal],
  );
  assert.deepEqual(
    (await list('/api/v1/deals?q=zirbelholz&status=open')).data.map((row) => row.id),
    [deal],
  );
});

test('one or two digits are a 400 on a list too; nothing to search for leaves the list unsearched', async () => {
  const res = await api.get('/api/v1/contacts?q=12');
  assert.equal(res.status, 400);
  assert.match(res.body.detail, /at least three digits/);
  assert.equal((await list('/api/v1/contacts?q=...&limit=5')).data.length, 5);
});
