// With workspace A's credentials, no endpoint reads, lists, searches, looks up, changes or
// deletes anything of workspace B. Every route of the OpenAPI document is called with B's
// ids; lists, search and lookup are searched for B's data; references to B's records are
// refused; and afterwards B's records are exactly as they were.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../testing/harness.ts';
import { acrossWorkspaces } from '../platform/db/maintenance.ts';
import { seal } from '../platform/secrets.ts';

let h: Harness;
let a: Client;
let b: Client;
/** B's records by the first path segment of their resource. */
const theirs: Record<string, string> = {};
let theirAffiliation: string;
const versions = new Map<string, number>();
/** B's suggested next action (not a record with a version: checked apart). */
let theirAction = '';
/** Strings that exist only in workspace B. */
const secrets = {
  name: 'Zwetschgenbaum',
  email: 'geheim.zwetschgenbaum@b.example',
  phone: '+49 89 5550 1234',
  company: 'Quittenhof Geheim GmbH',
};
const ours: Record<string, string> = {};
let ourLostStage: string;

async function created(client: Client, path: string, body: unknown): Promise<string> {
  const res = await client.post(path, body);
  assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

before(async () => {
  h = await harness();
  a = await h.workspace('A');
  b = await h.workspace('B');
  theirs.companies = await created(b, '/api/v1/companies', {
    name: secrets.company,
    phones: [{ number: '+49 89 5550 9999' }],
  });
  theirs.contacts = await created(b, '/api/v1/contacts', {
    firstName: 'Gisela',
    lastName: secrets.name,
    emails: [{ email: secrets.email }],
    phones: [{ number: secrets.phone }],
  });
  theirAffiliation = await created(b, `/api/v1/contacts/${theirs.contacts}/affiliations`, {
    companyId: theirs.companies,
    buyingRole: 'decision_maker',
  });
  theirs.pipelines = await created(b, '/api/v1/pipelines', {
    name: 'Geheime Pipeline',
    stages: [
      { name: 'Offen', probability: 20, kind: 'open' },
      { name: 'Gewonnen', probability: 100, kind: 'won' },
      { name: 'Verloren', probability: 0, kind: 'lost' },
    ],
  });
  theirs.deals = await created(b, '/api/v1/deals', {
    title: 'Geheimer Deal',
    companyId: theirs.companies,
    contactId: theirs.contacts,
    amount: { amount: '5000.00', currency: 'EUR' },
  });
  theirs.activities = await created(b, '/api/v1/activities', {
    type: 'call',
    subject: 'Geheimes Gespräch',
    contactIds: [theirs.contacts],
    companyIds: [theirs.companies],
    dealIds: [theirs.deals],
  });
  theirs.tasks = await created(b, '/api/v1/tasks', { title: 'Geheime Aufgabe', contactIds: [theirs.contacts] });
  theirs.users = await created(b, '/api/v1/users', {
    email: `geheim-${Date.now()}@b.example`,
    name: 'Geheime Kollegin',
    role: 'agent',
    password: 'correct horse battery',
  });
  theirs.teams = await created(b, '/api/v1/teams', { name: 'Geheimes Team', memberIds: [theirs.users] });
  theirs['api-tokens'] = await created(b, '/api/v1/api-tokens', { name: 'Geheimer Token' });
  theirs.views = await created(b, '/api/v1/views', {
    resource: 'contacts',
    name: 'Geheime Sicht',
    shared: true,
    config: { columns: ['lastName'], sort: null, filters: [] },
  });
  theirs['lost-reasons'] = await created(b, '/api/v1/lost-reasons', { name: 'Geheimer Grund' });
  theirs.products = await created(b, '/api/v1/products', {
    sku: 'GEHEIM-1',
    name: 'Geheimes Produkt',
    unit: 'piece',
    listPrice: '10.00',
  });
  theirs['price-lists'] = await created(b, '/api/v1/price-lists', { name: 'Geheime Preisliste', discountPercent: '7' });
  // The letterhead is one per workspace: B's holds a secret, A has a logo of its own to fetch.
  await b.patch('/api/v1/letterhead', { companyName: secrets.company, iban: 'DE89 3704 0044 0532 0130 00' });
  await a.request('PUT', '/api/v1/letterhead/logo', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), {
    'content-type': 'image/jpeg',
  });
  theirs.quotes = await created(b, '/api/v1/quotes', {
    subject: 'Geheimes Angebot',
    companyId: theirs.companies,
    lines: [{ kind: 'item', name: 'Geheime Leistung', quantity: '1', unitPrice: '10.00', vatRate: '19' }],
  });
  theirs.orders = await created(b, '/api/v1/orders', {
    companyId: theirs.companies,
    orderDate: '2026-01-02',
    externalNumber: 'GEHEIM-1',
    netTotal: '10.00',
  });
  theirs.reports = await created(b, '/api/v1/reports', {
    name: 'Geheimer Bericht',
    shared: true,
    definition: { type: 'companies', measures: [{ fn: 'count' }], chart: 'number' },
  });
  theirs.dashboards = await created(b, '/api/v1/dashboards', {
    name: 'Geheimes Dashboard',
    shared: true,
    tiles: [{ reportId: theirs.reports }],
  });
  theirs['email-templates'] = await created(b, '/api/v1/email-templates', {
    name: 'Geheime Vorlage',
    scope: 'workspace',
    subject: 'Geheim: {{deal.title}}',
    body: '<p>{{contact.salutation}}</p><p>Geheimer Text</p>',
  });
  // A mailbox of B's, stored directly: connecting one through the API needs mail servers, and
  // every mailbox route must refuse A before it would talk to one.
  theirs.appointments = await created(b, '/api/v1/appointments', {
    title: 'Geheimer Termin',
    startsAt: '2026-03-02T09:00:00Z',
    endsAt: '2026-03-02T10:00:00Z',
    rrule: 'FREQ=WEEKLY;COUNT=3',
    attendees: [{ contactId: theirs.contacts }],
  });
  theirs.mailboxes = crypto.randomUUID();
  await acrossWorkspaces(h.ctx.db.owner, (tx) =>
    tx
      .insertInto('mailboxes')
      .values({
        workspace_id: b.workspaceId,
        id: theirs.mailboxes,
        owner_id: b.userId,
        name: 'Geheimes Postfach',
        address: 'geheim@b.example',
        imap_host: 'imap.b.example',
        imap_port: 993,
        imap_security: 'tls',
        imap_username: 'geheim@b.example',
        imap_password: seal(h.ctx.secrets, 'Geheim'),
        smtp_host: 'smtp.b.example',
        smtp_port: 465,
        smtp_security: 'tls',
        smtp_username: 'geheim@b.example',
        smtp_password: seal(h.ctx.secrets, 'Geheim'),
      })
      .execute(),
  );
  // Both run the analyses: B's results hold B's customers; A's latest run must show none of them.
  assert.equal((await b.post('/api/v1/analytics/runs', {})).status, 201);
  assert.equal((await a.post('/api/v1/analytics/runs', {})).status, 201);
  for (const [resource, id] of Object.entries(theirs))
    versions.set(resource, (await b.get(`/api/v1/${resource}/${id}`)).body.version);
  // B's only customer is an A customer without email or phone: a suggestion to complete it.
  theirAction = (await b.get('/api/v1/next-actions')).body.data[0].id;
  ours.companies = await created(a, '/api/v1/companies', { name: 'Eigene GmbH' });
  ours.contacts = await created(a, '/api/v1/contacts', { lastName: 'Eigener' });
  ours.deals = await created(a, '/api/v1/deals', { title: 'Eigener Deal' });
  const pipeline = (await a.get('/api/v1/pipelines?isDefault=true')).body.data[0];
  ourLostStage = pipeline.stages.find((s: { kind: string }) => s.kind === 'lost').id;
});
after(() => h.close());

