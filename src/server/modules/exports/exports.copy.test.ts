// The CSV that PostgreSQL writes (exports.copy.ts) is the file the page-by-page writer
// writes, byte for byte; row-level security binds it; the reply's backpressure reaches the
// statement, and a download broken off ends it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { insertBigContacts } from '../../testing/bigContacts.ts';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { contactService } from '../contacts/contacts.service.ts';
import { contactFields, defaultContactSort } from '../contacts/contacts.repository.ts';
import { listSearchIn } from '../search/search.service.ts';
import type { Contact } from '../../../contract/contacts.ts';
import { contactColumns } from './exports.columns.ts';
import { contactsCopy } from './exports.copy.ts';
import { AppError } from '../../platform/errors.ts';
import { exportService, type ExportRequest, type ExportSource } from './exports.service.ts';

let h: Harness;
let api: Client;

before(async () => {
  h = await harness();
  api = await h.workspace('Kopie GmbH');
  const company = async (name: string) => {
    const res = await api.post('/api/v1/companies', { name });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const zeta = await company('Zeta AG');
  const alpha = await company('Alpha KG');
  const gone = await company('Aaa gelöscht GmbH');
  const people: Array<Record<string, unknown> & { links?: Array<{ companyId: string; isPrimary?: boolean }> }> = [
    {
      salutation: 'Frau',
      title: 'Dr.',
      firstName: 'Anna',
      lastName: 'Müller',
      // The primary entries last: the file has them first.
      emails: [
        { email: 'b@example.de' },
        { email: 'c@example.de' },
        { email: 'd@example.de' },
        { email: 'a@example.de', primary: true },
      ],
      phones: [
        { number: '030 1234567', label: 'Büro' },
        { number: '0171 2345678', label: 'Handy' },
        { number: '0171 9999999', label: 'CELL privat' },
        { number: '030 7654321', label: 'Telefax' },
        { number: '+49 30 111111' },
        { number: '+49 30 222222', primary: true },
      ],
      addresses: [
        { street: 'Nebenweg 1', city: 'Köln' },
        {
          street: 'Hauptstraße 5',
          postalCode: '10115',
          city: 'Berlin',
          region: 'Berlin',
          country: 'DE',
          primary: true,
        },
      ],
      birthday: '1980-02-29',
      jobTitle: 'Einkauf; "Leitung", Nord\nzweite Zeile',
      tags: ['vip', 'a;b'],
      ownerId: api.userId,
      links: [{ companyId: zeta }, { companyId: alpha }, { companyId: gone }],
    },
    {
      lastName: '=1+2',
      firstName: '\tTab',
      source: '\rWagen',
      jobTitle: '-5',
      links: [{ companyId: zeta, isPrimary: true }],
    },
    { lastName: '+49 30 1234567', firstName: '@SUMME(A1)', source: '-Minus', jobTitle: '+Plus' },
    { lastName: 'Ölmann', firstName: 'Ähnlich', source: 'Messe', jobTitle: 'x"y', lifecycleStage: 'customer' },
    { lastName: 'ohne', emails: [{ email: 'nur@example.de' }], phones: [{ number: '0800 1', label: 'Fax' }] },
    // Two phones (the common case, worked out without jsonpath): one both mobile and fax, and
    // two landlines with the primary one last.
    {
      lastName: 'Zwei',
      phones: [
        { number: '0171 2345679', label: 'Mobil' },
        { number: '0172 3456789', label: 'Handy/Fax' },
      ],
    },
    {
      lastName: 'Zweimal',
      phones: [{ number: '030 1234568' }, { number: '030 7654322', label: 'Büro', primary: true }],
    },
  ];
  for (const { links, ...person } of people) {
    const res = await api.post('/api/v1/contacts', person);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    for (const link of links ?? []) {
      const linked = await api.post(`/api/v1/contacts/${res.body.id}/affiliations`, link);
      assert.equal(linked.status, 201, JSON.stringify(linked.body));
    }
  }
  assert.equal((await api.delete(`/api/v1/companies/${gone}`)).status, 204);
  // What the API would tidy away (it trims, and keeps no tab or carriage return) may still
  // come from elsewhere, an older import say: the file must escape and quote it all the same.
  await sql`update contacts set job_title = ${'Einkauf; "Leitung", Nord\nzweite Zeile'},
      first_name = case last_name when '=1+2' then ${'\tTab'} else first_name end,
      source = case last_name when 'ohne' then '' else source end
    where workspace_id = ${api.workspaceId}::uuid and last_name in ('Müller', '=1+2', 'ohne')`.execute(h.ctx.db.owner);
  // A contact with activities has a last activity: a timestamp column besides the record's own.
  const anna = (await api.get('/api/v1/contacts?lastName=Müller')).body.data[0];
  const note = await api.post('/api/v1/activities', {
    type: 'note',
    subject: 'Notiz',
    occurredAt: '2026-03-04T05:06:07.089Z',
    contactIds: [anna.id],
  });
  assert.equal(note.status, 201, JSON.stringify(note.body));
});
after(() => h.close());

const actorOf = (client: Client) => ({
  workspaceId: client.workspaceId,
  userId: client.userId,
  role: 'admin' as const,
  via: 'token' as const,
});

function sources(firstCompanyBytes?: number): { paged: ExportSource<Contact>; copied: ExportSource<Contact> } {
  const paged: ExportSource<Contact> = {
    path: 'contacts',
    fileName: { de: 'Kontakte', en: 'contacts' },
    columns: contactColumns,
    list: contactService(h.ctx).list,
  };
  const copy = contactsCopy(
    contactFields,
    defaultContactSort,
    (tx, workspaceId, query, capped) => listSearchIn(tx, workspaceId, 'contact', query, capped),
    { firstCompanyBytes },
  );
  return { paged, copied: { ...paged, copy } };
}

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function both(client: Client, request: ExportRequest, firstCompanyBytes?: number) {
  const service = exportService(h.ctx, h.app.log);
  const { paged, copied } = sources(firstCompanyBytes);
  const old = await service.export(actorOf(client), paged, request);
  const lean = await service.export(actorOf(client), copied, request);
  return { old: await bytesOf(old.body), lean: await bytesOf(lean.body) };
}

describe('CSV written by PostgreSQL', () => {
  test('is byte for byte the file the page-by-page writer writes', async () => {
    const requests: ExportRequest[] = [
      { format: 'csv', lang: 'de', list: {} },
      { format: 'csv', lang: 'en', delimiter: 'comma', list: { sort: '-firstName,lastName' } },
      { format: 'csv', lang: 'de', columns: 'lastName,companyId,phone', list: { q: 'müller' } },
      { format: 'csv', lang: 'de', list: { lifecycleStage: 'customer', 'tags.has': 'vip' } },
      // Nothing matches: the header alone, without the columns only records carry.
      { format: 'csv', lang: 'en', list: { lastName: 'Niemand' } },
    ];
    for (const request of requests) {
      const { old, lean } = await both(api, request);
      assert.equal(lean.toString('utf8'), old.toString('utf8'), JSON.stringify(request));
    }
    // Companies' names too large in all for the one array: each row looks its company up.
    const rowByRow = await both(api, requests[0], 0);
    assert.equal(rowByRow.lean.toString('utf8'), rowByRow.old.toString('utf8'), 'first companies looked up row by row');
    const { lean } = await both(api, requests[0]);
    const text = lean.toString('utf8');
    // What the comparison covers: escaped formulas, a quoted line end inside a cell, CRLF.
    assert.match(text, /;'\tTab;'=1\+2;/);
    assert.match(text, /"Einkauf; ""Leitung"", Nord\nzweite Zeile"/);
    assert.equal(text.split('\r\n').length, 9);
    assert.match(text, /;"0171 2345679; 0172 3456789";0172 3456789;/);
    assert.match(text, /;030 7654322;030 1234568;/);
  });

  test('a carriage return alone in a cell is quoted (the page-by-page writer left it bare)', async () => {
    // csv-stringify quotes a cell with a line feed but not one with a carriage return alone,
    // which Excel and csv-parse read as the end of the line. COPY quotes both.
    const other = await h.workspace('Wagen GmbH');
    assert.equal((await other.post('/api/v1/contacts', { lastName: 'Wagen', source: 'Messe' })).status, 201);
    await sql`update contacts set source = ${'\rWagen'} where workspace_id = ${other.workspaceId}::uuid`.execute(
      h.ctx.db.owner,
    );
    const { old, lean } = await both(other, { format: 'csv', lang: 'de', columns: 'lastName,source', list: {} });
    assert.equal(old.toString(), "\ufeffAnrede;Titel;Vorname;Nachname;Quelle\r\n;;;Wagen;'\rWagen\r\n");
    assert.equal(lean.toString(), '\ufeffAnrede;Titel;Vorname;Nachname;Quelle\r\n;;;Wagen;"\'\rWagen"\r\n');
  });

  test("another workspace's contacts are not in it: row-level security binds the COPY", async () => {
    const other = await h.workspace('Fremd AG');
    assert.equal((await other.post('/api/v1/contacts', { lastName: 'Fremdling' })).status, 201);
    const service = exportService(h.ctx, h.app.log);
    const { copied } = sources();
    const mine = (
      await bytesOf((await service.export(actorOf(api), copied, { format: 'csv', list: {} })).body)
    ).toString();
    const theirs = (
      await bytesOf((await service.export(actorOf(other), copied, { format: 'csv', list: {} })).body)
    ).toString();
    assert.ok(!mine.includes('Fremdling'));
    assert.ok(mine.includes('Ölmann'));
    assert.equal(theirs.split('\r\n').filter(Boolean).length, 2);
    assert.ok(theirs.includes('Fremdling') && !theirs.includes('Ölmann'));
  });

  test('a slow client holds the statement back; one that goes away ends it', async () => {
    const big = await h.workspace('Gross Kopie GmbH');
    // 2,000 contacts of 20 kB each: 40 MB, more than every buffer on the way holds.
    await insertBigContacts(h, big.workspaceId);
    // Client backends of this database: a parallel worker of the COPY's plan shows the same
    // query text. (The text is cut at track_activity_query_size, so no marker in it can tell
    // this export's COPY from another test file's; those are small and over in milliseconds.)
    const copies = async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where query like 'copy (%' and state = 'active' and pid <> pg_backend_pid()
          and backend_type = 'client backend' and datname = current_database()`.execute(h.ctx.db.owner);
      return rows[0].n;
    };
    const service = exportService(h.ctx, h.app.log);
    const { copied } = sources();
    const file = await service.export(actorOf(big), copied, { format: 'csv', list: {} });
    const reader = file.body[Symbol.asyncIterator]();
    const first = await reader.next();
    assert.ok(!first.done);
    // Nobody reads on: the statement waits for the socket, still running.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok((await copies()) >= 1, 'the COPY waits for the reader');
    file.body.destroy();
    for (let i = 0; i < 100 && (await copies()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await copies(), 0, 'no COPY is left running');
    // The export is in the audit log as broken off.
    for (let i = 0; i < 100; i++) {
      const audit = await big.get('/api/v1/audit-log?recordType=export&limit=5');
      const entry = audit.body.data[0];
      if (entry) {
        assert.deepEqual(entry.changes.complete, [null, false]);
        assert.ok(entry.changes.rows[1] < 2000);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.fail('the broken-off export is not in the audit log');
  });

  test('a server runs so many exports at once; one more is refused until one ends', async () => {
    const service = exportService(h.ctx, h.app.log, { maxRunning: 2 });
    const { paged, copied } = sources();
    const busy = (error: unknown) =>
      error instanceof AppError &&
      error.code === 'exports_busy' &&
      error.kind === 'unavailable' &&
      error.headers?.['retry-after'] === '60';
    // A request that fails before its file starts gives its place back at once.
    await assert.rejects(service.export(actorOf(api), copied, { format: 'csv', list: { sort: 'nonsense' } }));
    assert.equal(service.running(), 0);
    const first = await service.export(actorOf(api), copied, { format: 'csv', list: {} });
    const second = await service.export(actorOf(api), paged, { format: 'json', list: {} });
    assert.equal(service.running(), 2);
    await assert.rejects(service.export(actorOf(api), copied, { format: 'csv', list: {} }), busy);
    await assert.rejects(service.export(actorOf(api), paged, { format: 'xlsx', list: {} }), busy);
    // One read to its end, one broken off: both places are free again.
    assert.ok((await bytesOf(first.body)).toString().includes('Ölmann'));
    second.body.destroy();
    for (let i = 0; i < 100 && service.running() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(service.running(), 0);
    const third = await service.export(actorOf(api), copied, { format: 'csv', list: {} });
    assert.ok((await bytesOf(third.body)).toString().includes('Ölmann'));
  });
});
