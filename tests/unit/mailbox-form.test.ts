// The mailbox form (src/web/features/mailboxes/mailboxForm.ts): defaults, ports that follow the
// security, providers filling the servers, what a new or changed mailbox sends (a password only
// when typed), and the server's check failures sorted to the IMAP and SMTP sections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mailbox } from '../../src/contract/mailboxes.ts';
import { ApiError } from '../../src/web/app/api.ts';
import {
  checkFailures,
  createBody,
  formErrors,
  mailboxValues,
  monthsBefore,
  newMailboxValues,
  patchBody,
  serverFolders,
  signatureHtml,
  signatureText,
  withProvider,
  withSecurity,
} from '../../src/web/features/mailboxes/mailboxForm.ts';
import { providerOf, providers } from '../../src/web/features/mailboxes/providers.ts';
import { texts } from './texts.ts';

const saved: Mailbox = {
  id: '0190a0b0-0000-7000-8000-000000000001',
  ownerId: '0190a0b0-0000-7000-8000-000000000002',
  teamId: null,
  name: 'Vertrieb',
  address: 'vertrieb@example.de',
  imap: {
    host: 'imap.gmx.net',
    port: 993,
    security: 'tls',
    trustSelfSigned: false,
    username: 'vertrieb@example.de',
    hasPassword: true,
  },
  smtp: {
    host: 'mail.gmx.net',
    port: 465,
    security: 'tls',
    trustSelfSigned: false,
    username: 'vertrieb@example.de',
    hasPassword: true,
  },
  folders: ['INBOX', 'Gesendet'],
  syncSince: '2025-01-01',
  status: 'ok',
  checkedAt: '2025-06-01T10:00:00.000Z',
  problems: [],
  storeAll: false,
  signature: null,
  syncState: 'idle',
  syncedAt: null,
  syncError: null,
  version: 3,
  createdAt: '2025-06-01T10:00:00.000Z',
  updatedAt: '2025-06-01T10:00:00.000Z',
};

test('a new mailbox starts with IMAPS and SMTPS, INBOX and Sent, and mail of the last 12 months', () => {
  const values = newMailboxValues(new Date(2026, 2, 15));
  assert.equal(values.imap.port, 993);
  assert.equal(values.smtp.port, 465);
  assert.deepEqual(values.folders, ['INBOX', 'Sent']);
  assert.equal(values.syncSince, '2025-03-15');
  assert.equal(monthsBefore(new Date(2026, 0, 31)), '2025-01-31');
});

test('the port follows the security unless the user typed a port of their own', () => {
  const imap = newMailboxValues().imap;
  assert.equal(withSecurity(imap, 'imap', 'starttls').port, 143);
  const smtp = newMailboxValues().smtp;
  assert.equal(withSecurity(smtp, 'smtp', 'starttls').port, 587);
  assert.equal(withSecurity(withSecurity(smtp, 'smtp', 'starttls'), 'smtp', 'none').port, 25);
  assert.equal(withSecurity({ ...smtp, port: 2525 }, 'smtp', 'starttls').port, 2525);
  assert.equal(withSecurity({ ...smtp, port: '' }, 'smtp', 'starttls').port, 587);
});

test('a provider fills both servers and keeps what the user typed', () => {
  const gmail = providers.find((provider) => provider.id === 'gmail')!;
  const typed = { ...newMailboxValues(), address: 'anna@gmail.com' };
  typed.imap = { ...typed.imap, password: 'app-passwort', trustSelfSigned: true };
  const values = withProvider(typed, gmail);
  assert.deepEqual(
    [values.imap.host, values.imap.port, values.imap.security, values.imap.password, values.imap.trustSelfSigned],
    ['imap.gmail.com', 993, 'tls', 'app-passwort', false],
  );
  assert.equal(values.smtp.host, 'smtp.gmail.com');
  assert.equal(providerOf('imap.gmail.com', 'smtp.gmail.com'), gmail);
  assert.equal(new Set(providers.map((provider) => provider.id)).size, providers.length);
});

test('a new mailbox sends the address as user name when none is typed, and no team unless chosen', () => {
  const values = { ...newMailboxValues(), name: ' Vertrieb ', address: 'vertrieb@example.de' };
  values.imap = { ...values.imap, host: 'imap.example.de', username: '', password: 'geheim' };
  values.smtp = { ...values.smtp, host: 'smtp.example.de', username: 'login-42', password: 'geheim' };
  const body = createBody(values);
  assert.equal(body.name, 'Vertrieb');
  assert.equal(body.imap.username, 'vertrieb@example.de');
  assert.equal(body.smtp.username, 'login-42');
  assert.equal('teamId' in body, false);
});

