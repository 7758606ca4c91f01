// Insecure direct object references beyond what tenancy.test.ts walks: what a user reaches by
// guessing or copying an identifier that is not a record id of their own. Another workspace's
// email attachments (also paired with an email of one's own), document numbers that repeat in
// every workspace, calendar feed addresses, another user's DAV paths and calendar objects; and
// inside one workspace, what belongs to a colleague (private views, reports and dashboards,
// personal templates, mailboxes, app passwords, notifications, the calendar feed, appointments)
// and what an agent or viewer may not do at all (making themselves admin, tokens, settings).
// Last, another workspace's ids inside bodies, and an email sent with them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { acrossWorkspaces } from '../platform/db/maintenance.ts';
import { harness, uniqueEmail, type Client, type Harness } from '../testing/harness.ts';
import { appPassword, davRequest, listening, type DavLogin } from '../testing/dav.ts';
import { mailboxSettings, startMailServers, type MailServers } from '../testing/mail.ts';
import { mailboxOf, messageWithAttachment, storeEmail } from '../testing/storedEmail.ts';

let h: Harness;
let base: string;
/** The attacker's workspace. */
let a: Client;
/** The victim's workspace: its admin, two agents (Xaver attacks Yvonne) and a viewer. */
let b: Client;
let xaver: Client;
let yvonne: Client;
let viewer: Client;

let theirEmail: { emailId: string; attachmentIds: string[] };
let ourEmail: { emailId: string; attachmentIds: string[] };

before(async () => {
  h = await harness();
  base = await listening(h);
  a = await h.workspace('Angreifer GmbH');
  b = await h.workspace('Opfer GmbH');
  xaver = await h.member(b, 'agent');
  yvonne = await h.member(b, 'agent');
  viewer = await h.member(b, 'viewer');
  const message = (subject: string) =>
    messageWithAttachment({ from: 'kunde@kunde.example', to: 'vertrieb@farley.example', subject }, 'Vertrag.pdf');
  theirEmail = await storeEmail(h, await mailboxOf(h, b), message('Geheimer Vertrag'));
  ourEmail = await storeEmail(h, await mailboxOf(h, a), message('Eigener Vertrag'));
});
after(async () => {
  await h.close();
  await mail?.stop();
});

let mail: MailServers | undefined;

const attachmentUrl = (emailId: string, attachmentId: string) =>
  `/api/v1/emails/${emailId}/attachments/${attachmentId}`;

test("another workspace's email attachment is a 404, also paired with an email of one's own", async () => {
  const [theirs] = theirEmail.attachmentIds;
  const [ours] = ourEmail.attachmentIds;
  assert.ok(theirs && ours);
  // B itself downloads it, so the refusals below are about the caller.
  const own = await b.get(attachmentUrl(theirEmail.emailId, theirs));
  assert.equal(own.status, 200);
  assert.equal(own.body, 'Geheime Unterlagen');
  for (const url of [
    attachmentUrl(theirEmail.emailId, theirs),
    attachmentUrl(ourEmail.emailId, theirs),
    attachmentUrl(theirEmail.emailId, ours),
    `/api/v1/emails/${theirEmail.emailId}`,
  ]) {
    const res = await a.get(url);
    assert.equal(res.status, 404, `${url} → ${res.status}`);
    assert.ok(!String(JSON.stringify(res.body)).includes('Geheim'), url);
  }
  // Inside B too, an attachment is found only under its own email.
  assert.equal((await b.get(attachmentUrl(ourEmail.emailId, theirs))).status, 404);
});

