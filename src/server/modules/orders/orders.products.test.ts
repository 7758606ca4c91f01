// What customers bought (customer_products, 0038) stays what their orders' lines say through
// every way orders change: entered, replaced by the API's upsert, cancelled, trashed and
// restored, moved by a merge and back by its undo, deleted outright, and with their workspace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Harness } from '../../testing/harness.ts';
import { keptAndComputed, productsKept } from './orders.testing.ts';

let h: Harness;
before(async () => {
  h = await harness();
});
after(() => h.close());

describe('products bought per customer', () => {
  test('follows orders and lines through every change', async () => {
    const api = await h.workspace();
    const company = (await api.post('/api/v1/companies', { name: 'Kaffeerösterei Süd GmbH' })).body.id;
    const other = (await api.post('/api/v1/companies', { name: 'Kaffeerösterei Sued' })).body.id;
    const contact = (await api.post('/api/v1/contacts', { firstName: 'Grete', lastName: 'Möller' })).body.id;
    const bean = (
      await api.post('/api/v1/products', { sku: 'BOHNE-1', name: 'Bohnen 1 kg', unit: 'kg', listPrice: '21.50' })
    ).body.id;
    const made = await api.post('/api/v1/orders', {
      companyId: company,
      contactId: contact,
      orderDate: '2026-03-01',
      lines: [
        { productId: bean, quantity: '4' },
        { name: 'Mühle', quantity: '1', unitPrice: '89.00' },
        { name: 'Mühle', quantity: '1', unitPrice: '79.00' },
      ],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    let kept = await productsKept(h, api, 'an order entered');
    // The order counts for the company and for the contact; the two grinder lines are one product.
    assert.equal(kept.length, 4);
    assert.deepEqual(
      kept
        .filter((r) => r.customer_id === company)
        .map((r) => [r.lines, Number(r.revenue)])
        .sort((x, y) => x[1] - y[1]),
      [
        [1, 86],
        [2, 168],
      ],
    );

    const put = (lines: object[], extra: object = {}) =>
      api.put('/api/v1/orders/by-external-number/ERP-7', {
        companyId: company,
        orderDate: '2026-04-01',
        lines,
        ...extra,
      });
    assert.equal((await put([{ productId: bean, quantity: '10' }])).status, 201);
    await productsKept(h, api, 'an order pushed');
    assert.equal((await put([{ sku: 'FREMD-9', name: 'Filter', quantity: '3', unitPrice: '2.00' }])).status, 200);
    await productsKept(h, api, 'its lines replaced');
    const returned = await api.post('/api/v1/orders', {
      companyId: company,
      orderDate: '2026-04-02',
      kind: 'return',
      lines: [{ productId: bean, quantity: '-4' }],
    });
    assert.equal(returned.status, 201, JSON.stringify(returned.body));
    kept = await productsKept(h, api, 'a return');
    assert.equal(kept.find((r) => r.customer_id === company && r.product_key.startsWith(bean))?.lines, 2);

    const id = made.body.id;
    assert.equal((await api.patch(`/api/v1/orders/${id}`, { status: 'cancelled' })).status, 200);
    kept = await productsKept(h, api, 'cancelled');
    assert.ok(!kept.some((r) => r.customer_id === contact), 'a cancelled order counts for nothing');
    assert.equal((await api.patch(`/api/v1/orders/${id}`, { status: 'delivered' })).status, 200);
    await productsKept(h, api, 'delivered after all');
    assert.equal((await api.delete(`/api/v1/orders/${id}`)).status, 204);
    await productsKept(h, api, 'trashed');
    assert.equal((await api.post(`/api/v1/orders/${id}/restore`)).status, 200);
    await productsKept(h, api, 'restored');
    assert.equal((await api.patch(`/api/v1/orders/${id}`, { companyId: other })).status, 200);
    await productsKept(h, api, 'moved to another company');

    const merge = await api.post('/api/v1/companies/merge', { survivorId: company, mergedIds: [other] });
    assert.equal(merge.status, 200, JSON.stringify(merge.body));
    kept = await productsKept(h, api, 'a merge');
    assert.ok(!kept.some((r) => r.customer_id === other), 'the merged company bought nothing any more');
    assert.equal((await api.post(`/api/v1/merges/${merge.body.mergeId}/undo`)).status, 200);
    await productsKept(h, api, 'the merge undone');

    await h.ctx.db.owner.transaction().execute(async (tx) => {
      await sql`set local farley.maintenance = 'on'`.execute(tx);
      await sql`delete from orders where workspace_id = ${api.workspaceId} and id = ${id}`.execute(tx);
    });
    kept = await productsKept(h, api, 'an order deleted outright');
    assert.ok(!kept.some((r) => r.customer_id === contact));

    const history = await api.get(`/api/v1/companies/${company}/purchases`);
    assert.deepEqual(
      history.body.products.map((p: { sku: string; name: string; quantity: string; revenue: string }) => [
        p.sku,
        p.quantity,
        p.revenue,
      ]),
      [
        ['FREMD-9', '3', '6.00'],
        ['BOHNE-1', '-4', '-86.00'],
      ],
    );
  });

  test('goes with its workspace', async () => {
    const api = await h.workspace();
    const company = (await api.post('/api/v1/companies', { name: 'Weg GmbH' })).body.id;
    await api.post('/api/v1/orders', {
      companyId: company,
      orderDate: '2026-01-01',
      lines: [{ name: 'Beratung', quantity: '2', unitPrice: '100' }],
    });
    assert.equal((await productsKept(h, api, 'an order')).length, 1);
    await h.ctx.db.owner.transaction().execute(async (tx) => {
      await sql`set local farley.maintenance = 'on'`.execute(tx);
      await sql`delete from workspaces where id = ${api.workspaceId}`.execute(tx);
    });
    const [kept] = await keptAndComputed(h, api.workspaceId);
    assert.deepEqual(kept, []);
  });
});