/** A body that passes validation, so that only the workspace decides the answer. */
const bodies: Record<string, unknown> = {
  companies: { name: 'Übernommen' },
  contacts: { lastName: 'Übernommen' },
  deals: { title: 'Übernommen' },
  pipelines: { name: 'Übernommen' },
  activities: { subject: 'Übernommen' },
  tasks: { title: 'Übernommen' },
  teams: { name: 'Übernommen' },
  users: { name: 'Übernommen' },
  'api-tokens': { name: 'Übernommen' },
  views: { name: 'Übernommen' },
  'lost-reasons': { name: 'Übernommen' },
  products: { name: 'Übernommen' },
  'price-lists': { name: 'Übernommen' },
  quotes: { subject: 'Übernommen' },
  orders: { status: 'cancelled' },
  reports: { name: 'Übernommen' },
  dashboards: { name: 'Übernommen' },
  mailboxes: { name: 'Übernommen' },
  'email-templates': { name: 'Übernommen' },
  appointments: { title: 'Übernommen' },
};

function bodyFor(method: string, path: string): unknown {
  if (path.endsWith('/affiliations/{affiliationId}')) return { jobTitle: 'Übernommen' };
  if (path.endsWith('/affiliations')) return { companyId: ours.companies };
  if (path.endsWith('/links')) return { type: 'contact', id: ours.contacts };
  if (path.endsWith('/entries/{productId}') && method === 'put') return { price: '1.00' };
  if (/\/imports\/\{id\}\/(preview|start)$/.test(path) && method === 'post')
    return { recordType: 'contacts', mapping: {} };
  if (path.endsWith('/next-actions/{id}/decision')) return { status: 'dismissed' };
  if (path.endsWith('/potential') && method === 'put') return { amount: '1.00', basis: 'Übernommen' };
  if (path.endsWith('/next-actions/{id}/task')) return { title: 'Übernommen' };
  if (path.endsWith('/email-templates/{id}/preview')) return {};
  if (path.endsWith('/occurrences/{recurrenceId}')) return { title: 'Übernommen' };
  if (path.endsWith('/erasure')) return { mode: 'delete' };
  if (path.endsWith('/legal-holds/{type}/{recordId}') && method === 'put') return { reason: 'Übernommen' };
  if (path.endsWith('/retention-rules/{id}') && method === 'put')
    return { recordType: 'contact', months: 24, action: 'anonymise' };
  if (path.endsWith('/consents') && method === 'post') return { purpose: 'newsletter', method: 'form' };
  if (path.endsWith('/restriction') && method === 'put') return { reason: 'Übernommen' };
  if (method === 'patch') return bodies[path.split('/')[3]];
  return undefined;
}