test('quote and order numbers repeat in every workspace and find only the own documents', async () => {
  const issue = async (client: Client, subject: string) => {
    const company = (await client.post('/api/v1/companies', { name: `${subject} Kunde` })).body.id;
    const quote = await client.post('/api/v1/quotes', {
      subject,
      companyId: company,
      lines: [{ kind: 'item', name: 'Leistung', quantity: '1', unitPrice: '10.00', vatRate: '19' }],
    });
    assert.equal(quote.status, 201, JSON.stringify(quote.body));
    const issued = await client.post(`/api/v1/quotes/${quote.body.id}/issue`, {});
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.equal((await client.post(`/api/v1/quotes/${quote.body.id}/accept`, {})).status, 200);
    const order = await client.post(`/api/v1/quotes/${quote.body.id}/order`, {});
    assert.equal(order.status, 201, JSON.stringify(order.body));
    return { quote: issued.body, order: order.body };
  };
  const theirs = await issue(b, 'Geheimangebot');
  const ours = await issue(a, 'Eigenes Angebot');
  // Numbers count per workspace: the attacker's first quote has the victim's number.
  assert.equal(ours.quote.number, theirs.quote.number);
  for (const number of [theirs.quote.number, theirs.order.number]) {
    for (const url of [
      `/api/v1/search?q=${encodeURIComponent(number)}`,
      `/api/v1/quotes?q=${encodeURIComponent(number)}`,
      `/api/v1/orders?q=${encodeURIComponent(number)}`,
      '/api/v1/quotes?limit=500',
      '/api/v1/orders?limit=500',
    ]) {
      const res = await a.get(url);
      assert.ok([200, 400].includes(res.status), `${url} → ${res.status}`);
      const text = JSON.stringify(res.body);
      for (const needle of [theirs.quote.id, theirs.order.id, 'Geheimangebot'])
        assert.ok(!text.includes(needle), `${url} shows B's ${needle}`);
    }
  }
  for (const url of [`/api/v1/quotes/${theirs.quote.id}/pdf`, `/api/v1/orders/${theirs.order.id}/pdf`])
    assert.equal((await a.get(url)).status, 404, url);
});

test("a calendar feed's address opens only that feed; forged, re-addressed and revoked ones are 404", async () => {
  const created = await yvonne.post('/api/v1/calendar/feed', {});
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const url = new URL(created.body.url);
  const path = url.pathname;
  const token = decodeURIComponent(
    path
      .split('/')
      .pop()!
      .replace(/\.ics$/, ''),
  );
  assert.equal((await h.raw({ method: 'GET', url: path })).statusCode, 200);
  const [prefix, workspace, id, secret] = token.split('.');
  const feedPath = (value: string) => path.replace(encodeURIComponent(token), encodeURIComponent(value));
  assert.notEqual(feedPath('x'), path, 'the token is the last segment');
  const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
  for (const forged of [
    `${prefix}.${workspace}.${id}.${flipped}`,
    `${prefix}.${a.workspaceId}.${id}.${secret}`,
    `${prefix}.${workspace}.${yvonne.userId}.${secret}`,
    `${prefix}.${workspace}.${id}.`,
    `${prefix}.${workspace}.${id}`,
    `${prefix}.${workspace}.${id}.${secret}.${secret}`,
    `${prefix}.${workspace}.${id}.${secret}%00`,
    `${prefix}.${workspace}.${id}.${secret.toUpperCase()}`,
    // A session or API token is no feed address.
    xaver.token,
  ]) {
    const res = await h.raw({ method: 'GET', url: feedPath(forged) });
    assert.equal(res.statusCode, 404, `${forged} → ${res.statusCode}`);
  }
  // Colleagues cannot end or replace someone else's feed: the feed routes are the caller's own.
  assert.equal((await xaver.delete('/api/v1/calendar/feed')).status, 204);
  assert.equal((await h.raw({ method: 'GET', url: path })).statusCode, 200);
  assert.equal((await yvonne.delete('/api/v1/calendar/feed')).status, 204);
  assert.equal((await h.raw({ method: 'GET', url: path })).statusCode, 404);
});

test("a deactivated user's calendar feed stops serving", async () => {
  const leaving = await h.member(b, 'agent');
  const created = await leaving.post('/api/v1/calendar/feed', {});
  const path = new URL(created.body.url).pathname;
  assert.equal((await h.raw({ method: 'GET', url: path })).statusCode, 200);
  assert.equal((await b.patch(`/api/v1/users/${leaving.userId}`, { active: false })).status, 200);
  assert.equal((await h.raw({ method: 'GET', url: path })).statusCode, 404);
});

