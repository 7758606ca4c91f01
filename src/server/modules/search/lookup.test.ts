import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { fixtures } from './search.fixtures.ts';

let h: Harness;
let api: Client;
let contactId: string;
let companyId: string;

async function create(client: Client, path: string, body: object): Promise<string> {
  const res = await client.post(`/api/v1/${path}`, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

const lookup = (client: Client, query: string) => client.get(`/api/v1/lookup?${query}`);
const byPhone = (client: Client, phone: string) => lookup(client, `phone=${encodeURIComponent(phone)}`);

before(async () => {
  h = await harness();
  api = await h.workspace();
  companyId = await create(api, 'companies', {
    name: 'Schröder Logistik GmbH',
    industry: 'Logistik',
    ownerId: api.userId,
    phones: [{ number: '+49 40 5556667' }],
    emails: [{ email: 'zentrale@schroeder-logistik.de' }],
    addresses: [{ city: 'Hamburg' }],
  });
  contactId = await create(api, 'contacts', {
    title: 'Dr.',
    firstName: 'Klara',
    lastName: 'Schröder',
    jobTitle: 'Einkauf',
    lifecycleStage: 'customer',
    ownerId: api.userId,
    phones: [{ number: '+49 30 1234567' }],
    emails: [{ email: 'Klara.Schroeder@Schroeder-Logistik.de' }],
  });
  await api.post(`/api/v1/contacts/${contactId}/affiliations`, {
    companyId,
    jobTitle: 'Leiterin Einkauf',
    buyingRole: 'decision_maker',
  });
  const data = fixtures(h, api);
  await data.deal({ title: 'Rahmenvertrag', contactId, companyId, amount: '12000.50' });
  await data.deal({ title: 'Zusatzlager', contactId, amount: '999.50' });
  await data.deal({ title: 'Schweiz', contactId, amount: '500.00', currency: 'CHF' });
  await data.deal({ title: 'Gewonnen', contactId, amount: '100000.00', status: 'won' });
  await data.deal({ title: 'Ohne Betrag', companyId });
  const trashed = await data.deal({ title: 'Im Papierkorb', contactId, amount: '1.00' });
  await data.trashDeal(trashed);
  await data.task({
    title: 'Rückruf',
    links: [
      { type: 'contact', id: contactId },
      { type: 'company', id: companyId },
    ],
  });
  await data.task({ title: 'Angebot schicken', links: [{ type: 'contact', id: contactId }] });
  await data.task({ title: 'Erledigt', status: 'done', links: [{ type: 'contact', id: contactId }] });
  await data.activity({
    type: 'call',
    subject: 'Erstkontakt',
    occurredAt: '2026-01-10T09:00:00Z',
    links: [{ type: 'contact', id: contactId }],
  });
  await data.activity({
    type: 'email',
    subject: 'Angebot gesendet',
    occurredAt: '2026-02-03T14:30:00Z',
    links: [
      { type: 'contact', id: contactId },
      { type: 'company', id: companyId },
    ],
  });
  await data.activity({
    type: 'note',
    subject: 'Notiz zur Firma',
    occurredAt: '2026-01-20T08:00:00Z',
    links: [{ type: 'company', id: companyId }],
  });
});
after(() => h.close());

describe('lookup', () => {
  test('+49 30 1234567, 030/1234567, 0049 30 1234567 and (030) 123 45 67 find the same contact', async () => {
    for (const phone of [
      '+49 30 1234567',
      '030/1234567',
      '0049 30 1234567',
      '(030) 123 45 67',
      '+49301234567',
      '030-123 45 67',
    ]) {
      const res = await byPhone(api, phone);
      assert.equal(res.status, 200, `${phone}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(
        res.body.data.map((r: { type: string; id: string }) => [r.type, r.id]),
        [['contact', contactId]],
        phone,
      );
    }
  });

  test('an unencoded + in the query string still means a country code', async () => {
    const res = await lookup(api, 'phone=+49%2030%201234567');
    assert.deepEqual(
      res.body.data.map((r: { id: string }) => r.id),
      [contactId],
    );
    const swiss = await create(api, 'contacts', { lastName: 'Zürcher', phones: [{ number: '+41 44 668 18 00' }] });
    const abroad = await lookup(api, 'phone=+41%2044%20668%2018%2000');
    assert.deepEqual(
      abroad.body.data.map((r: { id: string }) => r.id),
      [swiss],
    );
  });

  test('a caller is shown with companies, owner, open deals and tasks and the last activity', async () => {
    const res = await byPhone(api, '030 1234567');
    const [caller] = res.body.data;
    assert.deepEqual(caller, {
      type: 'contact',
      id: contactId,
      name: 'Dr. Klara Schröder',
      emails: ['klara.schroeder@schroeder-logistik.de'],
      phones: ['+49301234567'],
      jobTitle: 'Einkauf',
      lifecycleStage: 'customer',
      companies: [
        {
          id: companyId,
          name: 'Schröder Logistik GmbH',
          jobTitle: 'Leiterin Einkauf',
          buyingRole: 'decision_maker',
          isPrimary: true,
        },
      ],
      owner: { id: api.userId, name: caller.owner.name },
      openDeals: {
        count: 3,
        sum: [
          { amount: '500.00', currency: 'CHF' },
          { amount: '13000.00', currency: 'EUR' },
        ],
      },
      openTasks: 2,
      lastActivity: {
        id: caller.lastActivity.id,
        type: 'email',
        subject: 'Angebot gesendet',
        occurredAt: '2026-02-03T14:30:00.000Z',
      },
    });
    assert.equal(typeof caller.owner.name, 'string');
  });

  test('a company is found by its phone number and email with its own key facts', async () => {
    for (const res of [
      await byPhone(api, '040 5556667'),
      await lookup(api, 'email=ZENTRALE%40schroeder-logistik.de'),
    ]) {
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, [
        {
          type: 'company',
          id: companyId,
          name: 'Schröder Logistik GmbH',
          emails: ['zentrale@schroeder-logistik.de'],
          phones: ['+49405556667'],
          industry: 'Logistik',
          city: 'Hamburg',
          owner: { id: api.userId, name: res.body.data[0].owner.name },
          openDeals: { count: 2, sum: [{ amount: '12000.50', currency: 'EUR' }] },
          openTasks: 1,
          lastActivity: {
            id: res.body.data[0].lastActivity.id,
            type: 'email',
            subject: 'Angebot gesendet',
            occurredAt: '2026-02-03T14:30:00.000Z',
          },
        },
      ]);
    }
  });

  test('callers sharing a number each show their own latest activity, trashed ones left out', async () => {
    const tenant = await h.workspace();
    const data = fixtures(h, tenant);
    const anna = await create(tenant, 'contacts', {
      firstName: 'Anna',
      lastName: 'Adam',
      phones: [{ number: '0221 445566' }],
    });
    const bert = await create(tenant, 'contacts', {
      firstName: 'Bert',
      lastName: 'Bach',
      phones: [{ number: '0221 445566' }],
    });
    const both = [
      { type: 'contact' as const, id: anna },
      { type: 'contact' as const, id: bert },
    ];
    await data.activity({ type: 'call', subject: 'Beide angerufen', occurredAt: '2026-03-01T10:00:00Z', links: both });
    await data.activity({
      type: 'email',
      subject: 'Anna geschrieben',
      occurredAt: '2026-03-05T10:00:00Z',
      links: [both[0]],
    });
    await data.activity({
      type: 'note',
      subject: 'Ältere Notiz zu Anna',
      occurredAt: '2026-02-01T10:00:00Z',
      links: [both[0]],
    });
    const later = await data.activity({
      type: 'note',
      subject: 'Bert, gelöscht',
      occurredAt: '2026-03-09T10:00:00Z',
      links: [both[1]],
    });
    assert.equal((await tenant.delete(`/api/v1/activities/${later}`)).status, 204);
    const res = await byPhone(tenant, '0221 445566');
    const subjects = Object.fromEntries(
      res.body.data.map((r: { id: string; lastActivity: { subject: string } }) => [r.id, r.lastActivity.subject]),
    );
    assert.deepEqual(subjects, { [anna]: 'Anna geschrieben', [bert]: 'Beide angerufen' });
  });

  test('an email is found whatever its capitals', async () => {
    for (const email of [
      'klara.schroeder@schroeder-logistik.de',
      'Klara.Schroeder@SCHROEDER-LOGISTIK.DE',
      ' klara.schroeder@schroeder-logistik.de ',
    ]) {
      const res = await lookup(api, `email=${encodeURIComponent(email)}`);
      assert.deepEqual(
        res.body.data.map((r: { id: string }) => r.id),
        [contactId],
        email,
      );
    }
  });

  test('contacts and companies sharing a number are all returned, contacts first', async () => {
    const tenant = await h.workspace();
    const company = await create(tenant, 'companies', { name: 'Zentrale AG', phones: [{ number: '089 998877' }] });
    const first = await create(tenant, 'contacts', { lastName: 'Bauer', phones: [{ number: '+49 89 998877' }] });
    const second = await create(tenant, 'contacts', { lastName: 'Adler', phones: [{ number: '089/99 88 77' }] });
    const res = await byPhone(tenant, '089 998877');
    assert.deepEqual(
      res.body.data.map((r: { id: string }) => r.id),
      [second, first, company],
    );
    const bare = res.body.data.find((r: { id: string }) => r.id === first);
    assert.deepEqual(
      [bare.owner, bare.openDeals, bare.openTasks, bare.lastActivity, bare.companies],
      [null, { count: 0, sum: [] }, 0, null, []],
    );
  });

  test('nobody with that number or address gives empty data', async () => {
    assert.deepEqual((await byPhone(api, '+49 30 7654321')).body, { data: [] });
    assert.deepEqual((await lookup(api, 'email=niemand%40example.de')).body, { data: [] });
  });

  test('a trashed contact is not found by lookup, and is again once restored', async () => {
    const id = await create(api, 'contacts', {
      lastName: 'Weg',
      phones: [{ number: '0221 4455667' }],
      emails: [{ email: 'weg@example.de' }],
    });
    await api.delete(`/api/v1/contacts/${id}`);
    assert.deepEqual((await byPhone(api, '0221 4455667')).body.data, []);
    assert.deepEqual((await lookup(api, 'email=weg%40example.de')).body.data, []);
    await api.post(`/api/v1/contacts/${id}/restore`);
    assert.deepEqual(
      (await byPhone(api, '0221 4455667')).body.data.map((r: { id: string }) => r.id),
      [id],
    );
  });

  test('another workspace finds nothing of this one', async () => {
    const other = await h.workspace();
    assert.deepEqual((await byPhone(other, '030 1234567')).body.data, []);
    assert.deepEqual((await lookup(other, 'email=klara.schroeder%40schroeder-logistik.de')).body.data, []);
  });

  test('neither, both, an unreadable phone or an invalid email is a 400 with a clear message', async () => {
    const cases: Array<[string, string]> = [
      ['', 'query'],
      ['phone=030%201234567&email=a%40b.de', 'query'],
      ['phone=hello', 'query.phone'],
      ['phone=12', 'query.phone'],
      ['phone=%2B49%201', 'query.phone'],
      ['phone=', 'query.phone'],
      ['email=not-an-email', 'query.email'],
      ['name=Schr%C3%B6der', 'query.name'],
    ];
    for (const [query, path] of cases) {
      const res = await lookup(api, query);
      assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok(
        res.body.errors?.some((e: { path: string }) => e.path === path),
        `${query}: ${JSON.stringify(res.body)}`,
      );
    }
    const unreadable = await lookup(api, 'phone=hello');
    assert.match(unreadable.body.detail, /not a phone number/);
  });

  test('a viewer may look up callers', async () => {
    const viewer = await h.member(api, 'viewer');
    const res = await byPhone(viewer, '030/1234567');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.data.map((r: { id: string }) => r.id),
      [contactId],
    );
  });
});
