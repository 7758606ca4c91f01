// The sync of a mailbox against a real Dovecot: what the CRM keeps (mail with a known
// participant, nothing else), where it shows (the timelines of the contact, the company and the
// open deal), threads, machine mail, odd charsets and broken messages, and that a second run
// reads only what is new.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { mailboxSettings, rawMessage, startMailServers, type MailServers } from '../../testing/mail.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import crypto from 'node:crypto';
import { putFile } from '../../platform/files.ts';
import { syncMailbox } from './emails.sync.ts';

let h: Harness;
let mail: MailServers;
let admin: Client;
const user = 'anna@kunde-farley.example';
const password = 'Postfach-Passwort';
let mailboxId: string;
let contactId: string;
let companyId: string;
let dealId: string;

let counter = 0;
function fromCustomer(
  subject: string,
  extra: Record<string, string> = {},
  body = 'Guten Tag Frau Berger,\nbitte um Rückruf.',
) {
  counter++;
  return rawMessage(
    {
      From: 'Jonas Weber <jonas.weber@weber-bau.example>',
      To: `Anna Berger <${user}>`,
      Subject: subject,
      Date: new Date(Date.UTC(2026, 10, 1, 9, counter)).toUTCString(),
      'Message-ID': `<m${counter}.${Date.now()}@weber-bau.example>`,
      'Content-Type': 'text/plain; charset=utf-8',
      ...extra,
    },
    body,
  );
}

async function sync() {
  const outcome = await syncMailbox(h.ctx, admin.workspaceId, mailboxId);
  assert.equal(outcome.ran, true, JSON.stringify(outcome));
  return outcome;
}

async function emails() {
  return acrossWorkspaces(h.ctx.db.owner, (tx) =>
    tx.selectFrom('emails').selectAll().where('workspace_id', '=', admin.workspaceId).orderBy('sent_at').execute(),
  );
}