test("another user's DAV paths do not exist, and their calendar objects cannot be overwritten", async () => {
  const xLogin = await appPassword(xaver);
  const yLogin = await appPassword(yvonne);
  const aLogin = await appPassword(a);
  const appointment = await yvonne.post('/api/v1/appointments', {
    title: 'Yvonnes Termin',
    startsAt: '2026-03-02T09:00:00Z',
    endsAt: '2026-03-02T10:00:00Z',
  });
  assert.equal(appointment.status, 201, JSON.stringify(appointment.body));
  const { uid, version } = appointment.body;
  const contact = (await yvonne.post('/api/v1/contacts', { lastName: 'Yvonnes Kundin' })).body.id;
  const yPaths = [
    `/dav/principals/${yvonne.userId}/`,
    `/dav/addressbooks/${yvonne.userId}/`,
    `/dav/addressbooks/${yvonne.userId}/contacts/`,
    `/dav/addressbooks/${yvonne.userId}/contacts/${contact}.vcf`,
    `/dav/calendars/${yvonne.userId}/`,
    `/dav/calendars/${yvonne.userId}/appointments/`,
    `/dav/calendars/${yvonne.userId}/appointments/${encodeURIComponent(uid)}.ics`,
    `/dav/calendars/${yvonne.userId.toUpperCase()}/appointments/`,
    `/dav/calendars/%2e%2e/${yvonne.userId}/appointments/`,
    `/dav/calendars/${xaver.userId}/appointments/../../${yvonne.userId}/appointments/`,
  ];
  // Yvonne reaches her own (so the 404s below are about the caller).
  assert.equal((await davRequest(base, yLogin, 'PROPFIND', yPaths[5], undefined, { depth: '1' })).status, 207);
  for (const [login, who] of [
    [xLogin, 'a colleague'],
    [aLogin, 'another workspace'],
  ] as Array<[DavLogin, string]>) {
    for (const path of yPaths) {
      for (const method of ['PROPFIND', 'GET', 'DELETE']) {
        const res = await davRequest(base, login, method, path, undefined, { depth: '1' });
        assert.equal(res.status, 404, `${who}: ${method} ${path} → ${res.status}`);
      }
    }
  }
  // Xaver's own calendar, but Yvonne's appointment's UID: refused, not taken over.
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Angreifer//DE',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260301T000000Z',
    'DTSTART:20260302T090000Z',
    'DTEND:20260302T100000Z',
    'SUMMARY:Übernommen',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const put = await davRequest(
    base,
    xLogin,
    'PUT',
    `/dav/calendars/${xaver.userId}/appointments/${encodeURIComponent(uid)}.ics`,
    ics,
    { 'content-type': 'text/calendar; charset=utf-8' },
  );
  assert.equal(put.status, 403, put.text);
  const removed = await davRequest(
    base,
    xLogin,
    'DELETE',
    `/dav/calendars/${xaver.userId}/appointments/${encodeURIComponent(uid)}.ics`,
  );
  assert.ok([403, 404].includes(removed.status), `DELETE → ${removed.status}`);
  const after = await yvonne.get(`/api/v1/appointments/${appointment.body.id}`);
  assert.equal(after.body.title, 'Yvonnes Termin');
  assert.equal(after.body.version, version);
  // Xaver's email with Yvonne's app password is no sign-in.
  const mixed = {
    ...xLogin,
    authorization: `Basic ${Buffer.from(`${xaver.email}:${yLogin.password}`).toString('base64')}`,
  };
  assert.equal((await davRequest(base, mixed, 'PROPFIND', `/dav/principals/${xaver.userId}/`)).status, 401);
});

