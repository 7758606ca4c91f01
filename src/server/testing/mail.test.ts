// The mail servers of the tests are real: nodemailer sends through the SMTP sink, imapflow
// reads from Dovecot, over plain IMAP and over TLS with the self-signed certificate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { startMailServers, type MailServers } from './mail.ts';

let mail: MailServers;
before(async () => {
  mail = await startMailServers();
  await mail.addUser('anna.schaefer@example.test', 'Grüße aus Köln');
});
after(() => mail?.stop());

function imap(options: Partial<ImapFlowOptions> = {}) {
  return new ImapFlow({
    host: mail.imap.host,
    port: mail.imap.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: 'anna.schaefer@example.test', pass: 'Grüße aus Köln' },
    logger: false,
    ...options,
  });
}

/** Runs `use` on a signed-in IMAP connection and logs out, also when `use` throws. */
async function signedIn<T>(client: ImapFlow, use: (client: ImapFlow) => Promise<T>): Promise<T> {
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.logout();
  }
}

describe('mail servers', () => {
  test('a message sent through the SMTP sink is received and lands in the IMAP inbox', async () => {
    const transport = nodemailer.createTransport({
      host: mail.smtp.host,
      port: mail.smtp.port,
      secure: false,
      auth: { user: 'vertrieb@farley.example', pass: 'geheim' },
    });
    await transport.sendMail({
      from: 'vertrieb@farley.example',
      to: 'anna.schaefer@example.test',
      subject: 'Angebot für die Bäckerei',
      text: 'Sehr geehrte Frau Schäfer, anbei unser Angebot über 1.250,00 €.',
    });

    const sent = await mail.waitForMessage((m) => m.to.includes('anna.schaefer@example.test'));
    assert.equal(sent.from, 'vertrieb@farley.example');
    assert.deepEqual(sent.login, { username: 'vertrieb@farley.example', password: 'geheim' });

    const inInbox = await signedIn(imap(), async (client) => {
      await client.mailboxOpen('INBOX');
      const message = await client.fetchOne('*', { source: true });
      assert.ok(message, 'the INBOX has a message');
      assert.ok(message.source);
      return simpleParser(message.source);
    });
    assert.equal(inInbox.subject, 'Angebot für die Bäckerei');
    assert.equal(inInbox.text?.trim(), 'Sehr geehrte Frau Schäfer, anbei unser Angebot über 1.250,00 €.');
  });

  test('a prepared message appended to a new Sent folder is listed there with its flags', async () => {
    const raw = [
      'From: anna.schaefer@example.test',
      'To: einkauf@lieferant.example',
      'Subject: Bestellung 4711',
      'Date: Mon, 03 Mar 2025 09:30:00 +0100',
      'Message-ID: <bestellung-4711@example.test>',
      '',
      'Bitte liefern Sie 25 kg Weizenmehl.',
      '',
    ].join('\r\n');
    await mail.append('anna.schaefer@example.test', 'Sent', raw, ['\\Seen']);

    await signedIn(imap(), async (client) => {
      const sentFolder = (await client.list()).find((folder) => folder.path === 'Sent');
      assert.equal(sentFolder?.specialUse, '\\Sent');
      await client.mailboxOpen('Sent');
      const messages = [];
      for await (const message of client.fetch('1:*', { envelope: true, flags: true })) messages.push(message);
      assert.equal(messages.length, 1);
      assert.equal(messages[0].envelope?.subject, 'Bestellung 4711');
      assert.equal(messages[0].envelope?.messageId, '<bestellung-4711@example.test>');
      assert.ok(messages[0].flags?.has('\\Seen'));
    });
  });

  test("a folder's subjects are listed oldest first, an empty folder's as none", async () => {
    await mail.append('anna.schaefer@example.test', 'Entwürfe', 'Subject: Erster Entwurf\r\n\r\nText.\r\n');
    await mail.append('anna.schaefer@example.test', 'Entwürfe', 'Subject: Zweiter Entwurf\r\n\r\nText.\r\n');
    assert.deepEqual(await mail.subjects('anna.schaefer@example.test', 'Entwürfe'), [
      'Erster Entwurf',
      'Zweiter Entwurf',
    ]);
    await signedIn(imap(), (client) => client.mailboxCreate('Leer'));
    assert.deepEqual(await mail.subjects('anna.schaefer@example.test', 'Leer'), []);
  });

  test('a wrong password is an IMAP authentication failure', async () => {
    const client = imap({ auth: { user: 'anna.schaefer@example.test', pass: 'falsch' } });
    await assert.rejects(client.connect(), (error: { authenticationFailed?: boolean }) => {
      assert.equal(error.authenticationFailed, true);
      return true;
    });
  });

  test('IMAPS works with the self-signed certificate trusted, and fails verification otherwise', async () => {
    const tls = { port: mail.imap.tlsPort, secure: true };
    const mailboxes = await signedIn(imap({ ...tls, tls: { rejectUnauthorized: false } }), (client) => client.list());
    assert.ok(mailboxes.some((folder) => folder.path === 'INBOX'));
    await signedIn(imap({ ...tls, tls: { ca: mail.imap.certificate } }), async (client) => {
      assert.ok(client.secureConnection);
    });

    await assert.rejects(imap(tls).connect(), /self[- ]signed/i);
  });

  test('STARTTLS on the plain port upgrades the connection', async () => {
    await signedIn(imap({ doSTARTTLS: true, tls: { rejectUnauthorized: false } }), async (client) => {
      assert.ok(client.secureConnection);
    });
    await assert.rejects(imap({ doSTARTTLS: true }).connect(), /self[- ]signed/i);
  });
});
