// Contacts without a name: a newsletter list's address, a phone's card with only a number. A
// contact needs something that tells who it is or how to reach them (contactIdentified); what
// names no one is refused with a 422 at lastName, on create and on the edit that would blank it.
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

/** The answer to a contact that names no one: 422, one field error at lastName. */
function assertNoOne(res: { status: number; headers: Record<string, unknown>; body: Record<string, unknown> }) {
  assert.equal(res.status, 422, JSON.stringify(res.body));
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(res.body.code, 'invalid');
  const errors = res.body.errors as Array<{ path: string; code: string; message: string }>;
  assert.deepEqual(
    errors.map((e) => [e.path, e.code]),
    [['lastName', 'required']],
  );
  assert.match(errors[0].message, /first or last name, an email, a phone/);
}

describe('contacts without a name', () => {
  test('a contact with only an email is stored without a last name', async () => {
    const res = await api.post('/api/v1/contacts', { emails: [{ email: 'leser@newsletter.example' }] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.lastName, '');
    assert.equal(res.body.firstName, null);
    assert.equal((await api.get(`/api/v1/contacts/${res.body.id}`)).body.lastName, '');
  });

  test('a phone number, a first name, a street, a customer number or an external id each make someone', async () => {
    const bodies = [
      { phones: [{ number: '0171 2345678' }] },
      { firstName: 'Ida' },
      { lastName: null, addresses: [{ street: 'Hauptstraße 5', city: 'Berlin' }] },
      { customerNumber: 'K-4711' },
      { externalId: 'ERP-815' },
    ];
    for (const body of bodies) {
      const res = await api.post('/api/v1/contacts', body);
      assert.equal(res.status, 201, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.equal(res.body.lastName, '');
    }
  });

  test('a contact that names no one is refused with 422 at lastName', async () => {
    const bodies = [
      {},
      { lastName: '   ' },
      { salutation: 'Frau', title: 'Dr.', birthday: '1980-01-01', tags: ['messe'] },
      { addresses: [{ postalCode: '10115', city: 'Berlin' }], jobTitle: 'Einkauf' },
      { emails: [], phones: [] },
    ];
    for (const body of bodies) assertNoOne(await api.post('/api/v1/contacts', body));
  });

  test('an edit may blank the last name of a contact that keeps an email', async () => {
    const { body: created } = await api.post('/api/v1/contacts', {
      lastName: 'Vorläufig',
      emails: [{ email: 'info@kunde.example' }],
    });
    const res = await api.patch(`/api/v1/contacts/${created.id}`, { lastName: null });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.lastName, '');
    assert.equal(res.body.emails[0].email, 'info@kunde.example');
  });

  test('an edit that blanks the name of a contact with no email or phone is refused and changes nothing', async () => {
    const { body: created } = await api.post('/api/v1/contacts', { firstName: 'Ida', lastName: 'Weg' });
    assertNoOne(await api.patch(`/api/v1/contacts/${created.id}`, { firstName: '', lastName: '' }));
    const read = await api.get(`/api/v1/contacts/${created.id}`);
    assert.equal(read.body.version, created.version);
    assert.equal(read.body.lastName, 'Weg');
    // Blanking the name while giving an email in the same edit is fine.
    const swapped = await api.patch(`/api/v1/contacts/${created.id}`, {
      firstName: null,
      lastName: null,
      emails: [{ email: 'ida@weg.example' }],
    });
    assert.equal(swapped.status, 200, JSON.stringify(swapped.body));
    // And the email is then the last thing that tells who it is.
    assertNoOne(await api.patch(`/api/v1/contacts/${swapped.body.id}`, { emails: [] }));
  });

  test('lookup and search call a nameless contact by its primary email, else its phone', async () => {
    const { body: mailOnly } = await api.post('/api/v1/contacts', {
      salutation: 'Frau',
      emails: [{ email: 'zweit@ohnename.example' }, { email: 'haupt@ohnename.example', primary: true }],
    });
    const { body: phoneOnly } = await api.post('/api/v1/contacts', { phones: [{ number: '030 98765432' }] });
    const byEmail = await api.get('/api/v1/lookup?email=haupt%40ohnename.example');
    assert.equal(byEmail.status, 200);
    assert.deepEqual(
      byEmail.body.data.map((m: { id: string; name: string }) => [m.id, m.name]),
      [[mailOnly.id, 'haupt@ohnename.example']],
    );
    const byPhone = await api.get(`/api/v1/lookup?phone=${encodeURIComponent('+49 30 98765432')}`);
    assert.deepEqual(
      byPhone.body.data.map((m: { id: string; name: string }) => [m.id, m.name]),
      [[phoneOnly.id, '030 98765432']],
    );
    const hits = await api.get('/api/v1/search?q=ohnename');
    assert.equal(hits.status, 200);
    const hit = hits.body.data.find((x: { id: string }) => x.id === mailOnly.id);
    assert.equal(hit?.title, 'haupt@ohnename.example');
  });

  test('sorted by last name, nameless contacts come first A–Z and last Z–A; lastName.empty finds them', async () => {
    const own = await h.workspace();
    const ids: Record<string, string> = {};
    for (const [key, body] of Object.entries({
      adler: { lastName: 'Adler' },
      mail: { emails: [{ email: 'anonym@example.de' }] },
      zander: { lastName: 'Zander' },
    }))
      ids[key] = (await own.post('/api/v1/contacts', body)).body.id;
    const order = async (query: string) =>
      (await own.get(`/api/v1/contacts?${query}`)).body.data.map((c: { id: string }) => c.id);
    assert.deepEqual(await order('sort=lastName'), [ids.mail, ids.adler, ids.zander]);
    assert.deepEqual(await order('sort=-lastName'), [ids.zander, ids.adler, ids.mail]);
    assert.deepEqual(await order('lastName.empty=true'), [ids.mail]);
  });

  test("a nameless contact's vCard says who it is by its email and imports again without a name", async () => {
    const from = await h.workspace();
    await from.post('/api/v1/contacts', {
      emails: [{ email: 'karte@ohnename.example' }],
      phones: [{ number: '030 1112223' }],
    });
    const card = await h.raw({
      method: 'GET',
      url: '/api/v1/contacts/export?format=vcf',
      headers: { authorization: `Bearer ${from.token}` },
    });
    assert.equal(card.statusCode, 200, card.body);
    assert.match(card.body, /\r\nFN:karte@ohnename\.example\r\n/);
    const to = await h.workspace();
    const up = await to.request('POST', '/api/v1/imports?fileName=kontakte.vcf', card.rawPayload, {
      'content-type': 'application/octet-stream',
    });
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const started = await to.post(`/api/v1/imports/${up.body.id}/start`, {
      recordType: 'contacts',
      mapping: up.body.guessedMapping,
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    for (let i = 0; i < 400 && (await to.get(`/api/v1/imports/${up.body.id}`)).body.status === 'running'; i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    const [contact] = (await to.get('/api/v1/contacts')).body.data;
    assert.deepEqual(
      [contact.firstName, contact.lastName, contact.emails[0].email, contact.phones[0].e164],
      [null, '', 'karte@ohnename.example', '+49301112223'],
    );
  });
});