test("a colleague's private view, report, dashboard and personal template are 404 on every route", async () => {
  const view = await yvonne.post('/api/v1/views', {
    resource: 'contacts',
    name: 'Yvonnes Sicht',
    shared: false,
    config: { columns: ['lastName'], sort: null, filters: [] },
  });
  const report = await yvonne.post('/api/v1/reports', {
    name: 'Yvonnes Bericht',
    shared: false,
    definition: { type: 'companies', measures: [{ fn: 'count' }], chart: 'number' },
  });
  const dashboard = await yvonne.post('/api/v1/dashboards', {
    name: 'Yvonnes Dashboard',
    shared: false,
    tiles: [{ reportId: report.body.id }],
  });
  const template = await yvonne.post('/api/v1/email-templates', {
    name: 'Yvonnes Vorlage',
    scope: 'personal',
    subject: 'Persönlich',
    body: '<p>Persönlich</p>',
  });
  for (const created of [view, report, dashboard, template])
    assert.equal(created.status, 201, JSON.stringify(created.body));
  const routes: Array<[string, string, unknown?]> = [
    ['GET', `/api/v1/views/${view.body.id}`],
    ['PATCH', `/api/v1/views/${view.body.id}`, { name: 'Übernommen' }],
    ['DELETE', `/api/v1/views/${view.body.id}`],
    ['GET', `/api/v1/reports/${report.body.id}`],
    ['GET', `/api/v1/reports/${report.body.id}/result`],
    ['GET', `/api/v1/reports/${report.body.id}/export?format=csv`],
    ['PATCH', `/api/v1/reports/${report.body.id}`, { name: 'Übernommen' }],
    ['DELETE', `/api/v1/reports/${report.body.id}`],
    ['GET', `/api/v1/dashboards/${dashboard.body.id}`],
    ['GET', `/api/v1/dashboards/${dashboard.body.id}/data`],
    ['PATCH', `/api/v1/dashboards/${dashboard.body.id}`, { name: 'Übernommen' }],
    ['DELETE', `/api/v1/dashboards/${dashboard.body.id}`],
    ['GET', `/api/v1/email-templates/${template.body.id}`],
    ['POST', `/api/v1/email-templates/${template.body.id}/preview`, {}],
    ['PATCH', `/api/v1/email-templates/${template.body.id}`, { name: 'Übernommen' }],
    ['DELETE', `/api/v1/email-templates/${template.body.id}`],
  ];
  for (const client of [xaver, viewer]) {
    for (const [method, url, body] of routes) {
      const res = await client.request(method, url, body);
      assert.ok([403, 404].includes(res.status), `${method} ${url} → ${res.status}`);
      assert.ok(!JSON.stringify(res.body).includes('Yvonnes'), `${method} ${url} shows it`);
    }
    for (const url of [
      '/api/v1/views?limit=500',
      '/api/v1/reports?limit=500',
      '/api/v1/dashboards?limit=500',
      '/api/v1/email-templates?limit=500',
    ])
      assert.ok(!JSON.stringify((await client.get(url)).body).includes('Yvonnes'), url);
  }
  for (const [url, version] of [
    [`/api/v1/views/${view.body.id}`, view.body.version],
    [`/api/v1/reports/${report.body.id}`, report.body.version],
    [`/api/v1/dashboards/${dashboard.body.id}`, dashboard.body.version],
    [`/api/v1/email-templates/${template.body.id}`, template.body.version],
  ]) {
    const mine = await yvonne.get(url);
    assert.equal(mine.status, 200, url);
    assert.equal(mine.body.version, version, `${url} unchanged`);
  }
});

test("a colleague's mailbox and app passwords are 404; revoking one of them revokes nothing", async () => {
  const box = await mailboxOf(h, yvonne, 'Yvonnes Postfach');
  for (const [method, url, body] of [
    ['GET', `/api/v1/mailboxes/${box.id}`],
    ['PATCH', `/api/v1/mailboxes/${box.id}`, { name: 'Übernommen' }],
    ['DELETE', `/api/v1/mailboxes/${box.id}`],
    ['POST', `/api/v1/mailboxes/${box.id}/check`, {}],
    ['GET', `/api/v1/mailboxes/${box.id}/sync`],
    ['POST', `/api/v1/mailboxes/${box.id}/sync`, {}],
    ['GET', `/api/v1/emails?mailboxId=${box.id}`],
    // Sending through a colleague's mailbox, as them.
    [
      'POST',
      '/api/v1/emails',
      { mailboxId: box.id, to: [{ address: 'kunde@kunde.example' }], subject: 'Als Yvonne', html: '<p>x</p>' },
    ],
  ] as Array<[string, string, unknown?]>) {
    const res = await xaver.request(method, url, body);
    assert.equal(res.status, 404, `${method} ${url} → ${res.status}`);
  }
  const login = await appPassword(yvonne, 'Yvonnes Telefon');
  const listed = (await yvonne.get('/api/v1/app-passwords')).body.data as Array<{ id: string; name: string }>;
  const id = listed.find((p) => p.name === 'Yvonnes Telefon')!.id;
  assert.ok(!JSON.stringify((await xaver.get('/api/v1/app-passwords')).body).includes('Yvonnes'));
  assert.equal((await xaver.delete(`/api/v1/app-passwords/${id}`)).status, 404);
  assert.equal((await b.delete(`/api/v1/app-passwords/${id}`)).status, 404, "even an admin's list is their own");
  assert.equal((await davRequest(base, login, 'PROPFIND', `/dav/principals/${yvonne.userId}/`)).status, 207);
  // An app password is no API token, and an API token no app password.
  const asBearer = await h.raw({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: { authorization: `Bearer ${login.password}` },
  });
  assert.equal(asBearer.statusCode, 401);
  const tokenAsPassword = {
    ...login,
    authorization: `Basic ${Buffer.from(`${yvonne.email}:${yvonne.token}`).toString('base64')}`,
  };
  assert.equal((await davRequest(base, tokenAsPassword, 'PROPFIND', `/dav/principals/${yvonne.userId}/`)).status, 401);
});

