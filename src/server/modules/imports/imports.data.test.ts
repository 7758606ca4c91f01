// Real files through the import: FEBRL1 (1,000 Australian records, some with dates that do
// not exist) arrives completely with matching off, mapped as issue 20 says.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { sharedData } from './formats/testing.ts';
import { guessMapping } from './formats/index.ts';

let h: Harness;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-import-data-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dataDir } });
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function importFile(client: Client, file: Buffer, fileName: string, settings: (columns: string[]) => object) {
  const up = await client.request('POST', `/api/v1/imports?fileName=${fileName}`, file, {
    'content-type': 'application/octet-stream',
  });
  assert.equal(up.status, 201, JSON.stringify(up.body));
  const start = await client.post(`/api/v1/imports/${up.body.id}/start`, settings(up.body.columns));
  assert.equal(start.status, 202, JSON.stringify(start.body));
  for (;;) {
    const res = await client.get(`/api/v1/imports/${up.body.id}`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('FEBRL1 imports completely with matching off; invalid dates leave the birthday out, with a warning', async () => {
  const client = await h.workspace('FEBRL');
  const file = await readFile(sharedData('febrl', 'dataset1.csv'));
  const done = await importFile(client, file, 'dataset1.csv', (columns) => {
    const column = (name: string) => columns.find((c) => c.trim() === name) as string;
    return {
      recordType: 'contacts',
      mapping: {
        firstName: column('given_name'),
        lastName: column('surname'),
        externalId: column('soc_sec_id'),
        street: [column('street_number'), column('address_1')],
        city: column('suburb'),
        postalCode: column('postcode'),
        region: column('state'),
        birthday: column('date_of_birth'),
        constants: { country: 'AU' },
      },
      match: 'none',
      onInvalid: 'skipValue',
    };
  });
  assert.equal(done.status, 'done', JSON.stringify(done));
  assert.deepEqual([done.created, done.updated, done.skipped, done.failed], [1000, 0, 0, 0]);
  assert.ok(done.errorsTotal >= 3, `the dates that do not exist are reported: ${done.errorsTotal}`);
  assert.ok(done.errors.some((e: { field: string }) => e.field === 'birthday'));
  const { rows } = await inTenant(h.ctx.db.app, { workspaceId: client.workspaceId }, (tx) =>
    sql<{ n: number; born: number; external: number; streets: number }>`
      select count(*)::int as n, count(birthday)::int as born, count(external_id)::int as external,
        count(*) filter (where addresses->0->>'street' ~ '^[0-9]+ ')::int as streets
      from contacts where workspace_id = ${client.workspaceId}`.execute(tx),
  );
  assert.equal(rows[0].n, 1000);
  assert.ok(rows[0].born > 900 && rows[0].born < 1000, `birthdays: ${rows[0].born}`);
  assert.ok(rows[0].external > 990, `external ids: ${rows[0].external}`);
  assert.ok(rows[0].streets > 900, `street number and street joined: ${rows[0].streets}`);
  const waller = await client.get('/api/v1/contacts?q=waller');
  assert.ok(waller.body.data.length >= 1, 'found by the search');
});

/** Every .vcf file under `dir`, depth first, in a stable order. */
async function vcfFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await vcfFiles(full)));
    else if (entry.name.endsWith('.vcf')) out.push(full);
  }
  return out;
}

