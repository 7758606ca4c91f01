// The matcher on small hand-written German pairs, without the database: term frequencies,
// households, nicknames, swapped names, umlaut and ß spellings, name-only email addresses,
// company legal forms. Each pair is what a German CRM really holds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareAll, comparisonsOf, prepare, type CandidateInput } from './compare.ts';
import { type Model, priorModel, scorePair } from './model.ts';
import { blockCap } from './scan.ts';

const contacts = priorModel('contacts');
const score = (a: CandidateInput, b: CandidateInput, model: Model = contacts) =>
  scorePair(model, prepare('a', a), prepare('b', b));

const home = { street: 'Lindenstraße 7', postalCode: '50667', city: 'Köln' };

describe('German pairs', () => {
  test('term frequencies: a shared rare surname counts more than a shared Müller', () => {
    const model: Model = {
      ...contacts,
      tf: {
        lastName: { top: { muller: 0.012, schmidt: 0.009 }, rest: 0.00002 },
        firstName: { top: { thomas: 0.02 }, rest: 0.0005 },
      },
    };
    // Same name and city, nothing else in common: only the name's rarity tells them apart.
    const pair = (last: string) =>
      score(
        { firstName: 'Thomas', lastName: last, addresses: [{ city: 'Köln', postalCode: '50667' }] },
        { firstName: 'Thomas', lastName: last, addresses: [{ city: 'Köln', postalCode: '50668' }] },
        model,
      ).score;
    const odds = (p: number) => p / (1 - p);
    const common = pair('Müller');
    const rare = pair('Przybylski');
    assert.ok(odds(rare) > odds(common) * 100, `Przybylski ${rare} against Müller ${common}`);
    // Without the frequencies (a model from before, or the priors) both weigh alike.
    assert.equal(
      score({ firstName: 'Thomas', lastName: 'Müller' }, { firstName: 'Thomas', lastName: 'Müller' }).score,
      score({ firstName: 'Thomas', lastName: 'Przybylski' }, { firstName: 'Thomas', lastName: 'Przybylski' }).score,
    );
  });

  test('couples sharing address and landline are no pair, even when the first names sound alike', () => {
    for (const [a, b] of [
      ['Thomas', 'Sabine'],
      ['Martin', 'Katrin'],
      ['Anna', 'Andrea'],
      ['Sandra', 'Andreas'],
      ['John', 'Anna'],
      ['Andreas', 'Andrea'],
      ['Michael', 'Michaela'],
      ['Christian', 'Christiane'],
    ]) {
      const result = score(
        { firstName: a, lastName: 'Kirchmüller', phones: ['+492214711'], addresses: [home] },
        { firstName: b, lastName: 'Kirchmüller', phones: ['+492214711'], addresses: [home] },
      );
      assert.ok(result.score < 0.5, `${a} and ${b} Kirchmüller: ${result.score}`);
    }
    // The same birthday is personal evidence: then the household rule yields.
    const twin = score(
      {
        firstName: 'Martin',
        lastName: 'Kirchmüller',
        phones: ['+492214711'],
        addresses: [home],
        birthday: '1970-03-01',
      },
      {
        firstName: 'Martn',
        lastName: 'Kirchmüller',
        phones: ['+492214711'],
        addresses: [home],
        birthday: '1970-03-01',
      },
    );
    assert.ok(twin.score >= 0.5, `a typo in the first name with the same birthday: ${twin.score}`);
  });

  test('a household with consecutive ids stays two people; ids with two digits swapped are one', () => {
    const person = (firstName: string, externalId: string): CandidateInput => ({
      firstName,
      lastName: 'Kirchmüller',
      phones: ['+492214711'],
      addresses: [home],
      externalId,
    });
    // Numbers an ERP hands out one after the other: one character apart, two people.
    for (const [a, b] of [
      ['100417', '100418'],
      ['100419', '100420'],
    ]) {
      const couple = score(person('Thomas', a), person('Sabine', b));
      assert.ok(couple.score < 0.5, `ids ${a} and ${b}: ${couple.score}`);
    }
    // Two neighbouring digits swapped is how an id is mistyped: personal evidence, like the
    // same id, so the household rule yields (FEBRL's duplicates carry such ids).
    const mistyped = score(person('Thomas', '7208037'), person('Sabine', '7200837'));
    assert.ok(mistyped.score >= 0.5, `ids 7208037 and 7200837: ${mistyped.score}`);
  });

  test('nicknames: Hans/Johannes, Sepp/Josef, Uli/Ulrich, Kathi/Katharina are one person', () => {
    for (const [a, b] of [
      ['Hans', 'Johannes'],
      ['Sepp', 'Josef'],
      ['Uli', 'Ulrich'],
      ['Kathi', 'Katharina'],
    ]) {
      const result = score(
        { firstName: a, lastName: 'Huber', emails: ['huber@beispiel-bau.de'], addresses: [home] },
        { firstName: b, lastName: 'Huber', emails: ['huber@beispiel-bau.de'], addresses: [home] },
      );
      assert.ok(result.score >= 0.5, `${a} ~ ${b}: ${result.score}`);
      assert.ok(result.reasons.includes('nickname'), `${a} ~ ${b}: ${result.reasons}`);
    }
  });

  test('swapped first and last name, and umlauts or ß spelled out, are one person', () => {
    const swapped = score(
      { firstName: 'Jürgen', lastName: 'Weißmann', phones: ['+491701234567'] },
      { firstName: 'Weißmann', lastName: 'Jürgen', phones: ['+491701234567'] },
    );
    assert.ok(swapped.score >= 0.5 && swapped.reasons.includes('name_swapped'), JSON.stringify(swapped));
    const spelled = score(
      {
        firstName: 'Jürgen',
        lastName: 'Weißmann',
        addresses: [{ street: 'Schloßstraße 3', postalCode: '80331', city: 'München' }],
      },
      {
        firstName: 'Juergen',
        lastName: 'Weissmann',
        addresses: [{ street: 'Schlossstr. 3', postalCode: '80331', city: 'Muenchen' }],
      },
    );
    assert.ok(spelled.score >= 0.5, JSON.stringify(spelled));
    assert.ok(
      spelled.reasons.includes('same_name') && spelled.reasons.includes('same_address'),
      spelled.reasons.join(),
    );
  });

  test('an address that is only the name (thomas.mueller@…) at two providers does not make two people one', () => {
    const result = score(
      {
        firstName: 'Thomas',
        lastName: 'Müller',
        emails: ['thomas.mueller@gmx.de'],
        addresses: [{ postalCode: '50667', city: 'Köln' }],
      },
      {
        firstName: 'Thomas',
        lastName: 'Müller',
        emails: ['thomas.mueller@web.de'],
        addresses: [{ postalCode: '80331', city: 'München' }],
      },
    );
    assert.ok(result.score < 0.5, JSON.stringify(result));
    // A local part that is not the name still counts: `kasimir77` at two providers.
    const chosen = score(
      { firstName: 'Thomas', lastName: 'Müller', emails: ['kasimir77@gmx.de'] },
      { firstName: 'Thomas', lastName: 'Müller', emails: ['kasimir77@web.de'] },
    );
    assert.ok(chosen.score > result.score, `${chosen.score} against ${result.score}`);
  });

  test('a local part of all the name words is only the name too: double first names, letters the fold drops', () => {
    const email = comparisonsOf('contacts').findIndex((c) => c.key === 'email');
    const level = (first: string, last: string, a: string, b: string) =>
      compareAll(
        'contacts',
        prepare('a', { firstName: first, lastName: last, emails: [a] }),
        prepare('b', { firstName: first, lastName: last, emails: [b] }),
      )[email];
    // Work addresses by the company's rule at two companies: no evidence either way.
    assert.equal(
      level('Marie-Luise', 'Kraus', 'marie.luise.kraus@hausverwaltung.de', 'marie.luise.kraus@einrichtungen.com'),
      -1,
    );
    assert.equal(level('Zuzana', 'Yılmaz', 'zuzana.yilmaz@dachdeckerei.de', 'zuzana.yilmaz@beratung.de'), -1);
    assert.equal(level('Karl-Heinz', 'Hoffmann', 'k.h.hoffmann@bildungswerk.com', 'k.h.hoffmann@partners.com'), -1);
    // A word that is not the name keeps the local part the person's own.
    assert.equal(
      level('Marie-Luise', 'Kraus', 'marie.luise.kraus.segeln@gmx.de', 'marie.luise.kraus.segeln@web.de'),
      1,
    );
  });

  test('companies: legal forms do not tell two records of one company apart', () => {
    const companies = priorModel('companies');
    for (const [a, b] of [
      ['Müller Bau GmbH', 'Mueller Bau GmbH & Co. KG'],
      ['Nordlicht UG (haftungsbeschränkt)', 'Nordlicht'],
      ['Bäckerei Schmidt e.K.', 'Baeckerei Schmidt'],
    ]) {
      const result = scorePair(
        companies,
        prepare('a', { name: a, addresses: [home] }),
        prepare('b', { name: b, addresses: [home] }),
      );
      assert.ok(
        result.score >= 0.5 && result.reasons.includes('same_company_name'),
        `${a} ~ ${b}: ${JSON.stringify(result)}`,
      );
    }
  });

  test('the block cap falls as the workspace grows, so a scan stays linear', () => {
    assert.equal(blockCap(5_000), 100);
    assert.equal(blockCap(50_000), 100);
    assert.ok(blockCap(200_000) < 100);
    assert.equal(blockCap(1_000_000), 40);
  });
});
