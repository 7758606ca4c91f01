// Import runs through the API: upload, preview, start, progress, problems with their lines,
// the rejected rows, matching and updating, undo, cancel, and workspaces kept apart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { importFinished as finished, uploadImport as upload } from '../../testing/imports.ts';

let h: Harness;
let api: Client;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-imports-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dataDir } });
  api = await h.workspace();
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function run(client: Client, text: string, settings: Record<string, unknown>, fileName = 'kontakte.csv') {
  const { id } = await upload(client, text, fileName);
  const started = await client.post(`/api/v1/imports/${id}/start`, settings);
  assert.equal(started.status, 202, JSON.stringify(started.body));
  return finished(client, id);
}

const contactMapping = {
  customerNumber: 'Kundennummer',
  firstName: 'Vorname',
  lastName: 'Nachname',
  email: 'E-Mail',
  phone: 'Telefon',
  street: ['Straße', 'Hausnummer'],
  postalCode: 'PLZ',
  city: 'Ort',
  company: 'Firma',
  jobTitle: 'Position',
};

const header = 'Kundennummer,Vorname,Nachname,E-Mail,Telefon,Straße,Hausnummer,PLZ,Ort,Firma,Position';

async function contactsOf(client: Client, query = '') {
  const res = await client.get(`/api/v1/contacts?limit=100${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data as Array<Record<string, any>>;
}

describe('imports', () => {
  test('upload, preview, run: records normalised and searchable, problems with lines, rejected rows, one audit entry', async () => {
    const client = await h.workspace('Import GmbH');
    const csv = [
      header,
      'K-1,Erika,Mustermann,erika@example.de,030 1234567,Hauptstraße,5,10115,Berlin,Beispiel GmbH,Einkauf',
      'K-2,Max,Muster,kein-at-zeichen,030 7654321,Ring,1,80331,München,beispiel gmbh ,Vertrieb',
      'K-3,Jana,Schulz,jana@example.de,040 555,Weg,2,20095,Hamburg,https://www.example.org/kontakt,',
      // No name, no way to reach: no one (a row with only an email would arrive, see below).
      ',,,,,,,10115,Berlin,,Einkauf',
    ].join('\n');
    const uploaded = await upload(client, csv);
    assert.equal(uploaded.format, 'csv');
    assert.deepEqual(uploaded.columns, header.split(','));
    assert.equal(uploaded.rowsEstimate, 4);

    const preview = await client.post(`/api/v1/imports/${uploaded.id}/preview`, {
      recordType: 'contacts',
      mapping: contactMapping,
      onInvalid: 'reject',
    });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(preview.body.rows.length, 4);
    assert.deepEqual(
      preview.body.rows.map((r: { action: string }) => r.action),
      ['create', 'skip', 'create', 'skip'],
    );
    assert.equal(preview.body.rows[0].values.lastName, 'Mustermann');
    assert.deepEqual(preview.body.summary, { rows: 4, created: 2, updated: 0, skipped: 0, failed: 2, errorsTotal: 2 });
    assert.deepEqual(await contactsOf(client), [], 'a preview writes nothing');

    const started = await client.post(`/api/v1/imports/${uploaded.id}/start`, {
      recordType: 'contacts',
      mapping: contactMapping,
      onInvalid: 'reject',
      saveMappingAs: 'Kontakte aus dem ERP',
    });
    assert.equal(started.status, 202);
    const done = await finished(client, uploaded.id);
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.deepEqual([done.created, done.updated, done.skipped, done.failed], [2, 0, 0, 2]);
    assert.equal(done.rowsDone, 4);
    assert.equal(done.errorsTotal, 2);
    assert.deepEqual(
      done.errors.map((e: { line: number; field: string }) => [e.line, e.field]),
      [
        [3, 'email'],
        [5, 'lastName'],
      ],
    );
    assert.match(done.errors[0].message, /kein-at-zeichen/);
    assert.ok(done.undoableUntil > new Date(Date.now() + 29 * 86_400_000).toISOString());

    const contacts = await contactsOf(client);
    const erika = contacts.find((c) => c.lastName === 'Mustermann') as Record<string, any>;
    assert.equal(erika.customerNumber, 'K-1');
    assert.equal(erika.phones[0].e164, '+49301234567');
    assert.deepEqual(erika.addresses[0], {
      street: 'Hauptstraße 5',
      postalCode: '10115',
      city: 'Berlin',
      region: null,
      country: 'DE',
      label: null,
      primary: true,
    });
    assert.equal(erika.companies[0].name, 'Beispiel GmbH');
    assert.equal(erika.companies[0].jobTitle, 'Einkauf');
    // Scored like a contact made by hand, with its new company counted.
    assert.equal(typeof erika.quality, 'number');
    assert.ok(!erika.qualityReasons.includes('missing_company'), erika.qualityReasons.join());
    const company = await client.get(`/api/v1/companies/${erika.companies[0].companyId}`);
    assert.equal(typeof company.body.quality, 'number');
    const jana = contacts.find((c) => c.lastName === 'Schulz') as Record<string, any>;
    assert.equal(jana.companies[0].name, 'example.org', 'a web address finds or makes the company by its domain');
    // Found by the search like a contact made by hand: the search text and its words are there.
    const found = await client.get('/api/v1/contacts?q=mustermann');
    assert.deepEqual(
      found.body.data.map((c: { id: string }) => c.id),
      [erika.id],
    );
    assert.equal((await client.get('/api/v1/search?q=mustermann')).status, 200);

    const rejected = await client.get(`/api/v1/imports/${uploaded.id}/rejected`);
    assert.equal(rejected.status, 200);
    assert.match(String(rejected.headers['content-disposition']), /kontakte-rejected\.csv/);
    assert.match(rejected.body, /kein-at-zeichen/);
    assert.doesNotMatch(rejected.body, /Mustermann/);

    const audit = await inTenant(h.ctx.db.app, { workspaceId: client.workspaceId }, (tx) =>
      sql<{ record_type: string; n: number }>`
        select record_type, count(*)::int as n from audit_log where workspace_id = ${client.workspaceId}
        and record_type in ('contact', 'company', 'affiliation', 'import') group by record_type order by 1`.execute(tx),
    );
    assert.deepEqual(audit.rows, [{ record_type: 'import', n: 1 }], 'one entry for the import, none per record');

    const mappings = await client.get('/api/v1/import-mappings?recordType=contacts');
    assert.equal(mappings.status, 200);
    assert.deepEqual(
      mappings.body.data.map((m: { name: string; mapping: unknown }) => [m.name, m.mapping]),
      [['Kontakte aus dem ERP', contactMapping]],
    );
    const list = await client.get('/api/v1/imports');
    assert.deepEqual(
      list.body.data.map((i: { id: string }) => i.id),
      [uploaded.id],
    );
    assert.equal(
      (await client.post(`/api/v1/imports/${uploaded.id}/start`, { recordType: 'contacts', mapping: {} })).status,
      409,
    );
  });

  test('a row without a name arrives by its email; a row that names no one is rejected with the reason', async () => {
    const client = await h.workspace();
    const csv = [
      header,
      ',,,leser@newsletter.example,,,,,,,',
      ',,,,0171 2345678,,,,,,',
      ',,,,,,,,,,Einkauf',
      ',,,kaputt@,,,,,Berlin,,',
      // A line of empty cells is no row at all: not counted, not reported.
      ',,,,,,,,,,',
    ].join('\n');
    const done = await run(client, csv, { recordType: 'contacts', mapping: contactMapping, onInvalid: 'skipValue' });
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.deepEqual([done.rowsTotal, done.created, done.failed], [4, 2, 2]);
    // The row with only a position and the row whose only email was dropped name no one; the dropped email is said too.
    assert.deepEqual(
      done.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code]),
      [
        [4, 'lastName', 'required'],
        [5, 'email', 'invalid_email'],
        [5, 'lastName', 'required'],
      ],
    );
    assert.match(done.errors[0].message, /a contact needs at least a first or last name, an email, a phone/);
    assert.deepEqual(done.errors[0].params, { reason: 'no_one' });
    const contacts = await contactsOf(client);
    const reader = contacts.find((c) => c.emails[0]?.email === 'leser@newsletter.example') as Record<string, any>;
    assert.equal(reader.lastName, '');
    assert.equal(reader.firstName, null);
    assert.ok(contacts.some((c) => c.phones[0]?.e164 === '+491712345678'));
  });

  test('skipValue keeps the row without the value, with a warning on its line', async () => {
    const client = await h.workspace();
    const done = await run(client, `${header}\nK-9,Max,Muster,kein-at-zeichen,030 7654321,Ring,1,80331,München,,`, {
      recordType: 'contacts',
      mapping: contactMapping,
      onInvalid: 'skipValue',
    });
    assert.deepEqual([done.created, done.failed, done.errorsTotal], [1, 0, 1]);
    assert.deepEqual([done.errors[0].line, done.errors[0].field], [2, 'email']);
    const [max] = await contactsOf(client);
    assert.deepEqual(max.emails, []);
    assert.equal(max.phones[0].e164, '+49307654321');
    assert.equal(done.hasRejected, false);
  });

  test('matching by customer number: fillEmpty fills gaps, overwrite replaces; undo puts everything back', async () => {
    const client = await h.workspace();
    const made = await client.post('/api/v1/contacts', {
      customerNumber: 'K-1',
      firstName: 'Erika',
      lastName: 'Mustermann',
      jobTitle: 'Leitung',
      tags: ['alt'],
    });
    assert.equal(made.status, 201);
    const csv = `Kundennummer,Vorname,Nachname,Position,E-Mail,Tags\nK-1,Erika,Musterfrau,Einkauf,erika@example.de,neu\nK-2,Hans,Neu,,hans@example.de,`;
    const mapping = {
      customerNumber: 'Kundennummer',
      firstName: 'Vorname',
      lastName: 'Nachname',
      jobTitle: 'Position',
      email: 'E-Mail',
      tags: 'Tags',
    };
    const fill = await run(client, csv, {
      recordType: 'contacts',
      mapping,
      match: 'customerNumber',
      update: 'fillEmpty',
    });
    assert.deepEqual([fill.created, fill.updated, fill.failed], [1, 1, 0], JSON.stringify(fill));
    let erika = (await client.get(`/api/v1/contacts/${made.body.id}`)).body;
    assert.equal(erika.lastName, 'Mustermann', 'fillEmpty leaves a filled field');
    assert.equal(erika.jobTitle, 'Leitung');
    assert.deepEqual(
      erika.emails.map((e: { email: string }) => e.email),
      ['erika@example.de'],
    );
    assert.deepEqual(erika.tags, ['alt', 'neu']);

    const over = await run(client, csv, {
      recordType: 'contacts',
      mapping,
      match: 'customerNumber',
      update: 'overwrite',
    });
    assert.deepEqual([over.created, over.updated], [0, 1], JSON.stringify(over));
    erika = (await client.get(`/api/v1/contacts/${made.body.id}`)).body;
    assert.equal(erika.lastName, 'Musterfrau');
    assert.equal(erika.jobTitle, 'Einkauf');
    assert.equal((await client.get('/api/v1/contacts?q=musterfrau')).body.data.length, 1, 'the search text follows');

    const undone = await client.post(`/api/v1/imports/${over.id}/undo`);
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    assert.equal(undone.body.status, 'undone');
    erika = (await client.get(`/api/v1/contacts/${made.body.id}`)).body;
    assert.equal(erika.lastName, 'Mustermann');
    assert.equal(erika.jobTitle, 'Leitung');
    assert.equal((await client.get('/api/v1/contacts?q=musterfrau')).body.data.length, 0);

    assert.equal((await client.post(`/api/v1/imports/${fill.id}/undo`)).status, 200);
    const left = await contactsOf(client);
    assert.deepEqual(
      left.map((c) => [c.lastName, c.jobTitle, c.emails.length, c.tags]),
      [['Mustermann', 'Leitung', 0, ['alt']]],
      'the created contact is in the trash, the updated one as before',
    );
    const trashed = await client.get('/api/v1/contacts?trashed=true');
    assert.deepEqual(
      trashed.body.data.map((c: { lastName: string }) => c.lastName),
      ['Neu'],
    );
    assert.equal((await client.post(`/api/v1/imports/${fill.id}/undo`)).status, 409, 'undone once');
  });

  test('matching by email: the same address updates, case aside; in one file the second row joins the first', async () => {
    const client = await h.workspace();
    await client.post('/api/v1/contacts', { lastName: 'Vorhanden', emails: [{ email: 'Da@Example.de' }] });
    const csv = `Nachname,E-Mail,Ort\nVorhanden,da@example.de,Köln\nNeu,neu@example.de,Bonn\nNeu,NEU@example.de,Bonn`;
    const done = await run(client, csv, {
      recordType: 'contacts',
      mapping: { lastName: 'Nachname', email: 'E-Mail', city: 'Ort' },
      match: 'email',
    });
    assert.equal(done.created + done.updated, 2, JSON.stringify(done));
    const contacts = await contactsOf(client);
    assert.deepEqual(contacts.map((c) => [c.lastName, c.addresses[0]?.city]).sort(), [
      ['Neu', 'Bonn'],
      ['Vorhanden', 'Köln'],
    ]);
  });

  test('matching by the duplicate matcher: a likely duplicate is updated, a new person created', async () => {
    const client = await h.workspace();
    const made = await client.post('/api/v1/contacts', {
      firstName: 'Erika',
      lastName: 'Mustermann',
      emails: [{ email: 'erika.mustermann@example.de' }],
      phones: [{ number: '030 1234567' }],
    });
    assert.equal(made.status, 201);
    const done = await run(
      client,
      'Vorname,Nachname,E-Mail,Telefon,Ort\nErika,Mustermann,erika.mustermann@example.de,+49 30 1234567,Berlin\nHans,Anders,hans@example.org,,Bonn',
      {
        recordType: 'contacts',
        mapping: { firstName: 'Vorname', lastName: 'Nachname', email: 'E-Mail', phone: 'Telefon', city: 'Ort' },
        match: 'duplicates',
      },
    );
    assert.deepEqual([done.created, done.updated, done.failed], [1, 1, 0], JSON.stringify(done));
    const erika = (await client.get(`/api/v1/contacts/${made.body.id}`)).body;
    assert.equal(erika.addresses[0].city, 'Berlin');
  });

  test('without matching two rows with one customer number: the second fails, the rest arrives', async () => {
    const client = await h.workspace();
    const done = await run(client, 'Kundennummer,Nachname\nK-7,Erste\nK-7,Zweite\nK-8,Dritte', {
      recordType: 'contacts',
      mapping: { customerNumber: 'Kundennummer', lastName: 'Nachname' },
    });
    assert.deepEqual([done.created, done.failed], [2, 1], JSON.stringify(done));
    assert.deepEqual([done.errors[0].line, done.errors[0].field], [3, 'customerNumber']);
  });

  test('companies, deals, activities and notes: references by name, email and number', async () => {
    const client = await h.workspace();
    const companies = await run(
      client,
      'Kundennummer,Firma,Webseite,Branche,Mitarbeiter,Umsatz,Notiz\nF-1,Acme GmbH,https://acme.example,Handel,12,1234.50,Guter Kunde',
      {
        recordType: 'companies',
        mapping: {
          customerNumber: 'Kundennummer',
          name: 'Firma',
          website: 'Webseite',
          industry: 'Branche',
          employeeCount: 'Mitarbeiter',
          annualRevenue: 'Umsatz',
          notes: 'Notiz',
          constants: { tags: 'import' },
        },
      },
      'firmen.csv',
    );
    assert.equal(companies.created, 1, JSON.stringify(companies));
    const [acme] = (await client.get('/api/v1/companies')).body.data;
    assert.deepEqual(
      [acme.customerNumber, acme.employeeCount, acme.annualRevenue, acme.tags],
      ['F-1', 12, { amount: '1234.50', currency: 'EUR' }, ['import']],
    );
    await run(client, 'Nachname,E-Mail,Firmennummer\nKunde,kunde@example.de,F-1', {
      recordType: 'contacts',
      mapping: { lastName: 'Nachname', email: 'E-Mail', companyCustomerNumber: 'Firmennummer' },
    });
    const [kunde] = await contactsOf(client);
    assert.equal(kunde.companies[0].companyId, acme.id);

    const pipelines = (await client.get('/api/v1/pipelines')).body.data;
    const stage = pipelines[0].stages[1];
    const deals = await run(
      client,
      `Titel,Wert,Phase,Firma,Kontakt,Nr\nGroßauftrag,"10000.00",${stage.name},acme gmbh,kunde@example.de,D-1\nOhne Phase,5,Gibt es nicht,,,`,
      {
        recordType: 'deals',
        mapping: {
          title: 'Titel',
          value: 'Wert',
          stage: 'Phase',
          company: 'Firma',
          contact: 'Kontakt',
          externalId: 'Nr',
        },
        onInvalid: 'skipValue',
      },
      'deals.csv',
    );
    assert.deepEqual([deals.created, deals.failed], [2, 0], JSON.stringify(deals));
    const dealList = (await client.get('/api/v1/deals?sort=title')).body.data;
    const big = dealList.find((d: { title: string }) => d.title === 'Großauftrag');
    assert.deepEqual(
      [big.stageId, big.companyId, big.contactId, big.amount],
      [stage.id, acme.id, kunde.id, { amount: '10000.00', currency: 'EUR' }],
    );
    const history = (await client.get(`/api/v1/deals/${big.id}/stage-history`)).body.data;
    assert.equal(history.length, 1);

    const activities = await run(
      client,
      'Art,Betreff,Datum,Kontakt,Verkaufschance\nAnruf,Nachgefragt,2026-03-01T10:00:00Z,kunde@example.de,D-1\nBesprechung,Termin,2026-03-02,niemand@example.de,',
      {
        recordType: 'activities',
        mapping: { type: 'Art', subject: 'Betreff', occurredAt: 'Datum', contact: 'Kontakt', deal: 'Verkaufschance' },
      },
      'aktivitaeten.csv',
    );
    assert.deepEqual([activities.created, activities.failed], [1, 1], JSON.stringify(activities));
    assert.deepEqual([activities.errors[0].line, activities.errors[0].field], [3, 'contact']);
    const notes = await run(client, 'Text,Firma\nRückruf vereinbart,Acme GmbH', {
      recordType: 'notes',
      mapping: { body: 'Text', company: 'Firma' },
    });
    assert.equal(notes.created, 1, JSON.stringify(notes));
    const timeline = (await client.get(`/api/v1/activities?contactId=${kunde.id}`)).body;
    assert.ok(
      timeline.data.some((a: { type: string; subject: string }) => a.type === 'call' && a.subject === 'Nachgefragt'),
      JSON.stringify(timeline),
    );
    const companyNotes = (await client.get(`/api/v1/activities?companyId=${acme.id}`)).body.data;
    assert.deepEqual(companyNotes.map((a: { body: string }) => a.body).sort(), ['Guter Kunde', 'Rückruf vereinbart']);
    assert.notEqual((await client.get(`/api/v1/contacts/${kunde.id}`)).body.lastActivityAt, null);
  });

  test('cancel stops after the current batch; the rows written stay and can be undone', async () => {
    const client = await h.workspace();
    const rows = Array.from({ length: 1200 }, (_, i) => `Nr ${i},kontakt${i}@example.de`);
    const { id } = await upload(client, `Nachname,E-Mail\n${rows.join('\n')}`);
    assert.equal(
      (
        await client.post(`/api/v1/imports/${id}/start`, {
          recordType: 'contacts',
          mapping: { lastName: 'Nachname', email: 'E-Mail' },
        })
      ).status,
      202,
    );
    const cancelled = await client.post(`/api/v1/imports/${id}/cancel`);
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    const done = await finished(client, id);
    assert.equal(done.status, 'cancelled');
    assert.ok(done.rowsDone > 0 && done.rowsDone < 1200, `rows done: ${done.rowsDone}`);
    assert.equal(done.created, done.rowsDone);
    assert.equal((await client.post(`/api/v1/imports/${id}/cancel`)).status, 409);
    assert.equal((await client.post(`/api/v1/imports/${id}/undo`)).status, 200);
    assert.equal((await contactsOf(client)).length, 0);
  });

  test('another workspace cannot see or touch an import', async () => {
    const owner = await h.workspace();
    const other = await h.workspace();
    const done = await run(owner, 'Nachname,E-Mail\nEiner,x-at-y', {
      recordType: 'contacts',
      mapping: { lastName: 'Nachname', email: 'E-Mail' },
    });
    assert.equal(done.failed, 1);
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['GET', '/rejected', undefined],
      ['POST', '/preview', { recordType: 'contacts', mapping: {} }],
      ['POST', '/start', { recordType: 'contacts', mapping: {} }],
      ['POST', '/cancel', undefined],
      ['POST', '/undo', undefined],
    ] as const) {
      const res = await other.request(method, `/api/v1/imports/${done.id}${suffix}`, body);
      assert.equal(res.status, 404, `${method} ${suffix}: ${JSON.stringify(res.body)}`);
    }
    assert.deepEqual((await other.get('/api/v1/imports')).body.data, []);
    assert.equal((await owner.get(`/api/v1/imports/${done.id}/rejected`)).status, 200);
  });

  test('a viewer may not import; a file over the limit is a 413 problem; garbage is a 422, never a 5xx', async () => {
    const viewer = await h.member(api, 'viewer');
    const refused = await viewer.request('POST', '/api/v1/imports?fileName=a.csv', 'a,b\n1,2', {
      'content-type': 'text/csv',
    });
    assert.equal(refused.status, 403);
    const small = await harness({ env: { FARLEY_DATA_DIR: dataDir, FARLEY_IMPORT_MAX_BYTES: '100' } });
    try {
      const client = await small.workspace();
      const big = await client.request('POST', '/api/v1/imports?fileName=big.csv', `a,b\n${'1,2\n'.repeat(100)}`, {
        'content-type': 'text/csv',
      });
      assert.equal(big.status, 413, JSON.stringify(big.body));
      assert.equal(big.body.code, 'body_too_large');
    } finally {
      await small.close();
    }
    const multipart = await api.request(
      'POST',
      '/api/v1/imports',
      '--XX\r\nContent-Disposition: form-data; name="file"; filename="liste.csv"\r\nContent-Type: text/csv\r\n\r\nNachname\r\nMeier\r\n--XX--\r\n',
      { 'content-type': 'multipart/form-data; boundary=XX' },
    );
    assert.equal(multipart.status, 201, JSON.stringify(multipart.body));
    assert.equal(multipart.body.fileName, 'liste.csv');
    assert.deepEqual(multipart.body.columns, ['Nachname']);
    const empty = await api.request('POST', '/api/v1/imports', '--XX--\r\n', {
      'content-type': 'multipart/form-data; boundary=XX',
    });
    assert.equal(empty.status, 422, JSON.stringify(empty.body));
    const badPreview = await api.get(`/api/v1/imports/${multipart.body.id}/preview?recordType=contacts&mapping=%7B`);
    assert.equal(badPreview.status, 400);
    const goodPreview = await api.get(
      `/api/v1/imports/${multipart.body.id}/preview?recordType=contacts&mapping=${encodeURIComponent(JSON.stringify({ lastName: 'Nachname' }))}`,
    );
    assert.equal(goodPreview.status, 200, JSON.stringify(goodPreview.body));
    assert.equal(goodPreview.body.rows[0].values.lastName, 'Meier');
  });
});
