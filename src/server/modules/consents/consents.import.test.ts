// Consents that come with an import: the file's consent columns are mapped (and guessed), a
// "yes" is recorded as a consent by import with its date and source, a later "no" withdraws it,
// and a restricted contact is not written over.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let dataDir: string;
let api: Client;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-consent-import-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dataDir } });
  api = await h.workspace('Weingut Keller');
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function run(csv: string, settings: Record<string, unknown> = {}) {
  const uploaded = await api.request('POST', '/api/v1/imports?fileName=kunden.csv', csv, {
    'content-type': 'text/csv',
  });
  assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
  const mapping = uploaded.body.guessedMapping;
  const started = await api.post(`/api/v1/imports/${uploaded.body.id}/start`, {
    recordType: 'contacts',
    mapping,
    match: 'email',
    ...settings,
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (let i = 0; i < 600; i++) {
    const res = await api.get(`/api/v1/imports/${uploaded.body.id}`);
    if (res.body.status !== 'running') return { mapping, done: res.body };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the import did not finish');
}

async function consentsOf(email: string) {
  const found = await api.get(`/api/v1/contacts?email.has=${encodeURIComponent(email)}`);
  const id = found.body.data[0].id as string;
  return { id, ...(await api.get(`/api/v1/contacts/${id}/consents`)).body };
}

describe('consents in imports', () => {
  test('consent columns are recognised and recorded with date, source and the import', async () => {
    const csv = [
      'Vorname;Nachname;E-Mail;Newsletter-Einwilligung;Newsletter-Einwilligung am;Newsletter-Einwilligung Quelle;Einwilligung Telefonwerbung',
      'Paula;Weber;paula.weber@example.de;ja;03.02.2025 14:30;Gewinnspiel Weinfest 2025;nein',
      'Rainer;Schmitt;rainer.schmitt@example.de;nein;;;ja',
      'Sabine;Vogel;sabine.vogel@example.de;;;;',
    ].join('\n');
    const { mapping, done } = await run(csv);
    assert.equal(mapping.consentNewsletter, 'Newsletter-Einwilligung');
    assert.equal(mapping.consentNewsletterDate, 'Newsletter-Einwilligung am');
    assert.equal(mapping.consentNewsletterSource, 'Newsletter-Einwilligung Quelle');
    assert.equal(mapping.consentPhone, 'Einwilligung Telefonwerbung');
    assert.equal(done.created, 3, JSON.stringify(done));

    const paula = await consentsOf('paula.weber@example.de');
    assert.equal(paula.history.length, 1, 'a "no" without an earlier consent records nothing');
    const [entry] = paula.history;
    assert.equal(entry.purpose, 'newsletter');
    assert.equal(entry.status, 'granted');
    assert.equal(entry.method, 'import');
    assert.equal(entry.source, 'Gewinnspiel Weinfest 2025');
    assert.equal(entry.importId, done.id);
    assert.equal(entry.effectiveAt, '2025-02-03T13:30:00.000Z');
    const rainer = await consentsOf('rainer.schmitt@example.de');
    assert.deepEqual(
      rainer.current.map((c: { purpose: string; status: string }) => [c.purpose, c.status]),
      [['phone_marketing', 'granted']],
    );
    assert.equal((await consentsOf('sabine.vogel@example.de')).history.length, 0);
  });

  test('importing again records nothing twice, and a later "no" withdraws', async () => {
    const header = 'Nachname;E-Mail;Newsletter-Einwilligung;Newsletter-Einwilligung am';
    await run(`${header}\nThiel;thiel@example.de;ja;01.03.2025`);
    await run(`${header}\nThiel;thiel@example.de;ja;01.03.2025`);
    assert.equal((await consentsOf('thiel@example.de')).history.length, 1);
    await run(`${header}\nThiel;thiel@example.de;nein;`);
    const thiel = await consentsOf('thiel@example.de');
    assert.equal(thiel.history.length, 2);
    assert.equal(thiel.current[0].status, 'withdrawn');
  });

  test('a restricted contact is skipped with contact_restricted, its consents still recorded', async () => {
    const created = await api.post('/api/v1/contacts', {
      lastName: 'Ulrich',
      emails: [{ email: 'ulrich@example.de' }],
    });
    await api.put(`/api/v1/contacts/${created.body.id}/restriction`, { reason: 'Widerspruch nach Art. 21' });
    const { done } = await run('Nachname;E-Mail;Ort;Newsletter-Einwilligung\nUlrich;ulrich@example.de;Mainz;ja');
    assert.equal(done.updated, 0, JSON.stringify(done));
    const contact = await api.get(`/api/v1/contacts/${created.body.id}`);
    assert.deepEqual(contact.body.addresses, []);
    assert.equal(contact.body.consents[0].status, 'granted');
  });
});