test('the vCard corpora import with names, emails, phones, addresses and organisations; the broken card is rejected', async () => {
  const client = await h.workspace('vCards');
  const files = [
    ...(await vcfFiles(sharedData('vcard', 'real-clients'))),
    ...(await vcfFiles(sharedData('vcard', 'caldavtester'))),
  ];
  // All cards in one file, as a phone exports them; each file ends with a line break.
  const texts = await Promise.all(
    files.map(async (file) => (await readFile(file, 'latin1')).replace(/\r?\n?$/, '\r\n')),
  );
  const all = Buffer.from(texts.join(''), 'latin1');
  const cards = (all.toString('latin1').match(/^BEGIN:VCARD/gim) ?? []).length;
  const done = await importFile(client, all, 'alle.vcf', (columns) => ({
    recordType: 'contacts',
    mapping: guessMapping('contacts', columns),
    onInvalid: 'skipValue',
  }));
  assert.equal(done.status, 'done', JSON.stringify(done));
  assert.ok(done.rowsDone >= cards, `rows ${done.rowsDone}, cards ${cards}`);
  // Rejected: the card with garbage in its framing (vcarderrors/4.vcf), and the group cards
  // (KIND:group, address book groups of the CardDAV tests), which are no people.
  const rejected = await client.get(`/api/v1/imports/${done.id}/rejected`);
  assert.equal(rejected.status, 200);
  const reasons = done.errors.filter((e: { field: string | null }) => e.field === null);
  assert.ok(
    reasons.some((e: { message: string }) => /framing is broken/.test(e.message)),
    JSON.stringify(reasons),
  );
  assert.ok(
    reasons.every((e: { message: string }) => /framing is broken|KIND:group/.test(e.message)),
    JSON.stringify(reasons),
  );
  assert.ok(done.failed >= 1 && done.failed < 60, `failed: ${done.failed}`);
  assert.equal(done.created + done.updated + done.skipped + done.failed, done.rowsDone);
  const { rows } = await inTenant(h.ctx.db.app, { workspaceId: client.workspaceId }, (tx) =>
    sql<{ n: number; emails: number; phones: number; addresses: number; controls: number }>`
      select count(*)::int as n,
        count(*) filter (where email_list <> '{}')::int as emails,
        count(*) filter (where phones <> '[]')::int as phones,
        count(*) filter (where addresses <> '[]')::int as addresses,
        count(*) filter (where (to_jsonb(c) - 'search_text')::text ~ '\\\\u00(0[0-8bcef]|1[0-9a-f])')::int as controls
      from contacts c where workspace_id = ${client.workspaceId}`.execute(tx),
  );
  assert.equal(rows[0].n, done.created);
  const shared = await inTenant(h.ctx.db.app, { workspaceId: client.workspaceId }, (tx) =>
    sql<{ n: number }>`select count(*)::int as n from contacts where workspace_id = ${client.workspaceId}
      and external_id = 'ED7A5AEC-AB19-4CE0-AD6A-2923A3E5C4E1:ABPerson'`.execute(tx),
  );
  assert.equal(shared.rows[0].n, 1, 'vcarderrors/1.vcf and 2.vcf share a UID: one contact');
  assert.equal(rows[0].controls, 0, 'no control character is stored');
  assert.ok(rows[0].emails > rows[0].n * 0.8, JSON.stringify(rows[0]));
  assert.ok(rows[0].phones > rows[0].n * 0.5, JSON.stringify(rows[0]));
  const doe = (await client.get('/api/v1/contacts?q=doe&limit=50')).body.data as Array<Record<string, any>>;
  assert.ok(doe.length >= 8, `the John Doe cards of the real clients: ${doe.length}`);
  const johns = doe.filter((c) => c.firstName === 'John' && c.lastName === 'Doe');
  for (const john of johns) assert.ok(john.emails.length > 0, JSON.stringify(john));
  const withPhones = johns.filter((john) => john.phones.length > 0).length;
  assert.ok(withPhones >= johns.length - 1, `John Does with phones: ${withPhones} of ${johns.length}`);
  assert.ok(
    doe.some((c) => c.companies.length > 0 && c.addresses.length > 0),
    'organisation and address arrive',
  );
});

test('two cards with one UID in a file become one contact, the second reported as merged into the first', async () => {
  const client = await h.workspace();
  const card = (email: string, tel: string) =>
    `BEGIN:VCARD\r\nVERSION:3.0\r\nN:Thompson;Lisa;;;\r\nFN:Lisa Thompson\r\nEMAIL:${email}\r\nTEL;TYPE=CELL:${tel}\r\nUID:same-uid-1\r\nEND:VCARD\r\n`;
  const file = Buffer.from(card('lisa@example.com', '+49 171 1234567') + card('lisa.t@example.com', '+49 171 7654321'));
  const done = await importFile(client, file, 'lisa.vcf', (columns) => ({
    recordType: 'contacts',
    mapping: guessMapping('contacts', columns),
  }));
  assert.deepEqual([done.created, done.failed, done.rowsDone], [1, 0, 2], JSON.stringify(done));
  assert.deepEqual(
    done.errors.map((e: { line: number; field: string; message: string }) => [e.line, e.field, e.message]),
    [[9, 'UID', 'the same UID as line 1: merged into that contact']],
  );
  const [lisa] = (await client.get('/api/v1/contacts')).body.data;
  assert.deepEqual(
    lisa.emails.map((e: { email: string }) => e.email),
    ['lisa@example.com', 'lisa.t@example.com'],
  );
  assert.equal(lisa.phones.length, 2);
});
