// New mail within seconds: the watcher holds an IDLE connection to the real Dovecot and reports
// a message the moment it arrives; a server that is away is retried with a growing pause.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { mailboxSettings, startMailServers, type MailServers } from '../../testing/mail.ts';
import { backoff, watchMailboxes } from './emails.watch.ts';

let h: Harness;
let mail: MailServers;
let admin: Client;
const user = 'idle@warten-farley.example';
const password = 'Leerlauf';

before(async () => {
  [h, mail] = await Promise.all([harness(), startMailServers()]);
  await mail.addUser(user, password);
  await mail.append(user, 'Sent', 'Subject: Ordner\r\n\r\nSent anlegen.\r\n');
  admin = await h.workspace('Warten GmbH');
});
after(async () => {
  await h?.close();
  await mail?.stop();
});

test('a pause after a dropped connection doubles from 5 seconds up to 30 minutes', () => {
  assert.deepEqual([1, 2, 3, 4].map(backoff), [5_000, 10_000, 20_000, 40_000]);
  assert.equal(backoff(30), 30 * 60_000);
});

test('new mail in INBOX is reported within seconds over IDLE', async () => {
  const created = await admin.post('/api/v1/mailboxes', {
    name: 'Idle',
    ...mailboxSettings(mail, user, password),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const reports: string[] = [];
  let wake: () => void = () => {};
  const watchers = watchMailboxes(
    h.ctx,
    (target) => {
      if (target.mailboxId === created.body.id) {
        reports.push(target.mailboxId);
        wake();
      }
    },
    () => {},
  );
  const next = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no report within ${ms} ms`)), ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  try {
    // A mailbox watched for the first time is synced at once.
    await next(10_000);
    // Let the watcher select INBOX and go idle before the mail arrives.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const started = Date.now();
    const arrived = next(10_000);
    await mail.append(user, 'INBOX', 'From: kunde@example.org\r\nSubject: Neu\r\n\r\nHallo.\r\n');
    await arrived;
    assert.ok(Date.now() - started < 10_000);
    assert.equal(reports.length, 2);
  } finally {
    await watchers.stop();
  }
});
