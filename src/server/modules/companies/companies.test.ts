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

const acme = {
  name: 'Müller Maschinenbau',
  legalForm: 'GmbH',
  industry: 'Maschinenbau',
  employeeCount: 120,
  annualRevenue: { amount: '12500000.50', currency: 'EUR' },
  website: 'https://mueller-maschinenbau.de',
  vatId: 'DE 123 456 789',
  emails: [{ email: 'info@mueller-maschinenbau.de', label: 'Zentrale', primary: true }],
  phones: [{ number: '030/1234567', label: 'Zentrale' }],
  addresses: [{ street: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', label: 'Sitz' }],
  tags: ['key-account', 'b2b', 'b2b'],
};

describe('companies', () => {
  test('a created company is returned with Location, ETag and normalised fields', async () => {
    const res = await api.post('/api/v1/companies', acme);
    assert.equal(res.status, 201);
    assert.equal(res.headers.location, `/api/v1/companies/${res.body.id}`);
    assert.equal(res.headers.etag, '"1"');
    assert.match(res.body.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    assert.equal(res.body.vatId, 'DE123456789');
    assert.deepEqual(res.body.annualRevenue, { amount: '12500000.50', currency: 'EUR' });
    assert.equal(res.body.phones[0].e164, '+49301234567');
    assert.equal(res.body.addresses[0].country, 'DE');
    assert.deepEqual(res.body.tags, ['key-account', 'b2b']);
    const read = await api.get(`/api/v1/companies/${res.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, res.body);
  });

  test('a stale If-Match is refused with 412 and a current one succeeds', async () => {
    const { body: created } = await api.post('/api/v1/companies', { name: 'Versionstest AG' });
    const first = await api.patch(`/api/v1/companies/${created.id}`, { industry: 'Handel' }, { 'if-match': '"1"' });
    assert.equal(first.status, 200);
    assert.equal(first.body.version, 2);
    assert.equal(first.headers.etag, '"2"');
    const stale = await api.patch(`/api/v1/companies/${created.id}`, { industry: 'Bau' }, { 'if-match': '"1"' });
    assert.equal(stale.status, 412);
    const staleDelete = await api.delete(`/api/v1/companies/${created.id}`, { 'if-match': '"1"' });
    assert.equal(staleDelete.status, 412);
    assert.equal((await api.get(`/api/v1/companies/${created.id}`)).body.industry, 'Handel');
  });

  test('a trashed company disappears from lists and lookups and can be restored', async () => {
    const { body: created } = await api.post('/api/v1/companies', { name: 'Papierkorb KG' });
    assert.equal((await api.delete(`/api/v1/companies/${created.id}`)).status, 204);
    assert.equal((await api.get(`/api/v1/companies/${created.id}`)).status, 404);
    const list = await api.get('/api/v1/companies?name=Papierkorb%20KG');
    assert.equal(list.body.data.length, 0);
    const trash = await api.get('/api/v1/companies?trashed=true&name=Papierkorb%20KG');
    assert.equal(trash.body.data.length, 1);
    const restored = await api.post(`/api/v1/companies/${created.id}/restore`);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.deletedAt, null);
    assert.equal((await api.post(`/api/v1/companies/${created.id}/restore`)).status, 409);
  });

  test('invalid fields are answered with 400 or 422 naming the field', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ name: '' }, 400, 'body.name'],
      [{ name: 'X', employeeCount: 'many' }, 400, 'body.employeeCount'],
      [{ name: 'X', unknownField: 1 }, 400, 'body.unknownField'],
      [{ name: 'X', emails: [{ email: 'not-an-email' }] }, 400, 'body.emails.0.email'],
      [{ name: 'X', annualRevenue: { amount: 12.5, currency: 'EUR' } }, 400, 'body.annualRevenue.amount'],
      [{ name: 'X', addresses: [{ postalCode: '1234', city: 'Berlin' }] }, 422, 'addresses.0.postalCode'],
      [{ name: 'X', phones: [{ number: '12' }] }, 400, 'body.phones.0.number'],
      [{ name: 'X', phones: [{ number: '+49 1' }] }, 422, 'phones.0.number'],
      [{ name: 'X', vatId: 'DE12' }, 400, 'body.vatId'],
      [{ name: 'X'.repeat(201) }, 400, 'body.name'],
      [{ name: 'X', ownerId: '00000000-0000-7000-8000-000000000000' }, 422, 'ownerId'],
    ];
    for (const [body, status, path] of cases) {
      const res = await api.post('/api/v1/companies', body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
  });

  test('a company cannot become its own parent, directly or through a loop', async () => {
    const { body: parent } = await api.post('/api/v1/companies', { name: 'Holding SE' });
    const { body: child } = await api.post('/api/v1/companies', { name: 'Tochter GmbH', parentCompanyId: parent.id });
    assert.equal(child.parentCompanyId, parent.id);
    assert.equal((await api.patch(`/api/v1/companies/${parent.id}`, { parentCompanyId: child.id })).status, 422);
    assert.equal((await api.patch(`/api/v1/companies/${parent.id}`, { parentCompanyId: parent.id })).status, 422);
  });

  test('lists filter, sort and page through every company exactly once', async () => {
    const tenant = await h.workspace();
    const names = ['Ährenfeld', 'Zeppelin', 'Bäckerei Schulz', 'Otto', 'Älteste', 'Adler', 'Zwerg', 'Möbel Meier'];
    for (const [i, name] of names.entries()) {
      await tenant.post('/api/v1/companies', { name, employeeCount: i * 10, tags: i % 2 ? ['odd'] : [] });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await tenant.get(`/api/v1/companies?limit=3&sort=name${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      seen.push(...page.body.data.map((c: { name: string }) => c.name));
      cursor = page.body.nextCursor;
      if (cursor) await tenant.post('/api/v1/companies', { name: `Neu ${seen.length}` });
    } while (cursor);
    const original = seen.filter((n) => names.includes(n));
    assert.deepEqual(original, [
      'Adler',
      'Ährenfeld',
      'Älteste',
      'Bäckerei Schulz',
      'Möbel Meier',
      'Otto',
      'Zeppelin',
      'Zwerg',
    ]);
    assert.equal(new Set(seen).size, seen.length);
    const filtered = await tenant.get('/api/v1/companies?employeeCount.gte=30&tags.has=odd&sort=-employeeCount');
    assert.deepEqual(
      filtered.body.data.map((c: { name: string }) => c.name),
      ['Möbel Meier', 'Adler', 'Otto'],
    );
    const contains = await tenant.get('/api/v1/companies?name.contains=MEIER');
    assert.deepEqual(
      contains.body.data.map((c: { name: string }) => c.name),
      ['Möbel Meier'],
    );
    const search = await tenant.get('/api/v1/companies?q=moebel');
    assert.deepEqual(
      search.body.data.map((c: { name: string }) => c.name),
      ['Möbel Meier'],
    );
    assert.equal((await tenant.get('/api/v1/companies?sort=nope')).status, 400);
    assert.equal((await tenant.get('/api/v1/companies?employeeCount.gt=abc')).status, 400);
    assert.equal((await tenant.get('/api/v1/companies?cursor=garbage')).status, 400);
    assert.equal((await tenant.get('/api/v1/companies?bogus=1')).status, 400);
  });

  test('nullable sort keys page correctly in both directions', async () => {
    const tenant = await h.workspace();
    for (const count of [5, null, 1, null, 3, 5])
      await tenant.post('/api/v1/companies', { name: `N${count}`, employeeCount: count });
    for (const sort of ['employeeCount', '-employeeCount', 'employeeCount,-name']) {
      const all = await tenant.get(`/api/v1/companies?limit=100&sort=${sort}`);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await tenant.get(
          `/api/v1/companies?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        paged.push(...page.body.data.map((c: { id: string }) => c.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(
        paged,
        all.body.data.map((c: { id: string }) => c.id),
        sort,
      );
      assert.equal(paged.length, 6);
    }
  });

  test('customer number: unique among live companies, trimmed, filtered, searched; external id shared', async () => {
    const first = await api.post('/api/v1/companies', {
      name: 'Nummer Eins GmbH',
      customerNumber: '  K-20001 ',
      externalId: 'ERP-7',
    });
    assert.equal(first.status, 201);
    assert.equal(first.body.customerNumber, 'K-20001');
    assert.equal(first.body.externalId, 'ERP-7');
    const taken = await api.post('/api/v1/companies', { name: 'Nummer Zwei GmbH', customerNumber: 'K-20001' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'customer_number_taken');
    assert.equal(taken.body.errors[0].path, 'customerNumber');
    const second = await api.post('/api/v1/companies', {
      name: 'Nummer Zwei GmbH',
      customerNumber: 'K-20002',
      externalId: 'ERP-7',
    });
    assert.equal(second.status, 201);
    const patchTaken = await api.patch(`/api/v1/companies/${second.body.id}`, { customerNumber: 'K-20001' });
    assert.equal(patchTaken.status, 409);
    assert.equal(patchTaken.body.code, 'customer_number_taken');
    // Its own number again is no conflict.
    assert.equal((await api.patch(`/api/v1/companies/${first.body.id}`, { customerNumber: 'K-20001' })).status, 200);
    assert.equal((await api.post('/api/v1/companies', { name: 'Lang', customerNumber: 'x'.repeat(101) })).status, 400);

    const byFilter = await api.get('/api/v1/companies?customerNumber=K-20002');
    assert.deepEqual(
      byFilter.body.data.map((c: { id: string }) => c.id),
      [second.body.id],
    );
    const byExternal = await api.get('/api/v1/companies?externalId=ERP-7&sort=name');
    assert.equal(byExternal.body.data.length, 2);
    const search = await api.get('/api/v1/search?q=K-20002');
    assert.equal(search.body.data[0].id, second.body.id);
    const listSearch = await api.get('/api/v1/companies?q=K-20001');
    assert.deepEqual(
      listSearch.body.data.map((c: { id: string }) => c.id),
      [first.body.id],
    );

    // A trashed company keeps its number without blocking it; restoring it then conflicts.
    assert.equal((await api.delete(`/api/v1/companies/${first.body.id}`)).status, 204);
    const reuse = await api.post('/api/v1/companies', { name: 'Nachfolger GmbH', customerNumber: 'K-20001' });
    assert.equal(reuse.status, 201);
    const restore = await api.post(`/api/v1/companies/${first.body.id}/restore`);
    assert.equal(restore.status, 409);
    assert.equal(restore.body.code, 'customer_number_taken');

    // Another workspace has its own numbers.
    const other = await h.workspace();
    assert.equal((await other.post('/api/v1/companies', { name: 'Fremd', customerNumber: 'K-20002' })).status, 201);
    assert.equal((await other.get('/api/v1/companies?customerNumber=K-20001')).body.data.length, 0);
  });
});
