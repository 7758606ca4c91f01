// The address book (and the calendar) with a real client: Debian's vdirsyncer syncing between
// a local folder and Farley. What a phone would see: the right cards, only changed cards fetched
// again, and local edits of the read-only address book refused without losing anything.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { appPassword, listening, run, vdirsyncer, type DavLogin, type Vdirsyncer } from '../../testing/dav.ts';

let h: Harness;
let base: string;
let anna: Client;
let login: DavLogin;
let client: Vdirsyncer;
let weberId: string;
let schulzId: string;

async function cards(): Promise<Map<string, string>> {
  const dir = client.local('contacts');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.vcf'));
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')] as const)));
}

async function sync() {
  const result = await client.sync();
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  return result;
}

before(async () => {
  h = await harness();
  base = await listening(h);
  anna = await h.workspace('Berger Beratung');
  login = await appPassword(anna, 'vdirsyncer');
  const company = await anna.post('/api/v1/companies', { name: 'Weber Bau GmbH' });
  const weber = await anna.post('/api/v1/contacts', {
    firstName: 'Jonas',
    lastName: 'Weber',
    ownerId: anna.userId,
    jobTitle: 'Einkaufsleiter',
    emails: [{ email: 'jonas.weber@weber-bau.example', primary: true }],
    phones: [
      { number: '+49 30 1234567', label: 'Büro' },
      { number: '+49 171 2345678', label: 'Mobil' },
    ],
    addresses: [{ street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' }],
  });
  weberId = weber.body.id;
  await anna.post(`/api/v1/contacts/${weberId}/affiliations`, { companyId: company.body.id });
  schulzId = (
    await anna.post('/api/v1/contacts', {
      firstName: 'Petra',
      lastName: 'Schulz',
      ownerId: anna.userId,
      emails: [{ email: 'petra@schulz.example' }],
    })
  ).body.id;
  // Someone else's contact: not in Anna's address book.
  const colleague = await h.member(anna, 'agent');
  await anna.post('/api/v1/contacts', { lastName: 'Fremd', ownerId: colleague.userId });
  client = await vdirsyncer(
    [{ name: 'contacts', type: 'carddav', url: `${base}/dav/addressbooks/${anna.userId}/contacts/`, fileext: '.vcf' }],
    login,
  );
  const discovered = await client.discover();
  assert.equal(discovered.code, 0, `${discovered.stdout}\n${discovered.stderr}`);
});
after(() => h.close());

describe('vdirsyncer and the address book', () => {
  test('the first sync brings the contacts the user owns with phones, emails, company and title', async () => {
    await sync();
    const all = await cards();
    assert.equal(all.size, 2, [...all.keys()].join());
    const weber = [...all.values()].find((c) => c.includes('Weber'))!;
    assert.match(weber, /FN:Jonas Weber/);
    assert.match(weber, /TEL;TYPE=work,voice:\+49301234567/);
    assert.match(weber, /TEL;TYPE=cell:\+491712345678/);
    assert.match(weber, /EMAIL;TYPE=internet,pref:jonas\.weber@weber-bau\.example/);
    assert.match(weber, /ORG:Weber Bau GmbH/);
    assert.match(weber, /TITLE:Einkaufsleiter/);
    assert.match(weber, /ADR:;;Hauptstraße 1;Berlin;;10115;DE/);
    assert.ok(![...all.values()].some((c) => c.includes('Fremd')));
    // khard, an address book program, reads the synced cards as a phone book would.
    const config = path.join(client.dir, 'khard.conf');
    await writeFile(
      config,
      `[addressbooks]\n[[farley]]\npath = ${client.local('contacts')}\n[general]\ndefault_action = list\n`,
    );
    const phones = await run('khard', ['-c', config, 'phone', '--parsable', 'Weber']);
    assert.equal(phones.code, 0, phones.stderr);
    assert.match(phones.stdout, /\+491712345678\tJonas Weber/);
    assert.match(phones.stdout, /\+49301234567\tJonas Weber/);
  });

  test('a change in Farley arrives with the next sync, and only the changed card is fetched', async () => {
    const current = await anna.get(`/api/v1/contacts/${schulzId}`);
    const changed = await anna.patch(
      `/api/v1/contacts/${schulzId}`,
      { phones: [{ number: '+49 40 555000' }] },
      { 'if-match': String(current.headers.etag) },
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const result = await sync();
    // vdirsyncer compares the etags of a listing and fetches what differs (sync-collection,
    // which phones use, is tested in dav.test.ts): one card in the multiget, the changed one.
    const log = `${result.stdout}\n${result.stderr}`;
    const fetched = [...log.matchAll(/<href>[^<]*\/([^/<]+\.vcf)<\/href>/g)].map((m) => m[1]);
    assert.deepEqual(fetched, [`${schulzId}.vcf`], log);
    const schulz = [...(await cards()).values()].find((c) => c.includes('Schulz'))!;
    assert.match(schulz, /TEL;TYPE=voice:\+4940555000/);
  });

  test('a card edited locally is refused by the server and Farley keeps its contact', async () => {
    // Local files are named by vdirsyncer, after the card's UID.
    const name = [...(await cards()).entries()].find(([, text]) => text.includes('Weber'))![0];
    const file = path.join(client.local('contacts'), name);
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('FN:Jonas Weber', 'FN:Jonas Überschrieben'));
    const result = await client.sync();
    assert.notEqual(result.code, 0, 'the upload was refused');
    assert.match(`${result.stdout}\n${result.stderr}`, /403/);
    const contact = await anna.get(`/api/v1/contacts/${weberId}`);
    assert.equal(contact.body.firstName, 'Jonas');
    assert.equal(contact.body.lastName, 'Weber');
  });
});
