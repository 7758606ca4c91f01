// Mailboxes through the HTTP API against a real Dovecot and a real SMTP server: connecting is
// checked before saving, each failure is named, passwords are sealed and never shown, and
// mailboxes stay with their owner, their team and their workspace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import { ImapFlow } from 'imapflow';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { startMailServers, type MailServers } from '../../testing/mail.ts';
import { freePort } from '../../testing/ports.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { keyIdOf, loadSecretKeys, open, seal } from '../../platform/secrets.ts';
import { resealMailboxPasswords } from './mailboxes.service.ts';
import { classify } from './mailboxes.check.ts';

let h: Harness;
let mail: MailServers;
let admin: Client;
const user = 'vertrieb@farley.example';
const password = 'Grüße aus Köln';

before(async () => {
  [h, mail] = await Promise.all([harness(), startMailServers()]);
  await mail.addUser(user, password);
  await mail.append(user, 'Sent', 'Subject: Ordner anlegen\r\n\r\nDamit es Sent gibt.\r\n');
  admin = await h.workspace('Postfach GmbH');
});
after(async () => {
  await h?.close();
  await mail?.stop();
});

/** A mailbox on the test servers: IMAPS with the self-signed certificate trusted, plain SMTP. */
function settings(overrides: { imap?: object; smtp?: object; [key: string]: unknown } = {}) {
  const { imap, smtp, ...rest } = overrides;
  return {
    name: 'Vertrieb',
    address: user,
    imap: {
      host: mail.imap.host,
      port: mail.imap.tlsPort,
      security: 'tls',
      trustSelfSigned: true,
      username: user,
      password,
      ...imap,
    },
    smtp: { host: mail.smtp.host, port: mail.smtp.port, security: 'none', username: user, password, ...smtp },
    ...rest,
  };
}

async function storedRows(workspaceId: string) {
  return acrossWorkspaces(h.ctx.db.owner, async (tx) =>
    tx.selectFrom('mailboxes').selectAll().where('workspace_id', '=', workspaceId).execute(),
  );
}

function assertRefused(res: { status: number; body: any }, path: string) {
  assert.equal(res.status, 422, JSON.stringify(res.body));
  assert.equal(res.body.code, 'mailbox_unreachable');
  assert.deepEqual(
    res.body.errors.map((e: { path: string }) => e.path),
    [path],
    JSON.stringify(res.body),
  );
  assert.ok(res.body.errors[0].message.length > 10);
}

