// The import of orders (record type `orders`): the guessed mapping of a German ERP export,
// both layouts (order columns repeated on each line row, or an order row and its line rows),
// customers found by customer number, external id or email, idempotent re-import, changes,
// unknown customers as problems or (createCustomers) as new contacts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { productsKept, run, upload } from './orders.testing.ts';

let h: Harness;
let api: Client;
let dataDir: string;
let companyId: string;
let contactId: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-order-import-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dataDir } });
  api = await h.workspace();
  companyId = (await api.post('/api/v1/companies', { name: 'Gasthof Krone', customerNumber: 'K-100' })).body.id;
  contactId = (
    await api.post('/api/v1/contacts', { lastName: 'Schäfer', emails: [{ email: 'ute.schaefer@example.de' }] })
  ).body.id;
  await api.post('/api/v1/products', { sku: 'WEIN-1', name: 'Riesling trocken', unit: 'piece', listPrice: '8.50' });
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

// Order columns on every line row (what most ERP exports give), and one order as a row of its
// own followed by its line rows; one net-only order; a return; an unknown customer.
const file = [
  'Auftragsnummer;Kundennummer;E-Mail;Bestelldatum;Nettobetrag;Status;Artikelnummer;Artikel;Menge;Positionsbetrag',
  'A-1;K-100;;03.02.2025;;geliefert;WEIN-1;;12;102,00',
  'A-1;K-100;;03.02.2025;;geliefert;X-9;Versand;1;9,90',
  'A-2;;ute.schaefer@example.de;15.01.2026;;offen;;;;',
  'A-2;;;;;;WEIN-1;;6;51,00',
  'A-2;;;;;;;Gläser;6;30,00',
  'A-3;K-100;;20.01.2026;1.234,50;berechnet;;;;',
  'R-1;K-100;;25.01.2026;-20,40;;;;;',
  'A-4;K-999;;26.01.2026;100,00;;;;;',
  '',
].join('\n');

