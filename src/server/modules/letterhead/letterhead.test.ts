// The letterhead through the API against the real database: defaults, changes, checks (IBAN,
// BIC, logo), roles, workspaces kept apart, and the preview PDF that prints it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { ibanProblem } from '../../../contract/letterhead.ts';
import { pdfText } from '../salesPdf/pdfText.ts';
import { letterheadFor } from './index.ts';

let h: Harness;
before(async () => {
  h = await harness();
});
after(() => h.close());

// The smallest PNG (1×1) and the start of a JPEG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const demo = {
  companyName: 'Müller & Söhne Büroplanung GmbH',
  street: 'Große Straße 12',
  postalCode: '80331',
  city: 'München',
  country: 'DE',
  phone: '+49 89 1234567',
  email: 'info@mueller-soehne.example',
  website: 'www.mueller-soehne.example',
  vatId: 'DE 123 456 789',
  taxNumber: '143/123/45678',
  registerCourt: 'Amtsgericht München',
  registerNumber: 'HRB 123456',
  management: 'Jürgen Müller, Anna Groß',
  bankName: 'Stadtsparkasse München',
  iban: 'DE89 3704 0044 0532 0130 00',
  bic: 'cobadeffxxx',
};

test('a new workspace has a letterhead of its name and country', async () => {
  const a = await h.workspace('Bäckerei Weiß GmbH');
  const { status, body } = await a.get('/api/v1/letterhead');
  assert.equal(status, 200);
  assert.equal(body.companyName, 'Bäckerei Weiß GmbH');
  assert.equal(body.country, 'DE');
  assert.equal(body.iban, null);
  assert.equal(body.logo, null);
  assert.equal(body.version, 0);
  const print = await inTenant(h.ctx.db.app, { workspaceId: a.workspaceId }, (tx) => letterheadFor(tx, a.workspaceId));
  assert.equal(print.companyName, 'Bäckerei Weiß GmbH');
  assert.deepEqual(print.addressLines, []);
  assert.equal(print.logo, null);
});

test('a manager fills in the letterhead; values come back tidied and the version counts up', async () => {
  const admin = await h.workspace();
  const manager = await h.member(admin, 'manager');
  const { status, body } = await manager.patch('/api/v1/letterhead', demo);
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.iban, 'DE89370400440532013000');
  assert.equal(body.bic, 'COBADEFFXXX');
  assert.equal(body.vatId, 'DE123456789');
  assert.equal(body.version, 1);
  const again = await manager.patch('/api/v1/letterhead', { website: '' });
  assert.equal(again.body.website, null);
  assert.equal(again.body.city, 'München');
  assert.equal(again.body.version, 2);
  const print = await inTenant(h.ctx.db.app, { workspaceId: admin.workspaceId }, (tx) =>
    letterheadFor(tx, admin.workspaceId, 'de'),
  );
  assert.deepEqual(print.addressLines, ['Große Straße 12', '80331 München', 'Deutschland']);
  assert.equal(print.register, 'Amtsgericht München, HRB 123456');
  assert.equal(print.management, 'Geschäftsführung: Jürgen Müller, Anna Groß');
});

test('an IBAN with wrong check digits is refused with 422 and nothing is changed', async () => {
  const a = await h.workspace();
  await a.patch('/api/v1/letterhead', { iban: demo.iban, city: 'München' });
  const res = await a.patch('/api/v1/letterhead', { iban: 'DE88 3704 0044 0532 0130 00', city: 'Berlin' });
  assert.equal(res.status, 422);
  assert.equal(res.body.code, 'invalid');
  assert.deepEqual(
    res.body.errors.map((e: { path: string }) => e.path),
    ['iban'],
  );
  const bad = await a.patch('/api/v1/letterhead', { bic: 'NOPE', country: 'Atlantis', email: 'kein-mail' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path).sort(), ['bic', 'country', 'email']);
  const { body } = await a.get('/api/v1/letterhead');
  assert.equal(body.city, 'München');
  assert.equal(body.iban, 'DE89370400440532013000');
});

test('the IBAN check knows check digits and lengths', () => {
  assert.equal(ibanProblem('DE89 3704 0044 0532 0130 00'), null);
  assert.equal(ibanProblem('AT61 1904 3002 3457 3201'), null);
  assert.equal(ibanProblem('CH93 0076 2011 6238 5295 7'), null);
  assert.match(ibanProblem('DE89 3704 0044 0532 0130 01') ?? '', /check digits/);
  assert.match(ibanProblem('DE89 3704 0044 0532 0130') ?? '', /has 20 characters/);
  assert.match(ibanProblem('1234') ?? '', /is not an IBAN/);
});

