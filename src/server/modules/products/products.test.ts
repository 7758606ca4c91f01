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

const beratung = {
  sku: ' B-100 ',
  name: 'Beratung vor Ort',
  description: 'Pro angefangene Stunde',
  unit: 'hour',
  listPrice: '120.5',
  productGroup: 'Dienstleistung',
  tags: ['service', 'service', 'vor-ort'],
};

describe('products', () => {
  test('create, read, change, trash and restore a product', async () => {
    const res = await api.post('/api/v1/products', beratung);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.headers.location, `/api/v1/products/${res.body.id}`);
    assert.match(res.body.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    assert.equal(res.body.sku, 'B-100');
    assert.equal(res.body.listPrice, '120.50');
    assert.equal(res.body.currency, 'EUR');
    assert.equal(res.body.vatRate, '19');
    assert.equal(res.body.active, true);
    assert.deepEqual(res.body.tags, ['service', 'vor-ort']);
    const read = await api.get(`/api/v1/products/${res.body.id}`);
    assert.deepEqual(read.body, res.body);
    const changed = await api.patch(
      `/api/v1/products/${res.body.id}`,
      { listPrice: '99.1234', vatRate: '7.0', active: false },
      { 'if-match': '"1"' },
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.listPrice, '99.1234');
    assert.equal(changed.body.vatRate, '7');
    assert.equal(changed.body.active, false);
    assert.equal(changed.body.version, 2);
    assert.equal((await api.delete(`/api/v1/products/${res.body.id}`)).status, 204);
    assert.equal((await api.get(`/api/v1/products/${res.body.id}`)).status, 404);
    const restored = await api.post(`/api/v1/products/${res.body.id}/restore`);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.deletedAt, null);
    const audit = await api.get(`/api/v1/audit-log?recordType=product&recordId=${res.body.id}`);
    assert.equal(audit.status, 200);
    assert.deepEqual(audit.body.data.map((e: { action: string }) => e.action).sort(), [
      'create',
      'delete',
      'restore',
      'update',
    ]);
  });

  test('two writers racing for one SKU: one wins, the other gets sku_taken, never a 500', async () => {
    const tenant = await h.workspace();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => tenant.post('/api/v1/products', { ...beratung, sku: 'RACE-1' })),
    );
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of answers.filter((r) => r.status === 409)) assert.equal(r.body.code, 'sku_taken');
  });

  test('bad input is 400 or 422 naming the field; the VAT rate must be one of the country', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ ...beratung, sku: '' }, 400, 'body.sku'],
      [{ ...beratung, unit: 'barrel' }, 400, 'body.unit'],
      [{ ...beratung, listPrice: 12.5 }, 400, 'body.listPrice'],
      [{ ...beratung, listPrice: '-1' }, 400, 'body.listPrice'],
      [{ ...beratung, listPrice: '1.23456' }, 400, 'body.listPrice'],
      [{ ...beratung, currency: 'eur' }, 400, 'body.currency'],
      [{ ...beratung, sku: 'V-1', vatRate: '16' }, 422, 'vatRate'],
      [{ ...beratung, sku: 'V-2', vatRate: '20' }, 422, 'vatRate'],
    ];
    for (const [body, status, path] of cases) {
      const res = await api.post('/api/v1/products', body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
    const { body: ok } = await api.post('/api/v1/products', { ...beratung, sku: 'V-3', vatRate: '0' });
    assert.equal(ok.vatRate, '0');
    const patch = await api.patch(`/api/v1/products/${ok.id}`, { vatRate: '5' });
    assert.equal(patch.status, 422);
    assert.equal(patch.body.errors[0].path, 'vatRate');
    assert.equal((await api.get(`/api/v1/products?sku=V-1`)).body.data.length, 0);
  });

  test('the SKU is unique among live products; a trashed product’s SKU can be reused', async () => {
    const tenant = await h.workspace();
    const first = await tenant.post('/api/v1/products', { ...beratung, sku: 'S-1' });
    assert.equal(first.status, 201);
    const taken = await tenant.post('/api/v1/products', { ...beratung, sku: 'S-1' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'sku_taken');
    assert.equal(taken.body.errors[0].path, 'sku');
    const second = await tenant.post('/api/v1/products', { ...beratung, sku: 'S-2' });
    const patchTaken = await tenant.patch(`/api/v1/products/${second.body.id}`, { sku: 'S-1' });
    assert.equal(patchTaken.status, 409);
    assert.equal(patchTaken.body.code, 'sku_taken');
    assert.equal((await tenant.patch(`/api/v1/products/${first.body.id}`, { sku: 'S-1' })).status, 200);
    assert.equal((await tenant.delete(`/api/v1/products/${first.body.id}`)).status, 204);
    const reuse = await tenant.post('/api/v1/products', { ...beratung, sku: 'S-1' });
    assert.equal(reuse.status, 201);
    const restore = await tenant.post(`/api/v1/products/${first.body.id}/restore`);
    assert.equal(restore.status, 409);
    assert.equal(restore.body.code, 'sku_taken');
  });

  test('lists search, filter, sort and page through every product exactly once', async () => {
    const tenant = await h.workspace();
    const names = ['Zement', 'Ärmel', 'Bohrer', 'Anker', 'Dübel', 'Mörtel', 'Schraube'];
    for (const [i, name] of names.entries()) {
      const res = await tenant.post('/api/v1/products', {
        sku: `P-${10 - i}`,
        name,
        unit: 'piece',
        listPrice: `${i}.00`,
        productGroup: i % 2 ? 'Befestigung' : 'Baustoff',
        active: i !== 3,
        tags: i % 3 === 0 ? ['aktion'] : [],
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await tenant.get(`/api/v1/products?limit=3&sort=name${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      seen.push(...page.body.data.map((p: { name: string }) => p.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['Anker', 'Ärmel', 'Bohrer', 'Dübel', 'Mörtel', 'Schraube', 'Zement']);
    const bySku = await tenant.get('/api/v1/products?sort=-sku&limit=2');
    assert.deepEqual(
      bySku.body.data.map((p: { sku: string }) => p.sku),
      ['P-9', 'P-8'],
    );
    const names_ = (res: { body: { data: Array<{ name: string }> } }) => res.body.data.map((p) => p.name);
    assert.deepEqual(names_(await tenant.get('/api/v1/products?q=rtel')), ['Mörtel']);
    assert.deepEqual(names_(await tenant.get('/api/v1/products?q=p-10')), ['Zement']);
    assert.deepEqual(names_(await tenant.get('/api/v1/products?active=false')), ['Anker']);
    assert.deepEqual(names_(await tenant.get('/api/v1/products?productGroup=Befestigung&sort=name')), [
      'Anker',
      'Ärmel',
      'Mörtel',
    ]);
    assert.deepEqual(names_(await tenant.get('/api/v1/products?tags.has=aktion&sort=name')), [
      'Anker',
      'Schraube',
      'Zement',
    ]);
    assert.equal((await tenant.get('/api/v1/products?sort=tags')).status, 400);
    assert.equal((await tenant.get('/api/v1/products?bogus=1')).status, 400);
  });

  test('workspaces do not see each other’s products, and viewers only read', async () => {
    const mine = await api.post('/api/v1/products', { ...beratung, sku: 'ISO-1' });
    const other = await h.workspace();
    assert.equal((await other.get(`/api/v1/products/${mine.body.id}`)).status, 404);
    assert.equal((await other.get('/api/v1/products?sku=ISO-1')).body.data.length, 0);
    assert.equal((await other.post('/api/v1/products', { ...beratung, sku: 'ISO-1' })).status, 201);
    const viewer = await h.member(api, 'viewer');
    assert.equal((await viewer.get(`/api/v1/products/${mine.body.id}`)).status, 200);
    assert.equal((await viewer.post('/api/v1/products', { ...beratung, sku: 'ISO-2' })).status, 403);
    const agent = await h.member(api, 'agent');
    assert.equal((await agent.patch(`/api/v1/products/${mine.body.id}`, { name: 'Neu' })).status, 200);
    assert.equal((await agent.delete(`/api/v1/products/${mine.body.id}`)).status, 204);
  });
});
