// What is exported imports again without loss: contacts with their companies go out as CSV
// (German and English) and come back through the import API into a fresh workspace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let source: Client;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-roundtrip-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dataDir } });
  source = await h.workspace('Quelle GmbH');
  const company = async (body: Record<string, unknown>) => {
    const res = await source.post('/api/v1/companies', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const acme = await company({
    name: 'Acme Maschinenbau GmbH',
    customerNumber: 'K-1001',
    industry: 'Maschinenbau',
    employeeCount: 120,
    annualRevenue: { amount: '2500000.50', currency: 'EUR' },
    website: 'https://acme.example',
    emails: [{ email: 'info@acme.example' }],
    phones: [{ number: '+49 89 123456' }],
    addresses: [{ street: 'Industriestraße 7', postalCode: '80331', city: 'München', country: 'DE' }],
    tags: ['kunde', 'süd'],
  });
  const people = [
    {
      customerNumber: 'P-1',
      salutation: 'Frau',
      title: 'Dr.',
      firstName: 'Anna',
      lastName: 'Müller',
      emails: [{ email: 'anna@acme.example', primary: true }, { email: 'anna@privat.example' }],
      phones: [
        { number: '+49 89 1234567', label: 'Büro' },
        { number: '+49 171 2345678', label: 'Mobil' },
      ],
      addresses: [{ street: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', country: 'DE' }],
      birthday: '1980-02-29',
      jobTitle: 'Einkauf; Leitung',
      lifecycleStage: 'customer',
      source: 'Messe',
      tags: ['vip', 'newsletter'],
      company: acme,
    },
    { firstName: 'Bernd', lastName: "O'Neill", lifecycleStage: 'lead', source: '=1+2' },
    // No name: a newsletter reader, known by the address only.
    { emails: [{ email: 'leser@newsletter.example' }], tags: ['newsletter'] },
  ];
  for (const { company: companyId, ...person } of people) {
    const res = await source.post('/api/v1/contacts', person);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    if (companyId) {
      const linked = await source.post(`/api/v1/contacts/${res.body.id}/affiliations`, { companyId, isPrimary: true });
      assert.equal(linked.status, 201, JSON.stringify(linked.body));
    }
  }
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function exported(client: Client, list: string, query: string) {
  const res = await h.raw({
    method: 'GET',
    url: `/api/v1/${list}/export?${query}`,
    headers: { authorization: `Bearer ${client.token}` },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.rawPayload;
}

/** Uploads the file, starts the import with the guessed mapping and waits for it. */
async function imported(client: Client, recordType: string, text: Buffer, fileName: string) {
  const up = await client.request('POST', `/api/v1/imports?fileName=${fileName}&recordType=${recordType}`, text, {
    'content-type': 'text/csv',
  });
  assert.equal(up.status, 201, JSON.stringify(up.body));
  const started = await client.post(`/api/v1/imports/${up.body.id}/start`, {
    recordType,
    mapping: up.body.guessedMapping,
    match: 'none',
    update: 'fillEmpty',
    onInvalid: 'reject',
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (let i = 0; i < 600; i++) {
    const res = await client.get(`/api/v1/imports/${up.body.id}`);
    if (res.body.status !== 'running' && res.body.status !== 'uploaded')
      return { ...res.body, mapping: up.body.guessedMapping };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the import did not finish');
}

type Entry = Record<string, unknown> & { primary?: boolean };

/**
 * Emails, phones and addresses in the order the export writes them (primary first), without
 * the mark: the first entry is the primary one either way, marked or not.
 */
const ordered = (entries: unknown) =>
  [...(entries as Entry[])]
    .sort((a, b) => Number(Boolean(b.primary)) - Number(Boolean(a.primary)))
    .map(({ primary, label, ...entry }) => ({ ...entry, ...(kindOf(label) ? { kind: kindOf(label) } : {}) }));

/**
 * A CSV file has a column per kind of phone (Telefon, Mobil, Fax), not a place for free-text
 * labels: what comes back is the kind, not the label's wording (JSON and vCard keep more).
 */
function kindOf(label: unknown): string | null {
  if (typeof label !== 'string') return null;
  if (/mobil|handy|cell/i.test(label)) return 'mobile';
  if (/fax/i.test(label)) return 'fax';
  return null;
}

/**
 * What must survive the trip: everything the user entered, not ids, times, the owner or the
 * data-quality score (worked out by each workspace, and the owner is not carried over).
 */
function comparable(record: Record<string, unknown>) {
  const {
    id,
    version,
    createdAt,
    updatedAt,
    deletedAt,
    lastActivityAt,
    ownerId,
    companies,
    quality,
    qualityReasons,
    ...rest
  } = record;
  const named = (companies as Array<{ name: string }> | undefined)?.map((c) => c.name);
  return {
    ...rest,
    emails: ordered(rest.emails),
    phones: ordered(rest.phones),
    addresses: ordered(rest.addresses),
    ...(named ? { companies: named } : {}),
  };
}

async function all(client: Client, list: string) {
  const res = await client.get(`/api/v1/${list}?limit=100&sort=${list === 'contacts' ? 'lastName' : 'name'}`);
  return (res.body.data as Array<Record<string, unknown>>).map(comparable);
}

describe('export and import again', () => {
  for (const [language, format, extra] of [
    ['de', 'csv', '&delimiter=semicolon'],
    ['en', 'csv', '&delimiter=comma'],
    ['de', 'xlsx', ''],
  ] as const) {
    test(`contacts with their companies, as ${format} in ${language === 'de' ? 'German' : 'English'}`, async () => {
      const target = await h.workspace(`Ziel ${language} ${format}`);
      const query = `format=${format}&lang=${language}${extra}`;
      const companies = await exported(source, 'companies', query);
      const firms = await imported(target, 'companies', companies, `firmen-${language}.${format}`);
      assert.deepEqual([firms.status, firms.failed, firms.errors], ['done', 0, []], JSON.stringify(firms));
      const contacts = await exported(source, 'contacts', query);
      const people = await imported(target, 'contacts', contacts, `kontakte-${language}.${format}`);
      assert.deepEqual([people.status, people.failed, people.errors], ['done', 0, []], JSON.stringify(people));
      assert.deepEqual(await all(target, 'companies'), await all(source, 'companies'));
      assert.deepEqual(await all(target, 'contacts'), await all(source, 'contacts'));
    });
  }
});