test('a PNG logo is stored and served; other files and oversized ones get a 422', async () => {
  const a = await h.workspace();
  const put = await a.request('PUT', '/api/v1/letterhead/logo', png, { 'content-type': 'image/png' });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.logo.contentType, 'image/png');
  const got = await h.raw({
    method: 'GET',
    url: '/api/v1/letterhead/logo',
    headers: { authorization: `Bearer ${a.token}` },
  });
  assert.equal(got.statusCode, 200);
  assert.equal(got.headers['content-type'], 'image/png');
  assert.deepEqual(got.rawPayload, png);

  // Named a PNG, but a text; a GIF; a "PNG" too large.
  for (const [body, field] of [
    [Buffer.from('not an image at all'), 'invalid_format'],
    [Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'invalid_format'],
    [Buffer.concat([png, Buffer.alloc(600 * 1024)]), 'too_big'],
  ] as const) {
    const res = await a.request('PUT', '/api/v1/letterhead/logo', body, { 'content-type': 'image/png' });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.deepEqual(res.body.errors, [{ path: 'logo', code: field, message: res.body.errors[0].message }]);
  }
  assert.equal((await a.get('/api/v1/letterhead')).body.logo.contentType, 'image/png', 'the stored logo is kept');

  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
  const multipart = Buffer.concat([
    Buffer.from(
      '--XX\r\nContent-Disposition: form-data; name="logo"; filename="logo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n',
    ),
    jpeg,
    Buffer.from('\r\n--XX--\r\n'),
  ]);
  const viaForm = await a.request('PUT', '/api/v1/letterhead/logo', multipart, {
    'content-type': 'multipart/form-data; boundary=XX',
  });
  assert.equal(viaForm.status, 200, JSON.stringify(viaForm.body));
  assert.equal(viaForm.body.logo.contentType, 'image/jpeg');

  assert.equal((await a.delete('/api/v1/letterhead/logo')).body.logo, null);
  assert.equal((await a.get('/api/v1/letterhead/logo')).status, 404);
  assert.equal((await a.delete('/api/v1/letterhead/logo')).status, 404);
});

test('viewers and agents read the letterhead but cannot change it or its logo', async () => {
  const admin = await h.workspace();
  for (const role of ['viewer', 'agent'] as const) {
    const member = await h.member(admin, role);
    assert.equal((await member.get('/api/v1/letterhead')).status, 200);
    assert.equal((await member.patch('/api/v1/letterhead', { city: 'Köln' })).status, 403);
    const put = await member.request('PUT', '/api/v1/letterhead/logo', png, { 'content-type': 'image/png' });
    assert.equal(put.status, 403);
    assert.equal((await member.delete('/api/v1/letterhead/logo')).status, 403);
  }
  const manager = await h.member(admin, 'manager');
  assert.equal((await manager.patch('/api/v1/letterhead', { city: 'Köln' })).status, 200);
  assert.equal((await admin.get('/api/v1/letterhead')).body.city, 'Köln');
});

test("another workspace neither sees nor changes a workspace's letterhead and logo", async () => {
  const a = await h.workspace('Apfelhof A');
  const b = await h.workspace('Birnbaum B');
  await b.patch('/api/v1/letterhead', { ...demo, companyName: 'Geheimfirma B GmbH' });
  await b.request('PUT', '/api/v1/letterhead/logo', png, { 'content-type': 'image/png' });
  const seen = await a.get('/api/v1/letterhead');
  assert.equal(seen.body.companyName, 'Apfelhof A');
  assert.equal(seen.body.iban, null);
  assert.equal((await a.get('/api/v1/letterhead/logo')).status, 404);
  await a.patch('/api/v1/letterhead', { companyName: 'Apfelhof A GmbH' });
  await a.request('PUT', '/api/v1/letterhead/logo', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), {
    'content-type': 'image/jpeg',
  });
  const theirs = await b.get('/api/v1/letterhead');
  assert.equal(theirs.body.companyName, 'Geheimfirma B GmbH');
  assert.equal(theirs.body.logo.contentType, 'image/png');
  const preview = await h.raw({
    method: 'GET',
    url: '/api/v1/letterhead/preview.pdf',
    headers: { authorization: `Bearer ${a.token}` },
  });
  assert.ok(!(await pdfText(preview.rawPayload)).flat().join('\n').includes('Geheimfirma'));
});

test('the preview prints a sample quote with the letterhead, in German or English', async () => {
  const a = await h.workspace();
  await a.patch('/api/v1/letterhead', demo);
  const get = (language: string) =>
    h.raw({
      method: 'GET',
      url: `/api/v1/letterhead/preview.pdf?language=${language}`,
      headers: { authorization: `Bearer ${a.token}` },
    });
  const de = await get('de');
  assert.equal(de.statusCode, 200);
  assert.equal(de.headers['content-type'], 'application/pdf');
  const text = (await pdfText(de.rawPayload)).flat().join('\n');
  for (const expected of [
    'Müller & Söhne Büroplanung GmbH',
    'Große Straße 12 · 80331 München · Deutschland',
    'Amtsgericht München, HRB 123456',
    'Geschäftsführung: Jürgen Müller',
    'USt-IdNr. DE123456789',
    'IBAN DE89 3704 0044 0532 0130 00',
    'BIC COBADEFFXXX',
    'Angebot AN-2026-0042',
    'Gesamtbetrag',
  ]) {
    assert.ok(text.includes(expected), `missing: ${expected}`);
  }
  const en = (await pdfText((await get('en')).rawPayload)).flat().join('\n');
  assert.ok(en.includes('Quote AN-2026-0042'));
  assert.ok(en.includes('80331 München · Germany'));
  assert.equal((await get('fr')).statusCode, 400);
});
