// Erasure (GDPR Art. 17) through the HTTP API against real PostgreSQL and a real mail server:
// after it, no table of the workspace holds the person's name, address or number, their mail
// files are gone, and with "anonymise" the revenue linked to them is unchanged.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { mailboxSettings, rawMessage, startMailServers, type MailServers } from '../../testing/mail.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { filePath } from '../../platform/files.ts';
import { syncMailbox } from '../emails/emails.sync.ts';

let h: Harness;
let mail: MailServers;
let admin: Client;
const user = 'jonas@vertrieb-privacy.example';
let mailboxId: string;
let colleague: string;
let company: string;

/** A person with a name and address found nowhere else, and everything a CRM keeps about them. */
async function person(first: string, last: string) {
  const email = `${first}.${last}@kundenpost.example`.toLowerCase();
  const phone = `+49 30 5550 ${String(1000 + Math.floor(Math.random() * 8999))}`;
  const created = await admin.post('/api/v1/contacts', {
    firstName: first,
    lastName: last,
    emails: [{ email }],
    phones: [{ number: phone }],
    addresses: [{ street: 'Lindenallee 7', postalCode: '10115', city: 'Berlin', country: 'DE' }],
    birthday: '1980-04-12',
    jobTitle: 'Einkaufsleitung',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id: string = created.body.id;
  assert.equal((await admin.post(`/api/v1/contacts/${id}/affiliations`, { companyId: company })).status, 201);
  await admin.patch(`/api/v1/contacts/${id}`, { jobTitle: 'Leitung Einkauf' }, { 'if-match': '"1"' });
  const solo = await admin.post('/api/v1/activities', {
    type: 'note',
    subject: `Gespräch mit ${first} ${last}`,
    body: `${last} wünscht Rückruf unter ${phone}.`,
    contactIds: [id],
  });
  assert.equal(solo.status, 201, JSON.stringify(solo.body));
  const shared = await admin.post('/api/v1/activities', {
    type: 'meeting',
    subject: 'Jahresgespräch',
    body: `Teilnehmer: ${first} ${last} und Bruno Hering.`,
    contactIds: [id, colleague],
  });
  assert.equal(shared.status, 201, JSON.stringify(shared.body));
  const task = await admin.post('/api/v1/tasks', { title: `${last} Unterlagen schicken`, contactIds: [id] });
  assert.equal(task.status, 201, JSON.stringify(task.body));
  const deal = await admin.post('/api/v1/deals', {
    title: `Rahmenvertrag ${last}`,
    contactId: id,
    amount: { amount: '5000.00', currency: 'EUR' },
  });
  assert.equal(deal.status, 201, JSON.stringify(deal.body));
  const order = await admin.post('/api/v1/orders', {
    companyId: company,
    contactId: id,
    orderDate: '2026-03-02',
    netTotal: '1234.50',
  });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  const appointment = await admin.post('/api/v1/appointments', {
    title: `Besuch bei ${first} ${last}`,
    startsAt: '2026-12-10T09:00:00.000Z',
    endsAt: '2026-12-10T10:00:00.000Z',
    attendees: [{ contactId: id }],
    contactIds: [id],
  });
  assert.equal(appointment.status, 201, JSON.stringify(appointment.body));
  const boundary = `grenze-${last}`;
  await mail.append(
    user,
    'INBOX',
    rawMessage(
      {
        From: `${first} ${last} <${email}>`,
        To: user,
        Subject: `Anfrage von ${last}`,
        'Message-ID': `<anfrage-${last}@kundenpost.example>`,
        Date: 'Tue, 03 Nov 2026 09:15:00 +0100',
        'MIME-Version': '1.0',
        'Content-Type': `multipart/mixed; boundary="${boundary}"`,
      },
      [
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Guten Tag, hier ${first} ${last}, erreichbar unter ${phone}.`,
        `--${boundary}`,
        'Content-Type: text/plain; name="lebenslauf.txt"',
        'Content-Disposition: attachment; filename="lebenslauf.txt"',
        '',
        `Lebenslauf ${first} ${last}`,
        `--${boundary}--`,
      ].join('\n'),
    ),
  );
  const outcome = await syncMailbox(h.ctx, admin.workspaceId, mailboxId);
  assert.equal(outcome.ran, true, JSON.stringify(outcome));
  const files = await acrossWorkspaces(h.ctx.db.owner, async (tx) => {
    const rows = await sql<{ sha: string }>`
      select raw_sha256 as sha from emails where workspace_id = ${admin.workspaceId} and subject = ${`Anfrage von ${last}`}
      union all select a.sha256 from email_attachments a join emails e on e.workspace_id = a.workspace_id and e.id = a.email_id
       where e.workspace_id = ${admin.workspaceId} and e.subject = ${`Anfrage von ${last}`}`.execute(tx);
    return rows.rows.map((r) => r.sha);
  });
  assert.equal(files.length, 2, 'the mail was stored with its raw file and attachment');
  return { id, email, phone, deal: deal.body.id, order: order.body.id, files, needles: [last, email, phone] };
}

/** Rows of any table of the workspace whose text holds one of the needles (a row as text holds every column). */
async function rowsHolding(needles: string[]): Promise<string[]> {
  return acrossWorkspaces(h.ctx.db.owner, async (tx) => {
    const tables = await sql<{ table_name: string }>`
      select c.table_name from information_schema.columns c
        join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
       where c.table_schema = 'public' and c.column_name = 'workspace_id' and t.table_type = 'BASE TABLE'`.execute(tx);
    const found: string[] = [];
    const patterns = needles.flatMap((n) => [`%${n}%`, `%${n.replace(/\s+/g, '')}%`, `%${n.toLowerCase()}%`]);
    for (const { table_name } of tables.rows) {
      const { rows } = await sql<{ row: string }>`
        select t::text as row from ${sql.table(table_name)} t
         where t.workspace_id = ${admin.workspaceId} and t::text ilike any(${patterns}::text[])`.execute(tx);
      for (const row of rows) found.push(`${table_name}: ${row.row.slice(0, 300)}`);
    }
    return found;
  });
}

before(async () => {
  [h, mail] = await Promise.all([harness(), startMailServers()]);
  await mail.addUser(user, 'Winter-Passwort');
  await mail.append(user, 'Sent', 'Subject: Ordner\r\n\r\nSent anlegen.\r\n');
  admin = await h.workspace('Privat Vertrieb');
  company = (await admin.post('/api/v1/companies', { name: 'Kesselhaus Brauerei GmbH' })).body.id;
  colleague = (await admin.post('/api/v1/contacts', { firstName: 'Bruno', lastName: 'Hering' })).body.id;
  const created = await admin.post('/api/v1/mailboxes', {
    name: 'Jonas',
    ...mailboxSettings(mail, user, 'Winter-Passwort'),
    syncSince: '2026-01-01',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  mailboxId = created.body.id;
});
after(async () => {
  await h?.close();
  await mail?.stop();
});

describe('erasure', () => {
  test('delete: nothing of the person is left in any table, in search, lookup or the mail files', async () => {
    const p = await person('Ottilie', 'Quastenflosser');
    assert.ok((await rowsHolding(p.needles)).length > 5, 'the person is stored in many places before');
    const erased = await admin.post(`/api/v1/contacts/${p.id}/erasure`, { mode: 'delete' });
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
    assert.equal(erased.body.activitiesDeleted >= 1, true, JSON.stringify(erased.body));
    assert.equal(erased.body.emailsDeleted, 1);
    assert.equal(erased.body.blocked, 2);
    assert.deepEqual(await rowsHolding(p.needles), []);
    assert.equal((await admin.get(`/api/v1/contacts/${p.id}`)).status, 404);
    assert.equal((await admin.get('/api/v1/search?q=Quastenflosser')).body.data.length, 0);
    assert.equal((await admin.get(`/api/v1/lookup?email=${encodeURIComponent(p.email)}`)).body.data.length, 0);
    assert.equal((await admin.get(`/api/v1/lookup?phone=${encodeURIComponent(p.phone)}`)).body.data.length, 0);
    for (const sha of p.files) assert.equal(existsSync(filePath(h.ctx.config.dataDir, sha)), false, sha);
    // The shared meeting stays for the colleague, without the person.
    const timeline = await admin.get(`/api/v1/contacts/${colleague}/timeline?types=activity`);
    const meeting = timeline.body.data.find((e: { subject: string }) => e.subject === 'Jahresgespräch');
    assert.ok(meeting, JSON.stringify(timeline.body));
    // Deal and order stay, without the contact; the log says who erased and when, nothing more.
    const deal = await admin.get(`/api/v1/deals/${p.deal}`);
    assert.equal(deal.body.contactId, null);
    assert.equal(deal.body.amount.amount, '5000.00');
    const log = await admin.get(`/api/v1/audit-log?recordType=contact&recordId=${p.id}`);
    const entry = log.body.data[0];
    assert.deepEqual(
      [entry.action, entry.actorId, entry.changes.erasure],
      ['delete', admin.userId, [null, 'delete (request)']],
    );
    assert.ok(log.body.data.slice(1).every((e: { changes: object }) => !JSON.stringify(e.changes).includes('Ottilie')));
    // Their next mail stays out of the CRM: neither stored nor offered as an unknown sender.
    await mail.append(
      user,
      'INBOX',
      rawMessage(
        {
          From: `Ottilie Quastenflosser <${p.email}>`,
          To: user,
          Subject: 'Noch eine Frage',
          Date: 'Wed, 04 Nov 2026 10:00:00 +0100',
        },
        'Hallo, hier nochmal Ottilie Quastenflosser.',
      ),
    );
    assert.equal((await syncMailbox(h.ctx, admin.workspaceId, mailboxId)).ran, true);
    assert.deepEqual(await rowsHolding(p.needles), []);
  });

  test('anonymise: the record stays as Anonymisiert with its revenue; no personal data is left', async () => {
    const p = await person('Wendelin', 'Zaunkoenigsberg');
    const ordersBefore = (await admin.get(`/api/v1/orders?contactId=${p.id}`)).body.data;
    const erased = await admin.post(`/api/v1/contacts/${p.id}/erasure`, { mode: 'anonymise' });
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
    assert.equal(erased.body.emailsKept, 1);
    assert.deepEqual(await rowsHolding(p.needles), []);
    const contact = (await admin.get(`/api/v1/contacts/${p.id}`)).body;
    assert.deepEqual(
      [contact.firstName, contact.lastName, contact.emails, contact.phones, contact.birthday],
      [null, 'Anonymisiert', [], [], null],
    );
    const ordersAfter = (await admin.get(`/api/v1/orders?contactId=${p.id}`)).body.data;
    assert.deepEqual(
      ordersAfter.map((o: { id: string; netTotal: string }) => [o.id, o.netTotal]),
      ordersBefore.map((o: { id: string; netTotal: string }) => [o.id, o.netTotal]),
    );
    assert.equal((await admin.get(`/api/v1/deals/${p.deal}`)).body.contactId, p.id);
    // The timeline stays, with the name replaced; the raw mail file and their attachment are gone.
    const timeline = await admin.get(`/api/v1/contacts/${p.id}/timeline?types=activity`);
    assert.ok(
      timeline.body.data.some((e: { subject: string }) => e.subject === 'Gespräch mit [anonymisiert]'),
      JSON.stringify(timeline.body.data.map((e: { subject: string }) => e.subject)),
    );
    for (const sha of p.files) assert.equal(existsSync(filePath(h.ctx.config.dataDir, sha)), false, sha);
  });

  test('an erased email or phone cannot come back by API or import until an admin unblocks it', async () => {
    const p = await person('Kunigunde', 'Brombeerstrauch');
    assert.equal((await admin.post(`/api/v1/contacts/${p.id}/erasure`, { mode: 'delete' })).status, 200);
    const again = await admin.post('/api/v1/contacts', { lastName: 'Neu', emails: [{ email: p.email.toUpperCase() }] });
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.equal(again.body.code, 'blocked_value');
    assert.equal(again.body.errors[0].path, 'emails.0.email');
    const byPhone = await admin.post('/api/v1/contacts', { lastName: 'Neu', phones: [{ number: p.phone }] });
    assert.equal(byPhone.body.code, 'blocked_value');
    const other = await admin.post('/api/v1/contacts', {
      lastName: 'Neu',
      emails: [{ email: 'ganz.anders@kundenpost.example' }],
    });
    assert.equal(other.status, 201);
    const patched = await admin.patch(
      `/api/v1/contacts/${other.body.id}`,
      { emails: [{ email: p.email }] },
      { 'if-match': '"1"' },
    );
    assert.equal(patched.body.code, 'blocked_value');

    const csv = `Vorname;Nachname;E-Mail\nKunigunde;Brombeerstrauch;${p.email}\nLotte;Sauerampfer;lotte.sauerampfer@kundenpost.example\n`;
    const upload = await admin.request('POST', '/api/v1/imports?fileName=kunden.csv', csv, {
      'content-type': 'text/csv',
    });
    assert.equal(upload.status, 201, JSON.stringify(upload.body));
    const started = await admin.post(`/api/v1/imports/${upload.body.id}/start`, {
      recordType: 'contacts',
      mapping: { firstName: 'Vorname', lastName: 'Nachname', email: 'E-Mail' },
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    let run = started.body;
    for (let i = 0; i < 400 && run.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      run = (await admin.get(`/api/v1/imports/${upload.body.id}`)).body;
    }
    assert.equal(run.created, 1, JSON.stringify(run));
    assert.equal(run.failed, 1, JSON.stringify(run));
    const problem = run.errors.find((e: { line: number }) => e.line === 2);
    assert.equal(problem?.code, 'blocked_value', JSON.stringify(run.errors));

    const entries = await admin.get(`/api/v1/blocked-values?value=${encodeURIComponent(p.email)}`);
    assert.equal(entries.body.data.length, 1);
    assert.equal(JSON.stringify((await admin.get('/api/v1/blocked-values')).body).includes(p.email), false);
    assert.equal((await admin.delete(`/api/v1/blocked-values/${entries.body.data[0].id}`)).status, 204);
    const back = await admin.post('/api/v1/contacts', { lastName: 'Brombeerstrauch', emails: [{ email: p.email }] });
    assert.equal(back.status, 201, JSON.stringify(back.body));
  });

  test('a contact under a legal hold is not erased; lifting the hold allows it', async () => {
    const held = (await admin.post('/api/v1/contacts', { firstName: 'Hubertus', lastName: 'Aktenzeichen' })).body.id;
    const put = await admin.put(`/api/v1/legal-holds/contact/${held}`, { reason: 'Rechtsstreit Az. 12 O 345/26' });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const refused = await admin.post(`/api/v1/contacts/${held}/erasure`, { mode: 'delete' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'legal_hold');
    assert.equal((await admin.get(`/api/v1/contacts/${held}`)).status, 200);
    assert.equal((await admin.get(`/api/v1/legal-holds?recordType=contact&recordId=${held}`)).body.data.length, 1);
    assert.equal((await admin.delete(`/api/v1/legal-holds/contact/${held}`)).status, 204);
    assert.equal((await admin.post(`/api/v1/contacts/${held}/erasure`, { mode: 'delete' })).status, 200);
  });

  test('only admins erase; a manager may set a legal hold', async () => {
    const manager = await h.member(admin, 'manager');
    const id = (await admin.post('/api/v1/contacts', { lastName: 'Rollenprobe' })).body.id;
    assert.equal((await manager.post(`/api/v1/contacts/${id}/erasure`, { mode: 'delete' })).status, 403);
    assert.equal((await manager.put(`/api/v1/legal-holds/contact/${id}`, { reason: 'Prüfung' })).status, 200);
    assert.equal((await manager.get('/api/v1/blocked-values')).status, 403);
  });
});
