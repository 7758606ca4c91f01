// The batch matcher (batch.ts) on the real database: an import with matching by the duplicate
// matcher creates the new people and finds the known ones, and a block too big to compare is
// left out (and remembered) while the records still meet through their other keys.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { harness, type Harness } from '../../testing/harness.ts';
import { importFromCli } from '../imports/imports.service.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { batchMemo, matchBatch } from './batch.ts';

let h: Harness;
let folder: string;

before(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'farley-duplicates-batch-'));
  h = await harness({ env: { FARLEY_DATA_DIR: path.join(folder, 'data') } });
});
after(async () => {
  await h.close();
  await rm(folder, { recursive: true, force: true });
});

const header = 'Kundennummer;Vorname;Nachname;E-Mail;Telefon;Straße;PLZ;Ort;Position;Geburtstag';
const fields = [
  'customerNumber',
  'firstName',
  'lastName',
  'email',
  'phone',
  'street',
  'postalCode',
  'city',
  'jobTitle',
  'birthday',
];

/** An import the way `farley import` runs it: the file, the mapping, the matching asked for. */
async function importCsv(workspaceId: string, name: string, lines: string[], match: 'none' | 'duplicates') {
  const file = path.join(folder, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return importFromCli(h.ctx, {
    workspaceId,
    recordType: 'contacts',
    file,
    read: {},
    // Each field from the column of the same place in the header.
    mapping: Object.fromEntries(fields.map((field, i) => [field, header.split(';')[i]])),
    match,
    update: 'fillEmpty',
    onInvalid: 'reject',
    dryRun: false,
  });
}

const knownFirst = ['Anna', 'Bernd', 'Clara', 'Dieter', 'Elke', 'Frank', 'Gisela', 'Hans', 'Ines', 'Jürgen'];
const knownLast = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Wagner', 'Becker', 'Hoffmann'];
const newFirst = ['Katrin', 'Lutz', 'Maria', 'Norbert', 'Olga', 'Peter', 'Renate', 'Stefan', 'Tanja', 'Uwe'];
const newLast = ['Zimmermann', 'Krüger', 'Hartmann', 'Lange', 'Schwarz', 'Braun', 'Vogel', 'Kaiser'];
const places: Array<[string, string, string]> = [
  ['10115', 'Berlin', '030'],
  ['20095', 'Hamburg', '040'],
  ['80331', 'München', '089'],
  ['50667', 'Köln', '0221'],
];
const streets = ['Lindenallee', 'Am Markt', 'Rosenweg', 'Eichendorffstraße', 'Mühlgasse'];

/** A person of the list: each name once, an address, birthday, email and phone of their own. */
function person(n: number, first: string, last: string, place: number, options: { number?: boolean } = {}) {
  const [postalCode, city, area] = places[place % places.length];
  const birthday = new Date(Date.UTC(1940, 0, 1) + ((n * 211) % 21_900) * 86_400_000);
  const day = `${String(birthday.getUTCDate()).padStart(2, '0')}.${String(birthday.getUTCMonth() + 1).padStart(2, '0')}.${birthday.getUTCFullYear()}`;
  const mail = `${first}.${last}.${n}`.toLowerCase().replace(/ü/g, 'ue').replace(/ö/g, 'oe');
  return {
    number: options.number === false ? '' : `K-${5000 + n * 37}`,
    first,
    last,
    email: `${mail}@beispiel${n % 7}.de`,
    phone: `${area} ${3000000 + n * 7919}`,
    street: `${streets[n % streets.length]} ${(n % 90) + 2}`,
    postalCode,
    city,
    birthday: day,
  };
}
type Person = ReturnType<typeof person>;
const line = (p: Person, position = '') =>
  [p.number, p.first, p.last, p.email, p.phone, p.street, p.postalCode, p.city, position, p.birthday].join(';');

describe('an import with matching by the duplicate matcher', () => {
  test('creates the new people and finds the known ones, namesakes elsewhere included', async () => {
    const client = await h.workspace();
    const known: Person[] = [];
    for (const [f, first] of knownFirst.entries())
      for (const [l, last] of knownLast.entries()) known.push(person(known.length, first, last, f + l));
    const first = await importCsv(client.workspaceId, 'kontakte.csv', [header, ...known.map((p) => line(p))], 'none');
    assert.deepEqual([first.created, first.failed], [known.length, 0], JSON.stringify(first));

    const fresh: Person[] = [];
    for (const [f, firstName] of newFirst.entries())
      for (const [l, last] of newLast.entries()) fresh.push(person(1000 + fresh.length, firstName, last, f + l));
    // Namesakes of known people: the same name in another city, born on another day, with
    // their own email and phone. Different people.
    const namesakes = known
      .filter((_, i) => i % 8 === 0)
      .map((p, i) => ({
        ...person(2000 + i, p.first, p.last, places.findIndex((x) => x[1] === p.city) + 1),
        number: '',
      }));
    // The file: every known person again (ten of them with a job title, which fills an empty
    // field), the new people, the namesakes, and one new person twice.
    const rows = [
      ...known.map((p, i) => line(p, i % 8 === 3 ? 'Einkauf' : '')),
      ...fresh.map((p) => line(p)),
      ...namesakes.map((p) => line(p)),
      line(fresh[5]),
    ];
    // Mixed, as a real file is: known and new rows alternate.
    const mixed = rows.map((row, i) => ({ row, at: (i * 7919) % rows.length })).sort((a, b) => a.at - b.at);
    const second = await importCsv(
      client.workspaceId,
      'kontakte-2.csv',
      [header, ...mixed.map((m) => m.row)],
      'duplicates',
    );
    assert.deepEqual(
      { created: second.created, updated: second.updated, skipped: second.skipped, failed: second.failed },
      {
        created: fresh.length + namesakes.length,
        updated: known.length / 8,
        skipped: known.length - known.length / 8 + 1,
        failed: 0,
      },
      JSON.stringify(second.errors),
    );
    const { rows: count } = await sql<{ n: number }>`select count(*)::int as n from contacts
      where workspace_id = ${client.workspaceId} and deleted_at is null`.execute(h.ctx.db.owner);
    assert.equal(count[0].n, known.length + fresh.length + namesakes.length);
  });
});

describe('matchBatch', () => {
  test('a block bigger than the cap is left out and remembered; the other keys still match', async () => {
    const client = await h.workspace();
    const made: string[] = [];
    for (const [postalCode, city] of [
      ['50667', 'Köln'],
      ['10115', 'Berlin'],
      ['20095', 'Hamburg'],
      ['80331', 'München'],
    ]) {
      const res = await client.post('/api/v1/contacts', {
        firstName: 'Hans',
        lastName: 'Meier',
        addresses: [{ street: 'Hauptstraße 5', postalCode, city }],
        birthday: `19${60 + made.length}-03-0${made.length + 1}`,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      made.push(res.body.id);
    }
    const probe = {
      firstName: 'Hans',
      lastName: 'Meyer',
      addresses: [{ street: 'Hauptstr. 5', postalCode: '50667', city: 'Köln' }],
      birthday: '1960-03-01',
    };
    const match = (blockCap: number, memo = batchMemo()) =>
      inTenant(h.ctx.db.app, { workspaceId: client.workspaceId }, (tx) =>
        matchBatch(tx, client.workspaceId, 'contacts', [probe], { blockCap, memo }),
      ).then((out) => ({ out, memo }));

    const wide = await match(10);
    assert.equal(wide.out[0].id, made[0]);
    assert.equal(wide.memo.big.size, 0);
    // Four Hans Meier share the name keys: over a cap of three those keys block nothing, the
    // address and birthday keys still find the one in Köln.
    const narrow = await match(3);
    assert.equal(narrow.out[0].id, made[0]);
    assert.ok(
      [...narrow.memo.big].some((key) => key.startsWith('n')),
      JSON.stringify([...narrow.memo.big]),
    );
    // The memo carries the big keys to the next batch, which does not look them up again.
    const again = await match(3, narrow.memo);
    assert.equal(again.out[0].id, made[0]);
  });

  test('a batch repeats: the second row of one person points to the first', async () => {
    const client = await h.workspace();
    const row = {
      firstName: 'Greta',
      lastName: 'Sommer',
      emails: ['greta.sommer@beispiel.de'],
      birthday: '1977-07-07',
    };
    const out = await inTenant(h.ctx.db.app, { workspaceId: client.workspaceId }, (tx) =>
      matchBatch(tx, client.workspaceId, 'contacts', [row, { firstName: 'Otto', lastName: 'Lang' }, row]),
    );
    assert.deepEqual(
      out.map((m) => [m.id, m.earlier]),
      [
        [null, null],
        [null, null],
        [null, 0],
      ],
    );
  });
});
