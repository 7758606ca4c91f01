// Import runs through the API for the formats and paths imports.test.ts leaves out: a JSON
// and an Excel file end to end, the pg-boss queue finishing an import (jobs on, as a server
// runs), and undo of an import after one of its records was merged.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { startJobs } from '../../jobs.ts';

let h: Harness;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-import-flows-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dataDir } });
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function upload(client: Client, body: string | Buffer, fileName: string) {
  const res = await client.request('POST', `/api/v1/imports?fileName=${fileName}`, body, {
    'content-type': 'application/octet-stream',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; columns: string[]; format: string; guessedMapping: Record<string, unknown> };
}

async function finished(client: Client, id: string, waitMs = 25) {
  for (let i = 0; i < 800; i++) {
    const res = await client.get(`/api/v1/imports/${id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    if (!['running', 'uploaded'].includes(res.body.status)) return res.body;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  throw new Error(`import ${id} did not finish`);
}

/** Upload, preview, start, wait: the wizard's way. */
async function walk(client: Client, body: string | Buffer, fileName: string, settings: Record<string, unknown>) {
  const uploaded = await upload(client, body, fileName);
  const preview = await client.post(`/api/v1/imports/${uploaded.id}/preview`, settings);
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  const started = await client.post(`/api/v1/imports/${uploaded.id}/start`, settings);
  assert.equal(started.status, 202, JSON.stringify(started.body));
  return { uploaded, preview: preview.body, run: await finished(client, uploaded.id) };
}

describe('import flows', () => {
  test('a JSON file in the API’s own shapes: upload, preview, start, done, the contacts exist', async () => {
    const client = await h.workspace('JSON Import GmbH');
    const json = JSON.stringify([
      { firstName: 'Jana', lastName: 'Jäger', customerNumber: 'K-10001', emails: [{ email: 'jana@example.de' }] },
      { firstName: 'Olaf', lastName: 'Otto', birthday: '31.02.1980', emails: [{ email: 'olaf@example.de' }] },
      'kein Objekt',
    ]);
    const { uploaded, preview, run } = await walk(client, json, 'kontakte.json', {
      recordType: 'contacts',
      mapping: {
        firstName: 'firstName',
        lastName: 'lastName',
        customerNumber: 'customerNumber',
        email: 'email',
        birthday: 'birthday',
      },
      onInvalid: 'skipValue',
    });
    assert.equal(uploaded.format, 'json');
    assert.ok(uploaded.columns.includes('email'), uploaded.columns.join());
    assert.deepEqual(
      preview.rows.map((r: { action: string }) => r.action),
      ['create', 'create', 'skip'],
    );
    assert.deepEqual([run.status, run.created, run.failed], ['done', 2, 1], JSON.stringify(run));
    // Problems keep their code and params through the run, for the web app's texts.
    const day = run.errors.find((e: { field: string }) => e.field === 'birthday');
    assert.deepEqual([day.code, day.params.reason, day.params.value], ['invalid_date', 'no_such_day', '31.02.1980']);
    const element = run.errors.find((e: { line: number }) => e.line === 3);
    assert.deepEqual([element.code, element.params.reason], ['invalid_format', 'not_object']);
    const list = (await client.get('/api/v1/contacts?sort=lastName')).body.data;
    assert.deepEqual(
      list.map((c: Record<string, any>) => [c.lastName, c.customerNumber, c.emails[0].email]),
      [
        ['Jäger', 'K-10001', 'jana@example.de'],
        ['Otto', null, 'olaf@example.de'],
      ],
    );
  });

  test('an Excel file with German headers and a chosen sheet: upload, preview, start, done, the companies exist', async () => {
    const client = await h.workspace('Excel Import GmbH');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Deckblatt').addRow(['nur Text']);
    const sheet = wb.addWorksheet('Firmen');
    sheet.addRow(['Kundennummer', 'Firma', 'PLZ', 'Ort', 'Mitarbeiter', 'Umsatz']);
    sheet.addRow(['K-20001', 'Bäckerei Schulz GmbH', '10115', 'Berlin', 12, 1250000.5]);
    sheet.addRow(['K-20002', 'Schreinerei Holz KG', '80331', 'München', 'viele', '']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const uploaded = await upload(client, file, 'firmen.xlsx&sheet=Firmen');
    assert.equal(uploaded.format, 'xlsx');
    const settings = {
      recordType: 'companies',
      sheet: 'Firmen',
      mapping: {
        customerNumber: 'Kundennummer',
        name: 'Firma',
        postalCode: 'PLZ',
        city: 'Ort',
        employeeCount: 'Mitarbeiter',
        annualRevenue: 'Umsatz',
      },
    };
    const preview = await client.post(`/api/v1/imports/${uploaded.id}/preview`, settings);
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(preview.body.rows.length, 2);
    const problem = preview.body.rows[1].problems[0];
    assert.deepEqual([problem.field, problem.code, problem.params.reason], ['employeeCount', 'wrong_type', 'number']);
    assert.equal((await client.post(`/api/v1/imports/${uploaded.id}/start`, settings)).status, 202);
    const run = await finished(client, uploaded.id);
    assert.deepEqual([run.status, run.created, run.failed], ['done', 1, 1], JSON.stringify(run));
    const [company] = (await client.get('/api/v1/companies?customerNumber=K-20001')).body.data;
    assert.equal(company.name, 'Bäckerei Schulz GmbH');
    assert.equal(company.employeeCount, 12);
    assert.equal(company.addresses[0].city, 'Berlin');
  });

  test('undo after a merge: an imported contact merged into an older one leaves that one as it is now', async () => {
    // What must happen: the merge moved the import's claim to the survivor as an update with
    // nothing to revert, so undo neither trashes the survivor nor takes away what the merge
    // gave it; the merged contact stays in the trash pointing at the survivor. A contact the
    // import created and nobody merged goes to the trash as always.
    const client = await h.workspace('Merge Undo GmbH');
    const older = await client.post('/api/v1/contacts', { firstName: 'Anna', lastName: 'Müller', jobTitle: 'Einkauf' });
    assert.equal(older.status, 201);
    const csv = 'Vorname,Nachname,E-Mail\nAnna,Mueller,anna.mueller@example.de\nBernd,Brandt,bernd@example.de\n';
    const { run } = await walk(client, csv, 'messe.csv', {
      recordType: 'contacts',
      mapping: { firstName: 'Vorname', lastName: 'Nachname', email: 'E-Mail' },
    });
    assert.equal(run.created, 2);
    const imported = (await client.get('/api/v1/contacts?q=mueller')).body.data.find(
      (c: { lastName: string }) => c.lastName === 'Mueller',
    );
    const merged = await client.post('/api/v1/contacts/merge', {
      survivorId: older.body.id,
      mergedIds: [imported.id],
      keepAll: ['emails'],
    });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));

    const undone = await client.post(`/api/v1/imports/${run.id}/undo`);
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    const survivor = await client.get(`/api/v1/contacts/${older.body.id}`);
    assert.equal(survivor.status, 200, 'the survivor is not in the trash');
    assert.equal(survivor.body.lastName, 'Müller');
    assert.deepEqual(
      survivor.body.emails.map((e: { email: string }) => e.email),
      ['anna.mueller@example.de'],
      'what the merge gave the survivor stays',
    );
    const loser = await client.get(`/api/v1/contacts/${imported.id}`);
    assert.deepEqual([loser.status, loser.body.code], [404, 'merged']);
    const live = (await client.get('/api/v1/contacts')).body.data.map((c: { lastName: string }) => c.lastName);
    assert.deepEqual(live, ['Müller'], 'Brandt, created by the import, is in the trash');
  });

  test('undo after a merge into an imported contact: refused until that merge is undone', async () => {
    // Trashing the imported survivor would take the older contact's merged data with it: the
    // undo says which merge stands in the way, and goes through once that merge is undone.
    const client = await h.workspace('Merge Into Import GmbH');
    const older = await client.post('/api/v1/contacts', { firstName: 'Carla', lastName: 'Weiß', jobTitle: 'Leitung' });
    assert.equal(older.status, 201);
    const csv = 'Vorname,Nachname,E-Mail\nCarla,Weiss,carla.weiss@example.de\n';
    const { run } = await walk(client, csv, 'messe.csv', {
      recordType: 'contacts',
      mapping: { firstName: 'Vorname', lastName: 'Nachname', email: 'E-Mail' },
    });
    assert.equal(run.created, 1);
    const imported = (await client.get('/api/v1/contacts?q=weiss')).body.data.find(
      (c: { lastName: string }) => c.lastName === 'Weiss',
    );
    const merged = await client.post('/api/v1/contacts/merge', { survivorId: imported.id, mergedIds: [older.body.id] });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));

    const refused = await client.post(`/api/v1/imports/${run.id}/undo`);
    assert.deepEqual([refused.status, refused.body.code], [409, 'import_merged_into'], JSON.stringify(refused.body));
    assert.match(refused.body.detail, new RegExp(merged.body.mergeId));
    assert.equal((await client.get(`/api/v1/contacts/${imported.id}`)).status, 200, 'nothing was trashed');
    assert.equal((await client.get(`/api/v1/imports/${run.id}`)).body.status, 'done');

    assert.equal((await client.post(`/api/v1/merges/${merged.body.mergeId}/undo`)).status, 200);
    const undone = await client.post(`/api/v1/imports/${run.id}/undo`);
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    const live = (await client.get('/api/v1/contacts')).body.data.map((c: { lastName: string }) => c.lastName);
    assert.deepEqual(live, ['Weiß'], 'the older contact is back, the imported one in the trash');
  });
});

describe('import with jobs on', () => {
  test('the start route hands the import to the pg-boss queue, and the job runner finishes it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'farley-import-jobs-'));
    const withJobs = await harness({ env: { FARLEY_DATA_DIR: dir } });
    const failures: unknown[] = [];
    const jobs = await startJobs(withJobs.ctx, (message, error) => failures.push([message, error]));
    try {
      const client = await withJobs.workspace('Jobs GmbH');
      const uploaded = await upload(client, 'Nachname,E-Mail\nKoch,koch@example.de\nLang,lang@example.de\n', 'a.csv');
      const started = await client.post(`/api/v1/imports/${uploaded.id}/start`, {
        recordType: 'contacts',
        mapping: { lastName: 'Nachname', email: 'E-Mail' },
      });
      assert.equal(started.status, 202);
      const run = await finished(client, uploaded.id, 100);
      assert.deepEqual([run.status, run.created], ['done', 2], JSON.stringify(run));
      // The queue marks the job completed just after the import's own last write.
      const states = async () =>
        (
          await sql<{ state: string }>`
          select state from pgboss.job where name = 'imports' and data->>'importId' = ${uploaded.id}`.execute(
            withJobs.ctx.db.owner,
          )
        ).rows;
      let rows = await states();
      for (let i = 0; i < 50 && rows.some((r) => r.state === 'active'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        rows = await states();
      }
      assert.deepEqual(
        rows.map((r) => r.state),
        ['completed'],
        'the import went through the queue',
      );
      assert.equal((await client.get('/api/v1/contacts')).body.data.length, 2);
      assert.deepEqual(failures, []);
    } finally {
      await jobs.stop();
      await withJobs.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