describe('order import', () => {
  test('German column names are guessed', async () => {
    const { guessedMapping } = await upload(api, file);
    assert.deepEqual(guessedMapping, {
      externalNumber: 'Auftragsnummer',
      customerNumber: 'Kundennummer',
      email: 'E-Mail',
      orderDate: 'Bestelldatum',
      netTotal: 'Nettobetrag',
      status: 'Status',
      productNumber: 'Artikelnummer',
      productName: 'Artikel',
      quantity: 'Menge',
      netAmount: 'Positionsbetrag',
    });
  });

  test('orders and lines come in, customers are found, and the same file again changes nothing', async () => {
    const first = await run(api, file);
    assert.equal(first.status, 'done', JSON.stringify(first));
    assert.deepEqual([first.created, first.updated, first.skipped, first.failed], [7, 0, 0, 1]);
    assert.equal(first.errors[0].line, 9);
    assert.equal(first.errors[0].field, 'customerNumber');
    assert.equal(first.errors[0].code, 'not_found');
    assert.equal((await productsKept(h, api, 'the first import')).length, 4);

    const orders = (await api.get('/api/v1/orders?sort=externalNumber')).body.data;
    const byNumber = Object.fromEntries(orders.map((o: { externalNumber: string }) => [o.externalNumber, o]));
    assert.deepEqual(Object.keys(byNumber), ['A-1', 'A-2', 'A-3', 'R-1']);
    assert.equal(byNumber['A-1'].companyId, companyId);
    assert.equal(byNumber['A-1'].netTotal, '111.90');
    assert.equal(byNumber['A-1'].status, 'delivered');
    assert.equal(byNumber['A-1'].source, 'import');
    assert.equal(byNumber['A-1'].number, null);
    assert.equal(byNumber['A-2'].contactId, contactId);
    assert.equal(byNumber['A-2'].netTotal, '81.00');
    assert.equal(byNumber['A-3'].netTotal, '1234.50');
    assert.equal(byNumber['A-3'].status, 'invoiced');
    assert.equal(byNumber['R-1'].kind, 'return');
    const a1 = (await api.get(`/api/v1/orders/${byNumber['A-1'].id}`)).body;
    assert.deepEqual(
      a1.lines.map(
        (l: { sku: string; name: string; quantity: string; netAmount: string; productId: string | null }) => [
          l.sku,
          l.name,
          l.quantity,
          l.netAmount,
          l.productId !== null,
        ],
      ),
      [
        ['WEIN-1', 'Riesling trocken', '12', '102.00', true],
        ['X-9', 'Versand', '1', '9.90', false],
      ],
    );

    const again = await run(api, file);
    assert.deepEqual([again.created, again.updated, again.skipped, again.failed], [0, 0, 7, 1]);
    const after = (await api.get('/api/v1/orders?sort=externalNumber')).body.data;
    assert.deepEqual(
      after.map((o: { id: string; version: number }) => [o.id, o.version]),
      orders.map((o: { id: string; version: number }) => [o.id, o.version]),
    );

    const changed = await run(api, file.replace('A-2;;;;;;WEIN-1;;6;51,00', 'A-2;;;;;;WEIN-1;;12;102,00'));
    assert.deepEqual([changed.created, changed.updated, changed.skipped, changed.failed], [0, 3, 4, 1]);
    await productsKept(h, api, 'a changed file');
    const a2 = (await api.get(`/api/v1/orders/${byNumber['A-2'].id}`)).body;
    assert.equal(a2.netTotal, '132.00');
    assert.equal(a2.version, byNumber['A-2'].version + 1);
    assert.deepEqual(
      a2.lines.map((l: { position: number; quantity: string }) => [l.position, l.quantity]),
      [
        [1, '12'],
        [2, '6'],
      ],
    );
    const history = (await api.get(`/api/v1/companies/${companyId}/purchases`)).body;
    assert.deepEqual(history.revenueByYear, [
      { year: 2026, revenue: '1214.10', orders: 1 },
      { year: 2025, revenue: '111.90', orders: 1 },
    ]);
    // Cancelled by the next file: the order's lines no longer count as bought.
    const cancelled = await run(api, file.replaceAll(';geliefert;', ';storniert;'));
    assert.equal(cancelled.status, 'done', JSON.stringify(cancelled));
    const kept = await productsKept(h, api, 'an order cancelled by a file');
    assert.ok(!kept.some((r) => r.customer_id === companyId && r.product_key.includes('X-9')));
  });

  test('customers found by name: a company case and spaces aside, a contact by first and last name', async () => {
    const tenant = await h.workspace();
    const sonne = (await tenant.post('/api/v1/companies', { name: 'Weinhaus Sonne GmbH' })).body.id;
    await tenant.post('/api/v1/companies', { name: 'Müller GmbH' });
    await tenant.post('/api/v1/companies', { name: 'Müller  GmbH' });
    const weiss = (await tenant.post('/api/v1/contacts', { firstName: 'Jürgen', lastName: 'Weiß' })).body.id;
    const leyen = (await tenant.post('/api/v1/contacts', { firstName: 'Ursula', lastName: 'von der Leyen' })).body.id;
    const text = [
      'Auftragsnummer;Kunde;Bestelldatum;Nettobetrag',
      'N-1;weinhaus  sonne gmbh;02.03.2026;10,00',
      'N-2;Jürgen Weiß;02.03.2026;20,00',
      'N-3;Ursula von der Leyen;02.03.2026;30,00',
      'N-4;Müller GmbH;02.03.2026;40,00',
      'N-5;Niemand;02.03.2026;50,00',
      '',
    ].join('\n');
    const { guessedMapping } = await upload(tenant, text);
    assert.deepEqual(guessedMapping.customerName, 'Kunde');
    const result = await run(tenant, text);
    assert.deepEqual([result.created, result.failed], [3, 2], JSON.stringify(result.errors));
    assert.deepEqual(
      result.errors.map((e: { line: number; field: string; code: string; params?: { reason?: string } }) => [
        e.line,
        e.field,
        e.code,
        e.params?.reason,
      ]),
      [
        [5, 'customerName', 'duplicate', 'customer_name'],
        [6, 'customerNumber', 'not_found', 'customer'],
      ],
    );
    const orders = (await tenant.get('/api/v1/orders?sort=externalNumber')).body.data;
    assert.deepEqual(
      orders.map((o: { externalNumber: string; companyId: string | null; contactId: string | null }) => [
        o.externalNumber,
        o.companyId ?? o.contactId,
      ]),
      [
        ['N-1', sonne],
        ['N-2', weiss],
        ['N-3', leyen],
      ],
    );
  });

  test('undo: the orders an import made go to the trash, the ones it changed get their lines back', async () => {
    const tenant = await h.workspace();
    const company = (await tenant.post('/api/v1/companies', { name: 'Kiosk am Markt', customerNumber: 'M-1' })).body.id;
    const head = 'Auftragsnummer;Kundennummer;Bestelldatum;Artikelnummer;Menge;Positionsbetrag';
    const first = await run(tenant, `${head}\nU-1;M-1;02.01.2026;TEE;2;8,00\nU-1;M-1;02.01.2026;KAFFEE;1;12,00\n`);
    assert.equal(first.created, 2);
    const before = (await tenant.get('/api/v1/orders')).body.data[0];
    const second = await run(
      tenant,
      `${head}\nU-1;M-1;02.01.2026;TEE;5;20,00\nU-2;M-1;03.01.2026;KAKAO;1;4,50\nU-3;M-9;03.01.2026;TEE;1;4,00\n`,
      { createCustomers: true },
    );
    assert.deepEqual([second.created, second.updated], [2, 1]);
    assert.equal((await tenant.get('/api/v1/contacts')).body.data.length, 1);
    const undone = await tenant.post(`/api/v1/imports/${second.id}/undo`);
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    const orders = (await tenant.get('/api/v1/orders')).body.data;
    assert.deepEqual(
      orders.map((o: { externalNumber: string }) => o.externalNumber),
      ['U-1'],
    );
    const u1 = (await tenant.get(`/api/v1/orders/${before.id}`)).body;
    assert.equal(u1.netTotal, '20.00');
    assert.deepEqual(
      u1.lines.map((l: { position: number; sku: string; quantity: string; netAmount: string }) => [
        l.position,
        l.sku,
        l.quantity,
        l.netAmount,
      ]),
      [
        [1, 'TEE', '2', '8.00'],
        [2, 'KAFFEE', '1', '12.00'],
      ],
    );
    assert.equal((await tenant.get('/api/v1/contacts')).body.data.length, 0, 'the contact made for M-9 is gone');
    await productsKept(h, tenant, 'an import undone');
    const history = (await tenant.get(`/api/v1/companies/${company}/purchases`)).body;
    assert.deepEqual(
      history.products.map((p: { sku: string }) => p.sku),
      ['KAFFEE', 'TEE'],
      JSON.stringify(history.products),
    );
    assert.equal((await tenant.post(`/api/v1/imports/${first.id}/undo`)).status, 200);
    assert.deepEqual((await tenant.get('/api/v1/orders')).body.data, []);
    assert.deepEqual((await productsKept(h, tenant, 'both undone')).length, 0);
  });

  test('createCustomers makes an unknown customer number a new contact; a dry run writes nothing', async () => {
    const tenant = await h.workspace();
    const text =
      'Auftragsnummer;Kundennummer;Bestelldatum;Nettobetrag\nN-1;K-7;02.03.2026;50,00\nN-2;K-7;03.03.2026;70,00\n';
    const dry = await run(tenant, text, { createCustomers: true, dryRun: true });
    assert.deepEqual([dry.created, dry.failed], [2, 0]);
    assert.equal((await tenant.get('/api/v1/orders')).body.data.length, 0);
    assert.equal((await tenant.get('/api/v1/contacts')).body.data.length, 0);
    const without = await run(tenant, text);
    assert.deepEqual([without.created, without.failed], [0, 2]);
    const made = await run(tenant, text, { createCustomers: true });
    assert.deepEqual([made.created, made.failed], [2, 0]);
    const contacts = (await tenant.get('/api/v1/contacts')).body.data;
    assert.equal(contacts.length, 1);
    assert.equal(contacts[0].customerNumber, 'K-7');
    const orders = (await tenant.get('/api/v1/orders')).body.data;
    assert.ok(orders.every((o: { contactId: string }) => o.contactId === contacts[0].id));
  });

  test('an order whose rows meet a batch boundary stays whole: a big file again changes nothing', async () => {
    const tenant = await h.workspace();
    await tenant.post('/api/v1/companies', { name: 'Großhandel Nord', customerNumber: 'G-1' });
    const rows = ['Auftragsnummer;Kundennummer;Bestelldatum;Artikelnummer;Menge;Positionsbetrag'];
    let lines = 0;
    for (let o = 0; lines < 1600; o++)
      for (let l = 1; l <= 1 + (o % 7); l++, lines++) rows.push(`B-${o};G-1;02.01.2026;A-${l};${l};${l}0,00`);
    const text = `${rows.join('\n')}\n`;
    const first = await run(tenant, text);
    assert.deepEqual([first.created, first.updated, first.skipped, first.failed], [lines, 0, 0, 0]);
    await productsKept(h, tenant, 'batches of a big file');
    const again = await run(tenant, text);
    assert.deepEqual([again.created, again.updated, again.skipped, again.failed], [0, 0, lines, 0]);
  });
});
