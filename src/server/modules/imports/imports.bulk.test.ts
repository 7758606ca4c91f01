// The bulk path of imports (imports.run.ts inBulk, imports.write.ts setTriggers): a contact it
// writes without the row triggers is stored exactly as the API's create stores it (columns,
// search words, postings, score), and search and the phone lookup find it the same way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { bulkAllowed } from './imports.run.ts';

let h: Harness;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-imports-bulk-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dataDir } });
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function importCsv(client: Client, text: string, mapping: Record<string, unknown>) {
  const upload = await client.request('POST', '/api/v1/imports?fileName=kontakte.csv', text, {
    'content-type': 'text/csv',
  });
  assert.equal(upload.status, 201, JSON.stringify(upload.body));
  const started = await client.post(`/api/v1/imports/${upload.body.id}/start`, { recordType: 'contacts', mapping });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (let i = 0; i < 600; i++) {
    const res = await client.get(`/api/v1/imports/${upload.body.id}`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the import did not finish');
}

/** What the database holds of a contact, without what differs by nature (ids, times). */
async function stored(workspaceId: string, id: string) {
  const db = h.ctx.db.owner;
  const { rows } = await sql<Record<string, unknown>>`
    select first_name, last_name, emails, phones, addresses, email_list, phone_list, cities, postal_codes, tags,
      lifecycle_stage, search_text, search_words, quality, quality_reasons, birthday::text
    from contacts where workspace_id = ${workspaceId} and id = ${id}`.execute(db);
  const { rows: postings } = await sql<{ word: string; initials: number }>`
    select word, initials from contact_words where workspace_id = ${workspaceId} and record_id = ${id} order by word`.execute(
    db,
  );
  const words = rows[0].search_words as string[];
  const { rows: dictionary } = await sql<{ word: string }>`
    select word from search_words where workspace_id = ${workspaceId} and word = any(${words}::text[]) order by word`.execute(
    db,
  );
  return { ...rows[0], search_words: [...words].sort(), postings, dictionary: dictionary.map((d) => d.word) };
}

test('an imported contact is stored, searched and looked up exactly like one made through the API', async () => {
  // The test database's owner may switch triggers off: this import takes the bulk path.
  assert.equal(await bulkAllowed(h.ctx, 'contacts'), true);
  const made = await h.workspace();
  const imported = await h.workspace();
  const res = await made.post('/api/v1/contacts', {
    firstName: 'Jörg',
    lastName: 'Müller-Lüdenscheidt',
    emails: [{ email: 'Joerg.Mueller@Beispiel.de', primary: true }],
    phones: [{ number: '0221 9876543', primary: true }],
    addresses: [{ street: 'Domstraße 5', postalCode: '50668', city: 'Köln', country: 'DE', primary: true }],
    birthday: '1970-04-03',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const done = await importCsv(
    imported,
    'Vorname;Nachname;E-Mail;Telefon;Straße;PLZ;Ort;Land;Geburtstag\n' +
      'Jörg;Müller-Lüdenscheidt;Joerg.Mueller@Beispiel.de;0221 9876543;Domstraße 5;50668;Köln;DE;1970-04-03\n',
    {
      firstName: 'Vorname',
      lastName: 'Nachname',
      email: 'E-Mail',
      phone: 'Telefon',
      street: 'Straße',
      postalCode: 'PLZ',
      city: 'Ort',
      country: 'Land',
      birthday: 'Geburtstag',
    },
  );
  assert.equal(done.created, 1, JSON.stringify(done));
  const list = await imported.get('/api/v1/contacts');
  const importedId = list.body.data[0].id as string;
  const a = await stored(made.workspaceId, res.body.id);
  const b = await stored(imported.workspaceId, importedId);
  assert.ok((a.postings as unknown[]).length > 0 && (a.dictionary as unknown[]).length > 0, JSON.stringify(a));
  assert.deepEqual(b, a);
  for (const client of [made, imported]) {
    for (const q of ['mueller', 'Lüdenscheid', 'joerg.mueller@beispiel.de', 'Koeln']) {
      const found = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.ok(JSON.stringify(found.body).includes('Müller-Lüdenscheidt'), `${q}: ${JSON.stringify(found.body)}`);
    }
    const byPhone = await client.get(`/api/v1/lookup?phone=${encodeURIComponent('+49 221 9876543')}`);
    assert.equal(byPhone.status, 200, JSON.stringify(byPhone.body));
    assert.equal(byPhone.body.data.length, 1, JSON.stringify(byPhone.body));
  }
});
