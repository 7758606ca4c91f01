// Header injection: text a user or a customer chose (a report's or appointment's title, a
// numbering pattern, an attachment's file name, an email's subject, a recipient's or user's
// name) ends up in HTTP headers (Content-Disposition of downloads), in iCalendar lines and in
// the headers of mail sent by SMTP. CR and LF in it must never start a header or line of their
// own, and must not make the server fail (Node refuses such a header with an exception: a 500).
// Server-side redirects point only at fixed paths of the app.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { harness, type Client, type Harness } from '../testing/harness.ts';
import { mailboxSettings, startMailServers, type MailServers } from '../testing/mail.ts';
import { mailboxOf, messageWithAttachment, storeEmail } from '../testing/storedEmail.ts';

let h: Harness;
let mail: MailServers;
let admin: Client;
let mailboxId: string;

/** What an attacker puts into a name that ends up in a header. */
const split = 'Angebot"\r\nSet-Cookie: gekapert=1\r\nX-Injected: 1\r\n\r\n<script>x</script>';
const mailAddress = 'vertrieb@injection-farley.example';

before(async () => {
  [h, mail] = await Promise.all([harness(), startMailServers()]);
  admin = await h.workspace('Kopfzeilen GmbH');
  await mail.addUser(mailAddress, 'Postfach-Passwort');
  await mail.append(mailAddress, 'Sent', 'Subject: Ordner\r\n\r\nSent anlegen.\r\n');
  const box = await admin.post('/api/v1/mailboxes', {
    name: 'Vertrieb',
    ...mailboxSettings(mail, mailAddress, 'Postfach-Passwort'),
  });
  assert.equal(box.status, 201, JSON.stringify(box.body));
  mailboxId = box.body.id;
});
after(async () => {
  await h.close();
  await mail.stop();
});

/** A download's headers: one Content-Disposition, no line breaks, nothing smuggled in. */
function assertOneHeader(res: { status: number; headers: Record<string, unknown> }, what: string) {
  assert.equal(res.status, 200, what);
  const disposition = res.headers['content-disposition'];
  assert.equal(typeof disposition, 'string', `${what}: one Content-Disposition`);
  assert.doesNotMatch(disposition as string, /[\r\n]/, what);
  // The quoted file name ends where the header says: no quote of the name closes it early.
  assert.match(disposition as string, /^(attachment|inline); filename="[^"\\]*"(; filename\*=UTF-8''[^\s";]+)?$/, what);
  assert.equal(res.headers['set-cookie'], undefined, `${what}: set a cookie`);
  assert.equal(res.headers['x-injected'], undefined, `${what}: a header of its own`);
}

test("a report's name with CR/LF stays inside its export's Content-Disposition", async () => {
  const report = await admin.post('/api/v1/reports', {
    name: split,
    shared: true,
    definition: { type: 'companies', measures: [{ fn: 'count' }], chart: 'number' },
  });
  assert.equal(report.status, 201, JSON.stringify(report.body));
  for (const format of ['csv', 'xlsx'])
    assertOneHeader(await admin.get(`/api/v1/reports/${report.body.id}/export?format=${format}`), `report ${format}`);
});

test("an appointment's title with CR/LF stays inside its .ics name, and inside its SUMMARY line", async () => {
  const appointment = await admin.post('/api/v1/appointments', {
    title: `${split}\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:eingeschleust\r\nSUMMARY:Fremd`,
    location: 'Raum 1\r\nATTENDEE:mailto:fremd@evil.example',
    startsAt: '2026-03-02T09:00:00Z',
    endsAt: '2026-03-02T10:00:00Z',
  });
  assert.equal(appointment.status, 201, JSON.stringify(appointment.body));
  const ics = await admin.get(`/api/v1/appointments/${appointment.body.id}/ics`);
  assertOneHeader(ics, '.ics');
  const calendar = new ICAL.Component(ICAL.parse(String(ics.body)));
  const events = calendar.getAllSubcomponents('vevent');
  assert.equal(events.length, 1, 'one event, none smuggled in');
  assert.equal(events[0].getFirstPropertyValue('uid'), appointment.body.uid);
  assert.equal(events[0].getAllProperties('attendee').length, 0);
  assert.match(String(events[0].getFirstPropertyValue('summary')), /END:VEVENT/, 'the title kept as text');
});

test('a numbering pattern with CR/LF does not reach the PDF headers', async () => {
  const patched = await admin.patch('/api/v1/numbering', { patterns: { quote: 'AN"\r\nX-Injected: 1 {YYYY}-{NNNN}' } });
  // Refused, or taken: either way the PDF's name below must hold.
  assert.ok([200, 400, 422].includes(patched.status), JSON.stringify(patched.body));
  const company = (await admin.post('/api/v1/companies', { name: 'Kunde' })).body.id;
  const quote = await admin.post('/api/v1/quotes', {
    subject: split,
    companyId: company,
    lines: [{ kind: 'item', name: split, quantity: '1', unitPrice: '10.00', vatRate: '19' }],
  });
  assert.equal(quote.status, 201, JSON.stringify(quote.body));
  assert.equal((await admin.post(`/api/v1/quotes/${quote.body.id}/issue`, {})).status, 200);
  assertOneHeader(await admin.get(`/api/v1/quotes/${quote.body.id}/pdf`), 'quote PDF');
});

