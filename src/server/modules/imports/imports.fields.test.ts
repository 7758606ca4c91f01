// The field catalogue through the API: what the web app's mapping step lists, named in German
// and English, per record type; a viewer may not import and so does not get it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let api: Client;

before(async () => {
  h = await harness();
  api = await h.workspace();
});
after(async () => {
  await h.close();
});

interface Field {
  key: string;
  label: { de: string; en: string };
  kind: string;
}

test('the import fields of contacts are listed with their German and English labels', async () => {
  const res = await api.get('/api/v1/imports/fields?recordType=contacts');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const fields = (res.body as { data: Field[] }).data;
  const street = fields.find((field) => field.key === 'street');
  assert.deepEqual(street?.label, { de: 'Straße', en: 'Street' });
  assert.equal(fields.find((field) => field.key === 'tags')?.kind, 'multi');
  assert.ok(fields.some((field) => field.key === 'customerNumber'));
});

test('each record type has its own fields, and an unknown one is a 400', async () => {
  const deals = ((await api.get('/api/v1/imports/fields?recordType=deals')).body as { data: Field[] }).data;
  assert.ok(deals.some((field) => field.key === 'stage'));
  assert.ok(!deals.some((field) => field.key === 'firstName'));
  assert.equal((await api.get('/api/v1/imports/fields?recordType=invoices')).status, 400);
  assert.equal((await api.get('/api/v1/imports/fields')).status, 400);
});

test('a viewer does not get the import fields', async () => {
  const viewer = await h.member(api, 'viewer');
  assert.equal((await viewer.get('/api/v1/imports/fields?recordType=contacts')).status, 403);
});
