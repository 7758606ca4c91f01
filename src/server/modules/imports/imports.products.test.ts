// Products through the importer and the exporter: German columns guessed, German numbers and
// units read, rows matched by SKU (changed, not doubled; the same file twice changes nothing),
// clear problems for an unknown unit and a VAT rate the country does not have, undo, and an
// export that the import reads back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-product-imports-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dataDir } });
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function upload(client: Client, text: string, fileName = 'artikel.csv') {
  const res = await client.request('POST', `/api/v1/imports?fileName=${fileName}&recordType=products`, text, {
    'content-type': 'text/csv',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; columns: string[]; guessedMapping: Record<string, unknown> };
}

async function finished(client: Client, id: string) {
  for (let i = 0; i < 600; i++) {
    const res = await client.get(`/api/v1/imports/${id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    if (res.body.status !== 'running') return res.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`import ${id} did not finish`);
}

/** Uploads and runs with the guessed mapping. */
async function run(client: Client, text: string, settings: Record<string, unknown> = {}) {
  const { id, guessedMapping } = await upload(client, text);
  const started = await client.post(`/api/v1/imports/${id}/start`, {
    recordType: 'products',
    mapping: guessedMapping,
    ...settings,
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  return finished(client, id);
}

function download(client: Client, url: string) {
  return h.raw({ method: 'GET', url, headers: { authorization: `Bearer ${client.token}` } });
}

async function products(client: Client) {
  const res = await client.get('/api/v1/products?limit=100&sort=sku');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data as Array<Record<string, any>>;
}

const header = 'Artikelnummer;Bezeichnung;Beschreibung;Einheit;Listenpreis;Währung;MwSt;Warengruppe;Aktiv;Schlagwörter';
const catalogue = [
  header,
  'B-100;Beratung vor Ort;Pro angefangene Stunde;Std.;1.234,50;EUR;19 %;Dienstleistung;ja;Service, vor Ort',
  'S-200;Schraube M6;;Stk;0,0125;;19;Kleinteile;ja;',
  'P-300;Einrichtungspauschale;;Pauschal;490;EUR;19;Dienstleistung;nein;',
  'F-400;Fachbuch CRM;;Stück;24,95;EUR;7;Literatur;ja;Buch',
  'K-500;Kiste Wasser;;Karton;5,99;EUR;7;Getränke;ja;',
  'X-600;Alte Steuer;;Stück;10;EUR;16;Sonstiges;ja;',
].join('\n');

describe('product import and export', () => {
  test('German columns are guessed as the product fields', async () => {
    const client = await h.workspace('Spalten GmbH');
    const { guessedMapping } = await upload(client, catalogue);
    assert.deepEqual(guessedMapping, {
      sku: 'Artikelnummer',
      name: 'Bezeichnung',
      description: 'Beschreibung',
      unit: 'Einheit',
      listPrice: 'Listenpreis',
      currency: 'Währung',
      vatRate: 'MwSt',
      productGroup: 'Warengruppe',
      active: 'Aktiv',
      tags: 'Schlagwörter',
    });
    const english = await upload(client, 'SKU,Name,Unit,List price,VAT rate,Product group,Active,Tags\n', 'items.csv');
    assert.deepEqual(Object.keys(english.guessedMapping).sort(), [
      'active',
      'listPrice',
      'name',
      'productGroup',
      'sku',
      'tags',
      'unit',
      'vatRate',
    ]);
  });

  test('a German price list is read: decimal commas, units in words; an unknown unit and a foreign VAT rate are row problems', async () => {
    const client = await h.workspace('Preisliste GmbH');
    const result = await run(client, catalogue, { match: 'sku' });
    assert.equal(result.status, 'done', JSON.stringify(result));
    assert.equal(result.created, 4);
    assert.equal(result.failed, 2);
    const unit = result.errors.find((e: any) => e.field === 'unit');
    assert.equal(unit.line, 6);
    assert.equal(unit.code, 'invalid_choice');
    assert.equal(unit.params.value, 'Karton');
    assert.match(unit.params.choices, /piece, hour, day, flat/);
    const vat = result.errors.find((e: any) => e.field === 'vatRate');
    assert.equal(vat.line, 7);
    assert.equal(vat.code, 'invalid_choice');
    assert.equal(vat.params.choices, '19, 7, 0');
    assert.match(vat.message, /16 % is not a rate of DE/);

    const [beratung, fachbuch, pauschale, schraube] = await products(client);
    assert.deepEqual(
      {
        sku: beratung.sku,
        unit: beratung.unit,
        listPrice: beratung.listPrice,
        vatRate: beratung.vatRate,
        tags: beratung.tags,
        active: beratung.active,
      },
      { sku: 'B-100', unit: 'hour', listPrice: '1234.50', vatRate: '19', tags: ['Service', 'vor Ort'], active: true },
    );
    assert.equal(fachbuch.vatRate, '7');
    assert.equal(pauschale.unit, 'flat');
    assert.equal(pauschale.active, false);
    assert.equal(schraube.listPrice, '0.0125');
    assert.equal(schraube.currency, 'EUR');
    assert.equal(schraube.unit, 'piece');
  });

  test('matched by SKU, a row changes its product; the same file again changes nothing; undo gives the old price back', async () => {
    const client = await h.workspace('Abgleich GmbH');
    const first = await run(client, [header, 'B-100;Beratung;;Stunde;120;EUR;19;Dienstleistung;ja;'].join('\n'));
    assert.equal(first.created, 1);
    const changed = [header, 'B-100;Beratung;;Stunde;135,00;EUR;19;Dienstleistung;ja;Neu'].join('\n');
    const update = await run(client, changed, { match: 'sku', update: 'overwrite' });
    assert.equal(update.updated, 1, JSON.stringify(update));
    assert.equal(update.created, 0);
    let [product] = await products(client);
    assert.equal(product.listPrice, '135.00');
    assert.deepEqual(product.tags, ['Neu']);
    assert.equal((await products(client)).length, 1);

    const again = await run(client, changed, { match: 'sku', update: 'overwrite' });
    assert.equal(again.skipped, 1, JSON.stringify(again));
    assert.equal(again.updated, 0);

    const undone = await client.post(`/api/v1/imports/${update.id}/undo`);
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    [product] = await products(client);
    assert.equal(product.listPrice, '120.00');
    assert.deepEqual(product.tags, []);
  });

  test('fillEmpty keeps a stored price; a row with only SKU and price updates under overwrite; a new SKU without a name fails', async () => {
    const client = await h.workspace('Teilweise GmbH');
    await run(client, [header, 'B-100;Beratung;;Stunde;120;EUR;19;;ja;'].join('\n'));
    const kept = await run(
      client,
      [header, 'B-100;Beratung;Neu beschrieben;Stunde;150;EUR;19;Dienstleistung;ja;'].join('\n'),
      {
        match: 'sku',
      },
    );
    assert.equal(kept.updated, 1);
    let [product] = await products(client);
    assert.equal(product.listPrice, '120.00');
    assert.equal(product.description, 'Neu beschrieben');
    assert.equal(product.productGroup, 'Dienstleistung');

    const prices = await run(client, 'Artikelnummer;Preis\nB-100;99,90\nNEU-1;10', {
      match: 'sku',
      update: 'overwrite',
    });
    assert.equal(prices.updated, 1, JSON.stringify(prices));
    assert.equal(prices.failed, 1);
    assert.deepEqual(
      prices.errors.filter((e: any) => e.line === 3).map((e: any) => [e.field, e.code, e.params?.reason]),
      [
        ['name', 'required', 'new_product'],
        ['unit', 'required', 'new_product'],
      ],
    );
    [product] = await products(client);
    assert.equal(product.listPrice, '99.90');
    assert.equal(product.name, 'Beratung');
  });

  test('without matching, a SKU the catalogue holds is a row problem, not a second product', async () => {
    const client = await h.workspace('Doppelt GmbH');
    const csv = [header, 'B-100;Beratung;;Stunde;120;EUR;19;;ja;', 'B-100;Beratung doppelt;;Stunde;120;EUR;19;;ja;'];
    const result = await run(client, csv.join('\n'));
    assert.equal(result.created, 1);
    assert.equal(result.failed, 1);
    assert.deepEqual(
      result.errors.map((e: any) => [e.line, e.field, e.code, e.params.reason]),
      [[3, 'sku', 'duplicate', 'sku']],
    );
    const again = await run(client, csv.slice(0, 2).join('\n'));
    assert.equal(again.failed, 1);
    assert.equal((await products(client)).length, 1);
  });

  test('products match by SKU or not at all, and nothing else matches by SKU', async () => {
    const client = await h.workspace('Abgleichsart GmbH');
    const { id, guessedMapping } = await upload(client, catalogue);
    const byEmail = await client.post(`/api/v1/imports/${id}/start`, {
      recordType: 'products',
      mapping: guessedMapping,
      match: 'email',
    });
    assert.equal(byEmail.status, 422, JSON.stringify(byEmail.body));
    assert.deepEqual(
      byEmail.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [['match', 'invalid_choice']],
    );
    const contacts = await client.post(`/api/v1/imports/${id}/start`, {
      recordType: 'contacts',
      mapping: {},
      match: 'sku',
    });
    assert.equal(contacts.status, 422, JSON.stringify(contacts.body));
    assert.equal((await products(client)).length, 0);
  });

  test('an export in German is a file the import reads back unchanged', async () => {
    const client = await h.workspace('Export GmbH');
    await run(client, catalogue, { match: 'sku' });
    const csv = await download(client, '/api/v1/products/export?format=csv&lang=de&sort=sku');
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(String(csv.headers['content-disposition']), /Produkte-\d{4}-\d{2}-\d{2}\.csv/);
    const text = csv.body;
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    assert.equal(
      lines[0],
      'Artikelnummer;Bezeichnung;Beschreibung;Einheit;Listenpreis;Einkaufspreis;Währung;USt.-Satz;Warengruppe;Aktiv;Schlagwörter;Angelegt;Geändert',
    );
    assert.match(
      lines[1],
      /^B-100;Beratung vor Ort;Pro angefangene Stunde;Stunde;1234,50;;EUR;19;Dienstleistung;ja;"Service; vor Ort";/,
    );
    const back = await run(client, text, { match: 'sku', update: 'overwrite' });
    assert.equal(back.status, 'done', JSON.stringify(back));
    assert.equal(back.skipped, 4, JSON.stringify(back.errors));
    assert.equal(back.failed, 0);

    const xlsx = await download(client, '/api/v1/products/export?format=xlsx&lang=en');
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
  });

  test('a viewer may export products but not import them', async () => {
    const admin = await h.workspace('Rollen GmbH');
    const viewer = await h.member(admin, 'viewer');
    assert.equal((await download(viewer, '/api/v1/products/export?format=csv')).statusCode, 200);
    const res = await viewer.request('POST', '/api/v1/imports?fileName=a.csv&recordType=products', header, {
      'content-type': 'text/csv',
    });
    assert.equal(res.status, 403);
  });
});