test("a colleague's notification is neither listed nor marked read", async () => {
  const task = await yvonne.post('/api/v1/tasks', { title: 'Yvonnes Erinnerung' });
  const id = crypto.randomUUID();
  // As the reminder job writes it (the job itself is tested in tasks and notifications tests).
  await acrossWorkspaces(h.ctx.db.owner, (tx) =>
    tx
      .insertInto('notifications')
      .values({
        workspace_id: b.workspaceId,
        id,
        user_id: yvonne.userId,
        kind: 'task_reminder',
        task_id: task.body.id,
        title: 'Yvonnes Erinnerung',
      })
      .execute(),
  );
  assert.ok(JSON.stringify((await yvonne.get('/api/v1/notifications')).body).includes(id));
  for (const client of [xaver, b, a]) {
    assert.ok(!JSON.stringify((await client.get('/api/v1/notifications')).body).includes('Yvonnes'));
    assert.equal((await client.post(`/api/v1/notifications/${id}/read`, {})).status, 404);
    await client.post('/api/v1/notifications/read-all', {});
  }
  const mine = (await yvonne.get('/api/v1/notifications')).body;
  assert.equal(mine.data.find((n: { id: string }) => n.id === id).readAt, null, 'still unread');
});

test("an agent changes no colleague's appointment; a viewer changes nothing", async () => {
  const appointment = await yvonne.post('/api/v1/appointments', {
    title: 'Yvonnes Besprechung',
    startsAt: '2026-03-03T09:00:00Z',
    endsAt: '2026-03-03T10:00:00Z',
  });
  const id = appointment.body.id;
  for (const client of [xaver, viewer]) {
    assert.equal((await client.patch(`/api/v1/appointments/${id}`, { title: 'Übernommen' })).status, 403);
    assert.equal((await client.delete(`/api/v1/appointments/${id}`)).status, 403);
  }
  assert.equal((await yvonne.get(`/api/v1/appointments/${id}`)).body.version, appointment.body.version);
});

test('agents and viewers cannot make themselves admin, mint tokens or change settings', async () => {
  for (const client of [xaver, viewer]) {
    const attempts: Array<[string, string, unknown?]> = [
      ['PATCH', `/api/v1/users/${client.userId}`, { role: 'admin' }],
      ['PATCH', `/api/v1/users/${b.userId}`, { password: 'ein gekapertes Passwort' }],
      ['PATCH', `/api/v1/users/${b.userId}`, { email: uniqueEmail('gekapert') }],
      [
        'POST',
        '/api/v1/users',
        { email: uniqueEmail('neu'), name: 'Neu', role: 'admin', password: 'ein langes Passwort' },
      ],
      ['DELETE', `/api/v1/users/${b.userId}`],
      ['POST', '/api/v1/api-tokens', { name: 'Hintertür' }],
      ['POST', '/api/v1/api-tokens', { name: 'Hintertür', userId: b.userId }],
      ['GET', '/api/v1/api-tokens'],
      ['POST', '/api/v1/teams', { name: 'Übernommen', memberIds: [client.userId] }],
      ['PATCH', '/api/v1/numbering', { quote: 'X-{YYYY}-{NNNN}' }],
      ['PATCH', '/api/v1/letterhead', { companyName: 'Übernommen' }],
      ['PATCH', '/api/v1/calendar/settings', { state: 'BY' }],
      ['POST', '/api/v1/lost-reasons', { name: 'Übernommen' }],
      ['GET', '/api/v1/audit-log'],
      ['PATCH', '/api/v1/sales-settings', { quoteValidityDays: 1 }],
      ['POST', '/api/v1/pipelines', { name: 'Übernommen' }],
    ];
    for (const [method, url, body] of attempts) {
      const res = await client.request(method, url, body);
      assert.equal(res.status, 403, `${client === viewer ? 'viewer' : 'agent'}: ${method} ${url} → ${res.status}`);
    }
  }
  const me = await b.get(`/api/v1/users/${xaver.userId}`);
  assert.equal(me.body.role, 'agent');
  const adminAfter = await b.get(`/api/v1/users/${b.userId}`);
  assert.equal(adminAfter.body.role, 'admin');
  assert.equal(adminAfter.body.email, b.email);
});

