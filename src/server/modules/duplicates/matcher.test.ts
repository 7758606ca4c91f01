// The matcher's German cases without the database (folding, Kölner Phonetik, nicknames,
// swapped names, legal forms, free-mail domains, couples), the SQL twins of the key functions,
// and its quality on FEBRL1 (1,000 records) through the real scan.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { sql } from 'kysely';
import { harness, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import {
  colognePhonetic,
  companyKey,
  foldKey,
  freeMailDomains,
  organisationDomain,
  sameNickname,
  streetParts,
} from './normalize.ts';
import { prepare, type CandidateInput } from './compare.ts';
import { priorModel, scorePair } from './model.ts';
import { damerauLevenshtein, jaroWinkler } from './similarity.ts';
import { loadFebrl, pairKey, quality, readFebrl, sharedDataDir, truePairs } from './febrl.ts';
import { scanWorkspace } from './scan.ts';

const score = (type: 'contacts' | 'companies', a: CandidateInput, b: CandidateInput) =>
  scorePair(priorModel(type), prepare('a', a), prepare('b', b));

describe('German normalisation', () => {
  test('umlauts and ß fold: Müller, Mueller and Muller are one name; Straße, Strasse and Str. one street', () => {
    assert.equal(foldKey('Müller'), foldKey('Mueller'));
    assert.equal(foldKey('Müller'), foldKey('Muller'));
    assert.equal(foldKey('Weiß'), foldKey('Weiss'));
    assert.deepEqual(streetParts('Hauptstraße 12a'), { name: 'hauptstr', number: '12a' });
    assert.deepEqual(streetParts('Hauptstr. 12a'), streetParts('Hauptstrasse 12 a'));
    assert.equal(streetParts('Am Markt 3').name, 'ammarkt');
  });

  test('Kölner Phonetik follows the published rules', () => {
    assert.equal(colognePhonetic('Müller-Lüdenscheidt'), '65752682');
    assert.equal(colognePhonetic('Wikipedia'), '3412');
    assert.equal(colognePhonetic('Breschnew'), '17863');
    assert.equal(colognePhonetic('Meyer'), colognePhonetic('Maier'));
    assert.equal(colognePhonetic('Schmidt'), colognePhonetic('Schmitt'));
    assert.equal(colognePhonetic('Christoph'), colognePhonetic('Kristof'));
    assert.notEqual(colognePhonetic('Müller'), colognePhonetic('Schmidt'));
  });

  test('nicknames: German and English short forms are the same first name', () => {
    for (const [a, b] of [
      ['hans', 'johannes'],
      ['sepp', 'josef'],
      ['kathi', 'katharina'],
      ['bernd', 'bernhard'],
      ['uli', 'ulrich'],
      ['fritz', 'friedrich'],
      ['toni', 'anton'],
      ['steffi', 'stefanie'],
      ['bill', 'william'],
    ])
      assert.ok(sameNickname(foldKey(a), foldKey(b)), `${a} ~ ${b}`);
    assert.ok(!sameNickname('hans', 'peter'));
  });

  test('legal forms and free-mail domains say nothing about who it is', () => {
    assert.equal(companyKey('Müller GmbH'), companyKey('Mueller GmbH & Co. KG'));
    assert.equal(companyKey('Bäckerei Schmidt e.K.'), companyKey('Baeckerei Schmidt'));
    assert.equal(companyKey('Nordlicht UG (haftungsbeschränkt)'), 'nordlicht');
    assert.equal(companyKey('Acme Ltd'), companyKey('ACME Inc.'));
    assert.equal(companyKey('Sportverein Grün-Weiß e.V.'), companyKey('Sportverein Gruen-Weiss'));
    assert.equal(organisationDomain('anna@gmail.com'), '');
    assert.equal(organisationDomain('max@web.de'), '');
    assert.equal(organisationDomain('max@t-online.de'), '');
    assert.equal(organisationDomain('max@holzmann.de'), 'holzmann.de');
    assert.equal(organisationDomain('https://www.holzmann.de/kontakt'), 'holzmann.de');
  });

  test('string similarity', () => {
    assert.ok(jaroWinkler('martha', 'marhta') > 0.95);
    assert.equal(damerauLevenshtein('ca', 'ac'), 1);
    assert.equal(damerauLevenshtein('kitten', 'sitting'), 3);
  });
});

describe('scoring', () => {
  const home = { street: 'Lindenweg 3', postalCode: '50667', city: 'Köln' };

  test('spelling variants, typos, nicknames and swapped names of one person match', () => {
    const juergen = { firstName: 'Jürgen', lastName: 'Müller', addresses: [home], birthday: '1970-04-12' };
    assert.ok(score('contacts', juergen, { ...juergen, firstName: 'Juergen', lastName: 'Mueller' }).score > 0.9);
    assert.ok(score('contacts', juergen, { ...juergen, lastName: 'Mülelr' }).score > 0.9);
    const hans = { firstName: 'Johannes', lastName: 'Weber', addresses: [home], emails: ['j.weber@firma.de'] };
    const nick = score('contacts', hans, { ...hans, firstName: 'Hans', emails: [] });
    assert.ok(nick.score > 0.5, JSON.stringify(nick));
    assert.ok(nick.reasons.includes('nickname'));
    const swapped = score('contacts', juergen, { ...juergen, firstName: 'Müller', lastName: 'Jürgen' });
    assert.ok(swapped.score > 0.9);
    assert.ok(swapped.reasons.includes('name_swapped'));
  });

  test('a couple sharing address and landline stays below 0.5; so do two people at one free-mail domain', () => {
    const landline = ['+49221987654'];
    const couple = score(
      'contacts',
      { firstName: 'Thomas', lastName: 'Schmidt', addresses: [home], phones: landline },
      { firstName: 'Sabine', lastName: 'Schmidt', addresses: [home], phones: landline },
    );
    assert.ok(couple.score < 0.5, JSON.stringify(couple));
    const family = score(
      'contacts',
      {
        firstName: 'Thomas',
        lastName: 'Schmidt',
        addresses: [home],
        emails: ['familie.schmidt@web.de'],
        birthday: '1960-01-01',
      },
      {
        firstName: 'Lena',
        lastName: 'Schmidt',
        addresses: [home],
        emails: ['familie.schmidt@web.de'],
        birthday: '1992-05-05',
      },
    );
    assert.ok(family.score < 0.5, JSON.stringify(family));
    const gmail = score(
      'companies',
      { name: 'Bäckerei Sonnenschein', emails: ['info.sonne@gmail.com'] },
      { name: 'Autohaus Keller', emails: ['keller.auto@gmail.com'] },
    );
    assert.ok(gmail.score < 0.5);
    assert.ok(!gmail.reasons.includes('same_domain'));
  });

  test('companies with and without legal form, by domain', () => {
    const a = { name: 'Holzmann Möbel GmbH', website: 'https://holzmann-moebel.de', addresses: [home] };
    const b = { name: 'Holzmann Moebel GmbH & Co. KG', emails: ['info@holzmann-moebel.de'], addresses: [home] };
    const result = score('companies', a, b);
    assert.ok(result.score > 0.9);
    assert.ok(result.reasons.includes('same_company_name') && result.reasons.includes('same_domain'));
    assert.ok(
      score('companies', a, { name: 'Schreinerei Berger AG', addresses: [{ postalCode: '10115' }] }).score < 0.1,
    );
  });
});

describe('on the database', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  test('the SQL folding gives what the TypeScript one gives', async () => {
    const names = [
      'Müller-Lüdenscheidt',
      'Wikipedia',
      'Breschnew',
      'Xaver',
      'Christoph',
      'Straße',
      'Czerny',
      'Phillip',
      'Łukasz',
      'Søren',
    ];
    // Not (yet) `ı`, `đ`, `æ`, `œ`, `þ`: foldKey folds them, the SQL fold of the blocking keys
    // drops them (a change there needs a migration and a rebuilt index; docs/data-quality.md, Limits).
    const { rows } = await sql<{ n: string; f: string }>`
      select n, farley_fold(n) as f from unnest(${names}::text[]) n`.execute(h.ctx.db.owner);
    assert.equal(rows.length, names.length);
    for (const row of rows) assert.equal(row.f, foldKey(row.n), row.n);
  });

  test('the free-mail list of the company keys (migration 0027) is the one of normalize.ts', async () => {
    const { rows } = await sql<{ source: string }>`
      select prosrc as source from pg_proc where proname = 'farley_free_mail'`.execute(h.ctx.db.owner);
    assert.equal(rows.length, 1);
    const inSql = new Set([...rows[0].source.matchAll(/'([^']+)'/g)].map((m) => m[1]));
    assert.deepEqual([...inSql].sort(), [...freeMailDomains].sort());
    // And the company keys use it: a free-mail address gives no domain key, a company one does.
    const { rows: keys } = await sql<{ free: string[]; own: string[] }>`
      select farley_company_match_keys('Nordlicht', null, array['info@mail.ru'], null, null, null, null) as free,
             farley_company_match_keys('Nordlicht', null, array['info@nordlicht.de'], null, null, null, null) as own`.execute(
      h.ctx.db.owner,
    );
    assert.ok(!keys[0].free.some((k) => k.startsWith('d')), keys[0].free.join());
    assert.ok(keys[0].own.includes('dnordlicht.de'), keys[0].own.join());
  });

  test('FEBRL1: the scan finds the duplicates with F1 above the measured bar', async () => {
    const admin = await h.workspace();
    const workspaceId = admin.workspaceId;
    const records = readFebrl(path.join(sharedDataDir(), 'febrl', 'dataset1.csv'));
    const ids = await inTenant(h.ctx.db.app, { workspaceId }, (tx) =>
      loadFebrl(tx, workspaceId, records, { externalId: true }),
    );
    // In scoring threads, as a large workspace's scan runs.
    await inTenant(h.ctx.db.app, { workspaceId }, (tx) =>
      scanWorkspace(tx, workspaceId, 'contacts', { threads: true }),
    );
    const pairs = await inTenant(h.ctx.db.app, { workspaceId }, (tx) =>
      tx.selectFrom('duplicate_pairs').select(['a_id', 'b_id']).where('score', '>=', 0.5).execute(),
    );
    const found = new Set(pairs.map((p) => pairKey(ids.get(p.a_id) as string, ids.get(p.b_id) as string)));
    const q = quality(truePairs(records), found);
    // Measured 0.999 (bench/dedup.ts); the margin absorbs the sampling of the training pairs.
    assert.ok(q.f1 >= 0.99, JSON.stringify(q));
  });
});
