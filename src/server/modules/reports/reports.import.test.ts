// The monthly order-line totals through the orders import, which writes its batches in bulk
// with the row triggers off and moves the shares itself: the totals stay what the lines say,
// and the import still may write in bulk.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { bulkAllowed } from '../imports/imports.run.ts';
import { run } from '../orders/orders.testing.ts';
import { monthsKeptAndComputed } from './reports.testing.ts';

let h: Harness;
let api: Client;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-report-import-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dataDir } });
  api = await h.workspace();
  await api.post('/api/v1/companies', { name: 'Gasthof Krone', customerNumber: 'K-100' });
  await api.post('/api/v1/products', {
    sku: 'WEIN-1',
    name: 'Riesling trocken',
    unit: 'piece',
    listPrice: '8.50',
    productGroup: 'Wein',
  });
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

const file = [
  'Auftragsnummer;Kundennummer;Bestelldatum;Status;Artikelnummer;Artikel;Menge;Positionsbetrag',
  'A-1;K-100;03.02.2026;geliefert;WEIN-1;;12;102,00',
  'A-1;K-100;03.02.2026;geliefert;;Versand;1;9,90',
  'A-2;K-100;15.03.2026;offen;WEIN-1;;6;51,00',
  '',
].join('\n');

const byMonthAndGroup = {
  type: 'orderLines',
  groups: [{ field: 'orderDate' }, { field: 'productGroup' }],
  measures: [{ fn: 'sum', field: 'netAmount' }, { fn: 'count' }],
  chart: 'stackedBar',
};

test('orders imported in bulk, then changed and cancelled by a file: the monthly totals follow', async () => {
  assert.equal(await bulkAllowed(h.ctx, 'orders'), true, 'the totals do not keep the import from writing in bulk');
  for (const [step, text] of [
    ['new orders', file],
    [
      'a changed quantity',
      file.replace('A-2;K-100;15.03.2026;offen;WEIN-1;;6;51,00', 'A-2;K-100;15.03.2026;offen;WEIN-1;;12;102,00'),
    ],
    // From the first file again: A-2 back to 6 bottles, A-1 a month later and cancelled.
    ['moved to another month and cancelled', file.replaceAll('03.02.2026;geliefert', '20.04.2026;storniert')],
  ]) {
    const done = await run(api, text);
    assert.equal(done.status, 'done', `${step}: ${JSON.stringify(done)}`);
    const [kept, computed] = await monthsKeptAndComputed(h, api.workspaceId);
    assert.deepEqual(kept, computed, step);
  }
  const res = await api.post('/api/v1/reports/run', { definition: byMonthAndGroup });
  assert.equal(res.body.rollup, true);
  assert.deepEqual(res.body.rows, [
    ['2026-03-01', 'Wein', 51, 1],
    ['2026-04-01', 'Wein', 102, 1],
    ['2026-04-01', null, 9.9, 1],
  ]);
});