describe('mailboxes', () => {
  test('connecting a mailbox checks both servers, saves it as ok and never shows a password', async () => {
    const res = await admin.post('/api/v1/mailboxes', settings());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.headers.etag, '"1"');
    assert.equal(res.body.status, 'ok');
    assert.deepEqual(res.body.problems, []);
    assert.deepEqual(res.body.folders, ['INBOX', 'Sent']);
    assert.deepEqual(res.body.imap, {
      host: mail.imap.host,
      port: mail.imap.tlsPort,
      security: 'tls',
      trustSelfSigned: true,
      username: user,
      hasPassword: true,
    });
    assert.equal(res.body.smtp.hasPassword, true);
    assert.equal(res.body.ownerId, admin.userId);
    // Twelve months back by default.
    const since = new Date(res.body.syncSince);
    const months = (Date.now() - since.getTime()) / (30.4 * 24 * 3600 * 1000);
    assert.ok(months > 11.5 && months < 12.5, res.body.syncSince);
    for (const answer of [
      res,
      await admin.get(`/api/v1/mailboxes/${res.body.id}`),
      await admin.get('/api/v1/mailboxes'),
    ])
      assert.doesNotMatch(JSON.stringify(answer.body), /Grüße|password"/);

    const [row] = (await storedRows(admin.workspaceId)).filter((r) => r.id === res.body.id);
    assert.ok(!row.imap_password.includes(Buffer.from(password)), 'the column holds no readable password');
    assert.equal(open(h.ctx.secrets, row.imap_password), password);
    assert.equal(open(h.ctx.secrets, row.smtp_password), password);
  });

  test('STARTTLS on the plain port works with the certificate trusted', async () => {
    const res = await admin.post(
      '/api/v1/mailboxes',
      settings({ name: 'STARTTLS', imap: { port: mail.imap.port, security: 'starttls' } }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });

  test('a wrong password is refused as imap.auth and nothing is saved', async () => {
    const own = await h.workspace();
    assertRefused(await own.post('/api/v1/mailboxes', settings({ imap: { password: 'falsch' } })), 'imap.auth');
    assert.deepEqual(await storedRows(own.workspaceId), []);
    assert.deepEqual((await own.get('/api/v1/mailboxes')).body.data, []);
  });

  test('an unknown host is a DNS failure, for IMAP and SMTP each', async () => {
    const res = await admin.post(
      '/api/v1/mailboxes',
      settings({ imap: { host: 'nothing.invalid' }, smtp: { host: 'nothing.invalid' } }),
    );
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.body.errors.map((e: { path: string }) => e.path),
      ['imap.dns', 'smtp.dns'],
    );
    assert.match(res.body.detail, /nothing\.invalid/);
  });

  test('a port nothing listens on is unreachable', async () => {
    assertRefused(
      await admin.post('/api/v1/mailboxes', settings({ imap: { port: await freePort() } })),
      'imap.unreachable',
    );
    assertRefused(
      await admin.post('/api/v1/mailboxes', settings({ smtp: { port: await freePort() } })),
      'smtp.unreachable',
    );
  });

  test('the self-signed certificate without trust is a TLS failure', async () => {
    assertRefused(await admin.post('/api/v1/mailboxes', settings({ imap: { trustSelfSigned: false } })), 'imap.tls');
    const starttls = settings({ imap: { port: mail.imap.port, security: 'starttls', trustSelfSigned: false } });
    assertRefused(await admin.post('/api/v1/mailboxes', starttls), 'imap.tls');
  });

  test('a server that accepts the connection but never answers is a timeout, within seconds', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const res = await admin.post(
        '/api/v1/mailboxes',
        settings({ imap: { host: '127.0.0.1', port, security: 'none' }, smtp: { host: '127.0.0.1', port } }),
      );
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['imap.timeout', 'smtp.timeout'],
      );
      assert.ok(Date.now() - started < 20_000, 'both servers are checked at once, each for at most 15 s');
    } finally {
      silent.close();
    }
  });

  test('errors of the SMTP client and the socket are sorted as a person can act on them', () => {
    const cases: Array<[object, string]> = [
      [{ code: 'EAUTH', responseCode: 535, message: 'Invalid login: 535 5.7.8 Error' }, 'auth'],
      [{ code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.nirgendwo.invalid' }, 'dns'],
      [{ code: 'ESOCKET', cause: { code: 'ECONNREFUSED' }, message: 'connect ECONNREFUSED' }, 'unreachable'],
      [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, 'timeout'],
      [{ code: 'ESOCKET', message: 'unable to verify the first certificate' }, 'tls'],
      [{ code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }, 'tls'],
      [{ code: 'EPROTOCOL', message: 'Invalid greeting' }, 'protocol'],
    ];
    for (const [error, code] of cases)
      assert.equal(classify(error, 'SMTP', 'smtp.example.de').code, code, JSON.stringify(error));
  });

  test('a folder the server does not have is named', async () => {
    const res = await admin.post('/api/v1/mailboxes', settings({ folders: ['INBOX', 'Angebote'] }));
    assertRefused(res, 'imap.folder_missing');
    assert.match(res.body.errors[0].message, /"Angebote"/);
  });

  test('bad settings are a 400 before any server is asked', async () => {
    for (const body of [
      settings({ imap: { host: 'imap://example.de' } }),
      settings({ imap: { host: 'example.de:993' } }),
      settings({ imap: { port: 0 } }),
      settings({ imap: { security: 'ssl' } }),
      settings({ address: 'kein-postfach' }),
      settings({ folders: [] }),
      settings({ folders: ['INBOX', 'INBOX'] }),
      { ...settings(), imap: { host: mail.imap.host } },
    ]) {
      const res = await admin.post('/api/v1/mailboxes', body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
    }
  });

  test('a change is checked again; a refused one leaves the mailbox as it was', async () => {
    const created = (await admin.post('/api/v1/mailboxes', settings({ name: 'Änderbar' }))).body;
    const refused = await admin.patch(`/api/v1/mailboxes/${created.id}`, { imap: { password: 'falsch' } });
    assertRefused(refused, 'imap.auth');
    const renamed = await admin.patch(
      `/api/v1/mailboxes/${created.id}`,
      { name: 'Vertrieb Nord', smtp: { username: 'nord@farley.example' } },
      { 'if-match': '"1"' },
    );
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.deepEqual(
      [renamed.body.name, renamed.body.smtp.username, renamed.body.version],
      ['Vertrieb Nord', 'nord@farley.example', 2],
    );
    // The stored password stays when a patch does not send one.
    const [row] = (await storedRows(admin.workspaceId)).filter((r) => r.id === created.id);
    assert.equal(open(h.ctx.secrets, row.smtp_password), password);
    const stale = await admin.patch(`/api/v1/mailboxes/${created.id}`, { name: 'Alt' }, { 'if-match': '"1"' });
    assert.equal(stale.status, 412);
  });

  test('a check of a saved mailbox reports each server and updates its status', async () => {
    await mail.append(user, 'Projekte', 'Subject: Projekt\r\n\r\nOrdner anlegen.\r\n');
    const created = (
      await admin.post('/api/v1/mailboxes', settings({ name: 'Prüfbar', folders: ['INBOX', 'Projekte'] }))
    ).body;
    const ok = await admin.post(`/api/v1/mailboxes/${created.id}/check`);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.imap.ok, true);
    assert.ok(ok.body.imap.folders.includes('Projekte'));
    assert.deepEqual(ok.body.smtp, { ok: true });
    // The folder is deleted on the server: the next check says so, and the mailbox is failing.
    const client = new ImapFlow({
      host: mail.imap.host,
      port: mail.imap.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    await client.mailboxDelete('Projekte');
    await client.logout();
    const failing = await admin.post(`/api/v1/mailboxes/${created.id}/check`);
    assert.equal(failing.status, 200);
    assert.deepEqual([failing.body.imap.ok, failing.body.imap.code], [false, 'folder_missing']);
    assert.equal(failing.body.smtp.ok, true);
    const shown = (await admin.get(`/api/v1/mailboxes/${created.id}`)).body;
    assert.equal(shown.status, 'failing');
    assert.deepEqual(
      shown.problems.map((p: { server: string; code: string }) => [p.server, p.code]),
      [['imap', 'folder_missing']],
    );
    assert.ok(shown.checkedAt);
    assert.equal(shown.version, created.version, 'a check is not a change of the settings');
  });

  test('a password sealed with a lost key is asked for again, never a 500', async () => {
    const created = (await admin.post('/api/v1/mailboxes', settings({ name: 'Schlüssel weg' }))).body;
    const foreign = loadSecretKeys({ FARLEY_SECRET_KEY: crypto.randomBytes(32).toString('base64') }, '.');
    await acrossWorkspaces(h.ctx.db.owner, (tx) =>
      tx
        .updateTable('mailboxes')
        .set({ imap_password: seal(foreign, password) })
        .where('workspace_id', '=', admin.workspaceId)
        .where('id', '=', created.id)
        .execute(),
    );
    assert.equal((await admin.patch(`/api/v1/mailboxes/${created.id}`, { name: 'Umbenannt' })).status, 200);
    for (const res of [
      await admin.post(`/api/v1/mailboxes/${created.id}/check`),
      await admin.patch(`/api/v1/mailboxes/${created.id}`, { folders: ['INBOX'] }),
    ]) {
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['imap.password'],
      );
    }
    const entered = await admin.patch(`/api/v1/mailboxes/${created.id}`, { imap: { password } });
    assert.equal(entered.status, 200, JSON.stringify(entered.body));
    assert.equal((await admin.post(`/api/v1/mailboxes/${created.id}/check`)).body.imap.ok, true);
  });

  test('a removed mailbox is gone, and its passwords with it', async () => {
    const created = (await admin.post('/api/v1/mailboxes', settings({ name: 'Weg' }))).body;
    assert.equal((await admin.delete(`/api/v1/mailboxes/${created.id}`, { 'if-match': '"2"' })).status, 412);
    assert.equal((await admin.delete(`/api/v1/mailboxes/${created.id}`)).status, 204);
    const [row] = (await storedRows(admin.workspaceId)).filter((r) => r.id === created.id);
    assert.deepEqual([row.imap_password.length, row.smtp_password.length], [0, 0]);
    assert.equal((await admin.get(`/api/v1/mailboxes/${created.id}`)).status, 404);
    assert.ok(!(await admin.get('/api/v1/mailboxes')).body.data.some((m: { id: string }) => m.id === created.id));
  });

  test('a viewer sees but does not connect mailboxes', async () => {
    const viewer = await h.member(admin, 'viewer');
    assert.equal((await viewer.get('/api/v1/mailboxes')).status, 200);
    assert.equal((await viewer.post('/api/v1/mailboxes', settings())).status, 403);
  });

  test('another user neither sees nor changes my mailbox; an admin sees it', async () => {
    const anna = await h.member(admin, 'agent');
    const ben = await h.member(admin, 'manager');
    const mine = (await anna.post('/api/v1/mailboxes', settings({ name: 'Anna' }))).body;
    assert.equal(mine.ownerId, anna.userId);
    assert.deepEqual(
      (await anna.get('/api/v1/mailboxes')).body.data.map((m: { id: string }) => m.id),
      [mine.id],
    );
    assert.ok(!(await ben.get('/api/v1/mailboxes')).body.data.some((m: { id: string }) => m.id === mine.id));
    assert.equal((await ben.get(`/api/v1/mailboxes/${mine.id}`)).status, 404);
    assert.equal((await ben.patch(`/api/v1/mailboxes/${mine.id}`, { name: 'Übernommen' })).status, 404);
    assert.equal((await ben.delete(`/api/v1/mailboxes/${mine.id}`)).status, 404);
    assert.equal((await ben.post(`/api/v1/mailboxes/${mine.id}/check`)).status, 404);
    assert.ok((await admin.get('/api/v1/mailboxes')).body.data.some((m: { id: string }) => m.id === mine.id));
  });

  test('an admin connects a team mailbox its members see; an agent may not make or change one', async () => {
    const agent = await h.member(admin, 'agent');
    const outsider = await h.member(admin, 'agent');
    const team = (await admin.post('/api/v1/teams', { name: 'Innendienst', memberIds: [agent.userId] })).body;
    const refused = await agent.post('/api/v1/mailboxes', settings({ name: 'info@', teamId: team.id }));
    assert.equal(refused.status, 403);
    const shared = await admin.post('/api/v1/mailboxes', settings({ name: 'info@', teamId: team.id }));
    assert.equal(shared.status, 201, JSON.stringify(shared.body));
    assert.equal(shared.body.teamId, team.id);
    assert.ok((await agent.get('/api/v1/mailboxes')).body.data.some((m: { id: string }) => m.id === shared.body.id));
    assert.equal((await agent.get(`/api/v1/mailboxes/${shared.body.id}`)).status, 200);
    assert.equal((await outsider.get(`/api/v1/mailboxes/${shared.body.id}`)).status, 404);
    assert.equal((await agent.patch(`/api/v1/mailboxes/${shared.body.id}`, { name: 'Meins' })).status, 403);
    assert.equal((await agent.delete(`/api/v1/mailboxes/${shared.body.id}`)).status, 403);
    // Nor can an agent turn their own mailbox into a team's.
    const own = (await agent.post('/api/v1/mailboxes', settings({ name: 'Eigenes' }))).body;
    assert.equal((await agent.patch(`/api/v1/mailboxes/${own.id}`, { teamId: team.id })).status, 403);
    const unknownTeam = await admin.post('/api/v1/mailboxes', settings({ teamId: crypto.randomUUID() }));
    assert.equal(unknownTeam.status, 422);
    assert.equal(unknownTeam.body.code, 'missing_reference');
  });

  test("another workspace sees nothing of a workspace's mailboxes", async () => {
    const other = await h.workspace('Fremd GmbH');
    const theirs = (await other.post('/api/v1/mailboxes', settings({ name: 'Geheim' }))).body;
    assert.ok(theirs.id);
    assert.ok(!JSON.stringify((await admin.get('/api/v1/mailboxes')).body).includes(theirs.id));
    assert.equal((await admin.get(`/api/v1/mailboxes/${theirs.id}`)).status, 404);
    assert.equal((await admin.patch(`/api/v1/mailboxes/${theirs.id}`, { name: 'Übernommen' })).status, 404);
    assert.equal((await admin.post(`/api/v1/mailboxes/${theirs.id}/check`)).status, 404);
    assert.equal((await admin.delete(`/api/v1/mailboxes/${theirs.id}`)).status, 404);
    assert.equal((await other.get(`/api/v1/mailboxes/${theirs.id}`)).body.name, 'Geheim');
  });

  // Last: it reseals the mailboxes of the tests above too, which the harness's key no longer opens.
  test('after a key rotation, reseal seals every password with the new key; the old key can then go', async () => {
    const own = await h.workspace();
    const created = (await own.post('/api/v1/mailboxes', settings({ name: 'Rotation' }))).body;
    const oldKey = h.ctx.secrets.current.toString('base64');
    const newKey = crypto.randomBytes(32).toString('base64');
    const rotated = {
      ...h.ctx,
      secrets: loadSecretKeys({ FARLEY_SECRET_KEY: newKey, FARLEY_SECRET_KEYS_OLD: oldKey }, h.ctx.config.dataDir),
    };
    const result = await resealMailboxPasswords(rotated);
    assert.ok(result.resealed >= 1, JSON.stringify(result));
    const onlyNew = loadSecretKeys({ FARLEY_SECRET_KEY: newKey }, h.ctx.config.dataDir);
    const [row] = (await storedRows(own.workspaceId)).filter((r) => r.id === created.id);
    assert.equal(keyIdOf(row.imap_password), keyIdOf(row.smtp_password));
    assert.equal(open(onlyNew, row.imap_password), password);
    assert.equal(open(onlyNew, row.smtp_password), password);
    assert.throws(() => open(h.ctx.secrets, row.imap_password), /key this installation does not have/);
    // A second run has nothing left to do.
    const again = await resealMailboxPasswords(rotated);
    assert.equal(again.resealed, 0);
  });
});
