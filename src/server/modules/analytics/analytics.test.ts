// The analyses through the API on small hand-made workspaces: ABC and RFM classes as computed
// by hand, models left unfitted (and said why) when there are too few customers, a customer
// too new for a prediction, the history of a customer's classes over runs, roles and
// workspaces.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { runAllAnalytics } from './analytics.service.ts';
import { abcClasses, churnSignal, quintiles, rfmSegment } from './segments.ts';

let h: Harness;
before(async () => {
  h = await harness();
});
after(() => h.close());

async function customerWithOrders(api: Client, name: string, orders: Array<[string, string]>) {
  const id = (await api.post('/api/v1/companies', { name })).body.id;
  for (const [orderDate, netTotal] of orders) {
    const res = await api.post('/api/v1/orders', { companyId: id, orderDate, netTotal, status: 'invoiced' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  return id;
}

describe('ABC and RFM by hand', () => {
  test('ABC: the customer that crosses a threshold belongs to the class it completes', () => {
    // Total 100: 50 (0 before → A), 30 (50 before → A), 15 (80 → B), 4 (95 → C), 1 (99 → C).
    assert.deepEqual(abcClasses([4, 50, 1, 30, 15, 0, -3], 80, 95), ['C', 'A', 'C', 'A', 'B', null, null]);
  });
  test('quintiles and segments', () => {
    assert.deepEqual(quintiles([10, 20, 30, 40, 50], true), [1, 2, 3, 4, 5]);
    assert.deepEqual(quintiles([10, 20, 30, 40, 50], false), [5, 4, 3, 2, 1]);
    assert.deepEqual(quintiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], true), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    assert.equal(rfmSegment(5, 5, 5), 'champions');
    assert.equal(rfmSegment(5, 1, 1), 'newCustomers');
    assert.equal(rfmSegment(1, 5, 5), 'cannotLose');
    assert.equal(rfmSegment(2, 4, 3), 'atRisk');
    assert.equal(rfmSegment(1, 1, 1), 'lost');
    assert.equal(rfmSegment(2, 1, 2), 'hibernating');
  });
});

describe('churn signals by hand', () => {
  const customer = {
    customerType: 'company' as const,
    purchaseDays: 5,
    firstOrder: '2026-01-01',
    lastOrder: '2026-05-01',
    revenueWindow: 1000,
    revenuePrevious: 1000,
  };
  test('overdue against their own rhythm: every 30 days, now 120 days since the last', () => {
    assert.deepEqual(churnSignal(customer, '2026-08-29'), { signal: 'overdue', days: 120, usualDays: 30 });
    assert.equal(churnSignal(customer, '2026-06-20'), null, '50 days is not twice 30');
    assert.equal(churnSignal({ ...customer, purchaseDays: 2 }, '2026-12-01'), null, 'two purchases make no rhythm');
  });
  test('falling revenue for companies, not for consumers', () => {
    const falling = { ...customer, lastOrder: '2026-11-20', revenueWindow: 600, revenuePrevious: 1000 };
    assert.deepEqual(churnSignal(falling, '2026-12-01'), { signal: 'falling', revenue: 600, previous: 1000 });
    assert.equal(churnSignal({ ...falling, revenueWindow: 700 }, '2026-12-01'), null);
    assert.equal(churnSignal({ ...falling, customerType: 'contact' }, '2026-12-01'), null);
  });
});

describe('analytics runs', () => {
  test('a manager runs them; classes as of the day; too few customers for the models, and said so', async () => {
    const admin = await h.workspace();
    const manager = await h.member(admin, 'manager');
    const agent = await h.member(admin, 'agent');
    const viewer = await h.member(admin, 'viewer');
    const big = await customerWithOrders(admin, 'Großkunde AG', [
      ['2026-01-10', '5000.00'],
      ['2026-03-10', '3000.00'],
      ['2026-06-10', '2000.00'],
    ]);
    const middle = await customerWithOrders(admin, 'Mittel GmbH', [['2026-05-01', '1500.00']]);
    const small = await customerWithOrders(admin, 'Klein KG', [['2026-02-01', '400.00']]);
    const later = await customerWithOrders(admin, 'Später GmbH', [['2026-11-01', '9999.00']]);
    const none = (await admin.post('/api/v1/companies', { name: 'Ohne Aufträge' })).body.id;

    assert.equal((await viewer.get(`/api/v1/companies/${big}/analytics`)).body.reason, 'no_run');
    assert.equal((await agent.post('/api/v1/analytics/runs', {})).status, 403);
    assert.equal((await manager.post('/api/v1/analytics/runs', { asOf: '31.12.2026' })).status, 400);
    const run = await manager.post('/api/v1/analytics/runs', { asOf: '2026-07-01' });
    assert.equal(run.status, 201, JSON.stringify(run.body));
    // The order of November is after the day: three customers, 11,900 of revenue; 10,000 is A
    // (nothing before it), 1,500 B (84 % before it), 400 C (97 % before it).
    assert.equal(run.body.customers, 3);
    assert.deepEqual(run.body.abc, { A: 1, B: 1, C: 1 });
    assert.equal(run.body.bgnbd, null);
    assert.equal(run.body.note, 'too_few_customers');
    assert.deepEqual((await viewer.get('/api/v1/analytics/runs?limit=1')).body.data[0].id, run.body.id);

    const mine = (await viewer.get(`/api/v1/companies/${big}/analytics`)).body;
    assert.equal(mine.abcClass, 'A');
    assert.equal(mine.purchases, 3);
    assert.equal(mine.revenueTotal, '10000.00');
    assert.equal(mine.lastOrder, '2026-06-10');
    assert.equal(mine.reason, 'too_few_customers');
    assert.equal(mine.pAlive, null);
    assert.ok(mine.rfm.segment);
    assert.equal((await viewer.get(`/api/v1/companies/${middle}/analytics`)).body.abcClass, 'B');
    assert.equal((await viewer.get(`/api/v1/companies/${small}/analytics`)).body.abcClass, 'C');
    assert.equal((await viewer.get(`/api/v1/companies/${later}/analytics`)).body.reason, 'no_orders');
    assert.equal((await viewer.get(`/api/v1/companies/${none}/analytics`)).body.reason, 'no_orders');

    // The classes with their revenue, and the Lorenz curve: the best third brings 84 %.
    const abc = (await viewer.get('/api/v1/analytics/abc')).body;
    assert.deepEqual(
      abc.classes.map((c: { abcClass: string; customers: number; revenue: string }) => [
        c.abcClass,
        c.customers,
        c.revenue,
      ]),
      [
        ['A', 1, '10000.00'],
        ['B', 1, '1500.00'],
        ['C', 1, '400.00'],
      ],
    );
    assert.ok(Math.abs(abc.classes[0].share - 10000 / 11900) < 1e-9);
    assert.deepEqual(abc.lorenz, [
      { customers: 0, revenue: 0 },
      { customers: 34, revenue: 84.03 },
      { customers: 67, revenue: 96.64 },
      { customers: 100, revenue: 100 },
    ]);

    // A later run: the November customer is now the A customer; the history shows the first run.
    const next = await manager.post('/api/v1/analytics/runs', { asOf: '2026-11-30' });
    assert.equal(next.status, 201);
    const again = (await viewer.get(`/api/v1/companies/${big}/analytics`)).body;
    assert.equal(again.runId, next.body.id);
    assert.deepEqual(
      again.history.map((e: { runId: string; abcClass: string }) => [e.runId, e.abcClass]),
      [[run.body.id, 'A']],
    );
    assert.equal((await viewer.get(`/api/v1/companies/${later}/analytics`)).body.abcClass, 'A');

    const other = await h.workspace();
    assert.equal((await other.get(`/api/v1/companies/${big}/analytics`)).status, 404);
    assert.deepEqual((await other.get('/api/v1/analytics/runs')).body, { data: [] });
  });

  test('with enough customers the models are fitted; a customer too new gets no prediction', async () => {
    const admin = await h.workspace();
    const ids: string[] = [];
    // 40 customers, each buying every 3 to 8 weeks since early 2025; one more bought only last week.
    for (let c = 0; c < 40; c++) {
      const orders: Array<[string, string]> = [];
      const start = Date.UTC(2025, 0, 5 + c);
      const gap = (3 + (c % 6)) * 7 * 86_400_000;
      const stop = c % 4 === 0 ? Date.UTC(2025, 8, 1) : Date.UTC(2026, 10, 20);
      for (let t = start, n = 0; t <= stop && n < 30; t += gap, n++)
        orders.push([new Date(t).toISOString().slice(0, 10), (50 + ((c * 7 + n * 13) % 90)).toFixed(2)]);
      ids.push(await customerWithOrders(admin, `Kunde ${c + 1}`, orders));
    }
    const fresh = await customerWithOrders(admin, 'Neukunde', [['2026-11-28', '80.00']]);
    const run = await admin.post('/api/v1/analytics/runs', { asOf: '2026-12-01' });
    assert.equal(run.status, 201, JSON.stringify(run.body));
    assert.equal(run.body.note, null);
    assert.ok(run.body.bgnbd.r > 0 && run.body.gammaGamma.p > 0, JSON.stringify(run.body));
    const loyal = (await admin.get(`/api/v1/companies/${ids[1]}/analytics`)).body;
    const gone = (await admin.get(`/api/v1/companies/${ids[0]}/analytics`)).body;
    assert.equal(loyal.reason, null);
    assert.ok(loyal.pAlive > gone.pAlive, `${loyal.pAlive} > ${gone.pAlive}`);
    assert.ok(loyal.expectedPurchases > gone.expectedPurchases);
    assert.ok(Number(loyal.clv) > 0 && Number(loyal.expectedSpend) > 0);
    // Customer 0 bought every three weeks until September 2025: long overdue.
    assert.equal(gone.churn.signal, 'overdue');
    assert.ok(gone.churn.days > 400 && gone.churn.usualDays === 21, JSON.stringify(gone.churn));
    assert.equal(loyal.churn, null);
    const newcomer = (await admin.get(`/api/v1/companies/${fresh}/analytics`)).body;
    assert.equal(newcomer.reason, 'too_little_history');
    assert.equal(newcomer.pAlive, null);
    assert.equal(newcomer.clv, null);

    // The newest run's results are on the records: the lists filter and sort by them.
    const record = (await admin.get(`/api/v1/companies/${ids[1]}`)).body;
    assert.equal(record.abcClass, loyal.abcClass);
    assert.equal(record.rfmSegment, loyal.rfm.segment);
    assert.equal(record.pAlive, Number(loyal.pAlive.toFixed(4)));
    assert.equal(record.clv, loyal.clv);
    assert.equal(record.windowRevenue, loyal.revenueWindow);
    assert.equal((await admin.get(`/api/v1/companies/${ids[0]}`)).body.churnSignal, 'overdue');
    // A change to the record answers with its scores beside it, as a read does (they live apart).
    const patched = await admin.patch(`/api/v1/companies/${ids[1]}`, { description: 'Stammkunde seit 2024' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual([patched.body.abcClass, patched.body.clv], [loyal.abcClass, loyal.clv]);
    const leaving = await admin.get('/api/v1/companies?pAlive.lt=0.5&sort=-clv&limit=100');
    assert.equal(leaving.status, 200, JSON.stringify(leaving.body));
    assert.ok(leaving.body.data.length > 0);
    assert.ok(leaving.body.data.every((c: { pAlive: number }) => c.pAlive < 0.5));
    assert.ok(leaving.body.data.some((c: { id: string }) => c.id === ids[0]));
    const values = leaving.body.data.map((c: { clv: string | null }) => (c.clv === null ? -1 : Number(c.clv)));
    assert.deepEqual(
      values,
      [...values].sort((a: number, b: number) => b - a),
    );
    const classA = await admin.get('/api/v1/companies?abcClass=A&sort=-windowRevenue&limit=100');
    assert.ok(classA.body.data.length > 0 && classA.body.data.every((c: { abcClass: string }) => c.abcClass === 'A'));
    const overdue = await admin.get('/api/v1/companies?churnSignal=overdue&limit=100');
    assert.ok(overdue.body.data.some((c: { id: string }) => c.id === ids[0]));
    assert.equal((await admin.get('/api/v1/companies?rfmSegment=bestFriends')).status, 400);
    // Derived values are no change anybody made: the audit trail does not list them.
    const trail = (await admin.get(`/api/v1/audit-log?recordType=company&recordId=${ids[1]}`)).body.data as Array<{
      changes: object;
    }>;
    assert.ok(trail.length > 0);
    assert.ok(trail.every((entry) => !('abc_class' in entry.changes) && !('clv' in entry.changes)));

    // A calibration run (as of an earlier day) leaves the records at the newest run's values.
    await admin.post('/api/v1/analytics/runs', { asOf: '2025-06-01' });
    assert.equal((await admin.get(`/api/v1/companies/${ids[1]}`)).body.clv, loyal.clv);
    // A customer the newest run no longer holds loses them.
    const moved = (await admin.get(`/api/v1/orders?companyId=${fresh}`)).body.data;
    for (const order of moved) assert.equal((await admin.delete(`/api/v1/orders/${order.id}`)).status, 204);
    await admin.post('/api/v1/analytics/runs', { asOf: '2026-12-01' });
    const cleared = (await admin.get(`/api/v1/companies/${fresh}`)).body;
    assert.deepEqual([cleared.abcClass, cleared.rfmSegment, cleared.windowRevenue], [null, null, null]);
  });

  test('settings: everyone reads them, managers change them, thresholds out of order are refused', async () => {
    const admin = await h.workspace();
    const agent = await h.member(admin, 'agent');
    assert.deepEqual((await agent.get('/api/v1/analytics/settings')).body, {
      windowMonths: 12,
      abcA: 80,
      abcB: 95,
      horizonMonths: 36,
      discountRate: 10,
      abcBasis: 'revenue',
    });
    assert.equal((await agent.patch('/api/v1/analytics/settings', { windowMonths: 6 })).status, 403);
    const bad = await admin.patch('/api/v1/analytics/settings', { abcA: 96 });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].path, 'abcA');
    assert.equal((await admin.patch('/api/v1/analytics/settings', { windowMonths: 0 })).status, 400);
    const changed = await admin.patch('/api/v1/analytics/settings', { windowMonths: 6, abcA: 70, discountRate: 8 });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual(changed.body, {
      windowMonths: 6,
      abcA: 70,
      abcB: 95,
      horizonMonths: 36,
      discountRate: 8,
      abcBasis: 'revenue',
    });
    await customerWithOrders(admin, 'Einstellung GmbH', [['2026-10-01', '120.00']]);
    const run = await admin.post('/api/v1/analytics/runs', {});
    assert.deepEqual(run.body.settings, changed.body);
  });

  test('the nightly run: each workspace with orders gets a run, one without none', async () => {
    const buying = await h.workspace();
    await customerWithOrders(buying, 'Nachtkunde GmbH', [['2026-10-01', '120.00']]);
    const idle = await h.workspace();
    await idle.post('/api/v1/companies', { name: 'Ohne Aufträge GmbH' });
    assert.ok((await runAllAnalytics(h.ctx)) >= 1);
    const runs = (await buying.get('/api/v1/analytics/runs')).body.data;
    assert.equal(runs.length, 1);
    assert.equal(runs[0].customers, 1);
    assert.deepEqual((await idle.get('/api/v1/analytics/runs')).body.data, []);
  });

  test('margins: historic value and ABC by contribution margin where costs are known', async () => {
    const admin = await h.workspace();
    const product = async (sku: string, costPrice: string | null) =>
      (await admin.post('/api/v1/products', { sku, name: sku, unit: 'piece', listPrice: '100.00', costPrice })).body
        .id as string;
    const cheap = await product('GUT-1', '20.00');
    const dear = await product('TEUER-1', '90.00');
    const unknown = await product('OHNE-1', null);
    const buy = async (name: string, lines: Array<[string, string, string]>) => {
      const id = (await admin.post('/api/v1/companies', { name })).body.id as string;
      const res = await admin.post('/api/v1/orders', {
        companyId: id,
        orderDate: '2026-06-01',
        lines: lines.map(([productId, quantity, unitPrice]) => ({ productId, quantity, unitPrice })),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return id;
    };
    // Revenue: Volumen 10 × 100 = 1,000 at a cost of 90 each (margin 100); Marge 5 × 100 = 500 at
    // 20 (margin 400); Halb 300 of which 100 at cost 20 (margin 80) and 200 without a cost.
    const volume = await buy('Volumen GmbH', [[dear, '10', '100.00']]);
    const margin = await buy('Marge GmbH', [[cheap, '5', '100.00']]);
    const half = await buy('Halb GmbH', [
      [cheap, '1', '100.00'],
      [unknown, '2', '100.00'],
    ]);
    assert.equal((await admin.patch('/api/v1/analytics/settings', { abcA: 50 })).status, 200);
    assert.equal((await admin.post('/api/v1/analytics/runs', { asOf: '2026-07-01' })).status, 201);
    const read = async (id: string) => (await admin.get(`/api/v1/companies/${id}/analytics`)).body;
    assert.deepEqual(
      [(await read(volume)).marginTotal, (await read(margin)).marginTotal, (await read(half)).marginTotal],
      ['100.00', '400.00', '80.00'],
    );
    assert.equal((await read(half)).costCoverage, 100 / 300);
    assert.equal((await read(volume)).costCoverage, 1);
    // A is the top 50 %. By revenue Volumen is the A customer (1,000 of 1,800; Marge comes after
    // 56 %); by margin Marge is (400 of 580; Volumen comes after 69 %).
    assert.equal((await read(volume)).abcClass, 'A');
    assert.equal((await read(margin)).abcClass, 'B');
    assert.equal((await admin.patch('/api/v1/analytics/settings', { abcBasis: 'margin' })).body.abcBasis, 'margin');
    assert.equal((await admin.patch('/api/v1/analytics/settings', { abcBasis: 'profit' })).status, 400);
    assert.equal((await admin.post('/api/v1/analytics/runs', { asOf: '2026-07-01' })).status, 201);
    assert.equal((await read(margin)).abcClass, 'A');
    assert.equal((await read(volume)).abcClass, 'B');
  });

  test('cross-selling: what customers who bought the same product also bought, with the reason', async () => {
    const admin = await h.workspace();
    const product = async (sku: string, name: string) =>
      (await admin.post('/api/v1/products', { sku, name, unit: 'piece', listPrice: '10.00' })).body.id as string;
    const coffee = await product('K-1', 'Kaffee');
    const filter = await product('F-1', 'Filter');
    const cups = await product('T-1', 'Tassen');
    const milk = await product('M-1', 'Milch');
    const buyer = async (name: string, products: string[]) => {
      const id = (await admin.post('/api/v1/companies', { name })).body.id;
      const res = await admin.post('/api/v1/orders', {
        companyId: id,
        orderDate: '2026-10-01',
        lines: products.map((productId) => ({ productId, quantity: '1' })),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return id as string;
    };
    await buyer('Eins GmbH', [coffee, filter]);
    await buyer('Zwei GmbH', [coffee, filter]);
    const three = await buyer('Drei GmbH', [coffee, filter, cups]);
    const four = await buyer('Vier GmbH', [coffee]);
    await buyer('Fünf GmbH', [cups, milk]);
    assert.equal((await admin.post('/api/v1/analytics/runs', { asOf: '2026-11-01' })).status, 201);
    // Of the four customers who bought coffee, three bought filters (75 %); three of all five
    // bought filters (60 %): lift 1.25. Cups with coffee only once: below the support of two.
    const suggestions = (await admin.get(`/api/v1/companies/${four}/analytics`)).body.crossSell;
    assert.deepEqual(
      suggestions.map(
        (s: { sku: string; confidence: number; lift: number; customers: number; because: { name: string } }) => [
          s.sku,
          s.confidence,
          Math.round(s.lift * 100) / 100,
          s.customers,
          s.because.name,
        ],
      ),
      [['F-1', 0.75, 1.25, 3, 'Kaffee']],
    );
    assert.deepEqual((await admin.get(`/api/v1/companies/${three}/analytics`)).body.crossSell, []);
    assert.equal(suggestions[0].upSell, false);
    // The filter in the coffee's product group at a higher price: the better version, an up-sell.
    for (const [id, listPrice] of [
      [coffee, '10.00'],
      [filter, '25.00'],
    ]) {
      const current = (await admin.get(`/api/v1/products/${id}`)).body;
      const res = await admin.patch(
        `/api/v1/products/${id}`,
        { productGroup: 'Kaffee', listPrice },
        {
          'if-match': `"${current.version}"`,
        },
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    assert.equal((await admin.get(`/api/v1/companies/${four}/analytics`)).body.crossSell[0].upSell, true);
  });
});
