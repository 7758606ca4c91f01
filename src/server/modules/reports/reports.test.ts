// Reports through the API against a real database: each measure, date buckets, two
// groupings, the list filters, the monthly order-line totals against the lines themselves,
// definitions that do not fit (422), who may see and change which report, and workspaces.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { monthsKeptAndComputed } from './reports.testing.ts';

let h: Harness;
let admin: Client;
before(async () => {
  h = await harness();
  admin = await h.workspace('Berichte GmbH');
  const companies: Array<[string, string, number, string]> = [
    ['Bäckerei Öztürk GmbH', 'Handel', 12, '1000000.00'],
    ['Müller Maschinenbau AG', 'Industrie', 250, '42000000.00'],
    ['Schäfer Metall KG', 'Industrie', 80, '9000000.50'],
    ['Weiß Logistik GmbH', 'Logistik', 40, '5000000.00'],
  ];
  for (const [name, industry, employeeCount, annualRevenue] of companies) {
    const res = await admin.post('/api/v1/companies', {
      name,
      industry,
      employeeCount,
      annualRevenue: { amount: annualRevenue, currency: 'EUR' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
});
after(() => h.close());

const run = (api: Client, definition: unknown, range?: unknown) =>
  api.post('/api/v1/reports/run', { definition, ...(range ? { range } : {}) });

describe('report engine', () => {
  test('each measure over companies grouped by industry, largest first', async () => {
    const res = await run(admin, {
      type: 'companies',
      groups: [{ field: 'industry' }],
      measures: [
        { fn: 'count' },
        { fn: 'sum', field: 'employeeCount' },
        { fn: 'avg', field: 'annualRevenue' },
        { fn: 'min', field: 'employeeCount' },
      ],
      chart: 'table',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.rows, [
      ['Industrie', 2, 330, 25500000.25, 80],
      ['Handel', 1, 12, 1000000, 12],
      ['Logistik', 1, 40, 5000000, 40],
    ]);
    assert.equal(res.body.columns[3].kind, 'money');
    const max = await run(admin, {
      type: 'companies',
      measures: [{ fn: 'max', field: 'employeeCount' }],
      chart: 'number',
    });
    assert.deepEqual(max.body.rows, [[250]]);
  });

  test('filters are the list filters', async () => {
    const res = await run(admin, {
      type: 'companies',
      filters: [
        { field: 'industry', op: 'in', value: 'Industrie,Logistik' },
        { field: 'employeeCount', op: 'gte', value: '50' },
      ],
      measures: [{ fn: 'count' }],
      chart: 'number',
    });
    assert.deepEqual(res.body.rows, [[2]]);
    const contains = await run(admin, {
      type: 'companies',
      filters: [{ field: 'name', op: 'contains', value: 'müller' }],
      measures: [{ fn: 'count' }],
      chart: 'number',
    });
    assert.deepEqual(contains.body.rows, [[1]]);
  });

  test('orders by quarter and status, and a date range on the order date', async () => {
    const api = await h.workspace();
    const company = (await api.post('/api/v1/companies', { name: 'Quartal GmbH' })).body.id;
    for (const [orderDate, netTotal, status] of [
      ['2026-01-15', '100.00', 'invoiced'],
      ['2026-03-31', '50.00', 'invoiced'],
      ['2026-04-01', '70.00', 'open'],
      ['2026-05-20', '30.00', 'invoiced'],
    ]) {
      const made = await api.post('/api/v1/orders', { companyId: company, orderDate, netTotal, status });
      assert.equal(made.status, 201, JSON.stringify(made.body));
    }
    const definition = {
      type: 'orders',
      groups: [{ field: 'orderDate', bucket: 'quarter' }, { field: 'status' }],
      measures: [{ fn: 'sum', field: 'netTotal' }, { fn: 'count' }],
      chart: 'stackedBar',
      dateField: 'orderDate',
    };
    const res = await run(api, definition);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.rows, [
      ['2026-01-01', 'invoiced', 150, 2],
      ['2026-04-01', 'invoiced', 30, 1],
      ['2026-04-01', 'open', 70, 1],
    ]);
    const ranged = await run(api, definition, { from: '2026-03-31', to: '2026-04-30' });
    assert.deepEqual(ranged.body.rows, [
      ['2026-01-01', 'invoiced', 50, 1],
      ['2026-04-01', 'open', 70, 1],
    ]);
    const weeks = await run(api, {
      type: 'orders',
      groups: [{ field: 'orderDate', bucket: 'week' }],
      measures: [{ fn: 'count' }],
      chart: 'line',
    });
    // 2026-01-15 is a Thursday: its ISO week starts on Monday the 12th.
    assert.deepEqual(weeks.body.rows[0], ['2026-01-12', 1]);
    const years = await run(api, {
      type: 'orders',
      groups: [{ field: 'orderDate', bucket: 'year' }],
      measures: [{ fn: 'avg', field: 'netTotal' }],
      chart: 'bar',
    });
    assert.deepEqual(years.body.rows, [['2026-01-01', 62.5]]);
  });

  test('order lines by month and product group: the monthly totals agree with the lines, after changes too', async () => {
    const api = await h.workspace();
    const company = (await api.post('/api/v1/companies', { name: 'Linien AG' })).body.id;
    const product = async (sku: string, productGroup: string | null, listPrice: string) =>
      (await api.post('/api/v1/products', { sku, name: sku, unit: 'piece', listPrice, productGroup })).body.id;
    const coffee = await product('KAFFEE', 'Kaffee', '10.00');
    const tea = await product('TEE', 'Tee', '4.00');
    const order = async (orderDate: string, lines: unknown[], status = 'invoiced') => {
      const made = await api.post('/api/v1/orders', { companyId: company, orderDate, status, lines });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return made.body.id as string;
    };
    const first = await order('2026-01-05', [
      { productId: coffee, quantity: '2' },
      { productId: tea, quantity: '5' },
    ]);
    await order('2026-01-25', [
      { productId: coffee, quantity: '1' },
      { name: 'Versand', quantity: '1', unitPrice: '7.50' },
    ]);
    const third = await order('2026-02-10', [{ productId: tea, quantity: '1' }], 'open');
    const byMonth = {
      type: 'orderLines',
      groups: [{ field: 'orderDate', bucket: 'month' }, { field: 'productGroup' }],
      measures: [{ fn: 'sum', field: 'netAmount' }, { fn: 'count' }, { fn: 'avg', field: 'quantity' }],
      chart: 'stackedBar',
    };
    // A filter the totals do not keep makes the report read the lines.
    const direct = { ...byMonth, filters: [{ field: 'unitPrice', op: 'gte', value: '0' }] };
    const both = async () => {
      const fast = await run(api, byMonth);
      const slow = await run(api, direct);
      assert.equal(fast.status, 200, JSON.stringify(fast.body));
      assert.equal(fast.body.rollup, true);
      assert.equal(slow.body.rollup, false);
      assert.deepEqual(fast.body.rows, slow.body.rows);
      const [kept, computed] = await monthsKeptAndComputed(h, api.workspaceId);
      assert.deepEqual(kept, computed);
      return fast.body.rows;
    };
    assert.deepEqual(await both(), [
      ['2026-01-01', 'Kaffee', 30, 2, 1.5],
      ['2026-01-01', 'Tee', 20, 1, 5],
      ['2026-01-01', null, 7.5, 1, 1],
      ['2026-02-01', 'Tee', 4, 1, 1],
    ]);
    // An order moved to another month, another cancelled, one to the trash.
    assert.equal((await api.patch(`/api/v1/orders/${third}`, { status: 'cancelled' })).status, 200);
    assert.equal((await api.delete(`/api/v1/orders/${first}`)).status, 204);
    const rows = await both();
    assert.deepEqual(rows, [
      ['2026-01-01', 'Kaffee', 10, 1, 1],
      ['2026-01-01', null, 7.5, 1, 1],
      ['2026-02-01', 'Tee', 4, 1, 1],
    ]);
    const invoiced = await run(api, {
      ...byMonth,
      filters: [{ field: 'orderStatus', op: 'ne', value: 'cancelled' }],
    });
    assert.equal(invoiced.body.rollup, true);
    assert.equal(invoiced.body.rows.length, 2);
  });

  test('a stage groups in pipeline order and carries its name', async () => {
    const api = await h.workspace();
    const stages = (await api.get('/api/v1/pipelines')).body.data[0].stages as Array<{ id: string; name: string }>;
    await api.post('/api/v1/deals', {
      title: 'A',
      amount: { amount: '100.00', currency: 'EUR' },
      stageId: stages[1].id,
    });
    await api.post('/api/v1/deals', {
      title: 'B',
      amount: { amount: '900.00', currency: 'EUR' },
      stageId: stages[0].id,
    });
    const res = await run(api, {
      type: 'deals',
      groups: [{ field: 'stageId' }],
      measures: [{ fn: 'sum', field: 'amount' }],
      chart: 'funnel',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.rows.map((r: unknown[]) => res.body.labels[r[0] as string]),
      [stages[0].name, stages[1].name],
    );
  });

  test('definitions that do not fit their record type are 422 naming each part; bad bodies 400', async () => {
    const res = await run(admin, {
      type: 'companies',
      filters: [
        { field: 'nope', op: 'eq', value: 'x' },
        { field: 'employeeCount', op: 'contains', value: '1' },
        { field: 'employeeCount', op: 'gte', value: 'viele' },
      ],
      groups: [{ field: 'name', bucket: 'month' }, { field: 'qualityReasons' }],
      measures: [{ fn: 'sum', field: 'name' }, { fn: 'count', field: 'employeeCount' }, { fn: 'avg' }],
      chart: 'pie',
      dateField: 'industry',
    });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    assert.deepEqual(paths, [
      'definition.chart',
      'definition.dateField',
      'definition.filters.0.field',
      'definition.filters.1.op',
      'definition.filters.2.value',
      'definition.groups.0.bucket',
      'definition.groups.1.field',
      'definition.measures.0.field',
      'definition.measures.1.field',
      'definition.measures.2.field',
    ]);
    const sqlText = await run(admin, { type: 'companies', measures: [{ fn: 'sum(1);--' }], chart: 'number' });
    assert.equal(sqlText.status, 400);
    const proto = await run(admin, {
      type: 'companies',
      groups: [{ field: 'constructor' }],
      measures: [{ fn: 'count' }],
    });
    assert.equal(proto.status, 422);
  });
});

describe('saved reports', () => {
  const definition = { type: 'companies', groups: [{ field: 'industry' }], measures: [{ fn: 'count' }], chart: 'bar' };

  test('own reports for everyone, shared ones from agents; viewers see shared ones and cannot change them', async () => {
    const viewer = await h.member(admin, 'viewer');
    const agent = await h.member(admin, 'agent');
    const other = await h.member(admin, 'agent');
    const manager = await h.member(admin, 'manager');
    const mine = await viewer.post('/api/v1/reports', { name: 'Meine Branchen', definition });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    assert.equal((await viewer.post('/api/v1/reports', { name: 'Geteilt', shared: true, definition })).status, 403);
    const shared = await agent.post('/api/v1/reports', { name: 'Branchen', shared: true, definition });
    assert.equal(shared.status, 201);
    const listed = (await viewer.get('/api/v1/reports')).body.data.map((r: { name: string }) => r.name);
    assert.deepEqual(listed, ['Branchen', 'Meine Branchen']);
    const result = await viewer.get(`/api/v1/reports/${shared.body.id}/result`);
    assert.equal(result.status, 200);
    assert.equal(result.body.rows.length, 3);
    assert.equal((await viewer.patch(`/api/v1/reports/${shared.body.id}`, { name: 'Anders' })).status, 403);
    assert.equal((await other.patch(`/api/v1/reports/${shared.body.id}`, { name: 'Anders' })).status, 403);
    assert.equal((await manager.patch(`/api/v1/reports/${shared.body.id}`, { name: 'Alle Branchen' })).status, 200);
    // Someone else's own report does not exist for the others.
    assert.equal((await agent.get(`/api/v1/reports/${mine.body.id}`)).status, 404);
    assert.equal((await manager.patch(`/api/v1/reports/${mine.body.id}`, { name: 'X' })).status, 404);
    assert.equal((await manager.delete(`/api/v1/reports/${mine.body.id}`)).status, 404);
    const changed = await viewer.patch(`/api/v1/reports/${mine.body.id}`, {
      definition: { ...definition, chart: 'pie' },
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.definition.chart, 'pie');
    const bad = await viewer.patch(`/api/v1/reports/${mine.body.id}`, {
      definition: { ...definition, measures: [{ fn: 'sum', field: 'industry' }] },
    });
    assert.equal(bad.status, 422);
    assert.equal((await viewer.delete(`/api/v1/reports/${mine.body.id}`)).status, 204);
    assert.equal((await viewer.get(`/api/v1/reports/${mine.body.id}`)).status, 404);
  });

  test('another workspace sees neither the reports nor the records', async () => {
    const saved = await admin.post('/api/v1/reports', { name: 'Nur hier', shared: true, definition });
    const stranger = await h.workspace('Fremd GmbH');
    assert.equal((await stranger.get(`/api/v1/reports/${saved.body.id}`)).status, 404);
    assert.equal((await stranger.get(`/api/v1/reports/${saved.body.id}/result`)).status, 404);
    assert.deepEqual((await stranger.get('/api/v1/reports')).body.data, []);
    const counted = await run(stranger, { type: 'companies', measures: [{ fn: 'count' }], chart: 'number' });
    assert.deepEqual(counted.body.rows, [[0]]);
  });

  test('exports as German CSV and as Excel', async () => {
    const saved = await admin.post('/api/v1/reports', {
      name: 'Umsatz je Branche',
      definition: {
        type: 'companies',
        groups: [{ field: 'industry' }],
        measures: [{ fn: 'avg', field: 'annualRevenue' }],
      },
    });
    const csv = await admin.get(`/api/v1/reports/${saved.body.id}/export?format=csv&language=de`);
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-disposition']), /Umsatz%20je%20Branche\.csv/);
    const lines = String(csv.body)
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    assert.deepEqual(lines, [
      'industry;Durchschnitt annualRevenue',
      'Industrie;25500000,25',
      'Logistik;5000000,00',
      'Handel;1000000,00',
    ]);
    const xlsx = await admin.get(`/api/v1/reports/${saved.body.id}/export?format=xlsx`);
    assert.equal(xlsx.status, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
  });
});

describe('dashboards', () => {
  test("the sales rep's default dashboard shows the caller's pipeline and tasks", async () => {
    const api = await h.workspace();
    const colleague = await h.member(api, 'agent');
    await api.post('/api/v1/deals', { title: 'Meiner', amount: { amount: '500.00', currency: 'EUR' } });
    await colleague.post('/api/v1/deals', { title: 'Nicht meiner', amount: { amount: '700.00', currency: 'EUR' } });
    await api.post('/api/v1/tasks', { title: 'Anrufen', dueAt: '2026-12-08T09:00:00Z', assigneeId: api.userId });
    const res = await api.get('/api/v1/dashboards/salesRep/data');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const tiles = Object.fromEntries(res.body.tiles.map((t: { builtin: string }) => [t.builtin, t]));
    assert.deepEqual(
      tiles.myOpenPipeline.result.rows.map((r: unknown[]) => r[1]),
      [500],
    );
    assert.deepEqual(tiles.myOpenTasks.result.rows, [['2026-12-07', 1]]);
    assert.equal(tiles.myCustomersAtRisk.problem, 'no_run');
    const outside = await api.get('/api/v1/dashboards/salesRep/data?from=2027-01-01&to=2027-01-31');
    assert.deepEqual(outside.body.tiles[1].result.rows, []);
    const manager = await api.get('/api/v1/dashboards/manager/data?from=2026-01-01&to=2026-12-31');
    assert.equal(manager.status, 200, JSON.stringify(manager.body));
    assert.equal(
      manager.body.tiles.find((t: { builtin: string }) => t.builtin === 'revenueTrend').result.rows.length,
      12,
    );
    // The team's KPIs: each rep's open pipeline, named.
    const team = manager.body.tiles.find((t: { builtin: string }) => t.builtin === 'teamKpis').result;
    const pipelineOf = Object.fromEntries(team.rows.map((r: unknown[]) => [r[0], r[1]]));
    assert.deepEqual(pipelineOf, { [api.userId]: 500, [colleague.userId]: 700 });
    assert.ok(team.labels[api.userId] && team.labels[colleague.userId], JSON.stringify(team.labels));
  });

  test("tiles of the analyses: the rep's next best actions and the customer portfolio", async () => {
    const api = await h.workspace();
    const none = (await api.get('/api/v1/dashboards/manager/data')).body.tiles;
    assert.equal(none.find((t: { builtin: string }) => t.builtin === 'portfolioMatrix').problem, 'no_run');
    // The caller's only customer, an A customer without email or phone: complete its data.
    const company = (await api.post('/api/v1/companies', { name: 'Kachel GmbH', ownerId: api.userId })).body.id;
    await api.post('/api/v1/orders', {
      companyId: company,
      orderDate: '2026-10-01',
      netTotal: '800.00',
      status: 'invoiced',
    });
    await api.post('/api/v1/analytics/runs', {});
    await api.put(`/api/v1/companies/${company}/potential`, { amount: '5000.00', basis: 'laut Gespräch' });
    const rep = (await api.get('/api/v1/dashboards/salesRep/data')).body.tiles;
    const actions = rep.find((t: { builtin: string }) => t.builtin === 'myNextActions').result;
    assert.deepEqual(
      actions.rows.map((r: unknown[]) => [actions.labels[String(r[0])], r[1], r[2]]),
      [['Kachel GmbH', 'completeData', null]],
    );
    const manager = (await api.get('/api/v1/dashboards/manager/data')).body.tiles;
    const portfolio = manager.find((t: { builtin: string }) => t.builtin === 'portfolioMatrix').result;
    assert.deepEqual(portfolio.rows, [
      ['invest', 1, 800, 5000],
      ['develop', 0, 0, 0],
      ['maintain', 0, 0, 0],
      ['withdraw', 0, 0, 0],
    ]);
  });

  test('a dashboard of a saved report and a built-in tile; a deleted report says so', async () => {
    const api = await h.workspace();
    const saved = await api.post('/api/v1/reports', {
      name: 'Firmen',
      definition: { type: 'companies', measures: [{ fn: 'count' }], chart: 'number', dateField: 'createdAt' },
    });
    const made = await api.post('/api/v1/dashboards', {
      name: 'Mein Dashboard',
      tiles: [{ reportId: saved.body.id }, { builtin: 'myOpenTasks', width: 2 }],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const data = await api.get(`/api/v1/dashboards/${made.body.id}/data`);
    assert.equal(data.body.tiles[0].title, 'Firmen');
    assert.deepEqual(data.body.tiles[0].result.rows, [[0]]);
    assert.equal(
      (await api.post('/api/v1/dashboards', { name: 'Kaputt', tiles: [{ builtin: 'gibtsnicht' }] })).status,
      422,
    );
    assert.equal((await api.patch('/api/v1/dashboards/salesRep', { name: 'Anders' })).status, 409);
    await api.delete(`/api/v1/reports/${saved.body.id}`);
    const gone = await api.get(`/api/v1/dashboards/${made.body.id}/data`);
    assert.equal(gone.body.tiles[0].problem, 'report_gone');
    const names = (await api.get('/api/v1/dashboards')).body.data.map((d: { id: string; name: string }) => d.name);
    assert.deepEqual(names, ['salesRep', 'manager', 'Mein Dashboard']);
  });
});