test('fields a client may not set are refused, not quietly taken (workspace, id, owner of another workspace)', async () => {
  const foreignOwner = (await a.get('/api/v1/auth/me')).body.user.id;
  const attempts: Array<[string, unknown]> = [
    ['/api/v1/contacts', { lastName: 'Fremd', workspaceId: a.workspaceId }],
    ['/api/v1/contacts', { lastName: 'Fremd', id: '00000000-0000-7000-8000-000000000001' }],
    ['/api/v1/contacts', { lastName: 'Fremd', createdBy: b.userId }],
    ['/api/v1/contacts', { lastName: 'Fremd', version: 99 }],
    ['/api/v1/contacts', { lastName: 'Fremd', ownerId: foreignOwner }],
    ['/api/v1/users', { email: uniqueEmail('x'), name: 'X', role: 'owner', password: 'ein langes Passwort' }],
  ];
  for (const [url, body] of attempts) {
    const res = await b.post(url, body);
    assert.ok([400, 404, 422].includes(res.status), `${url} ${JSON.stringify(body)} → ${res.status}`);
  }
  assert.ok(!JSON.stringify((await a.get('/api/v1/contacts?limit=500')).body).includes('Fremd'));
});

test('ids of another workspace inside a body (bulk, merge, recent views, attendees, tiles, entries) reach nothing', async () => {
  const contact = (await b.post('/api/v1/contacts', { lastName: 'Quittenbaum' })).body;
  const company = (await b.post('/api/v1/companies', { name: 'Quittenhof Körper GmbH' })).body;
  const report = (
    await b.post('/api/v1/reports', {
      name: 'Quittenbericht',
      shared: true,
      definition: { type: 'companies', measures: [{ fn: 'count' }], chart: 'number' },
    })
  ).body;
  const product = (
    await b.post('/api/v1/products', { sku: 'QUITTE-1', name: 'Quittenprodukt', unit: 'piece', listPrice: '10.00' })
  ).body;
  const ourContact = (await a.post('/api/v1/contacts', { lastName: 'Eigene' })).body.id;
  const ourCompany = (await a.post('/api/v1/companies', { name: 'Eigene GmbH' })).body.id;
  const ourList = (await a.post('/api/v1/price-lists', { name: 'Eigene Liste', discountPercent: '1' })).body.id;

  for (const action of [
    { action: 'trash' },
    { action: 'addTag', tag: 'übernommen' },
    { action: 'assignOwner', ownerId: a.userId },
  ]) {
    const res = await a.post('/api/v1/contacts/bulk', { ids: [contact.id], ...action });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.affected, 0);
    assert.deepEqual(res.body.notFound, [contact.id]);
  }
  const attempts: Array<[string, string, unknown]> = [
    ['POST', '/api/v1/contacts/merge', { survivorId: ourContact, mergedIds: [contact.id] }],
    ['POST', '/api/v1/contacts/merge', { survivorId: contact.id, mergedIds: [ourContact] }],
    ['POST', '/api/v1/companies/merge', { survivorId: ourCompany, mergedIds: [company.id] }],
    [
      'POST',
      '/api/v1/appointments',
      {
        title: 'Fremd',
        startsAt: '2026-03-04T09:00:00Z',
        endsAt: '2026-03-04T10:00:00Z',
        attendees: [{ contactId: contact.id }],
      },
    ],
    [
      'POST',
      '/api/v1/appointments',
      {
        title: 'Fremd',
        startsAt: '2026-03-04T09:00:00Z',
        endsAt: '2026-03-04T10:00:00Z',
        attendees: [{ userId: b.userId }],
      },
    ],
    ['PUT', `/api/v1/price-lists/${ourList}/entries/${product.id}`, { price: '1.00' }],
    [
      'POST',
      '/api/v1/orders',
      { orderDate: '2026-03-04', companyId: ourCompany, lines: [{ productId: product.id, quantity: '1' }] },
    ],
  ];
  for (const [method, url, body] of attempts) {
    const res = await a.request(method, url, body);
    assert.ok([400, 404, 422].includes(res.status), `${method} ${url} ${JSON.stringify(body)} → ${res.status}`);
  }
  // A dashboard's tiles are resolved for each viewer, so that a shared dashboard may hold its
  // owner's private report: a tile of a report the viewer cannot see (another workspace's
  // included) is kept, and shows nothing of it.
  const dashboard = await a.post('/api/v1/dashboards', { name: 'Fremd', tiles: [{ reportId: report.id }] });
  assert.ok([201, 404, 422].includes(dashboard.status), JSON.stringify(dashboard.body));
  if (dashboard.status === 201) {
    const data = await a.get(`/api/v1/dashboards/${dashboard.body.id}/data`);
    assert.equal(data.status, 200, JSON.stringify(data.body));
    assert.ok(!JSON.stringify(data.body).includes('Quittenbericht'), JSON.stringify(data.body));
  }
  // A recent view of B's contact may be taken or refused, but never shows B's name to A.
  const recent = await a.post('/api/v1/recent-views', { type: 'contact', id: contact.id });
  assert.ok(recent.status < 500, JSON.stringify(recent.body));
  assert.ok(!JSON.stringify((await a.get('/api/v1/today')).body).includes('Quittenbaum'));

  const after = await b.get(`/api/v1/contacts/${contact.id}`);
  assert.equal(after.status, 200);
  assert.equal(after.body.version, contact.version);
  assert.equal((await b.get(`/api/v1/companies/${company.id}`)).body.version, company.version);
});