test("an attachment's file name from a customer's mail, with CR/LF and quotes, stays inside its header", async () => {
  const names = [
    split,
    'a\r\nb.pdf',
    'rechnung".exe',
    '..\\..\\etc\\passwd',
    'x;filename=evil.html',
    '\u0000.pdf',
    'ä\u2028ö.pdf',
  ];
  const box = await mailboxOf(h, admin);
  for (const name of names) {
    const stored = await storeEmail(
      h,
      box,
      messageWithAttachment({ from: 'kunde@kunde.example', to: box.address, subject: 'Anhang' }, name),
    );
    const [attachment] = stored.attachmentIds;
    assert.ok(attachment, JSON.stringify(name));
    const res = await admin.get(`/api/v1/emails/${stored.emailId}/attachments/${attachment}`);
    assertOneHeader(res, JSON.stringify(name));
    assert.match(String(res.headers['content-disposition']), /^attachment;/, 'never inline');
  }
});

test('subjects, names and file names with CR/LF sent by SMTP add no header and no recipient', async () => {
  const renamed = await admin.patch(`/api/v1/users/${admin.userId}`, { name: 'Lena\r\nBcc: chef@evil.example' });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  const marker = `Kopfzeile-${Date.now()}`;
  const res = await admin.post('/api/v1/emails', {
    mailboxId,
    to: [{ address: 'kunde@kunde.example', name: 'Kunde\r\nBcc: spion@evil.example' }],
    subject: `${marker}\r\nBcc: spion@evil.example\r\nX-Injected: 1`,
    html: '<p>Guten Tag</p>',
    attachments: [
      {
        filename: 'Liste\r\nX-Injected: 1.txt',
        contentType: 'text/plain\r\nX-Injected: 1',
        content: Buffer.from('Inhalt').toString('base64'),
      },
    ],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const received = await mail.waitForMessage(
    (m) => m.raw.toString().includes('Kopfzeile-') || m.to.includes('kunde@kunde.example'),
  );
  assert.deepEqual(received.to, ['kunde@kunde.example'], 'the envelope has no smuggled recipient');
  const raw = received.raw.toString();
  for (const line of raw.split('\r\n'))
    assert.doesNotMatch(line, /^(Bcc|X-Injected|Set-Cookie):/i, `a header of its own: ${line}`);
  // As a mail program reads it: one recipient, no Bcc, the hostile text kept as text.
  const parsed = await simpleParser(received.raw);
  assert.equal(parsed.bcc, undefined);
  assert.equal(parsed.headers.has('x-injected'), false);
  const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
  assert.deepEqual(
    to.flatMap((t) => t?.value.map((v) => v.address) ?? []),
    ['kunde@kunde.example'],
  );
  assert.deepEqual(
    parsed.from?.value.map((v) => v.address),
    [mailAddress],
  );
  assert.match(parsed.subject ?? '', new RegExp(`^${marker}`));
  assert.equal(parsed.attachments.length, 1);
});

test('the API docs drop a query, which Swagger UI would read as part of its path', async () => {
  const hops = async (url: string) => {
    const seen = [url];
    for (let i = 0; i < 5; i++) {
      const res = await h.raw({ method: 'GET', url: seen.at(-1)! });
      if (res.statusCode !== 302) return { seen, final: res };
      seen.push(res.headers.location as string);
    }
    throw new Error(`a redirect loop: ${seen.join(' → ')}`);
  };
  const page = await hops('/api/docs/?tag=contacts');
  assert.deepEqual(page.seen, ['/api/docs/?tag=contacts', '/api/docs/']);
  assert.equal(page.final.statusCode, 200);
  assert.match(page.final.headers['content-type'] as string, /text\/html/);
  // The plugin's own redirect once sent this address to itself, for ever.
  const index = await hops('/api/docs/static/index.html?x=1');
  assert.equal(index.final.statusCode, 200, index.seen.join(' → '));
  assert.equal(index.seen.at(-1), '/api/docs/');
  const json = await hops('/api/docs/json?x=1');
  assert.equal(json.final.json().info.title, 'Farley API');
});

test('server-side redirects go to fixed paths of the app, whatever the request holds', async () => {
  const urls = [
    '/.well-known/caldav',
    '/.well-known/carddav',
    '/.well-known/caldav?next=https://evil.example',
    '/.well-known/caldav?%0d%0aLocation:%20https://evil.example',
    '/.well-known/carddav/%0d%0aSet-Cookie:x=1',
    '//evil.example/',
    '//evil.example/%2e%2e',
    '/\\evil.example',
    '/api/docs',
    '/api/docs?url=https://evil.example',
    '/api/docs/?url=https://evil.example',
    '/api/docs/static/index.html?x=%0d%0aLocation:%20https://evil.example',
    '/sign-in?next=//evil.example',
    '/%2F%2Fevil.example',
  ];
  let redirects = 0;
  for (const url of urls) {
    const res = await h.raw({ method: 'GET', url });
    assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`);
    const location = res.headers.location;
    if (location === undefined) continue;
    redirects += 1;
    assert.equal(typeof location, 'string', url);
    assert.match(location as string, /^\/(?![/\\])[^\r\n]*$/, `${url} → Location ${location}`);
    assert.equal(res.headers['set-cookie'], undefined, url);
  }
  assert.ok(redirects >= 4, `${redirects} redirects seen`);
});
