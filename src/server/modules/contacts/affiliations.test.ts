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

async function contact(client: Client, lastName: string, extra: object = {}): Promise<string> {
  const res = await client.post('/api/v1/contacts', { lastName, ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

async function company(client: Client, name: string): Promise<string> {
  const res = await client.post('/api/v1/companies', { name });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

describe('affiliations', () => {
  test('a contact added to a company shows the company, and the first company is primary', async () => {
    const person = await contact(api, 'Lehmann');
    const firm = await company(api, 'Lehmann & Söhne KG');
    const res = await api.post(`/api/v1/contacts/${person}/affiliations`, {
      companyId: firm,
      jobTitle: 'Geschäftsführer',
      buyingRole: 'decision_maker',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.headers.location, `/api/v1/contacts/${person}/affiliations/${res.body.id}`);
    assert.equal(res.headers.etag, '"1"');
    assert.deepEqual(
      {
        contactId: res.body.contactId,
        companyId: res.body.companyId,
        companyName: res.body.companyName,
        jobTitle: res.body.jobTitle,
        buyingRole: res.body.buyingRole,
        isPrimary: res.body.isPrimary,
      },
      {
        contactId: person,
        companyId: firm,
        companyName: 'Lehmann & Söhne KG',
        jobTitle: 'Geschäftsführer',
        buyingRole: 'decision_maker',
        isPrimary: true,
      },
    );
    const read = await api.get(`/api/v1/contacts/${person}`);
    assert.deepEqual(read.body.companies, [
      {
        affiliationId: res.body.id,
        companyId: firm,
        name: 'Lehmann & Söhne KG',
        city: null,
        jobTitle: 'Geschäftsführer',
        buyingRole: 'decision_maker',
        isPrimary: true,
      },
    ]);
    const one = await api.get(`/api/v1/contacts/${person}/affiliations/${res.body.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, res.body);
  });

  test("making an affiliation primary clears the mark on the contact's others", async () => {
    const person = await contact(api, 'Vielbeschäftigt');
    const [a, b, c] = [await company(api, 'Alpha GmbH'), await company(api, 'Beta AG'), await company(api, 'Gamma SE')];
    const first = await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: a });
    const second = await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: b });
    assert.equal(first.body.isPrimary, true);
    assert.equal(second.body.isPrimary, false);
    const third = await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: c, isPrimary: true });
    assert.equal(third.body.isPrimary, true);
    let list = await api.get(`/api/v1/contacts/${person}/affiliations`);
    assert.deepEqual(
      list.body.data.map((x: { companyName: string; isPrimary: boolean }) => [x.companyName, x.isPrimary]),
      [
        ['Gamma SE', true],
        ['Alpha GmbH', false],
        ['Beta AG', false],
      ],
    );
    const patched = await api.patch(`/api/v1/contacts/${person}/affiliations/${second.body.id}`, { isPrimary: true });
    assert.equal(patched.status, 200);
    list = await api.get(`/api/v1/contacts/${person}/affiliations`);
    assert.deepEqual(
      list.body.data
        .filter((x: { isPrimary: boolean }) => x.isPrimary)
        .map((x: { companyName: string }) => x.companyName),
      ['Beta AG'],
    );
  });

  test('job title and buying role change with PATCH, guarded by If-Match', async () => {
    const person = await contact(api, 'Rolle');
    const firm = await company(api, 'Rollen GmbH');
    const { body: link } = await api.post(`/api/v1/contacts/${person}/affiliations`, {
      companyId: firm,
      buyingRole: 'user',
    });
    const res = await api.patch(
      `/api/v1/contacts/${person}/affiliations/${link.id}`,
      { buyingRole: 'champion', jobTitle: 'Leiter IT' },
      { 'if-match': '"1"' },
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.buyingRole, 'champion');
    assert.equal(res.body.jobTitle, 'Leiter IT');
    assert.equal(res.headers.etag, '"2"');
    assert.equal(
      (
        await api.patch(
          `/api/v1/contacts/${person}/affiliations/${link.id}`,
          { buyingRole: 'buyer' },
          { 'if-match': '"1"' },
        )
      ).status,
      412,
    );
    assert.equal(
      (await api.delete(`/api/v1/contacts/${person}/affiliations/${link.id}`, { 'if-match': '"1"' })).status,
      412,
    );
    const bad = await api.patch(`/api/v1/contacts/${person}/affiliations/${link.id}`, { buyingRole: 'boss' });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors.some((e: { path: string }) => e.path === 'body.buyingRole'));
    assert.equal(
      (await api.patch(`/api/v1/contacts/${person}/affiliations/${link.id}`, { companyId: firm })).status,
      400,
    );
  });

  test('a contact belongs to a company only once', async () => {
    const person = await contact(api, 'Doppelt');
    const firm = await company(api, 'Einmal GmbH');
    assert.equal((await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: firm })).status, 201);
    const again = await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: firm, jobTitle: 'anders' });
    assert.equal(again.status, 409);
    assert.equal(again.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  test('unknown, trashed or foreign contacts are 404 and such companies 422', async () => {
    const person = await contact(api, 'Referenz');
    const firm = await company(api, 'Referenz GmbH');
    const other = await h.workspace();
    const foreignFirm = await company(other, 'Fremd GmbH');
    const foreignPerson = await contact(other, 'Fremd');
    assert.equal((await api.post(`/api/v1/contacts/${missing}/affiliations`, { companyId: firm })).status, 404);
    assert.equal((await api.post(`/api/v1/contacts/${foreignPerson}/affiliations`, { companyId: firm })).status, 404);
    assert.equal((await api.get(`/api/v1/contacts/${foreignPerson}/affiliations`)).status, 404);
    for (const companyId of [missing, foreignFirm]) {
      const res = await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId });
      assert.equal(res.status, 422);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['companyId'],
      );
    }
    assert.equal((await api.post(`/api/v1/contacts/${person}/affiliations`, {})).status, 400);
    assert.equal((await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: 'acme' })).status, 400);
    assert.equal((await api.get(`/api/v1/contacts/${person}/affiliations/${missing}`)).status, 404);
    const trashed = await company(api, 'Papierkorb GmbH');
    await api.delete(`/api/v1/companies/${trashed}`);
    assert.equal((await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: trashed })).status, 422);
    await api.delete(`/api/v1/contacts/${person}`);
    assert.equal((await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: firm })).status, 404);
  });

  test('an affiliation of one contact cannot be reached through another', async () => {
    const [p1, p2] = [await contact(api, 'Eins'), await contact(api, 'Zwei')];
    const firm = await company(api, 'Gemeinsam GmbH');
    const { body: link } = await api.post(`/api/v1/contacts/${p1}/affiliations`, { companyId: firm });
    assert.equal((await api.get(`/api/v1/contacts/${p2}/affiliations/${link.id}`)).status, 404);
    assert.equal((await api.patch(`/api/v1/contacts/${p2}/affiliations/${link.id}`, { jobTitle: 'x' })).status, 404);
    assert.equal((await api.delete(`/api/v1/contacts/${p2}/affiliations/${link.id}`)).status, 404);
  });

  test('a removed affiliation is gone and recorded in the audit log', async () => {
    const person = await contact(api, 'Ehemalig');
    const firm = await company(api, 'Früher GmbH');
    const { body: link } = await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: firm });
    assert.equal((await api.delete(`/api/v1/contacts/${person}/affiliations/${link.id}`)).status, 204);
    assert.equal((await api.get(`/api/v1/contacts/${person}/affiliations/${link.id}`)).status, 404);
    assert.equal((await api.delete(`/api/v1/contacts/${person}/affiliations/${link.id}`)).status, 404);
    assert.deepEqual((await api.get(`/api/v1/contacts/${person}`)).body.companies, []);
    const audit = await h.ctx.db.owner
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('record_id', '=', link.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(audit, [
      { action: 'create', actor_id: api.userId },
      { action: 'delete', actor_id: api.userId },
    ]);
    assert.equal((await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: firm })).status, 201);
  });

  test('a company lists its people with their role there, without trashed contacts', async () => {
    const tenant = await h.workspace();
    const firm = await company(tenant, 'Personal AG');
    const people = [
      ['Zander', 'decision_maker', 'Vorstand'],
      ['Adam', 'user', null],
      ['Özkan', 'influencer', 'Berater'],
    ] as const;
    const ids: string[] = [];
    for (const [lastName, buyingRole, jobTitle] of people) {
      const id = await contact(tenant, lastName, { lifecycleStage: 'customer' });
      ids.push(id);
      await tenant.post(`/api/v1/contacts/${id}/affiliations`, { companyId: firm, buyingRole, jobTitle });
    }
    await contact(tenant, 'Unbeteiligt');
    const res = await tenant.get(`/api/v1/companies/${firm}/people`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.data.map((p: any) => [
        p.lastName,
        p.affiliation.buyingRole,
        p.affiliation.jobTitle,
        p.affiliation.isPrimary,
      ]),
      [
        ['Adam', 'user', null, true],
        ['Özkan', 'influencer', 'Berater', true],
        ['Zander', 'decision_maker', 'Vorstand', true],
      ],
    );
    const deciders = await tenant.get(`/api/v1/companies/${firm}/people?buyingRole=decision_maker`);
    assert.deepEqual(
      deciders.body.data.map((p: { lastName: string }) => p.lastName),
      ['Zander'],
    );
    // The scores are list fields too (they live in contact_scores since 0048).
    const scored = await tenant.get(`/api/v1/companies/${firm}/people?clv=0&sort=-pAlive`);
    assert.equal(scored.status, 200, JSON.stringify(scored.body));
    const paged = await tenant.get(`/api/v1/companies/${firm}/people?limit=2`);
    assert.equal(paged.body.data.length, 2);
    const rest = await tenant.get(`/api/v1/companies/${firm}/people?limit=2&cursor=${paged.body.nextCursor}`);
    assert.deepEqual(
      rest.body.data.map((p: { lastName: string }) => p.lastName),
      ['Zander'],
    );
    await tenant.delete(`/api/v1/contacts/${ids[0]}`);
    const after = await tenant.get(`/api/v1/companies/${firm}/people`);
    assert.deepEqual(
      after.body.data.map((p: { lastName: string }) => p.lastName),
      ['Adam', 'Özkan'],
    );
    assert.equal((await tenant.get(`/api/v1/companies/${missing}/people`)).status, 404);
    assert.equal((await api.get(`/api/v1/companies/${firm}/people`)).status, 404);
    assert.equal((await tenant.get(`/api/v1/companies/${firm}/people?buyingRole=boss`)).status, 400);
  });

  test('a viewer reads affiliations but cannot change them; an agent can', async () => {
    const person = await contact(api, 'Sichtbar');
    const firm = await company(api, 'Sicht GmbH');
    const { body: link } = await api.post(`/api/v1/contacts/${person}/affiliations`, { companyId: firm });
    const viewer = await h.member(api, 'viewer');
    assert.equal((await viewer.get(`/api/v1/contacts/${person}/affiliations`)).status, 200);
    assert.equal((await viewer.get(`/api/v1/companies/${firm}/people`)).status, 200);
    assert.equal(
      (await viewer.post(`/api/v1/contacts/${person}/affiliations`, { companyId: await company(api, 'Neu GmbH') }))
        .status,
      403,
    );
    assert.equal(
      (await viewer.patch(`/api/v1/contacts/${person}/affiliations/${link.id}`, { jobTitle: 'x' })).status,
      403,
    );
    assert.equal((await viewer.delete(`/api/v1/contacts/${person}/affiliations/${link.id}`)).status, 403);
    const agent = await h.member(api, 'agent');
    assert.equal(
      (await agent.patch(`/api/v1/contacts/${person}/affiliations/${link.id}`, { jobTitle: 'x' })).status,
      200,
    );
    assert.equal((await agent.delete(`/api/v1/contacts/${person}/affiliations/${link.id}`)).status, 204);
  });
});