test("every route that names one of B's records answers A with 404", async () => {
  const doc = (await h.raw({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  let checked = 0;
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (!path.includes('{')) continue;
    // An external number names no record of B's: A's push makes A's own order (the test below).
    if (path.endsWith('/by-external-number/{externalNumber}')) continue;
    // A feed's address is its secret, not a record id (appointments.test.ts tries forged ones).
    if (path.endsWith('/calendar/feeds/{token}')) continue;
    for (const method of Object.keys(operations)) {
      const resource = path.split('/')[3];
      const url = path
        .replace('{id}', resource === 'next-actions' ? theirAction : (theirs[resource] ?? theirs.contacts))
        .replace('{affiliationId}', theirAffiliation)
        .replace('{type}', 'contact')
        .replace('{recordId}', theirs.contacts)
        .replace('{productId}', theirs.products)
        .replace('{attachmentId}', theirs.contacts)
        .replace('{recurrenceId}', '2026-03-09T09:00:00.000Z');
      assert.doesNotMatch(url, /\{/, `${path}: a parameter this test does not know`);
      // A route whose query has a required member is asked with it, so that the answer is about the record.
      const query = method === 'get' && path.endsWith('/imports/{id}/preview') ? '?recordType=contacts' : '';
      const res = await a.request(method.toUpperCase(), url + query, bodyFor(method, path));
      assert.equal(res.status, 404, `${method.toUpperCase()} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      checked++;
    }
  }
  assert.ok(checked >= 30, `${checked} routes checked`);
});

test("an order pushed by external number is the pusher's own; B's order with that number is untouched", async () => {
  const pushed = await a.put('/api/v1/orders/by-external-number/GEHEIM-1', {
    companyId: ours.companies,
    orderDate: '2026-01-03',
    netTotal: '1.00',
  });
  assert.equal(pushed.status, 201, JSON.stringify(pushed.body));
  assert.notEqual(pushed.body.id, theirs.orders);
  const theirOrder = await b.get(`/api/v1/orders/${theirs.orders}`);
  assert.equal(theirOrder.body.netTotal, '10.00');
  assert.equal(theirOrder.body.version, versions.get('orders'));
});

test('B itself finds its data through search and lookup (so the checks below can fail)', async () => {
  assert.ok((await b.get(`/api/v1/search?q=${secrets.name}`)).body.data.length > 0);
  assert.ok((await b.get(`/api/v1/lookup?phone=${encodeURIComponent(secrets.phone)}`)).body.data.length > 0);
  assert.ok((await b.get(`/api/v1/lookup?email=${encodeURIComponent(secrets.email)}`)).body.data.length > 0);
  assert.ok(JSON.stringify((await b.get('/api/v1/contacts?limit=500')).body).includes(secrets.name));
});

test('lists, search, lookup and filters show A nothing of B', async () => {
  const doc = (await h.raw({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  const needles = [...Object.values(theirs), theirAffiliation, secrets.name, secrets.email, secrets.company, 'Geheim'];
  const urls = Object.entries(doc.paths)
    .filter(
      ([path, ops]) =>
        !path.includes('{') && 'get' in ops && !path.startsWith('/api/v1/search') && !path.startsWith('/api/v1/lookup'),
    )
    .map(([path]) => `${path}?limit=500`);
  urls.push(
    `/api/v1/search?q=${secrets.name}`,
    '/api/v1/search?q=zwetschgenbaum',
    `/api/v1/search?q=${encodeURIComponent(secrets.company)}`,
    '/api/v1/search?q=Geheim',
    `/api/v1/lookup?phone=${encodeURIComponent(secrets.phone)}`,
    '/api/v1/lookup?phone=089%2055501234',
    `/api/v1/lookup?email=${encodeURIComponent(secrets.email)}`,
    `/api/v1/contacts?q=${secrets.name}`,
    `/api/v1/contacts?trashed=true`,
    `/api/v1/contacts?email.has=${secrets.email}`,
    `/api/v1/activities?contactId=${theirs.contacts}`,
    `/api/v1/tasks?contactId=${theirs.contacts}`,
    `/api/v1/deals?companyId=${theirs.companies}`,
    `/api/v1/deals?pipelineId=${theirs.pipelines}`,
    `/api/v1/audit-log?recordType=contact&recordId=${theirs.contacts}`,
    `/api/v1/teams?memberId=${theirs.users}`,
    '/api/v1/views',
    '/api/v1/views?resource=contacts',
  );
  for (const url of urls) {
    const res = await a.get(url);
    assert.ok(res.status === 200 || res.status === 400, `${url} → ${res.status} ${JSON.stringify(res.body)}`);
    const text = JSON.stringify(res.body);
    for (const needle of needles) assert.ok(!text.includes(needle), `${url} shows B's ${needle}`);
  }
});

test("A cannot point its own records at B's", async () => {
  const attempts: Array<[string, string, unknown]> = [
    ['POST', '/api/v1/deals', { title: 'Fremdbezug', companyId: theirs.companies }],
    ['POST', '/api/v1/deals', { title: 'Fremdbezug', contactId: theirs.contacts }],
    ['POST', '/api/v1/deals', { title: 'Fremdbezug', pipelineId: theirs.pipelines }],
    ['POST', '/api/v1/activities', { type: 'note', contactIds: [theirs.contacts] }],
    ['POST', '/api/v1/activities', { type: 'note', dealIds: [theirs.deals] }],
    ['POST', '/api/v1/tasks', { title: 'Fremdbezug', companyIds: [theirs.companies] }],
    ['POST', '/api/v1/tasks', { title: 'Fremdbezug', assigneeId: theirs.users }],
    ['POST', '/api/v1/teams', { name: 'Fremdbezug', memberIds: [theirs.users] }],
    ['POST', '/api/v1/api-tokens', { name: 'Fremdbezug', userId: theirs.users }],
    ['POST', '/api/v1/companies', { name: 'Fremdbezug', parentCompanyId: theirs.companies }],
    ['POST', '/api/v1/contacts', { lastName: 'Fremdbezug', ownerId: theirs.users }],
    ['POST', `/api/v1/contacts/${ours.contacts}/affiliations`, { companyId: theirs.companies }],
    ['PATCH', `/api/v1/deals/${ours.deals}`, { companyId: theirs.companies }],
    ['POST', '/api/v1/deals', { title: 'Fremdgrund', stageId: ourLostStage, lostReasonId: theirs['lost-reasons'] }],
    ['PATCH', `/api/v1/companies/${ours.companies}`, { parentCompanyId: theirs.companies }],
    ['PATCH', `/api/v1/companies/${ours.companies}`, { priceListId: theirs['price-lists'] }],
    ['POST', '/api/v1/contacts', { lastName: 'Fremdliste', priceListId: theirs['price-lists'] }],
    ['POST', '/api/v1/quotes', { subject: 'Fremdbezug', companyId: theirs.companies }],
    [
      'POST',
      '/api/v1/email-templates/preview',
      { subject: 'x', body: '{{contact.lastName}}', contactId: theirs.contacts },
    ],
    [
      'POST',
      '/api/v1/email-templates/preview',
      { subject: 'x', body: '{{company.name}}', companyId: theirs.companies },
    ],
    ['POST', '/api/v1/email-templates/preview', { subject: 'x', body: '{{deal.title}}', dealId: theirs.deals }],
    ['POST', '/api/v1/quotes', { subject: 'Fremdbezug', companyId: ours.companies, dealId: theirs.deals }],
    [
      'POST',
      '/api/v1/quotes',
      {
        subject: 'Fremdprodukt',
        companyId: ours.companies,
        lines: [{ kind: 'item', productId: theirs.products, quantity: '1' }],
      },
    ],
  ];
  for (const [method, url, body] of attempts) {
    const res = await a.request(method, url, body);
    assert.ok([404, 422].includes(res.status), `${method} ${url} ${JSON.stringify(body)} → ${res.status}`);
  }
});

test("afterwards every record of B is unchanged and B's audit log shows no one from A", async () => {
  for (const [resource, id] of Object.entries(theirs)) {
    const res = await b.get(`/api/v1/${resource}/${id}`);
    assert.equal(res.status, 200, `${resource} still there`);
    assert.equal(res.body.version, versions.get(resource), `${resource} unchanged`);
  }
  const actions = (await b.get('/api/v1/next-actions')).body.data as Array<{ id: string; status: string }>;
  assert.deepEqual(
    actions.map((action) => [action.id, action.status]),
    [[theirAction, 'open']],
  );
  const affiliation = await b.get(`/api/v1/contacts/${theirs.contacts}/affiliations/${theirAffiliation}`);
  assert.equal(affiliation.status, 200);
  const links = await b.get(`/api/v1/activities/${theirs.activities}`);
  assert.deepEqual(links.body.contactIds, [theirs.contacts]);
  const audit = await b.get('/api/v1/audit-log?limit=500');
  assert.ok(audit.body.data.length > 0);
  assert.ok(audit.body.data.every((entry: { actorId: string | null }) => entry.actorId !== a.userId));
});
