// The matcher on small hand-written German pairs, without the database: term frequencies,
// households, nicknames, swapped names, umlaut and ß spellings, name-only email addresses,
// company legal forms. Each pair is what a German CRM really holds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareAll, comparisonsOf, prepare, type CandidateInput } from './compare.ts';
import { checkedModel, type Model, priorModel, scorePair } from './model.ts';
import { foldKey } from './normalize.ts';
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

  test('namesakes on one street, with other house number, birthday, email and phone, are two people', () => {
    const neighbour = (street: string, birthday: string, email: string, phone: string): CandidateInput => ({
      firstName: 'Thomas',
      lastName: 'Müller',
      addresses: [{ street, postalCode: '50667', city: 'Köln' }],
      birthday,
      emails: [email],
      phones: [phone],
    });
    const a = neighbour('Lindenstraße 7', '1961-04-12', 'thomas.mueller@t-online.de', '+491701234567');
    // House numbers far apart and one apart (the father next door), with and without the
    // frequencies a scan learns (a common name weighs less), and with the prior's even weights.
    const frequencies: Model = {
      ...contacts,
      tf: { lastName: { top: { muller: 0.012 }, rest: 0.00002 }, firstName: { top: { thomas: 0.02 }, rest: 0.0005 } },
    };
    for (const street of ['Lindenstraße 48', 'Lindenstr. 8', 'Lindenstraße 7a'])
      for (const model of [contacts, frequencies]) {
        const b = neighbour(street, '1987-09-30', 'tmueller87@gmx.de', '+491629876543');
        const result = score(a, b, model);
        assert.ok(result.score < 0.1, `Lindenstraße 7 and ${street}: ${JSON.stringify(result)}`);
        assert.ok(!result.reasons.includes('same_address'), result.reasons.join());
      }
    // One of them known only by name and street: a person with a mistyped house number as
    // likely as a neighbour, so the pair is shown, but an import does not merge it (0.9).
    const bare = score(a, {
      firstName: 'Thomas',
      lastName: 'Müller',
      addresses: [{ street: 'Lindenstraße 8', postalCode: '50667', city: 'Köln' }],
    });
    assert.ok(bare.score < 0.99, JSON.stringify(bare));
    // The same person with a mistyped house number: the birthday or the email says so.
    for (const b of [
      neighbour('Lindenstraße 17', '1961-04-12', 'tmueller87@gmx.de', '+491629876543'),
      neighbour('Lindenstraße 17', '1987-09-30', 'thomas.mueller@t-online.de', '+491629876543'),
    ]) {
      const result = score(a, b);
      assert.ok(result.score >= 0.9, `one person, house number mistyped: ${JSON.stringify(result)}`);
    }
  });

  test('street, house number, postal code and city are one comparison, not four pieces of evidence', () => {
    const address = comparisonsOf('contacts').findIndex((c) => c.key === 'address');
    const level = (x: CandidateInput['addresses'], y: CandidateInput['addresses']) =>
      compareAll(
        'contacts',
        prepare('a', { lastName: 'Beck', addresses: x }),
        prepare('b', { lastName: 'Beck', addresses: y }),
      )[address];
    const at = (street: string | null, postalCode: string | null, city: string | null) => [
      { street, postalCode, city },
    ];
    assert.equal(level(at('Lindenstraße 7', '50667', 'Köln'), at('Lindenstr. 7', '50667', 'Koeln')), 0);
    // No postal code on one side, the same city: the same place.
    assert.equal(level(at('Lindenstraße 7', '50667', 'Köln'), at('Lindenstraße 7', null, 'Köln')), 0);
    // A typo in the postal code or in the street name: nearly.
    assert.equal(level(at('Lindenstraße 7', '50667', 'Köln'), at('Lindenstraße 7', '50676', 'Köln')), 1);
    assert.equal(level(at('Lindenstraße 7', '50667', 'Köln'), at('Lindnstraße 7', '50667', 'Köln')), 1);
    // Same street, other house number; same postal code; same city; elsewhere.
    assert.equal(level(at('Lindenstraße 7', '50667', 'Köln'), at('Lindenstraße 9', '50667', 'Köln')), 2);
    assert.equal(level(at('Lindenstraße 7', '50667', 'Köln'), at('Domstraße 2', '50667', 'Köln')), 3);
    assert.equal(level(at('Lindenstraße 7', '50667', 'Köln'), at('Domstraße 2', '50823', 'Köln')), 4);
    assert.equal(level(at('Lindenstraße 7', '50667', 'Köln'), at('Lindenstraße 7', '80331', 'München')), 5);
    assert.equal(level(at(null, null, 'Köln'), at('Lindenstraße 7', null, null)), -1);
    // Together a same address weighs less than the three parts did apart, and the same street
    // with another number far less than the same address.
    const weight = (l: number) => Math.log2(contacts.m.address[l] / contacts.u.address[l]);
    assert.ok(weight(0) < 16 && weight(2) < weight(0) - 5, `${weight(0)} ${weight(2)}`);
  });

  test('a stored model from before the address comparison gets the priors for it', () => {
    const { address, ...m } = contacts.m;
    const { address: _, ...u } = contacts.u;
    const old: Model = {
      ...contacts,
      m: { ...m, street: [0.8, 0.12, 0.08], postalCode: [0.88, 0.05, 0.07], city: [0.9, 0.05, 0.05] },
      u: { ...u, street: [0.0002, 0.003, 0.9968], postalCode: [0.006, 0.02, 0.974], city: [0.03, 0.01, 0.96] },
    };
    const checked = checkedModel(old);
    assert.deepEqual(checked.m.address, address);
    const eva: CandidateInput = { firstName: 'Eva', lastName: 'Beck', addresses: [home] };
    assert.equal(score(eva, eva, checked).score, score(eva, eva).score);
  });

  test('letters Unicode does not decompose are folded, not dropped: ı, ł, ø, đ, æ, œ', () => {
    for (const [a, b] of [
      ['Yılmaz', 'Yilmaz'],
      ['YILMAZ', 'Yilmaz'],
      ['Łukasz', 'Lukasz'],
      ['Søren', 'Soren'],
      ['Đorđević', 'Dordevic'],
      ['Sæther', 'Saether'],
      ['Œhler', 'Oehler'],
      ['Þórsson', 'Thorsson'],
    ])
      assert.equal(foldKey(a), foldKey(b), `${a} ~ ${b}`);
    assert.equal(foldKey('Yılmaz'), 'yilmaz');
    const result = score(
      { firstName: 'Zeynep', lastName: 'Yılmaz', phones: ['+491701234567'] },
      { firstName: 'Zeynep', lastName: 'Yilmaz', phones: ['+491701234567'] },
    );
    assert.ok(result.reasons.includes('same_name'), JSON.stringify(result));
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
