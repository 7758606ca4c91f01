import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inTenant } from '../../platform/db/tenant.ts';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { seedDemoWorkspace } from '../demo/demo.service.ts';
import { unitPriceFor } from './index.ts';

let h: Harness;
let api: Client;

before(async () => {
  h = await harness();
  api = await h.workspace();
});
after(() => h.close());

async function created(client: Client, path: string, body: unknown) {
  const res = await client.post(path, body);
  assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

let skus = 0;
const product = (client: Client, listPrice: string, extra: object = {}) =>
  created(client, '/api/v1/products', {
    sku: `P-${++skus}`,
    name: `Produkt ${skus}`,
    unit: 'piece',
    listPrice,
    ...extra,
  });

async function defaultListOf(client: Client) {
  const res = await client.get('/api/v1/price-lists?isDefault=true');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.data.length, 1);
  return res.body.data[0];
}

function resolve(client: Client, query: Record<string, string>) {
  return client.get(`/api/v1/price-lists/resolve?${new URLSearchParams(query)}`);
}

describe('price lists', () => {
  test('a new workspace has exactly one default list in its currency, and it cannot be trashed', async () => {
    const tenant = await h.workspace();
    const list = await defaultListOf(tenant);
    assert.equal(list.isDefault, true);
    assert.equal(list.name, 'Standardpreisliste');
    assert.equal(list.currency, 'EUR');
    const trashed = await tenant.delete(`/api/v1/price-lists/${list.id}`);
    assert.equal(trashed.status, 409);
    assert.equal(trashed.body.code, 'default_price_list');
    assert.equal((await tenant.get(`/api/v1/price-lists/${list.id}`)).status, 200);
    const other = await created(tenant, '/api/v1/price-lists', { name: 'Nebenliste' });
    assert.equal(other.isDefault, false);
    assert.equal((await defaultListOf(tenant)).id, list.id);
  });

  test('create, read with entries, change, trash and restore a list; audited', async () => {
    const p = await product(api, '200.00');
    const list = await created(api, '/api/v1/price-lists', {
      name: ' Händler ',
      discountPercent: '10',
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
    });
    assert.equal(list.name, 'Händler');
    assert.equal(list.currency, 'EUR');
    assert.equal(list.discountPercent, '10');
    assert.equal(list.validFrom, '2026-01-01');
    assert.equal(list.validUntil, '2026-12-31');
    assert.deepEqual(list.entries, []);
    const put = await api.request('PUT', `/api/v1/price-lists/${list.id}/entries/${p.id}`, { price: '150.5' });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.entryCount, 1);
    assert.equal(put.body.version, 2);
    assert.deepEqual(put.body.entries, [
      {
        productId: p.id,
        sku: p.sku,
        name: p.name,
        unit: 'piece',
        listPrice: '200.00',
        productCurrency: 'EUR',
        price: '150.50',
      },
    ]);
    const again = await api.request('PUT', `/api/v1/price-lists/${list.id}/entries/${p.id}`, { price: '149.9999' });
    assert.equal(again.body.entries[0].price, '149.9999');
    assert.equal(again.body.entryCount, 1);
    const listed = (await api.get('/api/v1/price-lists?q=ändl')).body.data;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].entryCount, 1);
    assert.equal(listed[0].entries, undefined);
    const changed = await api.patch(
      `/api/v1/price-lists/${list.id}`,
      { discountPercent: '12.5', validUntil: null },
      { 'if-match': `"${again.body.version}"` },
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.discountPercent, '12.5');
    assert.equal(changed.body.validUntil, null);
    const stale = await api.patch(`/api/v1/price-lists/${list.id}`, { name: 'Alt' }, { 'if-match': '"1"' });
    assert.equal(stale.status, 412);
    assert.equal((await api.delete(`/api/v1/price-lists/${list.id}/entries/${p.id}`)).status, 204);
    assert.equal((await api.delete(`/api/v1/price-lists/${list.id}/entries/${p.id}`)).status, 404);
    assert.equal((await api.delete(`/api/v1/price-lists/${list.id}`)).status, 204);
    assert.equal((await api.get(`/api/v1/price-lists/${list.id}`)).body.code, 'in_trash');
    const restored = await api.post(`/api/v1/price-lists/${list.id}/restore`);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.deletedAt, null);
    const audit = await api.get(`/api/v1/audit-log?recordType=price_list&recordId=${list.id}`);
    assert.deepEqual([...new Set(audit.body.data.map((e: { action: string }) => e.action))].sort(), [
      'create',
      'delete',
      'restore',
      'update',
    ]);
    const entryAudit = await api.get('/api/v1/audit-log?recordType=price_list_entry');
    assert.ok(entryAudit.body.data.length >= 3, 'setting, changing and removing an entry are audited');
  });

  test('names are unique among live lists ignoring case; a trashed list gives its name free', async () => {
    const tenant = await h.workspace();
    const first = await created(tenant, '/api/v1/price-lists', { name: 'Großkunde' });
    const taken = await tenant.post('/api/v1/price-lists', { name: 'GROẞKUNDE' });
    assert.equal(taken.status, 409, JSON.stringify(taken.body));
    assert.equal(taken.body.code, 'price_list_name_taken');
    const other = await created(tenant, '/api/v1/price-lists', { name: 'Andere' });
    const renamed = await tenant.patch(`/api/v1/price-lists/${other.id}`, { name: 'großkunde' });
    assert.equal(renamed.body.code, 'price_list_name_taken');
    assert.equal((await tenant.delete(`/api/v1/price-lists/${first.id}`)).status, 204);
    await created(tenant, '/api/v1/price-lists', { name: 'Großkunde' });
    const restore = await tenant.post(`/api/v1/price-lists/${first.id}/restore`);
    assert.equal(restore.status, 409);
    assert.equal(restore.body.code, 'price_list_name_taken');
  });

  test('bad input is 400 or 422 naming the field, and nothing is written', async () => {
    const tenant = await h.workspace();
    const cases: Array<[unknown, number, string]> = [
      [{ name: '' }, 400, 'body.name'],
      [{ name: 'X', discountPercent: '101' }, 400, 'body.discountPercent'],
      [{ name: 'X', discountPercent: '-1' }, 400, 'body.discountPercent'],
      [{ name: 'X', discountPercent: 10 }, 400, 'body.discountPercent'],
      [{ name: 'X', currency: 'eur' }, 400, 'body.currency'],
      [{ name: 'X', validFrom: '2026-02-30' }, 400, 'body.validFrom'],
      [{ name: 'X', validFrom: '2026-03-01', validUntil: '2026-02-28' }, 400, 'body.validUntil'],
      [{ name: 'X', isDefault: true }, 400, 'body'],
    ];
    for (const [body, status, path] of cases) {
      const res = await tenant.post('/api/v1/price-lists', body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.ok(
        (res.body.errors ?? []).some((e: { path: string }) => e.path.startsWith(path)),
        `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`,
      );
    }
    const list = await created(tenant, '/api/v1/price-lists', { name: 'Zeitraum', validFrom: '2026-03-01' });
    const backwards = await tenant.patch(`/api/v1/price-lists/${list.id}`, { validUntil: '2026-02-01' });
    assert.equal(backwards.status, 422);
    assert.equal(backwards.body.errors[0].path, 'validUntil');
    const p = await product(tenant, '10');
    for (const price of ['-1', '1.23456', 'abc']) {
      const res = await tenant.request('PUT', `/api/v1/price-lists/${list.id}/entries/${p.id}`, { price });
      assert.equal(res.status, 400, price);
    }
    const unknownProduct = await tenant.request(
      'PUT',
      `/api/v1/price-lists/${list.id}/entries/${crypto.randomUUID()}`,
      {
        price: '1',
      },
    );
    assert.equal(unknownProduct.status, 404);
    const after = (await tenant.get(`/api/v1/price-lists/${list.id}`)).body;
    assert.equal(after.version, 1);
    assert.equal(after.entryCount, 0);
    assert.equal((await tenant.get('/api/v1/price-lists')).body.data.length, 2);
  });

  test('viewers and agents read price lists; only managers and admins change them', async () => {
    const tenant = await h.workspace();
    const list = await created(tenant, '/api/v1/price-lists', { name: 'Rollen' });
    const p = await product(tenant, '5');
    for (const role of ['viewer', 'agent'] as const) {
      const member = await h.member(tenant, role);
      assert.equal((await member.get(`/api/v1/price-lists/${list.id}`)).status, 200);
      assert.equal((await member.get(`/api/v1/price-lists/resolve?productId=${p.id}`)).status, 200);
      assert.equal((await member.post('/api/v1/price-lists', { name: 'Nein' })).status, 403);
      assert.equal((await member.patch(`/api/v1/price-lists/${list.id}`, { name: 'Nein' })).status, 403);
      assert.equal(
        (await member.request('PUT', `/api/v1/price-lists/${list.id}/entries/${p.id}`, { price: '1' })).status,
        403,
      );
      assert.equal((await member.delete(`/api/v1/price-lists/${list.id}`)).status, 403);
    }
    const manager = await h.member(tenant, 'manager');
    assert.equal(
      (await manager.request('PUT', `/api/v1/price-lists/${list.id}/entries/${p.id}`, { price: '1' })).status,
      200,
    );
    assert.equal((await manager.delete(`/api/v1/price-lists/${list.id}`)).status, 204);
  });
});