test("a dashboard cannot show a colleague's private report", async () => {
  const report = (
    await yvonne.post('/api/v1/reports', {
      name: 'Yvonnes Geheimbericht',
      shared: false,
      definition: { type: 'companies', measures: [{ fn: 'count' }], chart: 'number' },
    })
  ).body;
  const res = await xaver.post('/api/v1/dashboards', {
    name: 'Xavers Dashboard',
    shared: true,
    tiles: [{ reportId: report.id }],
  });
  if (res.status === 201) {
    const data = await xaver.get(`/api/v1/dashboards/${res.body.id}/data`);
    assert.ok(!JSON.stringify(data.body).includes('Yvonnes Geheimbericht'), JSON.stringify(data.body));
    assert.ok(
      !JSON.stringify((await xaver.get(`/api/v1/dashboards/${res.body.id}`)).body).includes('Yvonnes Geheimbericht'),
    );
  } else assert.ok([404, 422].includes(res.status), `${res.status} ${JSON.stringify(res.body)}`);
});

test("an email sent with another workspace's quote, email or records names none of them, and nothing goes out", async () => {
  mail = await startMailServers();
  const address = 'vertrieb@idor-farley.example';
  await mail.addUser(address, 'Postfach-Passwort');
  await mail.append(address, 'Sent', 'Subject: Ordner\r\n\r\nSent anlegen.\r\n');
  const box = await a.post('/api/v1/mailboxes', {
    name: 'Vertrieb',
    ...mailboxSettings(mail, address, 'Postfach-Passwort'),
  });
  assert.equal(box.status, 201, JSON.stringify(box.body));
  const company = (await b.post('/api/v1/companies', { name: 'Pflaumenhof' })).body.id;
  const contact = (await b.post('/api/v1/contacts', { lastName: 'Pflaume' })).body.id;
  const deal = (await b.post('/api/v1/deals', { title: 'Pflaumendeal' })).body.id;
  const quote = (
    await b.post('/api/v1/quotes', {
      subject: 'Pflaumenangebot',
      companyId: company,
      lines: [{ kind: 'item', name: 'Pflaumen', quantity: '1', unitPrice: '10.00', vatRate: '19' }],
    })
  ).body.id;
  assert.equal((await b.post(`/api/v1/quotes/${quote}/issue`, {})).status, 200);
  const base = {
    mailboxId: box.body.id,
    to: [{ address: 'kunde@kunde.example' }],
    subject: 'Fremdbezug',
    html: '<p>Anbei</p>',
  };
  for (const extra of [
    { attachments: [{ quoteId: quote }] },
    { replyToId: theirEmail.emailId },
    { contactIds: [contact] },
    { companyIds: [company] },
    { dealIds: [deal] },
  ]) {
    const res = await a.post('/api/v1/emails', { ...base, ...extra });
    assert.ok([404, 422].includes(res.status), `${JSON.stringify(extra)} → ${res.status} ${JSON.stringify(res.body)}`);
  }
  assert.deepEqual(mail.received, [], 'nothing reached the SMTP server');
});