test('a change sends only what changed; an empty password keeps the stored one', () => {
  const values = mailboxValues(saved);
  assert.equal(values.imap.username, '', 'the address as user name shows as the default');
  assert.equal(values.imap.password, '');
  assert.deepEqual(patchBody(saved, values), {});
  assert.deepEqual(patchBody(saved, { ...values, name: 'Vertrieb Nord' }), { name: 'Vertrieb Nord' });
  const withPassword = { ...values, imap: { ...values.imap, password: 'neu' } };
  assert.deepEqual(patchBody(saved, withPassword), { imap: { password: 'neu' } });
  const starttls = { ...values, smtp: withSecurity(values.smtp, 'smtp', 'starttls') };
  assert.deepEqual(patchBody(saved, starttls), { smtp: { security: 'starttls', port: 587 } });
});

test('the form names a host with a scheme, an empty port and a wrong address in the user words', async () => {
  const t = await texts('de');
  const values = { ...newMailboxValues(), name: 'Vertrieb', address: 'vertrieb@' };
  values.imap = { ...values.imap, host: 'imaps://imap.example.de:993', password: 'x' };
  values.smtp = { ...values.smtp, host: 'smtp.example.de', port: '' as const, password: '' };
  const errors = formErrors(values, undefined, t);
  assert.match(errors['imap.host'] ?? '', /ohne „imap:\/\/“ und ohne Port/);
  assert.equal(errors['smtp.port'], 'Bitte dieses Feld ausfüllen.');
  assert.equal(errors['smtp.password'], 'Bitte dieses Feld ausfüllen.');
  assert.equal(errors.address, 'Das ist keine gültige E-Mail-Adresse.');
  assert.equal(errors['imap.username'], undefined, 'an empty user name is the address');
  assert.deepEqual(formErrors({ ...mailboxValues(saved), name: 'Neu' }, saved, t), {});
});

test("the server's check failures are sorted to their server, and a missing folder names the server's", () => {
  const refused = new ApiError(422, {
    status: 422,
    code: 'mailbox_unreachable',
    errors: [
      {
        path: 'imap.folder_missing',
        message: 'The folder "Sent" does not exist on the server; it has "INBOX", "Gesendet", "Entwürfe"',
      },
      { path: 'smtp.auth', message: 'The SMTP server refused the login' },
      { path: 'smtp.nonsense', message: 'a code this web app does not know' },
    ],
  });
  const failures = checkFailures(refused);
  assert.deepEqual(
    failures.map((failure) => `${failure.server}.${failure.code}`),
    ['imap.folder_missing', 'smtp.auth'],
  );
  assert.deepEqual(serverFolders(failures[0]!.message), ['INBOX', 'Gesendet', 'Entwürfe']);
  assert.deepEqual(checkFailures(new ApiError(422, { status: 422, code: 'invalid', errors: [] })), []);
  assert.deepEqual(checkFailures(new Error('offline')), []);
});

test('every provider with a note has it in German and English, and the check failures have texts', async () => {
  for (const language of ['de', 'en'] as const) {
    const t = await texts(language);
    for (const provider of providers.filter((p) => p.hasNote)) {
      const key = `mailboxes.providers.notes.${provider.id}`;
      assert.notEqual(t(key), key, `${language}: ${key}`);
    }
    for (const code of ['dns', 'unreachable', 'timeout', 'tls', 'auth', 'folder_missing', 'protocol']) {
      for (const kind of ['titles', 'texts']) {
        const key = `mailboxes.problems.${kind}.${code}`;
        assert.notEqual(t(key), key, `${language}: ${key}`);
      }
    }
  }
});

test('a typed signature is stored as escaped HTML, a line break per line, and comes back as typed', () => {
  const typed = 'Anna Berger\nVertrieb & Service\nTel. <030> 123';
  const html = signatureHtml(typed);
  assert.equal(html, 'Anna Berger<br>Vertrieb &amp; Service<br>Tel. &lt;030&gt; 123');
  assert.equal(signatureText(html), typed);
  assert.equal(signatureHtml('  \n '), null);
  assert.deepEqual(patchBody(saved, { ...mailboxValues(saved), signature: typed }), { signature: html });
  assert.deepEqual(patchBody(saved, { ...mailboxValues(saved), storeAll: true }), { storeAll: true });
});