describe('a customer price list', () => {
  test('companies and contacts take a live list; unknown or trashed ones are 422 at priceListId', async () => {
    const tenant = await h.workspace();
    const list = await created(tenant, '/api/v1/price-lists', { name: 'Händler', discountPercent: '10' });
    const company = await created(tenant, '/api/v1/companies', { name: 'Kunde GmbH', priceListId: list.id });
    assert.equal(company.priceListId, list.id);
    const contact = await created(tenant, '/api/v1/contacts', { lastName: 'Kundin', priceListId: list.id });
    assert.equal(contact.priceListId, list.id);
    assert.equal((await tenant.get(`/api/v1/contacts/${contact.id}`)).body.priceListId, list.id);
    assert.equal((await tenant.get(`/api/v1/companies?priceListId=${list.id}`)).body.data.length, 1);
    const unknown = await tenant.post('/api/v1/companies', { name: 'Nein GmbH', priceListId: crypto.randomUUID() });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.errors[0].path, 'priceListId');
    const other = await created(tenant, '/api/v1/price-lists', { name: 'Weg' });
    assert.equal((await tenant.delete(`/api/v1/price-lists/${other.id}`)).status, 204);
    const trashed = await tenant.patch(`/api/v1/contacts/${contact.id}`, { priceListId: other.id });
    assert.equal(trashed.status, 422);
    assert.equal(trashed.body.errors[0].path, 'priceListId');
    assert.equal((await tenant.get(`/api/v1/contacts/${contact.id}`)).body.priceListId, list.id, 'nothing written');
    // A record keeps the list it has after the list went to the trash, and other edits go through.
    assert.equal((await tenant.delete(`/api/v1/price-lists/${list.id}`)).status, 204);
    const edited = await tenant.patch(`/api/v1/companies/${company.id}`, { industry: 'Handel', priceListId: list.id });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const cleared = await tenant.patch(`/api/v1/companies/${company.id}`, { priceListId: null });
    assert.equal(cleared.body.priceListId, null);
  });

  test('an agent may give a customer a price list', async () => {
    const tenant = await h.workspace();
    const list = await created(tenant, '/api/v1/price-lists', { name: 'Großkunde' });
    const agent = await h.member(tenant, 'agent');
    const company = await created(agent, '/api/v1/companies', { name: 'Agentur KG' });
    const res = await agent.patch(`/api/v1/companies/${company.id}`, { priceListId: list.id });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.priceListId, list.id);
  });

  test("another workspace's list can neither be given nor resolved", async () => {
    const a = await h.workspace('A');
    const b = await h.workspace('B');
    const theirs = await created(b, '/api/v1/price-lists', { name: 'Geheim', discountPercent: '50' });
    const theirProduct = await product(b, '100');
    const theirCompany = await created(b, '/api/v1/companies', { name: 'Geheim GmbH', priceListId: theirs.id });
    const company = await created(a, '/api/v1/companies', { name: 'Eigen GmbH' });
    const refused = await a.patch(`/api/v1/companies/${company.id}`, { priceListId: theirs.id });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.errors[0].path, 'priceListId');
    assert.equal((await a.get(`/api/v1/price-lists/${theirs.id}`)).status, 404);
    assert.equal(
      (await a.request('PUT', `/api/v1/price-lists/${theirs.id}/entries/${theirProduct.id}`, { price: '1' })).status,
      404,
    );
    const ownProduct = await product(a, '100');
    const byTheirCompany = await resolve(a, { productId: ownProduct.id, companyId: theirCompany.id });
    assert.equal(byTheirCompany.status, 422);
    assert.equal(byTheirCompany.body.errors[0].path, 'companyId');
    const theirProductRes = await resolve(a, { productId: theirProduct.id });
    assert.equal(theirProductRes.status, 422);
    assert.equal(theirProductRes.body.errors[0].path, 'productId');
    assert.equal(
      (await resolve(b, { productId: theirProduct.id, companyId: theirCompany.id })).body.unitPrice,
      '50.00',
    );
  });
});

