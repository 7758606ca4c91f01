import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let api: Client;

before(async () => {
  h = await harness();
  api = await h.workspace();
});
after(() => h.close());

const anna = {
  salutation: 'Frau',
  title: 'Dr.',
  firstName: 'Anna',
  lastName: 'Müller',
  emails: [{ email: 'Anna.Mueller@example.de', label: 'work', primary: true }],
  phones: [{ number: '030 1234567', label: 'Büro' }],
  addresses: [{ street: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin' }],
  birthday: '1980-02-29',
  jobTitle: 'Einkaufsleiterin',
  lifecycleStage: 'customer',
  source: 'Messe',
  tags: ['vip', 'vip', 'newsletter'],
};

const names = (res: { body: { data: Array<{ lastName: string }> } }) => res.body.data.map((c) => c.lastName);

describe('contacts', () => {
  test('a created contact is returned with Location, ETag and normalised fields', async () => {
    const res = await api.post('/api/v1/contacts', { ...anna, ownerId: api.userId });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.headers.location, `/api/v1/contacts/${res.body.id}`);
    assert.equal(res.headers.etag, '"1"');
    assert.match(res.body.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    assert.equal(res.body.phones[0].e164, '+49301234567');
    assert.equal(res.body.addresses[0].country, 'DE');
    assert.deepEqual(res.body.tags, ['vip', 'newsletter']);
    assert.equal(res.body.birthday, '1980-02-29');
    assert.equal(res.body.lifecycleStage, 'customer');
    assert.equal(res.body.ownerId, api.userId);
    assert.equal(res.body.lastActivityAt, null);
    assert.deepEqual(res.body.companies, []);
    const read = await api.get(`/api/v1/contacts/${res.body.id}`);
    assert.equal(read.status, 200);
    // Reading one contact adds its current consents (none yet).
    assert.deepEqual(read.body, { ...res.body, consents: [] });
  });

  test('a last name alone makes a contact, which starts as a lead', async () => {
    const res = await api.post('/api/v1/contacts', { lastName: 'Schulz' });
    assert.equal(res.status, 201);
    assert.equal(res.body.lifecycleStage, 'lead');
    assert.equal(res.body.firstName, null);
    assert.deepEqual(res.body.emails, []);
  });

  test('invalid fields are answered with 400 or 422 naming the field', async () => {
    const tomorrow = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
    const cases: Array<[unknown, number, string]> = [
      // Names no one (see nameless.test.ts).
      [{ salutation: 'Frau' }, 422, 'lastName'],
      [{ lastName: '   ' }, 422, 'lastName'],
      [{ lastName: 'X', emails: [{ email: 'not-an-email' }] }, 400, 'body.emails.0.email'],
      [{ lastName: 'X', phones: [{ number: 'call me' }] }, 400, 'body.phones.0.number'],
      [{ lastName: 'X', phones: [{ number: '+49 1' }] }, 422, 'phones.0.number'],
      [{ lastName: 'X', addresses: [{ postalCode: '1011', city: 'Berlin' }] }, 422, 'addresses.0.postalCode'],
      [{ lastName: 'X', birthday: tomorrow }, 400, 'body.birthday'],
      [{ lastName: 'X', birthday: '2001-02-30' }, 400, 'body.birthday'],
      [{ lastName: 'X', birthday: '12.03.1980' }, 400, 'body.birthday'],
      [{ lastName: 'X', lifecycleStage: 'friend' }, 400, 'body.lifecycleStage'],
      [{ lastName: 'X', salutation: 'S'.repeat(51) }, 400, 'body.salutation'],
      [{ lastName: 'X', nickname: 'Xi' }, 400, 'body.nickname'],
      [{ lastName: 'X', lastActivityAt: '2026-01-01T00:00:00Z' }, 400, 'body.lastActivityAt'],
      [{ lastName: 'X', companies: [] }, 400, 'body.companies'],
      [{ lastName: 'X', ownerId: 'me' }, 400, 'body.ownerId'],
      [{ lastName: 'X', ownerId: '00000000-0000-7000-8000-000000000000' }, 422, 'ownerId'],
    ];
    for (const [body, status, path] of cases) {
      const res = await api.post('/api/v1/contacts', body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
  });

  test('an Austrian address takes a 4-digit postal code', async () => {
    const res = await api.post('/api/v1/contacts', {
      lastName: 'Huber',
      addresses: [{ postalCode: '1010', city: 'Wien', country: 'AT' }],
    });
    assert.equal(res.status, 201);
  });

  test('a partial update changes only the fields sent and keeps search in step', async () => {
    const { body: created } = await api.post('/api/v1/contacts', {
      firstName: 'Jörg',
      lastName: 'Weißmann',
      lifecycleStage: 'lead',
    });
    const res = await api.patch(`/api/v1/contacts/${created.id}`, {
      lifecycleStage: 'prospect',
      phones: [{ number: '0171 2345678' }],
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.firstName, 'Jörg');
    assert.equal(res.body.lifecycleStage, 'prospect');
    assert.equal(res.body.phones[0].e164, '+491712345678');
    const found = await api.get('/api/v1/contacts?q=weissmann%20joerg');
    assert.deepEqual(
      found.body.data.map((c: { id: string }) => c.id),
      [created.id],
    );
    const cleared = await api.patch(`/api/v1/contacts/${created.id}`, { firstName: '' });
    assert.equal(cleared.body.firstName, null);
  });

  test('a stale If-Match is refused with 412 and a current one succeeds', async () => {
    const { body: created } = await api.post('/api/v1/contacts', { lastName: 'Versionstest' });
    const first = await api.patch(`/api/v1/contacts/${created.id}`, { jobTitle: 'CTO' }, { 'if-match': '"1"' });
    assert.equal(first.status, 200);
    assert.equal(first.headers.etag, '"2"');
    const stale = await api.patch(`/api/v1/contacts/${created.id}`, { jobTitle: 'CEO' }, { 'if-match': '"1"' });
    assert.equal(stale.status, 412);
    assert.equal((await api.delete(`/api/v1/contacts/${created.id}`, { 'if-match': '"1"' })).status, 412);
    assert.equal((await api.get(`/api/v1/contacts/${created.id}`)).body.jobTitle, 'CTO');
    assert.equal((await api.delete(`/api/v1/contacts/${created.id}`, { 'if-match': '"2"' })).status, 204);
  });

  test('a trashed contact disappears from reads and lists and can be restored', async () => {
    const { body: created } = await api.post('/api/v1/contacts', { lastName: 'Papierkorb' });
    assert.equal((await api.delete(`/api/v1/contacts/${created.id}`)).status, 204);
    assert.equal((await api.get(`/api/v1/contacts/${created.id}`)).status, 404);
    assert.equal((await api.patch(`/api/v1/contacts/${created.id}`, { jobTitle: 'x' })).status, 404);
    assert.equal((await api.get('/api/v1/contacts?lastName=Papierkorb')).body.data.length, 0);
    assert.equal((await api.get('/api/v1/contacts?trashed=true&lastName=Papierkorb')).body.data.length, 1);
    const restored = await api.post(`/api/v1/contacts/${created.id}/restore`);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.deletedAt, null);
    assert.equal((await api.get('/api/v1/contacts?lastName=Papierkorb')).body.data.length, 1);
    assert.equal((await api.post(`/api/v1/contacts/${created.id}/restore`)).status, 409);
  });

  test('lists are sorted by last name with umlauts in place and page through every contact once', async () => {
    const tenant = await h.workspace();
    for (const lastName of ['Zimmermann', 'Özdemir', 'Becker', 'Ahrens', 'Ärger', 'Otto', 'Müller', 'Meyer']) {
      await tenant.post('/api/v1/contacts', { lastName });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await tenant.get(`/api/v1/contacts?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      seen.push(...names(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['Ahrens', 'Ärger', 'Becker', 'Meyer', 'Müller', 'Otto', 'Özdemir', 'Zimmermann']);
    const desc = await tenant.get('/api/v1/contacts?sort=-lastName&limit=2');
    assert.deepEqual(names(desc), ['Zimmermann', 'Özdemir']);
  });

  test('lists filter by city, postal code, tags, lifecycle stage, email, phone and birthday', async () => {
    const tenant = await h.workspace();
    const add = (body: object) => tenant.post('/api/v1/contacts', body);
    await add({
      lastName: 'Berlinerin',
      lifecycleStage: 'customer',
      tags: ['vip'],
      addresses: [{ city: 'Berlin', postalCode: '10115' }],
      birthday: '1970-05-01',
    });
    await add({
      lastName: 'Kölner',
      lifecycleStage: 'lead',
      tags: ['vip', 'messe'],
      addresses: [{ city: 'Köln', postalCode: '50667' }],
      emails: [{ email: 'K@Koeln.de' }],
    });
    await add({
      lastName: 'Hamburger',
      lifecycleStage: 'customer',
      phones: [{ number: '040 987654' }],
      birthday: '1990-01-01',
    });
    const get = async (query: string) => {
      const res = await tenant.get(`/api/v1/contacts?${query}`);
      assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
      return names(res);
    };
    assert.deepEqual(await get('city.has=K%C3%B6ln'), ['Kölner']);
    assert.deepEqual(await get('postalCode.has=10115'), ['Berlinerin']);
    assert.deepEqual(await get('tags.has=vip'), ['Berlinerin', 'Kölner']);
    assert.deepEqual(await get('tags.has=messe&lifecycleStage=customer'), []);
    assert.deepEqual(await get('tags.empty=true'), ['Hamburger']);
    assert.deepEqual(await get('lifecycleStage=customer'), ['Berlinerin', 'Hamburger']);
    assert.deepEqual(await get('lifecycleStage.in=lead,prospect'), ['Kölner']);
    assert.deepEqual(await get('email.has=k@koeln.de'), ['Kölner']);
    assert.deepEqual(await get('phone.has=%2B4940987654'), ['Hamburger']);
    assert.deepEqual(await get('birthday.lt=1980-01-01'), ['Berlinerin']);
    assert.deepEqual(await get('lastName.contains=BURG'), ['Hamburger']);
    assert.deepEqual(await get('q=koelner'), ['Kölner']);
    assert.equal((await tenant.get('/api/v1/contacts?lifecycleStage=friend')).status, 400);
    assert.equal((await tenant.get('/api/v1/contacts?birthday.gt=yesterday')).status, 400);
    assert.equal((await tenant.get('/api/v1/contacts?sort=tags')).status, 400);
    assert.equal((await tenant.get('/api/v1/contacts?bogus=1')).status, 400);
  });

  test('a filtered list pages by cursor in both directions and shows each contact with its companies', async () => {
    // Filtered pages are found by ids first and then read (listPage's hydrate): same answers.
    const tenant = await h.workspace();
    const { body: company } = await tenant.post('/api/v1/companies', { name: 'Filter GmbH' });
    const lastNames = ['Zander', 'Abel', 'Müller', 'Öztürk', 'Becker', 'Mahler', 'Ulrich'];
    const atTheFair = ['Zander', 'Müller', 'Öztürk', 'Becker'];
    for (const lastName of lastNames) {
      const { body } = await tenant.post('/api/v1/contacts', {
        lastName,
        tags: atTheFair.includes(lastName) ? ['messe', 'vip'] : ['vip'],
        addresses: [{ city: 'Köln' }],
      });
      if (lastName === 'Müller')
        assert.equal(
          (
            await tenant.post(`/api/v1/contacts/${body.id}/affiliations`, {
              companyId: company.id,
              jobTitle: 'Einkauf',
            })
          ).status,
          201,
        );
    }
    await tenant.post('/api/v1/contacts', { lastName: 'Aachen', tags: ['messe'], addresses: [{ city: 'Bonn' }] });
    const walk = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await tenant.get(
          `/api/v1/contacts?city.has=K%C3%B6ln&tags.has=messe&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        assert.equal(page.status, 200, JSON.stringify(page.body));
        assert.ok(page.body.data.length <= 2);
        seen.push(...names(page));
        cursor = page.body.nextCursor;
      } while (cursor);
      return seen;
    };
    assert.deepEqual(await walk('lastName'), ['Becker', 'Müller', 'Öztürk', 'Zander']);
    assert.deepEqual(await walk('-lastName'), ['Zander', 'Öztürk', 'Müller', 'Becker']);
    const { body } = await tenant.get('/api/v1/contacts?tags.has=messe&lastName=M%C3%BCller');
    assert.deepEqual(
      body.data[0].companies.map((c: any) => [c.name, c.jobTitle]),
      [['Filter GmbH', 'Einkauf']],
    );
  });

  test('a viewer reads but cannot create, an agent writes but cannot delete, a manager deletes', async () => {
    const { body: created } = await api.post('/api/v1/contacts', { lastName: 'Rollentest' });
    const viewer = await h.member(api, 'viewer');
    assert.equal((await viewer.get(`/api/v1/contacts/${created.id}`)).status, 200);
    assert.equal((await viewer.post('/api/v1/contacts', { lastName: 'Nein' })).status, 403);
    assert.equal((await viewer.patch(`/api/v1/contacts/${created.id}`, { jobTitle: 'x' })).status, 403);
    const agent = await h.member(api, 'agent');
    assert.equal((await agent.post('/api/v1/contacts', { lastName: 'Ja' })).status, 201);
    assert.equal((await agent.patch(`/api/v1/contacts/${created.id}`, { jobTitle: 'x' })).status, 200);
    const refused = await agent.delete(`/api/v1/contacts/${created.id}`);
    assert.equal(refused.status, 403);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    const manager = await h.member(api, 'manager');
    assert.equal((await manager.delete(`/api/v1/contacts/${created.id}`)).status, 204);
    assert.equal((await agent.post(`/api/v1/contacts/${created.id}/restore`)).status, 403);
    assert.equal((await manager.post(`/api/v1/contacts/${created.id}/restore`)).status, 200);
  });

  test('a contact of another workspace is answered like one that does not exist', async () => {
    const { body: created } = await api.post('/api/v1/contacts', { lastName: 'Geheim' });
    const other = await h.workspace();
    assert.equal((await other.get(`/api/v1/contacts/${created.id}`)).status, 404);
    assert.equal((await other.patch(`/api/v1/contacts/${created.id}`, { jobTitle: 'x' })).status, 404);
    assert.equal((await other.delete(`/api/v1/contacts/${created.id}`)).status, 404);
    assert.equal((await other.get('/api/v1/contacts?lastName=Geheim')).body.data.length, 0);
    assert.equal((await other.get('/api/v1/contacts/not-an-id')).status, 400);
  });

  test('customer number: unique among live contacts, cleared by blank, filtered and searched', async () => {
    const first = await api.post('/api/v1/contacts', {
      lastName: 'Nummernfrau',
      customerNumber: '100042',
      externalId: ' shop-9 ',
    });
    assert.equal(first.status, 201);
    assert.equal(first.body.customerNumber, '100042');
    assert.equal(first.body.externalId, 'shop-9');
    const taken = await api.post('/api/v1/contacts', { lastName: 'Zweiter', customerNumber: '100042' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'customer_number_taken');
    // A company may carry the same number as a contact: numbers are unique per record type.
    assert.equal(
      (await api.post('/api/v1/companies', { name: 'Gleiche Nummer AG', customerNumber: '100042' })).status,
      201,
    );
    const found = await api.get('/api/v1/search?q=100042&types=contact');
    assert.deepEqual(
      found.body.data.map((hit: { id: string }) => hit.id),
      [first.body.id],
    );
    const filtered = await api.get('/api/v1/contacts?customerNumber.startsWith=1000&externalId=shop-9');
    assert.deepEqual(
      filtered.body.data.map((c: { id: string }) => c.id),
      [first.body.id],
    );
    const cleared = await api.patch(`/api/v1/contacts/${first.body.id}`, { customerNumber: '  ' });
    assert.equal(cleared.body.customerNumber, null);
    assert.equal((await api.post('/api/v1/contacts', { lastName: 'Zweiter', customerNumber: '100042' })).status, 201);
    assert.equal(
      (await api.get('/api/v1/contacts?customerNumber.empty=true&lastName=Nummernfrau')).body.data.length,
      1,
    );
  });
});
