// `farley import` as an operator runs it: a child process on the test database, the JSON
// summary on stdout; --dry-run writes nothing; a mapping file with joined columns and constants.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runFarley } from '../../testing/cli.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let api: Client;
let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'farley-import-cli-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dir } });
  api = await h.workspace();
});
after(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

const farley = (...args: string[]) => runFarley(args, { FARLEY_DATA_DIR: dir });

test('farley import: dry run writes nothing, the real run imports with the mapping file and its constants', async () => {
  const file = path.join(dir, 'kunden.csv');
  await writeFile(
    file,
    'Nachname;Vorname;Straße;Hausnummer;Ort\nMüller;Anna;Hauptstraße;5;Berlin\nSchmidt;Bernd;Ring;7;Köln\n;;;;Bonn\n',
  );
  const mapping = path.join(dir, 'mapping.json');
  await writeFile(
    mapping,
    JSON.stringify({
      lastName: 'Nachname',
      firstName: 'Vorname',
      street: ['Straße', 'Hausnummer'],
      city: 'Ort',
      constants: { source: 'Altsystem', tags: 'import-2026' },
    }),
  );
  const args = [
    'import',
    'contacts',
    '--workspace',
    api.workspaceId,
    '--file',
    file,
    '--mapping',
    mapping,
    '--delimiter',
    ';',
  ];
  const dry = await farley(...args, '--dry-run');
  assert.equal(dry.code, 0, dry.stderr);
  const drySummary = JSON.parse(dry.stdout);
  assert.deepEqual(
    [drySummary.created, drySummary.updated, drySummary.skipped, drySummary.failed, drySummary.errorsTotal],
    [2, 0, 0, 1, 1],
  );
  assert.deepEqual(
    drySummary.errors.map((e: { line: number; field: string }) => [e.line, e.field]),
    [[4, 'lastName']],
  );
  assert.equal((await api.get('/api/v1/contacts')).body.data.length, 0, 'a dry run writes nothing');

  const real = await farley(...args);
  assert.equal(real.code, 0, real.stderr);
  const summary = JSON.parse(real.stdout);
  assert.deepEqual([summary.created, summary.failed, summary.errorsTotal], [2, 1, 1]);
  const contacts = (await api.get('/api/v1/contacts')).body.data;
  assert.deepEqual(
    contacts.map((c: { lastName: string; addresses: Array<{ street: string }>; source: string; tags: string[] }) => [
      c.lastName,
      c.addresses[0].street,
      c.source,
      c.tags,
    ]),
    [
      ['Müller', 'Hauptstraße 5', 'Altsystem', ['import-2026']],
      ['Schmidt', 'Ring 7', 'Altsystem', ['import-2026']],
    ],
  );
  // The run is an import like any other: listed, and its rejected row downloadable.
  const run = await api.get(`/api/v1/imports/${summary.importId}`);
  assert.equal(run.body.status, 'done');
  assert.equal((await api.get(`/api/v1/imports/${summary.importId}/rejected`)).status, 200);
});

test('farley import: a mistake in the options is a clear message, not a stack trace', async () => {
  const wrongMatch = await farley(
    'import',
    'contacts',
    '--workspace',
    api.workspaceId,
    '--file',
    'x.csv',
    '--match',
    'fuzzy',
  );
  assert.equal(wrongMatch.code, 2);
  assert.match(wrongMatch.stderr, /^farley: --match must be one of none, customerNumber, email, duplicates/);
  assert.doesNotMatch(wrongMatch.stderr, /\n\s+at /);
});

test('farley import products: a German price list with the guessed mapping, twice by SKU, changes nothing the second time', async () => {
  const client = await h.workspace('Preisliste CLI GmbH');
  const file = path.join(dir, 'preisliste.csv');
  await writeFile(
    file,
    'Artikelnummer;Bezeichnung;Einheit;Preis;MwSt\nB-100;Beratung;Std.;120,00;19 %\nL-200;Fachbuch;Stück;24,95;7\n',
  );
  const args = ['import', 'products', '--workspace', client.workspaceId, '--file', file, '--match', 'sku'];
  const first = await farley(...args);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(JSON.parse(first.stdout).created, 2);
  const again = await farley(...args);
  assert.equal(again.code, 0, again.stderr);
  const summary = JSON.parse(again.stdout);
  assert.deepEqual([summary.created, summary.updated, summary.skipped], [0, 0, 2]);
  const products = (await client.get('/api/v1/products?sort=sku')).body.data;
  assert.deepEqual(
    products.map((p: { sku: string; unit: string; listPrice: string; vatRate: string }) => [
      p.sku,
      p.unit,
      p.listPrice,
      p.vatRate,
    ]),
    [
      ['B-100', 'hour', '120.00', '19'],
      ['L-200', 'piece', '24.95', '7'],
    ],
  );
});
