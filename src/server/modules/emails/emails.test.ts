// The email API against a real Dovecot and a real SMTP server: reading a synced message
// (sanitised, images blocked), searching, replying (it reaches the SMTP server, the Sent folder
// and the timeline), large attachments, failures that lose nothing, and taking mail out of the CRM.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { filePath } from '../../platform/files.ts';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { mailboxSettings, rawMessage, startMailServers, type MailServers } from '../../testing/mail.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { syncMailbox } from './emails.sync.ts';
import { sendDueEmails } from './emails.send.ts';

let h: Harness;
let mail: MailServers;
let admin: Client;
const user = 'lena@vertrieb-farley.example';
const password = 'Sommer-Passwort';
let mailboxId: string;
let contactId: string;

async function sync() {
  const outcome = await syncMailbox(h.ctx, admin.workspaceId, mailboxId);
  assert.equal(outcome.ran, true, JSON.stringify(outcome));
}

async function timelineSubjects(id: string): Promise<string[]> {
  const res = await admin.get(`/api/v1/contacts/${id}/timeline?types=activity`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.map((e: { subject: string }) => e.subject);
}

before(async () => {
  [h, mail] = await Promise.all([harness(), startMailServers()]);
  await mail.addUser(user, password);
  await mail.append(user, 'Sent', 'Subject: Ordner\r\n\r\nSent anlegen.\r\n');
  admin = await h.workspace('Nord Vertrieb');
  contactId = (
    await admin.post('/api/v1/contacts', {
      firstName: 'Marie',
      lastName: 'Schmidt',
      emails: [{ email: 'marie.schmidt@hafen-logistik.example' }],
    })
  ).body.id;
  const created = await admin.post('/api/v1/mailboxes', {
    name: 'Lena',
    ...mailboxSettings(mail, user, password),
    syncSince: '2026-01-01',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  mailboxId = created.body.id;
  const signed = await admin.patch(`/api/v1/mailboxes/${mailboxId}`, { signature: 'Lena Vogt<br>Vertrieb' });
  assert.equal(signed.status, 200, JSON.stringify(signed.body));
  await mail.append(
    user,
    'INBOX',
    rawMessage(
      {
        From: 'Marie Schmidt <marie.schmidt@hafen-logistik.example>',
        To: user,
        Subject: 'Angebote für die Lagerhalle',
        'Message-ID': '<anfrage-lager@hafen-logistik.example>',
        Date: 'Tue, 03 Nov 2026 09:15:00 +0100',
        'Content-Type': 'text/html; charset=utf-8',
      },
      '<p onclick="alert(1)">Guten Tag, wir brauchen <b>drei Angebote</b>.</p><script>alert(2)</script>' +
        '<img src="https://tracker.example/pixel.gif"><a href="javascript:alert(3)">Link</a>',
    ),
  );
  await sync();
});
after(async () => {
  await h?.close();
  await mail?.stop();
});

async function theInquiry() {
  const list = await admin.get(`/api/v1/emails?contactId=${contactId}`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const found = list.body.data.find((e: { subject: string }) => e.subject === 'Angebote für die Lagerhalle');
  assert.ok(found, JSON.stringify(list.body));
  return found;
}

describe('email API', () => {
  test('an email is read sanitised, with remote images blocked until asked for', async () => {
    const inquiry = await theInquiry();
    assert.deepEqual(
      inquiry.links.map((l: { type: string; name: string }) => [l.type, l.name]),
      [['contact', 'Marie Schmidt']],
    );
    const detail = await admin.get(`/api/v1/emails/${inquiry.id}`);
    assert.equal(detail.status, 200);
    assert.doesNotMatch(detail.body.html, /script|onclick|javascript:/i);
    assert.match(detail.body.html, /<b>drei Angebote<\/b>/);
    assert.match(detail.body.html, /data-blocked-src="https:\/\/tracker.example\/pixel.gif"/);
    assert.equal(detail.body.remoteImages, 1);
    const images = await admin.get(`/api/v1/emails/${inquiry.id}?images=1`);
    assert.match(images.body.html, /src="https:\/\/tracker.example\/pixel.gif"/);
    assert.match(detail.body.text, /drei Angebote/);
  });

  test('full-text search finds German word forms, and another workspace sees nothing', async () => {
    for (const q of ['Angebot', 'lagerhalle', 'Marie Schmidt']) {
      const res = await admin.get(`/api/v1/emails?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200);
      assert.ok(
        res.body.data.some((e: { subject: string }) => e.subject === 'Angebote für die Lagerhalle'),
        `${q}: ${JSON.stringify(res.body.data)}`,
      );
    }
    const other = await h.workspace('Fremd GmbH');
    const inquiry = await theInquiry();
    assert.equal((await other.get(`/api/v1/emails/${inquiry.id}`)).status, 404);
    assert.equal((await other.get('/api/v1/emails?q=Angebot')).body.data.length, 0);
    assert.equal((await other.get(`/api/v1/mailboxes/${mailboxId}/sync`)).status, 404);
  });

  test('the search query keeps each word form once and matches what the three forms match', async () => {
    const texts = [
      'Angebote für die Lagerhalle, Lieferung heute',
      'Our offers for the warehouse: delivery today',
      'Rechnung RE-2026-10442 und Mahnung',
      'Invoice 4711 is overdue',
      'Grüße aus Köln, Müller GmbH',
      'meeting notes',
    ];
    const queries = [
      'Angebot',
      'offer',
      'Lieferung heute',
      '"delivery today"',
      'Rechnung -Mahnung',
      'invoice OR Rechnung',
      'und',
      'RE-2026-10442',
      'Müller',
      'meetings',
    ];
    const { rows } = await sql<{ q: string; text: string; once: boolean; thrice: boolean; query: string }>`
      select q, text, v @@ farley_email_query(q) as once, farley_email_query(q)::text as query,
             v @@ (websearch_to_tsquery('german', q) || websearch_to_tsquery('english', q) || websearch_to_tsquery('simple', q)) as thrice
        from unnest(${queries}::text[]) q,
             lateral (select text, to_tsvector('german', text) || to_tsvector('english', text) || to_tsvector('simple', text) as v
                        from unnest(${texts}::text[]) text) t`.execute(h.ctx.db.owner);
    for (const row of rows) assert.equal(row.once, row.thrice, `${row.q} in ${row.text}`);
    assert.ok(rows.some((row) => row.once));
    assert.equal(rows.find((row) => row.q === 'Angebot')?.query, "'angebot'");
  });

  test('a reply goes out through SMTP, lands in Sent and on the timeline, in the thread', async () => {
    const inquiry = await theInquiry();
    const res = await admin.post('/api/v1/emails', {
      mailboxId,
      to: [{ address: 'marie.schmidt@hafen-logistik.example', name: 'Marie Schmidt' }],
      subject: 'Re: Angebote für die Lagerhalle',
      html: '<p>Sehr geehrte Frau Schmidt,</p><p>die Angebote folgen morgen.</p>',
      replyToId: inquiry.id,
      attachments: [
        { filename: 'Übersicht.txt', contentType: 'text/plain', content: Buffer.from('Hallenmaße').toString('base64') },
      ],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.direction, 'outbound');
    assert.equal(res.body.threadId, inquiry.threadId);
    assert.equal(res.body.attachments[0].filename, 'Übersicht.txt');
    const received = await mail.waitForMessage((m) => m.to.includes('marie.schmidt@hafen-logistik.example'));
    const raw = received.raw.toString();
    assert.match(raw, /In-Reply-To: <anfrage-lager@hafen-logistik.example>/);
    assert.match(raw, /Lena Vogt/, 'the signature is below the text');
    assert.equal(received.login?.username, user);
    assert.ok((await mail.subjects(user, 'Sent')).includes('Re: Angebote für die Lagerhalle'));
    assert.ok((await timelineSubjects(contactId)).includes('Re: Angebote für die Lagerhalle'));
    // The sync finds the copy in Sent and knows it already.
    await sync();
    const thread = await admin.get(`/api/v1/emails?threadId=${inquiry.threadId}`);
    assert.deepEqual(
      thread.body.data.map((e: { subject: string }) => e.subject),
      ['Angebote für die Lagerhalle', 'Re: Angebote für die Lagerhalle'],
    );
    const file = await admin.get(`/api/v1/emails/${res.body.id}/attachments/${res.body.attachments[0].id}`);
    assert.equal(file.status, 200);
    assert.match(String(file.headers?.['content-disposition'] ?? ''), /^attachment;/);
  });

  test('bad input is refused clearly, and an SMTP failure stores nothing', async () => {
    const base = { mailboxId, to: [{ address: 'marie.schmidt@hafen-logistik.example' }], html: '<p>Hallo</p>' };
    const noRecipient = await admin.post('/api/v1/emails', { ...base, to: [] });
    assert.equal(noRecipient.status, 400);
    const badFile = await admin.post('/api/v1/emails', {
      ...base,
      attachments: [{ filename: 'a.txt', content: '%%% kein base64 %%%' }],
    });
    assert.equal(badFile.status, 422, JSON.stringify(badFile.body));
    const unknownQuote = await admin.post('/api/v1/emails', {
      ...base,
      attachments: [{ quoteId: '01900000-0000-7000-8000-000000000000' }],
    });
    assert.equal(unknownQuote.status, 422);
    const before = (await timelineSubjects(contactId)).length;
    await acrossWorkspaces(h.ctx.db.owner, (tx) =>
      tx.updateTable('mailboxes').set({ smtp_port: 1 }).where('id', '=', mailboxId).execute(),
    );
    try {
      const failed = await admin.post('/api/v1/emails', { ...base, subject: 'Geht nicht raus' });
      assert.equal(failed.status, 422, JSON.stringify(failed.body));
      assert.equal(failed.body.code, 'email_not_sent');
      assert.equal((await timelineSubjects(contactId)).length, before);
    } finally {
      await acrossWorkspaces(h.ctx.db.owner, (tx) =>
        tx.updateTable('mailboxes').set({ smtp_port: mail.smtp.port }).where('id', '=', mailboxId).execute(),
      );
    }
  });

  test('a scheduled email waits and is sent when its time comes', async () => {
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    const res = await admin.post('/api/v1/emails', {
      mailboxId,
      to: [{ address: 'marie.schmidt@hafen-logistik.example' }],
      bcc: [{ address: 'chefin@vertrieb-farley.example' }],
      subject: 'Erinnerung Besichtigung',
      html: '<p>Bis morgen!</p>',
      sendAt,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, 'scheduled');
    assert.equal(await sendDueEmails(h.ctx), 0);
    await acrossWorkspaces(h.ctx.db.owner, (tx) =>
      tx
        .updateTable('emails')
        .set({ send_at: new Date(Date.now() - 1000) })
        .where('id', '=', res.body.id)
        .execute(),
    );
    assert.equal(await sendDueEmails(h.ctx), 1);
    const received = await mail.waitForMessage((m) => m.raw.toString().includes('Erinnerung Besichtigung'));
    assert.ok(received.to.includes('chefin@vertrieb-farley.example'));
    assert.doesNotMatch(received.raw.toString(), /^Bcc:/im);
    assert.equal((await admin.get(`/api/v1/emails/${res.body.id}`)).body.status, 'sent');
  });

  test('a 25 MB attachment is synced, stored once and downloaded whole', async () => {
    const big = Buffer.alloc(25 * 1024 * 1024, 7);
    const boundary = 'grenze-gross';
    const raw = rawMessage(
      {
        From: 'marie.schmidt@hafen-logistik.example',
        To: user,
        Subject: 'Pläne der Halle',
        'Message-ID': '<plaene@hafen-logistik.example>',
        'Content-Type': `multipart/mixed; boundary="${boundary}"`,
      },
      [
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Anbei die Pläne.',
        `--${boundary}`,
        'Content-Type: application/pdf; name="plaene.pdf"',
        'Content-Disposition: attachment; filename="plaene.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        big.toString('base64').replace(/.{76}/g, '$&\n'),
        `--${boundary}--`,
      ].join('\n'),
    );
    await mail.append(user, 'INBOX', raw);
    await sync();
    const list = await admin.get(`/api/v1/emails?contactId=${contactId}`);
    const plans = list.body.data.find((e: { subject: string }) => e.subject === 'Pläne der Halle');
    assert.ok(plans, JSON.stringify(list.body.data.map((e: { subject: string }) => e.subject)));
    const detail = await admin.get(`/api/v1/emails/${plans.id}`);
    assert.equal(detail.body.attachments[0].size, big.length);
    const file = await h.raw({
      method: 'GET',
      url: `/api/v1/emails/${plans.id}/attachments/${detail.body.attachments[0].id}`,
      headers: { authorization: `Bearer ${admin.token}` },
    });
    assert.equal(file.statusCode, 200);
    assert.equal(file.rawPayload.length, big.length);
  });

  test('a message and then a correspondent made private leave the CRM and stay out', async () => {
    const inquiry = await theInquiry();
    const { raw_sha256: rawFile } = await acrossWorkspaces(h.ctx.db.owner, (tx) =>
      tx.selectFrom('emails').select('raw_sha256').where('id', '=', inquiry.id).executeTakeFirstOrThrow(),
    );
    assert.ok(rawFile && existsSync(filePath(h.ctx.config.dataDir, rawFile)));
    const gone = await admin.post(`/api/v1/emails/${inquiry.id}/private`);
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
    assert.equal(gone.body.removed, 1);
    assert.ok(!(await timelineSubjects(contactId)).includes('Angebote für die Lagerhalle'));
    assert.ok(!existsSync(filePath(h.ctx.config.dataDir, rawFile)), 'its raw bytes left the file store');
    await acrossWorkspaces(h.ctx.db.owner, (tx) =>
      tx
        .updateTable('mailbox_folders')
        .set({ last_uid: 0, first_sync_done: false })
        .where('mailbox_id', '=', mailboxId)
        .execute(),
    );
    await sync();
    assert.ok(!(await timelineSubjects(contactId)).includes('Angebote für die Lagerhalle'), 'not synced again');

    const correspondent = await admin.post('/api/v1/email-exclusions', {
      address: 'Marie.Schmidt@hafen-logistik.example',
    });
    assert.equal(correspondent.status, 200, JSON.stringify(correspondent.body));
    assert.ok(correspondent.body.removed >= 2);
    assert.deepEqual(await timelineSubjects(contactId), []);
    const exclusions = await admin.get('/api/v1/email-exclusions');
    assert.deepEqual(exclusions.body.data.map((e: { kind: string; value: string }) => [e.kind, e.value]).sort(), [
      ['address', 'marie.schmidt@hafen-logistik.example'],
      ['message', 'anfrage-lager@hafen-logistik.example'],
    ]);
    const status = await admin.get(`/api/v1/mailboxes/${mailboxId}/sync`);
    assert.equal(status.status, 200);
    assert.equal(status.body.state, 'idle');
    assert.deepEqual(
      status.body.folders.map((f: { path: string }) => f.path),
      ['INBOX', 'Sent'],
    );
  });
});

test('the signature goes above a quoted earlier message, or at the end', async () => {
  const { withSignature } = await import('./emails.send.ts');
  assert.equal(withSignature('<p>Hallo</p>', 'Lena'), '<p>Hallo</p><br><div class="signature">-- <br>Lena</div>');
  assert.equal(
    withSignature('<p>Gern.</p><blockquote type="cite">Alt</blockquote>', 'Lena'),
    '<p>Gern.</p><br><div class="signature">-- <br>Lena</div><blockquote type="cite">Alt</blockquote>',
  );
  assert.equal(withSignature('<p>Ohne</p>', ''), '<p>Ohne</p>');
});