describe('the unit price a customer gets', () => {
  let tenant: Client;
  let beratung: { id: string };
  let kabel: { id: string };
  let haendler: { id: string };
  let firma: { id: string };

  before(async () => {
    tenant = await h.workspace();
    beratung = await product(tenant, '120.00');
    kabel = await product(tenant, '0.3333');
    haendler = await created(tenant, '/api/v1/price-lists', {
      name: 'Händler',
      discountPercent: '10',
      validFrom: '2026-01-01',
      validUntil: '2026-06-30',
    });
    firma = await created(tenant, '/api/v1/companies', { name: 'Händler GmbH', priceListId: haendler.id });
    await tenant.request('PUT', `/api/v1/price-lists/${haendler.id}/entries/${beratung.id}`, { price: '99.00' });
  });

  test('without a customer list, the default list; an empty default gives the list price', async () => {
    const res = await resolve(tenant, { productId: beratung.id, date: '2026-03-01' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const standard = await defaultListOf(tenant);
    assert.deepEqual(res.body, { unitPrice: '120.00', currency: 'EUR', priceListId: standard.id, source: 'list' });
  });

  test("an entry wins over the list's percentage", async () => {
    const res = await resolve(tenant, { productId: beratung.id, companyId: firma.id, date: '2026-03-01' });
    assert.deepEqual(res.body, { unitPrice: '99.00', currency: 'EUR', priceListId: haendler.id, source: 'entry' });
  });

  test('a product without an entry gets the percentage off, rounded half up to 4 decimals', async () => {
    // 0.3333 × 0.9 = 0.29997 → 0.3000
    const res = await resolve(tenant, { productId: kabel.id, companyId: firma.id, date: '2026-03-01' });
    assert.deepEqual(res.body, { unitPrice: '0.30', currency: 'EUR', priceListId: haendler.id, source: 'percent' });
    const odd = await product(tenant, '0.0005');
    const half = await resolve(tenant, { productId: odd.id, companyId: firma.id, date: '2026-03-01' });
    // 0.0005 × 0.9 = 0.00045 → 0.0005 (half up)
    assert.equal(half.body.unitPrice, '0.0005');
  });

  test('validity dates count both days in; outside them the default list applies', async () => {
    const on = (date: string) => resolve(tenant, { productId: kabel.id, companyId: firma.id, date });
    assert.equal((await on('2026-01-01')).body.source, 'percent');
    assert.equal((await on('2026-06-30')).body.source, 'percent');
    assert.equal((await on('2025-12-31')).body.source, 'list');
    assert.equal((await on('2026-07-01')).body.source, 'list');
    assert.equal((await on('2026-07-01')).body.unitPrice, '0.3333');
  });

  test("a contact's own list comes first, then the company passed in, then the contact's primary company", async () => {
    const gross = await created(tenant, '/api/v1/price-lists', { name: 'Großkunde', discountPercent: '20' });
    const own = await created(tenant, '/api/v1/contacts', { lastName: 'Eigen', priceListId: gross.id });
    const viaCompany = await created(tenant, '/api/v1/contacts', { lastName: 'Firma' });
    await tenant.post(`/api/v1/contacts/${viaCompany.id}/affiliations`, { companyId: firma.id, isPrimary: true });
    const date = '2026-03-01';
    const ownPrice = await resolve(tenant, { productId: kabel.id, contactId: own.id, companyId: firma.id, date });
    assert.equal(ownPrice.body.priceListId, gross.id);
    assert.equal(ownPrice.body.unitPrice, '0.2666'); // 0.3333 × 0.8 = 0.26664
    const primary = await resolve(tenant, { productId: kabel.id, contactId: viaCompany.id, date });
    assert.equal(primary.body.priceListId, haendler.id);
    const other = await created(tenant, '/api/v1/companies', { name: 'Ohne Liste AG' });
    const passed = await resolve(tenant, { productId: kabel.id, contactId: viaCompany.id, companyId: other.id, date });
    assert.equal(passed.body.source, 'list', 'the company passed in counts, not the primary one');
  });

  test('a trashed list no longer applies; after restoring it does again', async () => {
    const list = await created(tenant, '/api/v1/price-lists', { name: 'Kurzzeit', discountPercent: '50' });
    const company = await created(tenant, '/api/v1/companies', { name: 'Kurz GmbH', priceListId: list.id });
    const ask = () => resolve(tenant, { productId: beratung.id, companyId: company.id, date: '2026-03-01' });
    assert.equal((await ask()).body.unitPrice, '60.00');
    assert.equal((await tenant.delete(`/api/v1/price-lists/${list.id}`)).status, 204);
    assert.equal((await ask()).body.unitPrice, '120.00');
    assert.equal((await ask()).body.source, 'list');
    await tenant.post(`/api/v1/price-lists/${list.id}/restore`);
    assert.equal((await ask()).body.unitPrice, '60.00');
  });

  test('a list in another currency does not apply; entries are in the list currency', async () => {
    const usd = await created(tenant, '/api/v1/price-lists', { name: 'Export', currency: 'USD', discountPercent: '5' });
    await tenant.request('PUT', `/api/v1/price-lists/${usd.id}/entries/${beratung.id}`, { price: '130.00' });
    const company = await created(tenant, '/api/v1/companies', { name: 'Export Inc', priceListId: usd.id });
    const inEuro = await resolve(tenant, { productId: beratung.id, companyId: company.id, date: '2026-03-01' });
    assert.equal(inEuro.body.unitPrice, '120.00');
    assert.notEqual(inEuro.body.priceListId, usd.id);
    const inDollar = await resolve(tenant, {
      productId: beratung.id,
      companyId: company.id,
      date: '2026-03-01',
      currency: 'USD',
    });
    assert.deepEqual(inDollar.body, { unitPrice: '130.00', currency: 'USD', priceListId: usd.id, source: 'entry' });
    // No USD entry and a EUR product: the percentage cannot apply, the list price stays.
    const noEntry = await resolve(tenant, {
      productId: kabel.id,
      companyId: company.id,
      date: '2026-03-01',
      currency: 'USD',
    });
    assert.equal(noEntry.body.source, 'list');
  });

  test('100 % off makes 0.00, and an entry of the trashed product does not count', async () => {
    const free = await created(tenant, '/api/v1/price-lists', { name: 'Gratis', discountPercent: '100' });
    const company = await created(tenant, '/api/v1/companies', { name: 'Gratis eG', priceListId: free.id });
    const res = await resolve(tenant, { productId: beratung.id, companyId: company.id, date: '2026-03-01' });
    assert.equal(res.body.unitPrice, '0.00');
    const gone = await product(tenant, '10');
    await tenant.request('PUT', `/api/v1/price-lists/${free.id}/entries/${gone.id}`, { price: '1.00' });
    assert.equal((await tenant.get(`/api/v1/price-lists/${free.id}`)).body.entries.length, 1);
    await tenant.delete(`/api/v1/products/${gone.id}`);
    assert.equal((await tenant.get(`/api/v1/price-lists/${free.id}`)).body.entries.length, 0);
    assert.equal((await resolve(tenant, { productId: gone.id })).status, 422);
  });

  test('unitPriceFor answers the same inside a transaction of another module', async () => {
    const answer = await inTenant(h.ctx.db.app, { workspaceId: tenant.workspaceId, userId: tenant.userId }, (tx) =>
      unitPriceFor(tx, { productId: beratung.id, companyId: firma.id, date: '2026-03-01' }),
    );
    assert.deepEqual(answer, { unitPrice: '99.00', currency: 'EUR', priceListId: haendler.id, source: 'entry' });
  });

  test('a missing date means today; bad query values are 400', async () => {
    assert.equal((await resolve(tenant, { productId: beratung.id })).status, 200);
    assert.equal((await resolve(tenant, { productId: 'x' })).status, 400);
    assert.equal((await resolve(tenant, { productId: beratung.id, date: '2026-13-01' })).status, 400);
    assert.equal((await tenant.get('/api/v1/price-lists/resolve')).status, 400);
  });
});

describe('demo price lists', () => {
  test('the demo workspace has "Händler" and "Großkunde", each given to demo companies', async () => {
    const demo = await seedDemoWorkspace(h.ctx, {});
    const actor = { workspaceId: demo.workspaceId, userId: '', role: 'admin' as const, via: 'token' as const };
    const names = await inTenant(h.ctx.db.app, actor, async (tx) => {
      const lists = await tx.selectFrom('price_lists').select(['id', 'name', 'is_default']).execute();
      const given = await tx
        .selectFrom('companies')
        .select('price_list_id')
        .where('price_list_id', 'is not', null)
        .execute();
      return lists.map((list) => [list.name, list.is_default, given.filter((c) => c.price_list_id === list.id).length]);
    });
    assert.deepEqual(names.sort(), [
      ['Großkunde', false, 2],
      ['Händler', false, 3],
      ['Standardpreisliste', true, 0],
    ]);
  });
});
