// The access export (GDPR Art. 15/20) of a seeded person, unzipped and checked: every kind of
// data Farley keeps about them is in it, with the files, a readable summary, and an audit entry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { mailboxSettings, rawMessage, startMailServers, type MailServers } from '../../testing/mail.ts';
import { syncMailbox } from '../emails/emails.sync.ts';

let h: Harness;
let mail: MailServers;
let dataDir: string;
let admin: Client;
let contactId: string;

const user = 'vertrieb@baumschule-lind.example';
const attachment = 'Pflanzliste Frühjahr: 12 Obstbäume, 40 Hainbuchen';

const created = async (res: Promise<{ status: number; body: any }>) => {
  const { status, body } = await res;
  assert.ok(status === 201 || status === 200, JSON.stringify(body));
  return body;
};

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-personal-data-'));
  [h, mail] = await Promise.all([harness({ env: { FARLEY_DATA_DIR: dataDir } }), startMailServers()]);
  await mail.addUser(user, 'geheim');
  await mail.append(user, 'Sent', 'Subject: Ordner\r\n\r\nSent anlegen.\r\n');
  admin = await h.workspace('Baumschule Lind');
  const contact = await created(
    admin.post('/api/v1/contacts', {
      salutation: 'Frau',
      firstName: 'Katrin',
      lastName: 'Seidel',
      emails: [{ email: 'katrin.seidel@gartenbau-seidel.example' }],
      phones: [{ number: '0711 4455667' }],
      addresses: [{ street: 'Am Weinberg 3', postalCode: '70191', city: 'Stuttgart' }],
    }),
  );
  contactId = contact.id;
  const company = await created(admin.post('/api/v1/companies', { name: 'Gartenbau Seidel GmbH' }));
  await created(admin.post(`/api/v1/contacts/${contactId}/affiliations`, { companyId: company.id }));
  await created(
    admin.post('/api/v1/activities', {
      type: 'call',
      subject: 'Beratung Heckenpflanzen',
      direction: 'inbound',
      occurredAt: '2026-10-05T09:00:00Z',
      contactIds: [contactId],
    }),
  );
  await created(admin.post('/api/v1/tasks', { title: 'Pflanzplan schicken', contactIds: [contactId] }));
  await created(admin.post('/api/v1/deals', { title: 'Hecke Firmengelände', contactId }));
  await created(
    admin.post('/api/v1/appointments', {
      title: 'Vor-Ort-Termin Stuttgart',
      startsAt: '2026-11-10T09:00:00Z',
      endsAt: '2026-11-10T10:00:00Z',
      attendees: [{ contactId }],
    }),
  );
  await created(
    admin.post(`/api/v1/contacts/${contactId}/consents`, {
      purpose: 'newsletter',
      method: 'form',
      wording: 'Ich möchte den Gartenbrief per E-Mail erhalten.',
    }),
  );
  const box = await created(
    admin.post('/api/v1/mailboxes', {
      name: 'Vertrieb',
      ...mailboxSettings(mail, user, 'geheim'),
      syncSince: '2026-01-01',
    }),
  );
  const boundary = 'grenze-4711';
  await mail.append(
    user,
    'INBOX',
    rawMessage(
      {
        From: 'Katrin Seidel <katrin.seidel@gartenbau-seidel.example>',
        To: user,
        Subject: 'Pflanzliste für das Frühjahr',
        'Message-ID': '<pflanzliste@gartenbau-seidel.example>',
        Date: 'Mon, 02 Nov 2026 08:30:00 +0100',
        'MIME-Version': '1.0',
        'Content-Type': `multipart/mixed; boundary="${boundary}"`,
      },
      [
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Guten Morgen, anbei unsere Liste.',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8; name="pflanzliste.txt"',
        'Content-Disposition: attachment; filename="pflanzliste.txt"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(attachment).toString('base64'),
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    ),
  );
  const outcome = await syncMailbox(h.ctx, admin.workspaceId, box.id);
  assert.ok(outcome.ran && outcome.folders[0].stored === 1, JSON.stringify(outcome));
});
after(async () => {
  await h.close();
  await mail.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function download(client: Client, language = 'en') {
  return h.app.inject({
    method: 'GET',
    url: `/api/v1/contacts/${contactId}/personal-data?language=${language}`,
    headers: { authorization: `Bearer ${client.token}` },
  });
}

const read = async (zip: JSZip, name: string) => {
  const file = zip.file(name);
  assert.ok(file, `${name} is in the export`);
  return JSON.parse(await file.async('string'));
};

describe('access export (GDPR Art. 15/20)', () => {
  test('the ZIP holds everything about the person, the files and a readable summary', async () => {
    const res = await download(admin);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.match(String(res.headers['content-disposition']), /Personal%20data%20Katrin%20Seidel/);
    const zip = await JSZip.loadAsync(res.rawPayload);

    const contact = await read(zip, 'contact.json');
    assert.equal(contact.id, contactId);
    assert.equal(contact.emails[0].email, 'katrin.seidel@gartenbau-seidel.example');
    const companies = await read(zip, 'companies.json');
    assert.equal(companies[0].company.name, 'Gartenbau Seidel GmbH');
    const consents = await read(zip, 'consents.json');
    assert.equal(consents.history[0].wording, 'Ich möchte den Gartenbrief per E-Mail erhalten.');
    const emails = await read(zip, 'emails.json');
    assert.deepEqual(
      emails.map((e: { subject: string }) => e.subject),
      ['Pflanzliste für das Frühjahr'],
    );
    const activities = await read(zip, 'activities.json');
    const subjects = activities.map((a: { subject: string }) => a.subject);
    assert.ok(subjects.includes('Beratung Heckenpflanzen'), JSON.stringify(subjects));
    const tasks = await read(zip, 'tasks.json');
    assert.deepEqual(
      tasks.map((t: { title: string }) => t.title),
      ['Pflanzplan schicken'],
    );
    const appointments = await read(zip, 'appointments.json');
    assert.equal(appointments[0].title, 'Vor-Ort-Termin Stuttgart');
    const deals = await read(zip, 'deals.json');
    assert.equal(deals[0].title, 'Hecke Firmengelände');
    assert.deepEqual(await read(zip, 'quotes.json'), []);
    assert.deepEqual(await read(zip, 'orders.json'), []);
    const audit = await read(zip, 'audit.json');
    assert.ok(audit.some((e: { action: string }) => e.action === 'create'));

    const files = await read(zip, 'files.json');
    assert.equal(files.length, 1);
    assert.match(files[0].path, /^files\/emails\/.+pflanzliste\.txt$/);
    assert.equal(await zip.file(files[0].path)?.async('string'), attachment);

    const summary = await zip.file('summary.html')?.async('string');
    assert.match(summary ?? '', /Access to the personal data we store/);
    assert.match(summary ?? '', /Katrin Seidel/);
    assert.match(summary ?? '', /Pflanzliste für das Frühjahr/);
  });

  test('the summary is German when asked, and the export is in the audit log', async () => {
    const res = await download(admin, 'de');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const summary = (await zip.file('summary.html')?.async('string')) ?? '';
    assert.match(summary, /Auskunft über gespeicherte personenbezogene Daten/);
    assert.match(summary, /<html lang="de">/);
    const log = await admin.get('/api/v1/audit-log?recordType=export');
    const entry = log.body.data.find(
      (e: { changes: Record<string, unknown[]> }) => e.changes.kind?.[1] === 'personal_data',
    );
    assert.ok(entry, JSON.stringify(log.body.data));
    assert.equal(entry.changes.contactId[1], contactId);
    assert.equal(entry.actorId, admin.userId);
  });

  test('agents may not export, and an unknown contact is 404', async () => {
    const agent = await h.member(admin, 'agent');
    assert.equal((await download(agent)).statusCode, 403);
    const missing = await h.app.inject({
      method: 'GET',
      url: '/api/v1/contacts/0190c0de-0000-7000-8000-000000000000/personal-data',
      headers: { authorization: `Bearer ${admin.token}` },
    });
    assert.equal(missing.statusCode, 404);
  });
});
