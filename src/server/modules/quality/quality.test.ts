import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { scoreRecord } from './quality.score.ts';
import { refreshQuality, refreshWorkspaceQuality } from './quality.service.ts';
import { countryCode } from '../../platform/countries.ts';
import { germanPostalProblem } from '../../platform/postalcodes.ts';

let h: Harness;
let api: Client;

before(async () => {
  h = await harness();
  api = await h.workspace();
});
after(() => h.close());

const complete = {
  firstName: 'Anna',
  lastName: 'Vollständig',
  emails: [{ email: 'anna@vollstaendig.de' }],
  addresses: [{ street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin' }],
  lifecycleStage: 'customer',
};

describe('normalisation on write', () => {
  test('names and text fields are trimmed with whitespace runs collapsed; emails trimmed, kept as typed', async () => {
    const res = await api.post('/api/v1/contacts', {
      firstName: '  Anna \t Maria ',
      lastName: 'Schmidt\u00a0 Weber',
      jobTitle: 'Leiterin   Einkauf',
      emails: [{ email: '  Anna.Schmidt@Example.DE ' }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.firstName, 'Anna Maria');
    assert.equal(res.body.lastName, 'Schmidt Weber');
    assert.equal(res.body.jobTitle, 'Leiterin Einkauf');
    assert.equal(res.body.emails[0].email, 'Anna.Schmidt@Example.DE');
    // Matched in lower case: the list filter finds it however it is written.
    const found = await api.get('/api/v1/contacts?email.has=anna.schmidt@example.de');
    assert.deepEqual(
      found.body.data.map((c: { id: string }) => c.id),
      [res.body.id],
    );
    const company = await api.post('/api/v1/companies', {
      name: '  Weber   &  Söhne GmbH ',
      description: 'Erste  Zeile \n\n\n\nZweite   Zeile  ',
    });
    assert.equal(company.body.name, 'Weber & Söhne GmbH');
    assert.equal(company.body.description, 'Erste Zeile\n\nZweite Zeile');
  });

  test('countries are stored as ISO codes from codes and German or English names; an unknown one is a 422', async () => {
    for (const [given, code] of [
      ['Deutschland', 'DE'],
      ['Germany', 'DE'],
      ['de', 'DE'],
      ['Österreich', 'AT'],
      ['Schweiz', 'CH'],
      ['Switzerland', 'CH'],
      ['Niederlande', 'NL'],
      ['USA', 'US'],
      ['Serbien', 'RS'],
    ] as const)
      assert.equal(countryCode(given), code, given);
    const res = await api.post('/api/v1/companies', {
      name: 'Wiener Kaffeehaus',
      addresses: [{ postalCode: '1010', city: 'Wien', country: 'Österreich' }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.addresses[0].country, 'AT');
    const unknown = await api.post('/api/v1/companies', {
      name: 'Nirgendwo',
      addresses: [{ city: 'Atlantis', country: 'Atlantis' }],
    });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.errors[0].path, 'addresses.0.country');
    assert.match(unknown.body.errors[0].message, /Atlantis.*ISO 3166/);
  });

  test('suspect values are stored with warnings; clearly invalid ones are refused', async () => {
    const res = await api.post('/api/v1/contacts', {
      lastName: 'Verdacht',
      emails: [{ email: 'verdacht@gmial.com' }],
      // Possible as a German number, but no such number is assigned.
      phones: [{ number: '+49 1234' }],
      addresses: [{ postalCode: '80331', city: 'Hamburg' }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const codes = res.body.warnings.map((w: { path: string; code: string }) => `${w.path}:${w.code}`).sort();
    assert.deepEqual(codes, [
      'addresses.0.postalCode:postal_code_city_mismatch',
      'emails.0.email:email_domain_typo',
      'phones.0.number:phone_unlikely',
    ]);
    assert.ok(res.body.qualityReasons.includes('postal_code_implausible'));
    assert.ok(res.body.qualityReasons.includes('invalid_phone'));
    // A read has no warnings: they belong to the write.
    assert.equal((await api.get(`/api/v1/contacts/${res.body.id}`)).body.warnings, undefined);
    const clean = await api.post('/api/v1/contacts', { ...complete, lastName: 'Sauber' });
    assert.equal(clean.body.warnings, undefined);
    const bad = await api.post('/api/v1/contacts', {
      lastName: 'X',
      addresses: [{ postalCode: '8033', city: 'München' }],
    });
    assert.equal(bad.status, 422);
    assert.equal(germanPostalProblem('00123', null), 'postal_code_unknown');
    assert.equal(germanPostalProblem('15230', 'Frankfurt (Oder)'), null);
    assert.equal(germanPostalProblem('15230', 'Frankfurt am Main'), 'postal_code_city_mismatch');
  });
});

describe('data-quality score', () => {
  test('the score counts what matters for the type, and every reason costs its points', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const base = {
      emails: [{ email: 'a@b.de', label: null, primary: true }],
      phones: [{ number: '030 1234567', e164: '+49301234567', label: null, primary: false }],
      addresses: [
        { street: null, postalCode: '10115', city: 'Berlin', region: null, country: 'DE', label: null, primary: true },
      ],
      owner_id: 'someone',
      last_activity_at: null,
      updated_at: now,
    };
    const facts = { hasCompany: true, possibleDuplicate: false, now };
    assert.deepEqual(scoreRecord('contacts', { ...base, first_name: 'A', lifecycle_stage: 'lead' }, facts), {
      quality: 100,
      reasons: [],
    });
    const poor = scoreRecord(
      'contacts',
      {
        ...base,
        emails: [],
        phones: [],
        addresses: [],
        owner_id: null,
        first_name: null,
        lifecycle_stage: 'other',
        updated_at: new Date('2025-01-01T00:00:00Z'),
      },
      { hasCompany: false, possibleDuplicate: true, now },
    );
    assert.deepEqual(poor.reasons, [
      'missing_name',
      'missing_email_or_phone',
      'missing_company',
      'missing_address',
      'missing_owner',
      'missing_lifecycle_stage',
      'stale',
      'possible_duplicate',
    ]);
    assert.equal(poor.quality, 0);
    const company = scoreRecord('companies', { ...base, website: null, industry: null, emails: [] }, facts);
    assert.deepEqual(company.reasons, ['missing_website', 'missing_industry']);
    assert.equal(company.quality, 80);
  });

  test('every write keeps the score on the record; a company link raises it; lists filter by it', async () => {
    const sparse = await api.post('/api/v1/contacts', { lastName: 'Spärlich' });
    assert.equal(sparse.body.quality, 35);
    assert.deepEqual(sparse.body.qualityReasons, [
      'missing_name',
      'missing_email_or_phone',
      'missing_company',
      'missing_address',
      'missing_owner',
    ]);
    const full = await api.post('/api/v1/contacts', { ...complete, ownerId: api.userId });
    assert.deepEqual(full.body.qualityReasons, ['missing_company']);
    const { body: company } = await api.post('/api/v1/companies', { name: 'Vollständig AG' });
    await api.post(`/api/v1/contacts/${full.body.id}/affiliations`, { companyId: company.id });
    const linked = await api.get(`/api/v1/contacts/${full.body.id}`);
    assert.equal(linked.body.quality, 100);
    assert.equal(linked.body.version, full.body.version, 'a score is no edit: the version stays');

    const patched = await api.patch(`/api/v1/contacts/${sparse.body.id}`, { firstName: 'Sina' });
    assert.equal(patched.body.quality, 45);
    const below = await api.get('/api/v1/contacts?quality.lt=60&sort=lastName');
    const ids = below.body.data.map((c: { id: string }) => c.id);
    assert.ok(ids.includes(sparse.body.id));
    assert.ok(!ids.includes(full.body.id));
    const missing = await api.get('/api/v1/contacts?qualityReasons.has=missing_address&lastName=Sp%C3%A4rlich');
    assert.equal(missing.body.data.length, 1);
    // The audit trail records what people changed, not the score.
    const audit = await api.get(`/api/v1/audit?recordType=contact&recordId=${sparse.body.id}`);
    if (audit.status === 200)
      for (const entry of audit.body.data) assert.equal(entry.changes?.quality, undefined, JSON.stringify(entry));
  });

  test('the daily run marks records untouched for a year as stale, keeps a snapshot, and the overview sums up', async () => {
    const ws = await h.workspace('Qualität GmbH');
    const { body: old } = await ws.post('/api/v1/contacts', { ...complete, lastName: 'Alt', ownerId: ws.userId });
    await ws.post('/api/v1/contacts', { lastName: 'Neu' });
    await ws.post('/api/v1/companies', { name: 'Leer GmbH' });
    await h.ctx.db.owner.transaction().execute(async (tx) => {
      await sql`select set_config('farley.maintenance', 'on', true), set_config('farley.audit', 'off', true)`.execute(
        tx,
      );
      await sql`update contacts set updated_at = now() - interval '400 days' where id = ${old.id}`.execute(tx);
    });
    const yesterday = new Date(Date.now() - 86_400_000);
    await refreshWorkspaceQuality(h.ctx, ws.workspaceId, ['contacts'], yesterday);
    assert.equal(await refreshWorkspaceQuality(h.ctx, ws.workspaceId), 3);
    const stale = await ws.get(`/api/v1/contacts/${old.id}`);
    assert.ok(stale.body.qualityReasons.includes('stale'), JSON.stringify(stale.body.qualityReasons));

    const overview = await ws.get('/api/v1/data-quality');
    assert.equal(overview.status, 200, JSON.stringify(overview.body));
    const { contacts, companies } = overview.body;
    assert.equal(contacts.records, 2);
    assert.equal(contacts.scored, 2);
    assert.equal(
      contacts.buckets.reduce((sum: number, b: { count: number }) => sum + b.count, 0),
      2,
    );
    assert.deepEqual(
      contacts.buckets.map((b: { from: number }) => b.from),
      [0, 20, 40, 60, 80],
    );
    assert.ok(contacts.problems.some((p: { reason: string; count: number }) => p.reason === 'stale' && p.count === 1));
    assert.equal(contacts.trend.length, 2, 'yesterday from its snapshot, today live');
    assert.equal(companies.records, 1);
    assert.ok('openDuplicatePairs' in overview.body);
    // Another workspace's overview knows nothing of these.
    assert.equal((await api.get('/api/v1/data-quality')).body.contacts.records > 2, true);
    const viewer = await h.member(ws, 'viewer');
    assert.equal((await viewer.get('/api/v1/data-quality')).status, 200);
  });

  test('an open pair of likely duplicates lowers both records, a dismissed one does not', async () => {
    const ws = await h.workspace('Doppelt GmbH');
    const { body: a } = await ws.post('/api/v1/contacts', { ...complete, lastName: 'Doppel', ownerId: ws.userId });
    const { body: b } = await ws.post('/api/v1/contacts', { ...complete, lastName: 'Doppel', ownerId: ws.userId });
    // Written straight into the matcher's table, in a transaction rolled back at the end.
    await h.ctx.db.owner
      .transaction()
      .execute(async (tx) => {
        await sql`select set_config('farley.maintenance', 'on', true), set_config('farley.workspace_id', ${ws.workspaceId}, true)`.execute(
          tx,
        );
        await sql`insert into duplicate_pairs (workspace_id, type, a_id, b_id, score, reasons, status)
          values (${ws.workspaceId}, 'contacts', ${a.id}, ${b.id}, 0.95, '{same_email}', 'open')`.execute(tx);
        const scores = await refreshQuality(tx, 'contacts', [a.id, b.id]);
        assert.ok(scores.get(a.id)?.reasons.includes('possible_duplicate'));
        assert.ok(scores.get(b.id)?.reasons.includes('possible_duplicate'));
        await sql`update duplicate_pairs set status = 'dismissed' where a_id = ${a.id}`.execute(tx);
        const after = await refreshQuality(tx, 'contacts', [a.id]);
        assert.deepEqual(after.get(a.id)?.reasons, ['missing_company']);
        throw new Error('rollback');
      })
      .catch((error: Error) => assert.equal(error.message, 'rollback'));
  });
});
