import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let api: Client;
let companyId: string;
let contactId: string;
let productId: string;

before(async () => {
  h = await harness();
  api = await h.workspace();
  companyId = (await api.post('/api/v1/companies', { name: 'Bäckerei Öztürk GmbH' })).body.id;
  contactId = (await api.post('/api/v1/contacts', { firstName: 'Jürgen', lastName: 'Weiß' })).body.id;
  productId = (
    await api.post('/api/v1/products', {
      sku: 'MEHL-25',
      name: 'Weizenmehl 25 kg',
      unit: 'piece',
      listPrice: '18.90',
      vatRate: '7',
    })
  ).body.id;
});
after(() => h.close());

const year = new Date().getFullYear();

describe('orders', () => {
  test('an order entered in Farley gets a number, totals per VAT rate and its lines', async () => {
    const res = await api.post('/api/v1/orders', {
      companyId,
      contactId,
      orderDate: `${year}-03-05`,
      lines: [
        { productId, quantity: '3' },
        { name: 'Lieferung', quantity: '1', unitPrice: '25.00', vatRate: '19' },
        { name: 'Rabattware', quantity: '0.333', unitPrice: '0.03' },
      ],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.number, new RegExp(`^AB-${year}-\\d{4}$`));
    assert.equal(res.body.kind, 'order');
    assert.equal(res.body.status, 'open');
    assert.equal(res.body.source, 'farley');
    assert.equal(res.body.customerName, 'Bäckerei Öztürk GmbH');
    assert.equal(res.body.netTotal, '81.71');
    assert.equal(res.body.vatTotal, (3.97 + 4.75).toFixed(2));
    assert.equal(res.body.grossTotal, '90.43');
    assert.deepEqual(
      res.body.lines.map((l: { sku: string; name: string; netAmount: string; vatRate: string; quantity: string }) => [
        l.sku,
        l.name,
        l.quantity,
        l.netAmount,
        l.vatRate,
      ]),
      [
        ['MEHL-25', 'Weizenmehl 25 kg', '3', '56.70', '7'],
        [null, 'Lieferung', '1', '25.00', '19'],
        [null, 'Rabattware', '0.333', '0.01', '19'],
      ],
    );
    const second = await api.post('/api/v1/orders', { contactId, orderDate: `${year}-03-06`, netTotal: '10' });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.equal(Number(second.body.number.slice(-4)), Number(res.body.number.slice(-4)) + 1);
    assert.equal(second.body.netTotal, '10.00');
    assert.equal(second.body.vatTotal, null);
    assert.equal(second.body.customerName, 'Jürgen Weiß');
  });

  test('bad input is a 422 naming the field, and nothing is written', async () => {
    const tenant = await h.workspace();
    const customer = (await tenant.post('/api/v1/companies', { name: 'Prüf AG' })).body.id;
    const cases: Array<[unknown, string]> = [
      [
        { companyId: customer, orderDate: `${year}-01-02`, lines: [{ name: 'A', quantity: '-1', unitPrice: '5' }] },
        'lines.0.quantity',
      ],
      [
        {
          companyId: customer,
          orderDate: `${year}-01-02`,
          lines: [{ productId: '0190a0a0-0000-7000-8000-000000000000', quantity: '1' }],
        },
        'lines.0.productId',
      ],
      [
        {
          companyId: customer,
          orderDate: `${year}-01-02`,
          lines: [{ name: 'A', quantity: '1', unitPrice: '5', vatRate: '16' }],
        },
        'lines.0.vatRate',
      ],
      [{ orderDate: `${year}-01-02`, netTotal: '5' }, 'companyId'],
      [{ companyId: customer, orderDate: `${year}-01-02` }, 'lines'],
      [
        {
          companyId: customer,
          kind: 'return',
          orderDate: `${year}-01-02`,
          lines: [{ name: 'A', quantity: '2', unitPrice: '5' }],
        },
        'lines.0.quantity',
      ],
      [{ companyId: customer, orderDate: `${year}-01-02`, netTotal: '-5' }, 'netTotal'],
      [{ companyId: customer, orderDate: `${year}-01-02`, lines: [{ quantity: '1', unitPrice: '5' }] }, 'lines.0.name'],
    ];
    for (const [body, path] of cases) {
      const res = await tenant.post('/api/v1/orders', body);
      assert.equal(res.status, 422, `${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
    assert.equal((await tenant.get('/api/v1/orders')).body.data.length, 0);
    // Nothing written includes the counter: the next order still gets number 1.
    const ok = await tenant.post('/api/v1/orders', { companyId: customer, orderDate: `${year}-01-02`, netTotal: '5' });
    assert.equal(ok.body.number, `AB-${year}-0001`);
  });

  test('the upsert by external number is idempotent: 201, then 200 unchanged, a change updates', async () => {
    const body = {
      contactId,
      orderDate: `${year}-02-01`,
      lines: [{ sku: 'X-1', name: 'Brötchen', quantity: '100', unitPrice: '0.35', vatRate: '7' }],
    };
    const url = '/api/v1/orders/by-external-number/SHOP-1001';
    const first = await api.put(url, body);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.externalNumber, 'SHOP-1001');
    assert.equal(first.body.number, null);
    assert.equal(first.body.source, 'api');
    const again = await api.put(url, body);
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id);
    assert.equal(again.body.version, first.body.version);
    const changed = await api.put(url, {
      ...body,
      status: 'delivered',
      lines: [{ ...body.lines[0], quantity: '120' }],
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.id, first.body.id);
    assert.equal(changed.body.version, first.body.version + 1);
    assert.equal(changed.body.netTotal, '42.00');
    assert.equal(changed.body.lines.length, 1);
    const racing = await Promise.all(
      Array.from({ length: 6 }, () => api.put('/api/v1/orders/by-external-number/SHOP-RACE', body)),
    );
    assert.deepEqual(racing.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 201]);
    assert.equal(new Set(racing.map((r) => r.body.id)).size, 1);
    const taken = await api.post('/api/v1/orders', { ...body, externalNumber: 'SHOP-1001' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'external_number_taken');
  });

  test('status changes with If-Match, trash and restore; lists filter and sort', async () => {
    const tenant = await h.workspace();
    const c = (await tenant.post('/api/v1/companies', { name: 'Liste KG' })).body.id;
    const made = [];
    for (const [i, net] of ['30', '10', '20'].entries())
      made.push(
        (await tenant.post('/api/v1/orders', { companyId: c, orderDate: `${year}-0${i + 1}-01`, netTotal: net })).body,
      );
    const patched = await tenant.patch(`/api/v1/orders/${made[0].id}`, { status: 'delivered' }, { 'if-match': '"1"' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.status, 'delivered');
    assert.equal(
      (await tenant.patch(`/api/v1/orders/${made[0].id}`, { status: 'invoiced' }, { 'if-match': '"1"' })).status,
      412,
    );
    const byTotal = await tenant.get('/api/v1/orders?sort=-netTotal');
    assert.deepEqual(
      byTotal.body.data.map((o: { netTotal: string }) => o.netTotal),
      ['30.00', '20.00', '10.00'],
    );
    const byDate = await tenant.get(`/api/v1/orders?orderDate.gte=${year}-02-01`);
    assert.deepEqual(
      byDate.body.data.map((o: { netTotal: string }) => o.netTotal),
      ['20.00', '10.00'],
    );
    assert.equal((await tenant.get('/api/v1/orders?status=delivered')).body.data.length, 1);
    assert.equal((await tenant.get(`/api/v1/orders?companyId=${c}&kind=return`)).body.data.length, 0);
    assert.equal((await tenant.delete(`/api/v1/orders/${made[1].id}`)).status, 204);
    assert.equal((await tenant.get(`/api/v1/orders/${made[1].id}`)).status, 404);
    assert.equal((await tenant.post(`/api/v1/orders/${made[1].id}/restore`)).status, 200);
  });

  test('purchase history: revenue per year net of returns, cancelled left out, products bought, figures', async () => {
    const tenant = await h.workspace();
    const c = (await tenant.post('/api/v1/companies', { name: 'Historie GmbH' })).body.id;
    const p = (await tenant.post('/api/v1/products', { sku: 'K-1', name: 'Kaffee', unit: 'kg', listPrice: '20' })).body
      .id;
    const order = (date: string, extra: object) =>
      tenant.post('/api/v1/orders', { companyId: c, orderDate: date, ...extra });
    await order(`${year - 1}-06-01`, { lines: [{ productId: p, quantity: '10' }] });
    await order(`${year}-01-10`, {
      lines: [
        { productId: p, quantity: '5' },
        { name: 'Tassen', quantity: '2', unitPrice: '150' },
      ],
    });
    await order(`${year}-01-20`, { kind: 'return', lines: [{ productId: p, quantity: '-1' }] });
    const cancelled = (await order(`${year}-01-25`, { netTotal: '999' })).body;
    await tenant.patch(`/api/v1/orders/${cancelled.id}`, { status: 'cancelled' });
    const res = await tenant.get(`/api/v1/companies/${c}/purchases?limit=2`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.orders.length, 2);
    assert.equal(res.body.orders[0].orderDate, `${year}-01-25`);
    assert.ok(res.body.nextCursor);
    const rest = await tenant.get(`/api/v1/companies/${c}/purchases?limit=2&cursor=${res.body.nextCursor}`);
    assert.deepEqual(
      rest.body.orders.map((o: { orderDate: string }) => o.orderDate),
      [`${year}-01-10`, `${year - 1}-06-01`],
    );
    assert.equal(rest.body.nextCursor, null);
    assert.deepEqual(res.body.revenueByYear, [
      { year, revenue: '380.00', orders: 1 },
      { year: year - 1, revenue: '200.00', orders: 1 },
    ]);
    assert.deepEqual(
      res.body.products.map((x: { name: string; quantity: string; revenue: string }) => [
        x.name,
        x.quantity,
        x.revenue,
      ]),
      [
        ['Kaffee', '14', '280.00'],
        ['Tassen', '2', '300.00'],
      ].sort((a, b) => Number(b[2]) - Number(a[2])),
    );
    assert.equal(res.body.figures.revenueThisYear.amount, '380.00');
    assert.equal(res.body.figures.revenueLastYear.amount, '200.00');
    assert.equal(res.body.figures.orders, 2);
    assert.equal(res.body.figures.averageOrderValue.amount, '300.00');
    assert.equal(res.body.figures.lastOrderDate, `${year}-01-10`);
    assert.equal(typeof res.body.figures.daysSinceLastOrder, 'number');
    const none = await tenant.get(
      `/api/v1/contacts/${(await tenant.post('/api/v1/contacts', { lastName: 'Neu' })).body.id}/purchases`,
    );
    assert.equal(none.status, 200);
    assert.equal(none.body.figures.orders, 0);
    assert.equal(none.body.figures.averageOrderValue, null);
    assert.equal((await tenant.get(`/api/v1/companies/${contactId}/purchases`)).status, 404);
  });

  test('viewers read orders and purchases, agents write; other workspaces see nothing', async () => {
    const viewer = await h.member(api, 'viewer');
    const agent = await h.member(api, 'agent');
    const body = { companyId, orderDate: `${year}-04-01`, netTotal: '5' };
    assert.equal((await viewer.post('/api/v1/orders', body)).status, 403);
    assert.equal((await viewer.put('/api/v1/orders/by-external-number/V-1', body)).status, 403);
    const made = await agent.post('/api/v1/orders', body);
    assert.equal(made.status, 201);
    assert.equal((await viewer.get(`/api/v1/orders/${made.body.id}`)).status, 200);
    assert.equal((await viewer.get(`/api/v1/companies/${companyId}/purchases`)).status, 200);
    const other = await h.workspace();
    assert.equal((await other.get(`/api/v1/orders/${made.body.id}`)).status, 404);
    assert.equal((await other.get(`/api/v1/companies/${companyId}/purchases`)).status, 404);
    assert.equal(
      (
        await other.put('/api/v1/orders/by-external-number/SHOP-1001', {
          ...body,
          companyId: undefined,
          contactId: undefined,
          netTotal: '1',
        })
      ).status,
      422,
    );
  });
});