before(async () => {
  [h, mail] = await Promise.all([harness(), startMailServers()]);
  await mail.addUser(user, password);
  await mail.append(user, 'Sent', 'Subject: Ordner\r\n\r\nSent anlegen.\r\n');
  admin = await h.workspace('Berger Beratung');
  companyId = (
    await admin.post('/api/v1/companies', { name: 'Weber Bau GmbH', website: 'https://www.weber-bau.example' })
  ).body.id;
  contactId = (
    await admin.post('/api/v1/contacts', {
      firstName: 'Jonas',
      lastName: 'Weber',
      emails: [{ email: 'Jonas.Weber@weber-bau.example' }],
    })
  ).body.id;
  await admin.post(`/api/v1/contacts/${contactId}/affiliations`, { companyId });
  const deal = await admin.post('/api/v1/deals', { title: 'Neubau Lager', contactId, companyId });
  assert.equal(deal.status, 201, JSON.stringify(deal.body));
  dealId = deal.body.id;
  const created = await admin.post('/api/v1/mailboxes', {
    name: 'Anna',
    ...mailboxSettings(mail, user, password),
    syncSince: '2026-01-01',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  mailboxId = created.body.id;
});
after(async () => {
  await h?.close();
  await mail?.stop();
});

describe('mailbox sync', () => {
  test('keeps mail with a known participant on the timelines, and nothing else', async () => {
    await mail.append(user, 'INBOX', fromCustomer('Angebot Lagerhalle'));
    await mail.append(
      user,
      'INBOX',
      rawMessage(
        { From: 'newsletter@shop.example', To: user, Subject: 'Rabatt!', 'Message-ID': '<n1@shop.example>' },
        'Nur heute.',
      ),
    );
    await mail.append(
      user,
      'INBOX',
      rawMessage(
        { From: 'kollege@kunde-farley.example', To: user, Subject: 'Mittag?', 'Message-ID': '<k1@x.example>' },
        'Kantine um 12?',
      ),
    );
    // The company's domain is enough: a colleague of the contact the CRM does not know yet.
    await mail.append(
      user,
      'INBOX',
      rawMessage(
        { From: 'einkauf@weber-bau.example', To: user, Subject: 'Rechnung', 'Message-ID': '<e1@weber-bau.example>' },
        'Anbei.',
      ),
    );
    const outcome = await sync();
    assert.ok(outcome.ran);
    const stored = await emails();
    assert.deepEqual(stored.map((e) => e.subject).sort(), ['Angebot Lagerhalle', 'Rechnung']);
    const offer = stored.find((e) => e.subject === 'Angebot Lagerhalle')!;
    assert.equal(offer.direction, 'inbound');
    assert.match(offer.text_body, /bitte um Rückruf/);

    for (const path of [`/api/v1/contacts/${contactId}/timeline`, `/api/v1/deals/${dealId}/timeline`]) {
      const timeline = await admin.get(path);
      assert.equal(timeline.status, 200);
      const entry = timeline.body.data.find((e: { subject?: string }) => e.subject === 'Angebot Lagerhalle');
      assert.ok(entry, `${path}: ${JSON.stringify(timeline.body.data)}`);
      assert.equal(entry.type, 'email');
      assert.equal(entry.direction, 'inbound');
    }
    const company = await admin.get(`/api/v1/companies/${companyId}/timeline`);
    assert.deepEqual(
      company.body.data
        .filter((e: { kind: string }) => e.kind === 'activity')
        .map((e: { subject?: string }) => e.subject)
        .sort(),
      ['Angebot Lagerhalle', 'Rechnung'],
    );
  });

  test('a second run reads only what is new, and a reply joins its thread', async () => {
    const first = (await emails()).find((e) => e.subject === 'Angebot Lagerhalle')!;
    const before = (await emails()).length;
    const again = await sync();
    assert.ok(again.ran && again.folders.every((f) => f.seen === 0), JSON.stringify(again));
    assert.equal((await emails()).length, before);

    await mail.append(
      user,
      'Sent',
      rawMessage(
        {
          From: `Anna Berger <${user}>`,
          To: 'jonas.weber@weber-bau.example',
          Subject: 'Re: Angebot Lagerhalle',
          'Message-ID': '<antwort1@kunde-farley.example>',
          'In-Reply-To': `<${first.message_id}>`,
          References: `<${first.message_id}>`,
          Date: new Date(Date.UTC(2026, 10, 2, 8)).toUTCString(),
        },
        'Gern, ich rufe morgen an.',
      ),
    );
    const next = await sync();
    assert.ok(next.ran);
    assert.deepEqual(
      next.folders.map((f) => [f.path, f.seen, f.stored]),
      [
        ['INBOX', 0, 0],
        ['Sent', 1, 1],
      ],
    );
    const reply = (await emails()).find((e) => e.message_id === 'antwort1@kunde-farley.example')!;
    assert.equal(reply.direction, 'outbound');
    assert.equal(reply.thread_id, first.thread_id);
  });

  test('odd charsets, quoted-printable umlauts and broken MIME are read or kept with a reason', async () => {
    await mail.append(
      user,
      'INBOX',
      Buffer.from(
        fromCustomer(
          '=?ISO-8859-1?Q?Gr=FC=DFe_aus_M=FCnchen?=',
          { 'Content-Type': 'text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding': 'quoted-printable' },
          'Sch=F6ne Gr=FC=DFe, die Ma=DFe stimmen.',
        ),
        'latin1',
      ),
    );
    await mail.append(
      user,
      'INBOX',
      Buffer.concat([
        Buffer.from(
          fromCustomer(
            'Windows-Zeichen',
            { 'Content-Type': 'text/plain; charset=windows-1252', 'Content-Transfer-Encoding': '8bit' },
            '',
          ).slice(0, -2),
        ),
        Buffer.from([0x84, 0x47, 0x75, 0x74, 0x93, 0x20, 0x80, 0x20, 0x35, 0x30, 0x0d, 0x0a]),
      ]),
    );
    await mail.append(
      user,
      'INBOX',
      fromCustomer(
        'Kaputt',
        { 'Content-Type': 'multipart/mixed; boundary="nie-geschlossen"' },
        '--nie-geschlossen\nContent-Type: text/plain\n\nTeil ohne Ende',
      ),
    );
    await mail.append(user, 'INBOX', fromCustomer('Lange Kopfzeile', { 'X-Riesig': 'x'.repeat(200_000) }, 'Kurz.'));
    const outcome = await sync();
    assert.ok(outcome.ran);
    const stored = await emails();
    const subject = (s: string) => stored.find((e) => e.subject === s);
    assert.match(subject('Grüße aus München')?.text_body ?? '', /Schöne Grüße, die Maße stimmen/);
    assert.match(subject('Windows-Zeichen')?.text_body ?? '', /„Gut“ € 50/);
    assert.ok(subject('Kaputt'), 'a message with an unclosed multipart is kept');
    assert.ok(subject('Lange Kopfzeile'));
  });

  test('a NUL byte in a text part does not stop it, and a message that failed before is read by the next run', async () => {
    await mail.append(
      user,
      'INBOX',
      Buffer.concat([
        Buffer.from(fromCustomer('Binärmüll', { 'Content-Transfer-Encoding': '8bit' }, 'vorher').slice(0, -2)),
        Buffer.from([0x00, 0x6e, 0x61, 0x63, 0x68, 0x0d, 0x0a]),
      ]),
    );
    // A message an earlier run could not store: kept raw in the file store, its failure in the log.
    const raw = Buffer.from(fromCustomer('Nachgeholt', {}, 'Beim ersten Mal nicht gelesen.'));
    const sha = await putFile(h.ctx.config.dataDir, raw);
    await acrossWorkspaces(h.ctx.db.owner, (tx) =>
      tx
        .insertInto('mail_sync_log')
        .values({
          workspace_id: admin.workspaceId,
          id: crypto.randomUUID(),
          mailbox_id: mailboxId,
          folder: 'INBOX',
          uid: 9999,
          level: 'failed',
          message: 'could not be read',
          raw_sha256: sha,
        })
        .execute(),
    );
    const outcome = await sync();
    assert.ok(outcome.ran && outcome.retried === 1, JSON.stringify(outcome));
    const stored = await emails();
    assert.match(stored.find((e) => e.subject === 'Binärmüll')?.text_body ?? '', /vorher.?nach/);
    assert.ok(stored.some((e) => e.subject === 'Nachgeholt'));
    const log = await admin.get(`/api/v1/mailboxes/${mailboxId}/sync`);
    assert.ok(log.body.log.some((l: { level: string; resolved: boolean }) => l.level === 'failed' && l.resolved));
  });

  test('a bounce and an out-of-office reply are recognised; a hard bounce marks the address', async () => {
    const boundary = 'dsn-grenze';
    await mail.append(
      user,
      'INBOX',
      rawMessage(
        {
          From: 'Mail Delivery System <MAILER-DAEMON@mx.kunde-farley.example>',
          To: user,
          Subject: 'Undelivered Mail Returned to Sender',
          'Message-ID': '<bounce1@mx.kunde-farley.example>',
          'Content-Type': `multipart/report; report-type=delivery-status; boundary="${boundary}"`,
        },
        [
          `--${boundary}`,
          'Content-Type: text/plain',
          '',
          'Die Nachricht konnte nicht zugestellt werden.',
          `--${boundary}`,
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.kunde-farley.example',
          '',
          'Final-Recipient: rfc822; jonas.weber@weber-bau.example',
          'Action: failed',
          'Status: 5.1.1',
          '',
          `--${boundary}--`,
        ].join('\n'),
      ),
    );
    await mail.append(
      user,
      'INBOX',
      fromCustomer('Abwesenheitsnotiz', { 'Auto-Submitted': 'auto-replied' }, 'Bin im Urlaub.'),
    );
    await sync();
    const stored = await emails();
    const bounce = stored.find((e) => e.message_id === 'bounce1@mx.kunde-farley.example');
    assert.equal(bounce?.auto_kind, 'bounce');
    assert.deepEqual(bounce?.bounced_addresses, ['jonas.weber@weber-bau.example']);
    assert.equal(stored.find((e) => e.subject === 'Abwesenheitsnotiz')?.auto_kind, 'auto_reply');
    const bounces = await acrossWorkspaces(h.ctx.db.owner, (tx) =>
      tx.selectFrom('email_bounces').select('address').where('workspace_id', '=', admin.workspaceId).execute(),
    );
    assert.deepEqual(
      bounces.map((b) => b.address),
      ['jonas.weber@weber-bau.example'],
    );
  });

  test('an unknown sender who writes again is remembered with their signature, their mail is not', async () => {
    const stranger = (n: number) =>
      rawMessage(
        {
          From: 'Petra Schulz <p.schulz@neukunde.example>',
          To: user,
          Subject: `Anfrage ${n}`,
          'Message-ID': `<anfrage${n}@neukunde.example>`,
          Date: new Date(Date.UTC(2026, 10, 3, n)).toUTCString(),
        },
        'Guten Tag,\nwir suchen einen Partner.\n\nMit freundlichen Grüßen\nPetra Schulz\nEinkaufsleiterin\nSchulz Logistik GmbH\nTel. 030 12345678\n',
      );
    await mail.append(user, 'INBOX', stranger(1));
    await mail.append(user, 'INBOX', stranger(2));
    await sync();
    assert.equal((await emails()).filter((e) => e.subject.startsWith('Anfrage')).length, 0);
    const senders = await acrossWorkspaces(h.ctx.db.owner, (tx) =>
      tx.selectFrom('email_unknown_senders').selectAll().where('workspace_id', '=', admin.workspaceId).execute(),
    );
    const petra = senders.find((s) => s.address === 'p.schulz@neukunde.example');
    assert.equal(petra?.messages, 2);
    assert.deepEqual(petra?.signature, {
      name: 'Petra Schulz',
      jobTitle: 'Einkaufsleiterin',
      company: 'Schulz Logistik GmbH',
      phone: '+493012345678',
    });
    const offered = await admin.get('/api/v1/email-senders');
    assert.deepEqual(
      offered.body.data.map((s: { address: string }) => s.address),
      ['p.schulz@neukunde.example'],
    );
    // Once she is a contact, she is no longer offered.
    await admin.post('/api/v1/contacts', {
      firstName: 'Petra',
      lastName: 'Schulz',
      emails: [{ email: 'p.schulz@neukunde.example' }],
    });
    assert.deepEqual((await admin.get('/api/v1/email-senders')).body.data, []);
  });

  test('an unknown sender is counted across syncs: the signature is read with their second message', async () => {
    const mailFrom = (n: number, name: string) =>
      rawMessage(
        {
          From: `${name} <t.brandt@zweitkunde.example>`,
          To: user,
          Subject: `Rückfrage ${n}`,
          'Message-ID': `<rueckfrage${n}@zweitkunde.example>`,
          Date: new Date(Date.UTC(2026, 10, 4, n)).toUTCString(),
        },
        'Hallo,\nkurze Frage zum Angebot.\n\nViele Grüße\nTobias Brandt\nVertriebsleiter\nBrandt Metallbau GmbH\nTel. 040 7654321\n',
      );
    const brandt = async () =>
      (
        await acrossWorkspaces(h.ctx.db.owner, (tx) =>
          tx.selectFrom('email_unknown_senders').selectAll().where('workspace_id', '=', admin.workspaceId).execute(),
        )
      ).find((s) => s.address === 't.brandt@zweitkunde.example');
    await mail.append(user, 'INBOX', mailFrom(1, 'Tobias Brandt'));
    await sync();
    const first = await brandt();
    assert.equal(first?.messages, 1);
    assert.deepEqual(first?.signature, {});
    // Twice in the next batch: counted one by one, the second message of all is the one read.
    await mail.append(user, 'INBOX', mailFrom(2, 'T. Brandt'));
    await mail.append(user, 'INBOX', mailFrom(3, 'Tobias Brandt Metallbau'));
    await sync();
    const row = await brandt();
    assert.equal(row?.messages, 3);
    assert.equal(row?.name, 'Tobias Brandt Metallbau');
    assert.ok(row && first && row.last_seen_at >= first.last_seen_at);
    assert.deepEqual(row?.signature, {
      name: 'Tobias Brandt',
      jobTitle: 'Vertriebsleiter',
      company: 'Brandt Metallbau GmbH',
      phone: '+49407654321',
    });
  });
});
