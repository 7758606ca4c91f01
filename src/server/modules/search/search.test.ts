import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { fixtures } from './search.fixtures.ts';

let h: Harness;
let api: Client;
const ids: Record<string, string> = {};

async function create(path: string, body: object): Promise<string> {
  const res = await api.post(`/api/v1/${path}`, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

before(async () => {
  h = await harness();
  api = await h.workspace();
  ids.mueller = await create('contacts', {
    title: 'Dr.',
    firstName: 'Anna',
    lastName: 'Müller',
    emails: [{ email: 'anna.mueller@acme-beispiel.de' }],
    phones: [{ number: '030 1234567' }],
    addresses: [{ city: 'Berlin' }],
  });
  ids.mahler = await create('contacts', {
    firstName: 'Gustav',
    lastName: 'Mahler',
    addresses: [{ city: 'Wien', country: 'AT' }],
  });
  ids.weiss = await create('contacts', {
    firstName: 'Jürgen',
    lastName: 'Weiß',
    phones: [{ number: '+41 44 668 18 00' }],
  });
  ids.bakery = await create('companies', {
    name: 'Bäckerei an der Großen Straße',
    industry: 'Lebensmittel',
    addresses: [{ city: 'Köln', postalCode: '50667' }],
  });
  ids.maschinenbau = await create('companies', { name: 'Müller Maschinenbau GmbH', industry: 'Maschinenbau' });
  const link = await api.post(`/api/v1/contacts/${ids.mueller}/affiliations`, { companyId: ids.maschinenbau });
  assert.equal(link.status, 201);
  ids.deal = await fixtures(h, api).deal({ title: 'Wartungsvertrag Müller 2026', companyId: ids.maschinenbau });
});
after(() => h.close());

interface Hit {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  score: number;
}

async function search(query: string): Promise<Hit[]> {
  const res = await api.get(`/api/v1/search?${query}`);
  assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

const found = async (q: string) => (await search(`q=${encodeURIComponent(q)}`)).map((hit) => hit.id);

describe('search', () => {
  test('a hit carries type, id, title, subtitle and score, best first', async () => {
    const hits = await search('q=m%C3%BCller');
    const contact = hits.find((hit) => hit.id === ids.mueller);
    assert.deepEqual(contact && { ...contact, score: typeof contact.score }, {
      type: 'contact',
      id: ids.mueller,
      title: 'Dr. Anna Müller',
      subtitle: 'Müller Maschinenbau GmbH',
      score: 'number',
    });
    assert.deepEqual(new Set(hits.map((hit) => hit.type)), new Set(['contact', 'company', 'deal']));
    const scores = hits.map((hit) => hit.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    assert.ok(scores.every((s) => s > 0 && s <= 1));
    const deal = hits.find((hit) => hit.type === 'deal');
    assert.deepEqual(deal && [deal.id, deal.title, deal.subtitle], [
      ids.deal,
      'Wartungsvertrag Müller 2026',
      'Müller Maschinenbau GmbH',
    ]);
  });

  test('Müller is found as muller, Mueller, MÜLLER and müller', async () => {
    for (const q of ['muller', 'Mueller', 'MÜLLER', 'müller', 'Müller']) {
      assert.ok((await found(q)).includes(ids.mueller), q);
    }
  });

  test('strasse finds Straße and weiss finds Weiß', async () => {
    assert.deepEqual(await found('strasse'), [ids.bakery]);
    assert.deepEqual(await found('grosse strasse'), [ids.bakery]);
    assert.deepEqual(await found('weiss'), [ids.weiss]);
    assert.deepEqual(await found('Baeckerei'), [ids.bakery]);
  });

  test('the beginning of a word finds the whole word', async () => {
    assert.ok((await found('Mül')).includes(ids.mueller));
    assert.ok((await found('Bäck')).includes(ids.bakery));
    assert.ok((await found('anna mül')).includes(ids.mueller));
  });

  test('small typos still find the record, ranked below exact matches', async () => {
    for (const q of ['Mülelr', 'Muler', 'Mueler', 'Mahlre']) {
      const hits = await found(q);
      assert.ok(hits.includes(q === 'Mahlre' ? ids.mahler : ids.mueller), `${q} → ${JSON.stringify(hits)}`);
    }
    const exact = await search('q=mahler');
    assert.equal(exact[0].id, ids.mahler);
    const typo = await search('q=mahlre');
    assert.ok(exact[0].score > typo.find((hit) => hit.id === ids.mahler)!.score);
  });

  test('a typo match needs one word within a few edits, not pieces of several', async () => {
    assert.deepEqual(await found('wien'), [ids.mahler]);
    assert.deepEqual(await found('anna'), [ids.mueller]);
    assert.deepEqual(await found('Mxyzlr'), []);
  });

  test('an exact name ranks above a fuzzy neighbour', async () => {
    const hits = await search('q=muller&types=contact');
    assert.equal(hits[0].id, ids.mueller);
    assert.ok(!hits.slice(1).some((hit) => hit.score > hits[0].score));
  });

  test('emails and phone digits are found in any notation', async () => {
    assert.deepEqual(await found('anna.mueller@acme-beispiel.de'), [ids.mueller]);
    assert.ok((await found('acme-beispiel')).includes(ids.mueller));
    for (const q of ['030 1234567', '+49 30 1234567', '(030) 123 45 67', '0049 30 1234567', '1234567', '301234']) {
      assert.deepEqual(await found(q), [ids.mueller], q);
    }
    assert.deepEqual(await found('+41 44 668 18 00'), [ids.weiss]);
  });

  test('a number that is not dialled, like a postal code, is searched as it is', async () => {
    const deal = await fixtures(h, api).deal({ title: 'Filiale 10115 Umbau' });
    assert.deepEqual(await found('10115'), [deal]);
  });

  test('cities are searchable', async () => {
    assert.deepEqual(await found('Koeln'), [ids.bakery]);
    assert.deepEqual(await found('wien'), [ids.mahler]);
  });

  test('types and limit narrow the hits', async () => {
    assert.deepEqual(
      (await search('q=muller&types=company')).map((hit) => hit.type),
      ['company'],
    );
    assert.deepEqual(
      (await search('q=muller&types=deal')).map((hit) => hit.id),
      [ids.deal],
    );
    const two = await search('q=muller&types=contact,company');
    assert.deepEqual(new Set(two.map((hit) => hit.type)), new Set(['contact', 'company']));
    assert.equal((await search('q=muller&limit=1')).length, 1);
  });

  test('trashed records never appear and come back when restored', async () => {
    const id = await create('contacts', { firstName: 'Theo', lastName: 'Papierkorbinski' });
    assert.deepEqual(await found('papierkorbinski'), [id]);
    await api.delete(`/api/v1/contacts/${id}`);
    assert.deepEqual(await found('papierkorbinski'), []);
    assert.deepEqual(await found('papierkorbinsky'), []);
    await api.post(`/api/v1/contacts/${id}/restore`);
    assert.deepEqual(await found('papierkorbinski'), [id]);
    const company = await create('companies', { name: 'Verschwunden Papierkorbinski GmbH' });
    await api.delete(`/api/v1/companies/${company}`);
    assert.deepEqual(await found('Verschwunden'), []);
    const deal = await fixtures(h, api).deal({ title: 'Verschwundener Auftrag' });
    assert.deepEqual(await found('Verschwundener'), [deal]);
    await fixtures(h, api).trashDeal(deal);
    assert.deepEqual(await found('Verschwundener'), []);
  });

  test('new and renamed records are found with a typo at once (their words are recorded)', async () => {
    const id = await create('contacts', { firstName: 'Ottilie', lastName: 'Quastenberger' });
    assert.deepEqual(await found('Quastenbreger'), [id]);
    const current = await api.get(`/api/v1/contacts/${id}`);
    const renamed = await api.patch(
      `/api/v1/contacts/${id}`,
      { lastName: 'Wolkensteiner' },
      { 'if-match': `"${current.body.version}"` },
    );
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.deepEqual(await found('Wolkenstiener'), [id]);
    assert.deepEqual(await found('Quastenbreger'), []);
    const company = await create('companies', { name: 'Hirschgraben Optik' });
    assert.deepEqual(await found('Hirshgraben'), [company]);
  });

  test('any part of a word is found, also next to digits, whichever index answers', async () => {
    const id = await create('contacts', { firstName: 'Hermine', lastName: 'Brückenwald3' });
    // Letters only: through the words containing them; with digits: through the trigrams.
    for (const q of ['ckenwal', 'Brückenwald', 'brueckenw', 'kenwald3', 'Hermine Brückenwald'])
      assert.deepEqual(await found(q), [id], q);
    // "erm" is too short for the words index; "hermine" stands for a single word.
    assert.ok((await found('erm')).includes(id));
  });

  test('a typo is corrected to the closest words only', async () => {
    const near = await create('contacts', { firstName: 'Gundula', lastName: 'Kastenmeier' });
    const far = await create('contacts', { firstName: 'Gundula', lastName: 'Kastenmeyer' });
    // "kastnmeier" is one edit from Kastenmeier and two from Kastenmeyer.
    assert.deepEqual(await found('Kastnmeier'), [near]);
    assert.deepEqual(await found('Kastnmeyer'), [far]);
  });

  test('a typo is corrected with words of the own workspace only', async () => {
    const other = await h.workspace();
    const res = await other.post('/api/v1/contacts', { firstName: 'Zacharias', lastName: 'Fremdenwortler' });
    assert.equal(res.status, 201);
    const words = await h.ctx.db.owner
      .selectFrom('search_words')
      .select('workspace_id')
      .where('word', '=', 'fremdenwortler')
      .execute();
    assert.equal(words.length, 1);
    assert.deepEqual(await found('Fremdenwortlr'), []);
    assert.deepEqual(await found('Fremdenwortler'), []);
  });

  test('records of another workspace are never found', async () => {
    const other = await h.workspace();
    const res = await other.get('/api/v1/search?q=m%C3%BCller');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data, []);
  });

  test('an empty, blank, too long or unreadable query is a 400', async () => {
    for (const query of [
      '',
      'q=',
      'q=%20%20',
      `q=${'x'.repeat(201)}`,
      'q=...',
      'q=muller&types=person',
      'q=muller&types=',
      'q=muller&limit=0',
      'q=muller&limit=101',
      'q=muller&sort=name',
    ]) {
      const res = await api.get(`/api/v1/search?${query}`);
      assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
  });

  test('hostile input is treated as text', async () => {
    for (const q of ["'; drop table contacts; --", '%_%', '\\', 'a%b_c', '<script>']) {
      const res = await api.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.ok(res.status === 200 || res.status === 400, `${q}: ${res.status}`);
    }
  });

  test('initials find the records with words beginning with them, whichever way the search goes', async () => {
    const anna = await create('contacts', {
      firstName: 'Annegret',
      lastName: 'Querholzer',
      emails: [{ email: 'a.querholzer@obsthof.de' }],
    });
    const bernd = await create('contacts', {
      firstName: 'Bernd',
      lastName: 'Querholzer',
      addresses: [{ city: 'Kassel' }],
    });
    // Through the word's postings (one word beside initials) and through the words index (two words).
    assert.deepEqual(await found('A. Querholzer'), [anna]);
    assert.deepEqual(await found('B Q Querholzer'), [bernd]);
    assert.deepEqual(new Set(await found('Q. Querholzer')), new Set([anna, bernd]));
    assert.deepEqual(await found('A. Querholzer Obsthof'), [anna]);
    assert.deepEqual(await found('K. Bernd Querholzer'), [bernd]);
    // Two letters: the beginning of a word, checked beyond the initial letter.
    assert.deepEqual(await found('An Querholzer'), [anna]);
    assert.deepEqual(await found('Ab Querholzer'), []);
    // Not the middle of a word: "n" is in Annegret and Bernd, but begins no word of theirs.
    assert.deepEqual(await found('N. Querholzer'), []);
  });

  test('initials after an edit find the record by its new words at once', async () => {
    const id = await create('contacts', { firstName: 'Xaverius', lastName: 'Kraxelhuber' });
    assert.deepEqual(await found('X. Kraxelhuber'), [id]);
    const current = await api.get(`/api/v1/contacts/${id}`);
    const renamed = await api.patch(
      `/api/v1/contacts/${id}`,
      { firstName: 'Yvonne' },
      { 'if-match': `"${current.body.version}"` },
    );
    assert.equal(renamed.status, 200);
    assert.deepEqual(await found('X. Kraxelhuber'), []);
    assert.deepEqual(await found('Y. Kraxelhuber'), [id]);
  });

  test('one or two letters alone find records with a word beginning with them', async () => {
    const hits = await search('q=W&limit=100');
    assert.ok(
      hits.some((hit) => hit.id === ids.weiss),
      JSON.stringify(hits),
    );
    assert.ok(
      hits.some((hit) => hit.id === ids.mahler),
      'Wien begins with W',
    );
    assert.ok((await found('Gu')).includes(ids.mahler));
    assert.ok(!(await found('Us')).includes(ids.mahler), 'the middle of Gustav is not its beginning');
  });

  test('one or two digits alone are a 400 with what to do instead', async () => {
    for (const q of ['1', '12', '1 2']) {
      const res = await api.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 400, q);
      assert.match(res.body.detail, /at least three digits/);
    }
    assert.equal((await api.get('/api/v1/search?q=12%20Anna')).status, 200);
  });

  test('a viewer may search', async () => {
    const viewer = await h.member(api, 'viewer');
    const res = await viewer.get('/api/v1/search?q=mahler');
    assert.equal(res.status, 200);
    assert.equal(res.body.data[0].id, ids.mahler);
  });
});
