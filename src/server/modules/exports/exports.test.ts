import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { contactService } from '../contacts/contacts.service.ts';
import { contactColumns } from './exports.columns.ts';
import { exportPageSize, exportService } from './exports.service.ts';
import { analyzeAfterBulkInsert } from '../../testing/statistics.ts';

let h: Harness;
let api: Client;
let companyId: string;

before(async () => {
  h = await harness();
  api = await h.workspace('Export GmbH');
  const company = await api.post('/api/v1/companies', {
    name: 'Müller & Söhne GmbH',
    addresses: [{ street: 'Hafenstraße 1', postalCode: '20457', city: 'Hamburg' }],
    annualRevenue: { amount: '1234567.89', currency: 'EUR' },
    employeeCount: 42,
  });
  assert.equal(company.status, 201, JSON.stringify(company.body));
  companyId = company.body.id;
  const people = [
    {
      salutation: 'Frau',
      title: 'Dr.',
      firstName: 'Anna',
      lastName: 'Müller',
      emails: [
        { email: 'anna@mueller.example', primary: true },
        { email: 'a.mueller@privat.example' },
        { email: 'anna3@example.de' },
        { email: 'anna4@example.de' },
      ],
      phones: [
        { number: '+49 30 1234567', label: 'Büro' },
        { number: '0171 2345678', label: 'Mobil' },
      ],
      addresses: [{ street: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin' }],
      birthday: '1980-02-29',
      jobTitle: 'Einkauf; Leitung, Nord',
      lifecycleStage: 'customer',
      tags: ['vip', 'newsletter'],
      ownerId: api.userId,
    },
    { firstName: 'Bernd', lastName: 'Zeller', lifecycleStage: 'lead', source: '=HYPERLINK("http://evil.example")' },
    { firstName: 'Carla', lastName: 'Adler', lifecycleStage: 'customer', jobTitle: '@SUM(A1)', tags: ['vip'] },
  ];
  for (const person of people) {
    const res = await api.post('/api/v1/contacts', person);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    if (person.lastName === 'Müller') {
      const linked = await api.post(`/api/v1/contacts/${res.body.id}/affiliations`, { companyId, isPrimary: true });
      assert.equal(linked.status, 201, JSON.stringify(linked.body));
    }
  }
});
after(() => h.close());

const csvRows = (text: string, delimiter: string) =>
  parse(text, { bom: true, delimiter, relax_column_count: false }) as string[][];

async function download(client: Client, path: string) {
  const res = await h.raw({ method: 'GET', url: path, headers: { authorization: `Bearer ${client.token}` } });
  return res;
}

describe('export', () => {
  test('CSV for German Excel: BOM, semicolons, German headers, the file name, every field back', async () => {
    const res = await download(api, '/api/v1/contacts/export?format=csv&lang=de');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /filename="Kontakte-\d{4}-\d{2}-\d{2}\.csv"/);
    assert.deepEqual([...res.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvRows(res.body, ';');
    for (const label of [
      'Anrede',
      'Titel',
      'Vorname',
      'Nachname',
      'Firma',
      'E-Mail',
      'E-Mail 2',
      'Telefon',
      'Mobil',
      'Straße',
      'PLZ',
      'Ort',
      'Geburtstag',
      'Schlagwörter',
      'Zuständig',
    ])
      assert.ok(header.includes(label), `header ${label} in ${header.join('|')}`);
    // The list's default sort: by last name.
    const at = (row: string[], label: string) => row[header.indexOf(label)];
    assert.deepEqual(
      rows.map((r) => at(r, 'Nachname')),
      ['Adler', 'Müller', 'Zeller'],
    );
    const anna = rows[1];
    assert.equal(at(anna, 'Firma'), 'Müller & Söhne GmbH');
    assert.equal(at(anna, 'E-Mail'), 'anna@mueller.example');
    assert.equal(at(anna, 'E-Mail 2'), 'a.mueller@privat.example');
    // More than the columns hold: the last one takes the rest, none is lost.
    assert.equal(at(anna, 'E-Mail 3'), 'anna3@example.de; anna4@example.de');
    // A phone number is a number, not a formula: not escaped.
    assert.equal(at(anna, 'Telefon'), '+49 30 1234567');
    assert.equal(at(anna, 'Mobil'), '0171 2345678');
    assert.equal(at(anna, 'Position'), 'Einkauf; Leitung, Nord');
    assert.equal(at(anna, 'Geburtstag'), '1980-02-29');
    assert.equal(at(anna, 'Schlagwörter'), 'vip; newsletter');
    assert.equal(at(anna, 'Zuständig'), api.email);
    assert.equal(at(anna, 'Ort'), 'Berlin');
  });

  test('CSV with commas and English headers; formulas are escaped', async () => {
    const res = await download(api, '/api/v1/contacts/export?format=csv&lang=en&delimiter=comma&sort=-lastName');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-disposition']), /filename="contacts-\d{4}-\d{2}-\d{2}\.csv"/);
    const [header, ...rows] = csvRows(res.body, ',');
    assert.equal(header[header.indexOf('First name') + 1], 'Last name');
    const at = (row: string[], label: string) => row[header.indexOf(label)];
    assert.deepEqual(
      rows.map((r) => at(r, 'Last name')),
      ['Zeller', 'Müller', 'Adler'],
    );
    assert.equal(at(rows[0], 'Source'), `'=HYPERLINK("http://evil.example")`);
    assert.equal(at(rows[2], 'Job title'), "'@SUM(A1)");
  });

  test('filters, search, columns and a saved view are those of the list', async () => {
    const filtered = await download(
      api,
      '/api/v1/contacts/export?lang=de&lifecycleStage=customer&tags.has=vip&columns=lastName,email',
    );
    assert.equal(filtered.statusCode, 200, filtered.body);
    const [header, ...rows] = csvRows(filtered.body, ';');
    assert.deepEqual(header, ['Anrede', 'Titel', 'Vorname', 'Nachname', 'E-Mail', 'E-Mail 2', 'E-Mail 3']);
    assert.deepEqual(
      rows.map((r) => r[3]),
      ['Adler', 'Müller'],
    );
    const searched = await download(api, '/api/v1/contacts/export?lang=de&q=zeller&columns=lastName');
    assert.deepEqual(
      csvRows(searched.body, ';')
        .slice(1)
        .map((r) => r[3]),
      ['Zeller'],
    );

    const view = await api.post('/api/v1/views', {
      resource: 'contacts',
      name: 'Kunden',
      config: {
        columns: ['firstName', 'companyId'],
        sort: '-lastName',
        filters: [{ field: 'lifecycleStage', op: 'eq', value: 'customer' }],
      },
    });
    assert.equal(view.status, 201, JSON.stringify(view.body));
    const viewed = await download(api, `/api/v1/contacts/export?lang=en&delimiter=semicolon&view=${view.body.id}`);
    assert.deepEqual(csvRows(viewed.body, ';'), [
      ['First name', 'Company'],
      ['Anna', 'Müller & Söhne GmbH'],
      ['Carla', ''],
    ]);
    const unknownView = await download(api, '/api/v1/contacts/export?view=00000000-0000-7000-8000-000000000000');
    assert.equal(unknownView.statusCode, 404);
  });

  test('bad parameters are 400 problems, before anything is sent', async () => {
    for (const query of ['format=pdf', 'columns=nope', 'birthday=gestern', 'sort=emails', 'limit=5', 'delimiter=tab']) {
      const res = await download(api, `/api/v1/contacts/export?${query}`);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /problem\+json/);
    }
    // vCards are for people only.
    assert.equal((await download(api, '/api/v1/companies/export?format=vcf')).statusCode, 400);
  });

  test('Excel: typed cells, dates as dates, amounts as numbers, formulas escaped', async () => {
    const res = await download(api, '/api/v1/contacts/export?format=xlsx&lang=de');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-disposition']), /Kontakte-.*\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    assert.equal(sheet.name, 'Kontakte');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, label: string) => sheet.getRow(row).getCell(header.indexOf(label) + 1).value;
    assert.equal(cell(3, 'Nachname'), 'Müller');
    assert.deepEqual(cell(3, 'Geburtstag'), new Date('1980-02-29T00:00:00Z'));
    assert.ok(cell(3, 'Angelegt') instanceof Date);
    assert.equal(cell(4, 'Quelle'), `'=HYPERLINK("http://evil.example")`);

    const companies = await download(api, '/api/v1/companies/export?format=xlsx&lang=en');
    const book2 = new ExcelJS.Workbook();
    await book2.xlsx.load(companies.rawPayload as unknown as ArrayBuffer);
    const sheet2 = book2.worksheets[0];
    const header2 = (sheet2.getRow(1).values as unknown[]).slice(1);
    assert.equal(sheet2.getRow(2).getCell(header2.indexOf('Annual revenue') + 1).value, 1234567.89);
    assert.equal(sheet2.getRow(2).getCell(header2.indexOf('Employees') + 1).value, 42);
  });

  test('JSON is the list in the API shape, every page of it', async () => {
    const res = await download(api, '/api/v1/contacts/export?format=json&sort=firstName');
    assert.equal(res.statusCode, 200, res.body);
    const exported = JSON.parse(res.body);
    const listed = await api.get('/api/v1/contacts?sort=firstName');
    assert.deepEqual(exported, listed.body.data);
    const empty = await download(api, '/api/v1/contacts/export?format=json&lastName=Niemand');
    assert.deepEqual(JSON.parse(empty.body), []);
    const activities = await download(api, '/api/v1/activities/export?format=json');
    assert.equal(activities.statusCode, 200, activities.body);
    assert.deepEqual(JSON.parse(activities.body), []);
    const task = await api.post('/api/v1/tasks', { title: 'Angebot nachfassen', assigneeId: api.userId });
    assert.equal(task.status, 201, JSON.stringify(task.body));
    const tasks = await download(api, '/api/v1/tasks/export?format=csv&lang=en&status=open');
    assert.equal(tasks.statusCode, 200, tasks.body);
    const [taskHeader, taskRow] = csvRows(tasks.body, ',');
    assert.equal(taskRow[taskHeader.indexOf('Title')], 'Angebot nachfassen');
    assert.equal(taskRow[taskHeader.indexOf('Owner')], api.email);
  });

  test('vCard 4.0: one card per contact, escaped and folded', async () => {
    const res = await download(api, '/api/v1/contacts/export?format=vcf');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/vcard/);
    const text = res.body;
    assert.equal(text.match(/^BEGIN:VCARD\r$/gm)?.length, 3);
    assert.equal(text.match(/^END:VCARD\r$/gm)?.length, 3);
    for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
    const unfolded = text.replace(/\r\n /g, '');
    assert.match(unfolded, /^N:Müller;Anna;;Frau,Dr\.;\r$/m);
    assert.match(unfolded, /^FN:Frau Dr\. Anna Müller\r$/m);
    assert.match(unfolded, /^EMAIL;PREF=1:anna@mueller\.example\r$/m);
    assert.match(unfolded, /^TEL;VALUE=uri;TYPE=work,voice:tel:\+49301234567\r$/m);
    assert.match(unfolded, /^TEL;VALUE=uri;TYPE=cell:tel:\+491712345678\r$/m);
    assert.match(unfolded, /^ADR:;;Hauptstraße 5;Berlin;;10115;DE\r$/m);
    assert.match(unfolded, /^ORG:Müller & Söhne GmbH\r$/m);
    assert.match(unfolded, /^TITLE:Einkauf\\; Leitung\\, Nord\r$/m);
    assert.match(unfolded, /^BDAY:19800229\r$/m);
    assert.match(unfolded, /^CATEGORIES:vip,newsletter\r$/m);
    assert.match(unfolded, /^UID:urn:uuid:[0-9a-f-]{36}\r$/m);
  });

  test("another workspace's records never appear; a viewer may export; the export is in the audit log", async () => {
    const other = await h.workspace('Andere AG');
    await other.post('/api/v1/contacts', { lastName: 'Fremd' });
    const mine = await download(api, '/api/v1/contacts/export?format=json');
    assert.ok(!JSON.parse(mine.body).some((c: { lastName: string }) => c.lastName === 'Fremd'));
    const theirs = await download(other, '/api/v1/contacts/export?format=json');
    assert.deepEqual(
      JSON.parse(theirs.body).map((c: { lastName: string }) => c.lastName),
      ['Fremd'],
    );
    // Their view is not ours to use.
    const view = await other.post('/api/v1/views', {
      resource: 'contacts',
      name: 'Alle',
      config: { columns: ['lastName'], sort: null, filters: [] },
    });
    assert.equal((await download(api, `/api/v1/contacts/export?view=${view.body.id}`)).statusCode, 404);

    const viewer = await h.member(api, 'viewer');
    const res = await download(viewer, '/api/v1/deals/export?format=csv');
    assert.equal(res.statusCode, 200, res.body);
    const audit = await api.get('/api/v1/audit-log?recordType=export&limit=50');
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    const entry = audit.body.data.find((e: { actorId: string }) => e.actorId === viewer.userId);
    assert.ok(entry, "the viewer's export is logged");
    assert.equal(entry.action, 'create');
    assert.deepEqual(entry.changes.list, [null, 'deals']);
    assert.deepEqual(entry.changes.rows, [null, 0]);
    assert.deepEqual(entry.changes.complete, [null, true]);
    const anonymous = await h.raw({ method: 'GET', url: '/api/v1/contacts/export' });
    assert.equal(anonymous.statusCode, 401);
  });

  test('a large export is streamed: the first bytes leave before the last page is read', async () => {
    const big = await h.workspace('Gross GmbH');
    const total = 6_000;
    await h.ctx.db.owner.transaction().execute(async (tx) => {
      await sql`set local farley.audit = 'off'`.execute(tx);
      await sql`insert into contacts (workspace_id, id, last_name, first_name, search_text)
        select ${big.workspaceId}::uuid, gen_random_uuid(), 'Name' || lpad(n::text, 6, '0'), 'Vorname', 'name' || n
        from generate_series(1, ${total}) n`.execute(tx);
    });
    await analyzeAfterBulkInsert(h);
    // The list service itself, counted: how many pages were read when the first bytes came.
    const list = contactService(h.ctx).list;
    let pagesRead = 0;
    const service = exportService(h.ctx, h.app.log);
    const actor = { workspaceId: big.workspaceId, userId: big.userId, role: 'admin' as const, via: 'token' as const };
    const file = await service.export(
      actor,
      {
        path: 'contacts',
        fileName: { de: 'Kontakte', en: 'contacts' },
        columns: contactColumns,
        list: async (a, q) => {
          pagesRead++;
          return list(a, q);
        },
      },
      { format: 'csv', lang: 'de', list: {} },
    );
    const chunks: Buffer[] = [];
    let pagesAtFirstChunk = 0;
    for await (const chunk of file.body) {
      if (chunks.length === 0) pagesAtFirstChunk = pagesRead;
      chunks.push(chunk as Buffer);
    }
    const pages = Math.ceil(total / exportPageSize);
    assert.ok(pagesAtFirstChunk <= 3, `pages read before the first chunk: ${pagesAtFirstChunk} of ${pages}`);
    assert.equal(pagesRead, pages);
    const rows = csvRows(Buffer.concat(chunks).toString('utf8'), ';');
    assert.equal(rows.length, total + 1);
    assert.equal(rows[1][rows[0].indexOf('Nachname')], 'Name000001');
    assert.equal(rows[total][rows[0].indexOf('Nachname')], `Name${String(total).padStart(6, '0')}`);

    // Over HTTP the reply is chunked: no length known in advance.
    const res = await download(big, '/api/v1/contacts/export?format=json&columns=lastName');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-length'], undefined);
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    assert.equal(JSON.parse(res.body).length, total);
  });
});
