// Lists as the list screens use them: totals (GET /<list>/count), enum columns in funnel
// order, the natural text operators, and contacts filtered by their company.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { sql } from 'kysely';
import { listCountLimit } from '../../../contract/common.ts';
import { inTenant } from '../db/tenant.ts';
import { analyzeAfterBulkInsert } from '../../testing/statistics.ts';

let h: Harness;
let api: Client;
let other: Client;

before(async () => {
  h = await harness();
  api = await h.workspace();
  other = await h.workspace('Andere GmbH');
});
after(() => h.close());

const lastNames = (res: { body: { data: Array<{ lastName: string }> } }) => res.body.data.map((c) => c.lastName);

async function contact(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/contacts', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

describe('list totals', () => {
  test('a count follows filters and search, and leaves out the trash and other workspaces', async () => {
    const tag = 'zaehl';
    await contact(api, { lastName: 'Zählmann', tags: [tag], lifecycleStage: 'customer' });
    await contact(api, { lastName: 'Zählfrau', tags: [tag], lifecycleStage: 'lead' });
    const trashed = await contact(api, { lastName: 'Zählkind', tags: [tag], lifecycleStage: 'customer' });
    assert.equal((await api.delete(`/api/v1/contacts/${trashed.id}`)).status, 204);
    await contact(other, { lastName: 'Zählfremd', tags: [tag], lifecycleStage: 'customer' });

    const count = async (query: string) => {
      const res = await api.get(`/api/v1/contacts/count?${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    assert.deepEqual(await count(`tags.has=${tag}`), { total: 2, more: false });
    assert.deepEqual(await count(`tags.has=${tag}&lifecycleStage=customer`), { total: 1, more: false });
    assert.deepEqual(await count(`tags.has=${tag}&trashed=true`), { total: 1, more: false });
    assert.deepEqual(await count('q=Zählmann'), { total: 1, more: false });
    assert.deepEqual(await count('q=Zählfremd'), { total: 0, more: false });
    assert.deepEqual(await count(`q=Zähl&tags.has=${tag}`), { total: 2, more: false });
    // The count agrees with the list it counts.
    const listed = await api.get(`/api/v1/contacts?tags.has=${tag}&limit=100`);
    assert.equal(listed.body.data.length, 2);
  });

  test('the unfiltered count is the whole workspace, and other workspaces count their own', async () => {
    const fresh = await h.workspace('Leer GmbH');
    assert.deepEqual((await fresh.get('/api/v1/contacts/count')).body, { total: 0, more: false });
    await contact(fresh, { lastName: 'Einzig' });
    assert.deepEqual((await fresh.get('/api/v1/contacts/count')).body, { total: 1, more: false });
    assert.deepEqual((await fresh.get('/api/v1/companies/count')).body, { total: 0, more: false });
    assert.deepEqual((await fresh.get('/api/v1/deals/count')).body, { total: 0, more: false });
  });

  test('companies and deals count with their filters', async () => {
    const fresh = await h.workspace('Zähl GmbH');
    const a = (await fresh.post('/api/v1/companies', { name: 'Alpha AG', industry: 'Maschinenbau' })).body;
    await fresh.post('/api/v1/companies', { name: 'Beta KG', industry: 'Handel' });
    assert.deepEqual((await fresh.get('/api/v1/companies/count?industry=Handel')).body, { total: 1, more: false });
    await fresh.post('/api/v1/deals', { title: 'Fräse', companyId: a.id });
    await fresh.post('/api/v1/deals', { title: 'Drehbank' });
    assert.deepEqual((await fresh.get(`/api/v1/deals/count?companyId=${a.id}`)).body, { total: 1, more: false });
    assert.deepEqual((await fresh.get('/api/v1/deals/count?q=Fräse')).body, { total: 1, more: false });
  });

  test('a count beyond the limit says so rather than counting on', async () => {
    const fresh = await h.workspace('Viel GmbH');
    // What is tested is the limit, not the way in: the rows are inserted directly.
    await h.ctx.db.owner.transaction().execute(async (tx) => {
      await sql`set local farley.audit = 'off'`.execute(tx);
      await sql`insert into contacts (workspace_id, id, last_name, search_text)
        select ${fresh.workspaceId}::uuid, gen_random_uuid(), 'Viel' || n, 'viel' || n
        from generate_series(1, ${listCountLimit + 5}) n`.execute(tx);
    });
    await analyzeAfterBulkInsert(h);
    assert.deepEqual((await fresh.get('/api/v1/contacts/count')).body, { total: listCountLimit, more: true });
    assert.deepEqual((await fresh.get('/api/v1/contacts/count?lastName=Viel7')).body, { total: 1, more: false });
  });

  test('a bad filter of a count is a 400, not a 500', async () => {
    const res = await api.get('/api/v1/contacts/count?birthday=gestern');
    assert.equal(res.status, 400);
    assert.equal((await api.get('/api/v1/contacts/count?limit=5')).status, 400);
  });
});

describe('funnel order', () => {
  test('contacts sort by lifecycle stage in the funnel order, by name within a stage, and page through', async () => {
    const fresh = await h.workspace('Trichter GmbH');
    const stages = ['other', 'customer', 'lead', 'former', 'prospect', 'lead'];
    for (const [i, lifecycleStage] of stages.entries())
      await contact(fresh, { lastName: `${['Berg', 'Adam', 'Cramer', 'Dorn', 'Esch', 'Abel'][i]}`, lifecycleStage });
    const all = await fresh.get('/api/v1/contacts?sort=lifecycleStage,lastName&limit=100');
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.deepEqual(lastNames(all), ['Abel', 'Cramer', 'Esch', 'Adam', 'Dorn', 'Berg']);
    const desc = await fresh.get('/api/v1/contacts?sort=-lifecycleStage,-lastName&limit=100');
    assert.deepEqual(lastNames(desc), ['Berg', 'Dorn', 'Adam', 'Esch', 'Cramer', 'Abel']);
    // Page by page, with the cursor, in the same order.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: Array<{ lastName: string }>; nextCursor: string | null } } = await fresh.get(
        `/api/v1/contacts?sort=lifecycleStage&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      walked.push(...page.body.data.map((c) => c.lastName));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(
      walked.map((name) => stages[['Berg', 'Adam', 'Cramer', 'Dorn', 'Esch', 'Abel'].indexOf(name)]),
      ['lead', 'lead', 'prospect', 'customer', 'former', 'other'],
    );
  });

  test('deals sort by the position of their stage in the pipeline, not by the stage id', async () => {
    const fresh = await h.workspace('Phasen GmbH');
    const created = await fresh.post('/api/v1/pipelines', {
      name: 'Projekte',
      stages: [
        { name: 'Erstkontakt', probability: 10, kind: 'open' },
        { name: 'Angebot', probability: 50, kind: 'open' },
        { name: 'Gewonnen', probability: 100, kind: 'won' },
        { name: 'Verloren', probability: 0, kind: 'lost' },
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const [first, offer, won, lost] = created.body.stages;
    // The offer now comes first: its id is still the later one.
    const moved = await fresh.patch(
      `/api/v1/pipelines/${created.body.id}`,
      { stages: [offer, first, won, lost].map(({ id, name, probability, kind }) => ({ id, name, probability, kind })) },
      { 'if-match': `"${created.body.version}"` },
    );
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    for (const [title, stageId] of [
      ['Gewinn', won.id],
      ['Kontakt', first.id],
      ['Angebot', offer.id],
    ])
      assert.equal((await fresh.post('/api/v1/deals', { title, pipelineId: created.body.id, stageId })).status, 201);
    const titles = async (sort: string) =>
      (await fresh.get(`/api/v1/deals?pipelineId=${created.body.id}&sort=${sort}&limit=1`)).body;
    const page = await titles('stageId');
    assert.deepEqual(
      page.data.map((d: { title: string }) => d.title),
      ['Angebot'],
    );
    const next = await fresh.get(
      `/api/v1/deals?pipelineId=${created.body.id}&sort=stageId&limit=5&cursor=${page.nextCursor}`,
    );
    assert.deepEqual(
      next.body.data.map((d: { title: string }) => d.title),
      ['Kontakt', 'Gewinn'],
    );
    const desc = await fresh.get(`/api/v1/deals?pipelineId=${created.body.id}&sort=-stageId`);
    assert.deepEqual(
      desc.body.data.map((d: { title: string }) => d.title),
      ['Gewinn', 'Kontakt', 'Angebot'],
    );
  });

  test('the lifecycle sort of a big workspace is read from its index, in order', async () => {
    const plan = await inTenant(h.ctx.db.app, { workspaceId: api.workspaceId }, async (tx) => {
      await sql`set local enable_sort = off`.execute(tx);
      // The expression exactly as the list writes it (listing.ts, funnelRank).
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain select id from contacts where deleted_at is null
        order by array_position(array['lead','prospect','customer','former','other']::text[], "lifecycle_stage"),
          "last_name" collate "und-x-icu", "id" limit 101`.execute(tx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    assert.match(plan, /contacts_stage_order/);
  });
});

describe('text conditions', () => {
  test('starts with, contains, is and is empty read a text as people mean them', async () => {
    const fresh = await h.workspace('Text GmbH');
    await contact(fresh, { lastName: 'Müller', jobTitle: 'Einkaufsleiterin' });
    await contact(fresh, { lastName: 'Obermüller', jobTitle: 'Leiter Einkauf' });
    await contact(fresh, { lastName: 'Mustermann' });
    await contact(fresh, { lastName: '50%_Rabatt' });
    const names = async (query: string) => {
      const res = await fresh.get(`/api/v1/contacts?${query}&sort=lastName`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return lastNames(res);
    };
    assert.deepEqual(await names('lastName.startsWith=mü'), ['Müller']);
    assert.deepEqual(await names('lastName.contains=müller'), ['Müller', 'Obermüller']);
    assert.deepEqual(await names('lastName=Müller'), ['Müller']);
    assert.deepEqual(await names('jobTitle.empty=true'), ['50%_Rabatt', 'Mustermann']);
    assert.deepEqual(await names('jobTitle.startsWith=Leiter'), ['Obermüller']);
    // The wildcards of LIKE are plain characters in a condition.
    assert.deepEqual(await names(`lastName.startsWith=${encodeURIComponent('50%_')}`), ['50%_Rabatt']);
    assert.deepEqual(await names(`lastName.startsWith=${encodeURIComponent('%')}`), []);
  });

  test('the list description offers the natural text operators and the company filter', async () => {
    const meta = (await api.get('/api/v1/meta/lists/contacts')).body;
    const lastName = meta.fields.find((f: { name: string }) => f.name === 'lastName');
    assert.ok(lastName.operators.includes('startsWith'));
    assert.ok(lastName.operators.includes('contains'));
    const company = meta.fields.find((f: { name: string }) => f.name === 'companyId');
    assert.deepEqual(company, {
      name: 'companyId',
      kind: 'uuid',
      operators: ['eq', 'ne', 'in', 'empty'],
      sortable: false,
      // A contact may have no company: the filter offers "is empty".
      nullable: true,
    });
  });
});

describe('contacts by company', () => {
  test('a contact list filters by company, and shows the city of each company', async () => {
    const fresh = await h.workspace('Firma GmbH');
    const acme = (
      await fresh.post('/api/v1/companies', {
        name: 'Acme GmbH',
        addresses: [
          { street: 'Hafen 1', city: 'Hamburg' },
          { street: 'Markt 2', city: 'Bremen', primary: true },
        ],
      })
    ).body;
    const beta = (await fresh.post('/api/v1/companies', { name: 'Beta AG' })).body;
    const gone = (await fresh.post('/api/v1/companies', { name: 'Weg AG' })).body;
    const inAcme = await contact(fresh, { lastName: 'Acker' });
    const inBeta = await contact(fresh, { lastName: 'Bauer' });
    const inGone = await contact(fresh, { lastName: 'Gerber' });
    await contact(fresh, { lastName: 'Niemand' });
    for (const [person, company] of [
      [inAcme, acme],
      [inBeta, beta],
      [inGone, gone],
    ])
      assert.equal(
        (await fresh.post(`/api/v1/contacts/${person.id}/affiliations`, { companyId: company.id })).status,
        201,
      );
    assert.equal((await fresh.delete(`/api/v1/companies/${gone.id}`)).status, 204);

    const names = async (query: string) => lastNames(await fresh.get(`/api/v1/contacts?${query}&sort=lastName`));
    assert.deepEqual(await names(`companyId=${acme.id}`), ['Acker']);
    assert.deepEqual(await names(`companyId.in=${acme.id},${beta.id}`), ['Acker', 'Bauer']);
    assert.deepEqual(await names(`companyId.ne=${acme.id}`), ['Bauer', 'Gerber', 'Niemand']);
    // A trashed company is no company of the contact's while it is in the trash.
    assert.deepEqual(await names('companyId.empty=true'), ['Gerber', 'Niemand']);
    assert.deepEqual(await names('companyId.empty=false'), ['Acker', 'Bauer']);
    assert.deepEqual((await fresh.get(`/api/v1/contacts/count?companyId=${acme.id}`)).body, { total: 1, more: false });
    assert.equal((await fresh.get('/api/v1/contacts?companyId=acme')).status, 400);
    assert.equal((await fresh.get('/api/v1/contacts?sort=companyId')).status, 400);

    const listed = (await fresh.get(`/api/v1/contacts?companyId=${acme.id}`)).body.data[0];
    assert.equal(listed.companies[0].name, 'Acme GmbH');
    assert.equal(listed.companies[0].city, 'Bremen');
    const read = (await fresh.get(`/api/v1/contacts/${inAcme.id}`)).body;
    assert.equal(read.companies[0].city, 'Bremen');
    const changed = await fresh.patch(`/api/v1/contacts/${inBeta.id}`, { jobTitle: 'Einkauf' }, { 'if-match': '"1"' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.companies[0].city, null);
  });

  test("another workspace's company filters nothing of this one", async () => {
    const theirs = (await other.post('/api/v1/companies', { name: 'Fremd AG' })).body;
    const res = await api.get(`/api/v1/contacts?companyId=${theirs.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data, []);
  });
});
