// The `farley` command as a user runs it: a child process on the test database, JSON on
// stdout for success, a clear message on stderr and a non-zero exit for failure.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { type CliRun, runFarley } from '../testing/cli.ts';
import { harness, uniqueEmail, type Harness } from '../testing/harness.ts';
import { acrossWorkspaces } from '../platform/db/maintenance.ts';
import { loadSecretKeys, open, seal } from '../platform/secrets.ts';

type Run = CliRun;

const farley = (...args: string[]) => runFarley(args);

function json(run: Run) {
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** A failure: non-zero exit, a one-line reason on stderr, no stack trace, nothing on stdout. */
function assertFails(run: Run, reason: RegExp) {
  assert.notEqual(run.code, 0, `expected a failure, got ${run.stdout}`);
  assert.match(run.stderr, reason);
  assert.match(run.stderr, /^farley: /);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(run.stdout, '');
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const password = 'ein sehr geheimes Passwort';

let h: Harness;
let workspace: { workspaceId: string; userId: string };
const adminEmail = uniqueEmail('cli-admin');

const me = (token: string) =>
  h.raw({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

before(async () => {
  h = await harness();
  workspace = json(
    await farley(
      'workspace',
      'create',
      '--name',
      'CLI Müller GmbH',
      '--admin-email',
      adminEmail,
      '--admin-password',
      password,
    ),
  );
});
after(() => h.close());

describe('the farley command', () => {
  test('workspace create prints the new workspace and admin, who can then sign in', async () => {
    assert.deepEqual(Object.keys(workspace).sort(), ['userId', 'workspaceId']);
    assert.match(workspace.workspaceId, uuid);
    assert.match(workspace.userId, uuid);
    const login = await h.raw({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: adminEmail, password },
      remoteAddress: '10.77.0.1',
    });
    assert.equal(login.statusCode, 200);
    assert.equal(login.json().user.id, workspace.userId);
    assert.equal(login.json().user.role, 'admin');
    assert.equal(login.json().workspace.name, 'CLI Müller GmbH');
  });

  test('token create prints a token that works against the API, and user create makes every role', async () => {
    const roles = ['admin', 'manager', 'agent', 'viewer'] as const;
    const emails = roles.map((role) => uniqueEmail(`cli-${role}`));
    const [adminToken, ...users] = await Promise.all([
      farley('token', 'create', '--email', adminEmail.toUpperCase(), '--name', 'CLI test'),
      ...roles.map((role, i) =>
        farley(
          'user',
          'create',
          '--workspace',
          workspace.workspaceId,
          '--email',
          emails[i],
          '--password',
          password,
          '--role',
          role,
          '--name',
          `Frau ${role}`,
        ),
      ),
    ]);
    const { token } = json(adminToken);
    assert.match(token, /^fy1\./);
    const who = await me(token);
    assert.equal(who.statusCode, 200);
    assert.equal(who.json().user.id, workspace.userId);
    for (const [i, run] of users.entries()) {
      const created = json(run);
      assert.equal(created.workspaceId, workspace.workspaceId);
      assert.match(created.userId, uuid);
      const read = await h.raw({
        method: 'GET',
        url: `/api/v1/users/${created.userId}`,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().role, roles[i]);
      assert.equal(read.json().email, emails[i]);
      assert.equal(read.json().name, `Frau ${roles[i]}`);
    }
    const tokens = await h.raw({
      method: 'GET',
      url: '/api/v1/api-tokens?name=CLI%20test',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(tokens.json().data.length, 1, 'the token is listed with its name');
  });

  test('missing or invalid options fail with a clear message', async () => {
    const someone = uniqueEmail('cli');
    const runs = await Promise.all([
      farley('workspace', 'create', '--name', 'X', '--admin-password', password),
      farley('workspace', 'create', '--name', 'X', '--admin-email', 'not-an-email', '--admin-password', password),
      farley('workspace', 'create', '--name', 'X', '--admin-email', someone, '--admin-password', 'kurz'),
      farley(
        'user',
        'create',
        '--workspace',
        workspace.workspaceId,
        '--email',
        someone,
        '--password',
        password,
        '--role',
        'owner',
      ),
      farley(
        'user',
        'create',
        '--workspace',
        'not-a-uuid',
        '--email',
        someone,
        '--password',
        password,
        '--role',
        'agent',
      ),
      farley(
        'user',
        'create',
        '--workspace',
        crypto.randomUUID(),
        '--email',
        someone,
        '--password',
        password,
        '--role',
        'agent',
      ),
      farley('token', 'create'),
      farley('token', 'create', '--email', 'nobody@test.farley.example'),
      farley('workspace', 'create', '--bogus', 'x'),
      farley('frobnicate'),
      farley('user', 'delete'),
    ]);
    const reasons = [
      /--admin-email is required/,
      /--admin-email/,
      /--admin-password: .*12 characters/,
      /--role/,
      /--workspace/,
      /no workspace/,
      /--email is required/,
      /no user with the email nobody@test\.farley\.example/,
      /bogus/,
      /unknown command "frobnicate"/,
      /farley user create/,
    ];
    for (const [i, run] of runs.entries()) assertFails(run, reasons[i]);
  });

  test('an email taken in the workspace fails cleanly; in another workspace it is no conflict', async () => {
    const otherPassword = 'ein ganz anderes Passwort';
    const [asUser, asWorkspace] = await Promise.all([
      farley(
        'user',
        'create',
        '--workspace',
        workspace.workspaceId,
        '--email',
        adminEmail,
        '--password',
        password,
        '--role',
        'viewer',
      ),
      farley(
        'workspace',
        'create',
        '--name',
        'Doppelt',
        '--admin-email',
        adminEmail,
        '--admin-password',
        otherPassword,
      ),
    ]);
    assertFails(asUser, /already in use/);
    assert.equal(asWorkspace.code, 0, asWorkspace.stderr);
    const other = JSON.parse(asWorkspace.stdout);
    const signIn = (pass: string) =>
      h.raw({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: adminEmail, password: pass },
        remoteAddress: '10.77.0.2',
      });
    const login = await signIn(password);
    assert.equal(login.statusCode, 200, 'the existing user still signs in with their password');
    assert.equal(login.json().user.role, 'admin', 'the existing user is untouched');
    assert.equal(login.json().workspace.id, workspace.workspaceId);
    assert.equal((await signIn(otherPassword)).json().workspace.id, other.workspaceId);
    // With the email in two workspaces, a token needs to be told which.
    assertFails(await farley('token', 'create', '--email', adminEmail), /several workspaces: add --workspace/);
    const token = await farley('token', 'create', '--email', adminEmail, '--workspace', other.workspaceId);
    assert.equal(token.code, 0, token.stderr);
    assert.equal(JSON.parse(token.stdout).workspaceId, other.workspaceId);
  });

  test('--help prints the usage', async () => {
    const runs = await Promise.all([farley('--help'), farley('workspace', 'create', '-h')]);
    for (const run of runs) {
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^Usage: farley <command>/);
      for (const command of [
        'workspace create',
        'user create',
        'token create',
        'migrate',
        'demo',
        'reminders',
        'quality',
      ])
        assert.ok(run.stdout.includes(command), command);
      assert.equal(run.stderr, '');
    }
  });
});

test('reminders sends the due task reminders and says how many', async () => {
  const admin = await h.workspace();
  await admin.post('/api/v1/tasks', {
    title: 'Rückruf',
    remindAt: new Date(Date.now() - 60_000).toISOString(),
    assigneeId: admin.userId,
  });
  const result = json(await farley('reminders'));
  assert.ok(result.reminded >= 1);
  const bell = (await admin.get('/api/v1/notifications')).body;
  assert.equal(bell.data[0].title, 'Rückruf');
});

test('quality scores the contacts and companies of a workspace now and says how many', async () => {
  const admin = await h.workspace();
  await admin.post('/api/v1/contacts', { lastName: 'Bewertet' });
  await admin.post('/api/v1/companies', { name: 'Bewertet GmbH' });
  const result = json(await farley('quality', '--workspace', admin.workspaceId));
  assert.equal(result.scored, 2);
  const overview = (await admin.get('/api/v1/data-quality')).body;
  assert.equal(overview.contacts.trend.length, 1);
  assertFails(await farley('quality', '--workspace', 'nope'), /--workspace/);
});

test('secrets reseal seals the mailbox passwords sealed with an old key with the current one', async () => {
  const admin = await h.workspace();
  const [oldKey, newKey] = [crypto.randomBytes(32).toString('base64'), crypto.randomBytes(32).toString('base64')];
  const keys = (current: string) => loadSecretKeys({ FARLEY_SECRET_KEY: current }, '.');
  const id = crypto.randomUUID();
  await acrossWorkspaces(h.ctx.db.owner, (tx) =>
    tx
      .insertInto('mailboxes')
      .values({
        workspace_id: admin.workspaceId,
        id,
        owner_id: admin.userId,
        name: 'Vertrieb',
        address: 'vertrieb@example.de',
        imap_host: 'mail.example.de',
        imap_port: 993,
        imap_security: 'tls',
        imap_username: 'vertrieb@example.de',
        smtp_host: 'mail.example.de',
        smtp_port: 465,
        smtp_security: 'tls',
        smtp_username: 'vertrieb@example.de',
        imap_password: seal(keys(oldKey), 'Grüße aus Köln'),
        smtp_password: seal(keys(oldKey), 'Grüße aus Köln'),
      })
      .execute(),
  );
  const result = json(
    await runFarley(['secrets', 'reseal'], { FARLEY_SECRET_KEY: newKey, FARLEY_SECRET_KEYS_OLD: oldKey }),
  );
  assert.ok(result.resealed >= 1, JSON.stringify(result));
  const row = await acrossWorkspaces(h.ctx.db.owner, (tx) =>
    tx.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
  assert.equal(open(keys(newKey), row.imap_password), 'Grüße aus Köln');
  assert.equal(open(keys(newKey), row.smtp_password), 'Grüße aus Köln');
  assertFails(await farley('secrets', 'rotate'), /farley secrets reseal/);
});
