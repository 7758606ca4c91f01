// Backups against real PostgreSQL: a demo workspace and a second one backed up, restored into
// a fresh database and compared table by table, row by row; a workspace backup holding that
// workspace alone and going back in beside its original; a non-empty target and damaged
// files refused with messages that say so. Databases of its own: a restore needs an empty one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../platform/config.ts';
import { openDatabases, type Databases } from '../../platform/db/database.ts';
import { harness, testDatabaseUrl, type Client, type Harness } from '../../testing/harness.ts';
import { sql } from 'kysely';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { filePath, putFile } from '../../platform/files.ts';
import { seedDemoWorkspace } from '../demo/demo.service.ts';
import { readArchive } from './backup.archive.ts';
import { takeBackup, type Manifest } from './backup.service.ts';
import { restoreBackup, verifyBackup } from './backup.restore.ts';
import { runScheduledBackup } from './backup.jobs.ts';
import { runFarley } from '../../testing/cli.ts';
import { startJobs } from '../../jobs.ts';
import { listTables, quoteIdent } from './backup.tables.ts';

let admin: pg.Client;
const databases: string[] = [];
let dir: string;
let h: Harness;
let demoId: string;
let other: Client;
let whole: string;
let storedSha: string;
const storedBytes = Buffer.from('From: kunde@example.com\r\nSubject: Angebot\r\n\r\nGrüße\r\n');

/** A mailbox whose failed sync kept its raw message in the file store (as emails.sync.ts does). */
async function keepRawMessage(workspaceId: string): Promise<string> {
  const sha = await putFile(dir, storedBytes);
  await acrossWorkspaces(h.ctx.db.owner, async (tx) => {
    const { rows } = await sql<{
      id: string;
    }>`select id from users where workspace_id = ${workspaceId} limit 1`.execute(tx);
    const mailbox = crypto.randomUUID();
    await sql`insert into mailboxes (workspace_id, id, owner_id, name, address, imap_host, imap_port, imap_security,
                imap_username, imap_password, smtp_host, smtp_port, smtp_security, smtp_username, smtp_password)
              values (${workspaceId}, ${mailbox}, ${rows[0].id}, 'Vertrieb', 'vertrieb@example.com', 'imap.example.com', 993,
                'tls', 'vertrieb', '\\x00', 'smtp.example.com', 465, 'tls', 'vertrieb', '\\x00')`.execute(tx);
    await sql`insert into mail_sync_log (workspace_id, id, mailbox_id, level, message, raw_sha256)
              values (${workspaceId}, ${crypto.randomUUID()}, ${mailbox}, 'failed', 'Test', ${sha})`.execute(tx);
  });
  return sha;
}

async function newDatabase(): Promise<string> {
  const name = `farley_backup_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  await admin.query(`create database ${name}`);
  databases.push(name);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function open(url: string, dataDir = dir): Promise<Databases> {
  return openDatabases(loadConfig({ ...process.env, DATABASE_URL: url, FARLEY_DATA_DIR: dataDir }));
}

/** Every table's row count and a hash of its rows (all columns, sorted), as maintenance sees them. */
async function contents(url: string, workspaceId?: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`set local farley.maintenance = 'on'`);
    const result: Record<string, string> = {};
    for (const table of await listTables(client)) {
      if (workspaceId && table.scope === 'global') continue;
      const column = table.scope === 'workspaces' ? 'id' : 'workspace_id';
      const where = workspaceId ? ` where ${column} = '${workspaceId}'` : '';
      // A workspace restored under a new id is compared with its id written alike.
      const row = workspaceId ? `replace(t::text, '${workspaceId}', 'W')` : 't::text';
      const { rows } = await client.query(
        `select count(*)::int as n, md5(coalesce(string_agg(${row}, E'\\n' order by ${row}), '')) as hash
           from ${quoteIdent(table.name)} t${where}`,
      );
      result[table.name] = `${rows[0].n} rows, ${rows[0].hash}`;
    }
    return result;
  } finally {
    await client.end();
  }
}

before(async () => {
  admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'farley-backup-test-'));
  h = await harness({ databaseUrl: await newDatabase(), env: { FARLEY_DATA_DIR: dir } });
  demoId = (await seedDemoWorkspace(h.ctx, { contacts: 300 })).workspaceId;
  other = await h.workspace('Andere GmbH');
  assert.equal((await other.post('/api/v1/contacts', { firstName: 'Olga', lastName: 'Anders' })).status, 201);
  storedSha = await keepRawMessage(demoId);
  whole = path.join(dir, 'whole.tar.gz');
  await takeBackup({ url: h.ctx.db.url, dataDir: dir }, { file: whole });
});

const ownerRole = `farley_restorer_${crypto.randomBytes(4).toString('hex')}`;

after(async () => {
  await h?.close();
  for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
  await admin?.query(`drop role if exists ${ownerRole}`);
  await admin?.end();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  test('a whole backup restored into a fresh database has every table, row by row', async () => {
    const target = await newDatabase();
    const db = await open(target);
    const restoredDir = fs.mkdtempSync(path.join(dir, 'restored-'));
    try {
      const result = await restoreBackup({ url: db.url, owner: db.owner, dataDir: restoredDir }, whole);
      assert.equal(result.scope.kind, 'all');
      assert.ok(result.rows > 2000, `${result.rows} rows`);
      assert.equal(result.files, 1);
      assert.deepEqual(fs.readFileSync(filePath(restoredDir, storedSha)), storedBytes, 'the stored file came along');
    } finally {
      await db.close();
    }
    const before = await contents(h.ctx.db.url);
    assert.ok(Number.parseInt(before.contacts, 10) >= 300, before.contacts);
    assert.deepEqual(await contents(target), before);
  });

  test('an owner that is no superuser (a managed server) restores a whole backup alike', async () => {
    // As owner.test.ts sets one up: may create roles, owns the database, no superuser.
    const password = crypto.randomBytes(12).toString('hex');
    await admin.query(`create role ${ownerRole} login createrole password '${password}'`);
    for (const role of ['farley_app', 'farley_maintenance']) {
      await admin.query(
        `do $$ begin create role ${role} nologin; exception when duplicate_object or unique_violation then null; end $$`,
      );
      await admin.query(`grant ${role} to ${ownerRole} with admin option`);
    }
    const target = new URL(await newDatabase());
    await admin.query(`alter database ${target.pathname.slice(1)} owner to ${ownerRole}`);
    target.username = ownerRole;
    target.password = password;
    const db = await open(target.toString());
    try {
      await restoreBackup({ url: db.url, owner: db.owner, dataDir: fs.mkdtempSync(path.join(dir, 'owned-')) }, whole);
      const { rows } = await sql<{ forced: boolean }>`
        select bool_and(relforcerowsecurity) as forced from pg_class
         where relrowsecurity and relnamespace = current_schema()::regnamespace`.execute(db.owner);
      assert.equal(rows[0].forced, true, 'row-level security is forced again on every table');
      const { rows: disabled } = await sql<{ n: number }>`
        select count(*)::int as n from pg_trigger where tgenabled = 'D'`.execute(db.owner);
      assert.equal(disabled[0].n, 0, 'every trigger is enabled again');
    } finally {
      await db.close();
    }
    assert.deepEqual(await contents(target.toString()), await contents(h.ctx.db.url));
  });

  test('a workspace backup holds that workspace’s rows and no other’s', async () => {
    const file = path.join(dir, 'demo.tar.gz');
    const result = await takeBackup({ url: h.ctx.db.url, dataDir: dir }, { file, workspace: 'Demo GmbH' });
    assert.deepEqual(result.scope, { kind: 'workspace', workspaceId: demoId, name: 'Demo GmbH' });
    let manifest: Manifest | undefined;
    const seen: string[] = [];
    for await (const entry of readArchive(file)) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry.body) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      if (entry.name === 'manifest.json') {
        manifest = JSON.parse(text);
        continue;
      }
      assert.ok(!text.includes(other.workspaceId), `${entry.name} names the other workspace`);
      seen.push(text);
    }
    assert.ok(manifest);
    assert.ok(manifest.skippedTables.includes('login_failures'));
    for (const [index, table] of manifest.tables.entries()) {
      const column = table.columns.indexOf(table.scope === 'workspaces' ? 'id' : 'workspace_id');
      const ids = new Set(
        seen[index]
          .split('\n')
          .filter(Boolean)
          .map((line) => line.split('\t')[column]),
      );
      assert.ok(ids.size === 0 || (ids.size === 1 && ids.has(demoId)), `${table.name}: ${[...ids]}`);
    }
    assert.ok(manifest.tables.find((table) => table.name === 'contacts')!.rows >= 300);
  });

  test('a workspace backup goes back into its installation as a new workspace beside the original', async () => {
    const file = path.join(dir, 'copy.tar.gz');
    await takeBackup({ url: h.ctx.db.url, dataDir: dir }, { file, workspace: demoId });
    const result = await restoreBackup({ url: h.ctx.db.url, owner: h.ctx.db.owner, dataDir: dir }, file, {
      name: 'Demo GmbH (Kopie)',
    });
    assert.ok(result.workspaceId && result.workspaceId !== demoId);
    const original = await contents(h.ctx.db.url, demoId);
    const copy = await contents(h.ctx.db.url, result.workspaceId);
    // Sign-ins stay the original's; the name is the one given.
    for (const table of ['sessions', 'api_tokens', 'workspaces']) {
      delete original[table];
      delete copy[table];
    }
    assert.deepEqual(copy, original);
  });

  test('a whole backup is not restored into a database that holds data', async () => {
    await assert.rejects(
      restoreBackup({ url: h.ctx.db.url, owner: h.ctx.db.owner, dataDir: dir }, whole),
      /the target database is not empty \(table \w+ has rows\)/,
    );
  });

  test('a truncated or damaged backup file is refused with a clear message, before anything is written', async () => {
    const bytes = fs.readFileSync(whole);
    const truncated = path.join(dir, 'truncated.tar.gz');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const damaged = path.join(dir, 'damaged.tar.gz');
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 3)] ^= 0xff;
    fs.writeFileSync(damaged, flipped);
    const target = await newDatabase();
    const db = await open(target);
    try {
      for (const file of [truncated, damaged]) {
        await assert.rejects(
          restoreBackup({ url: db.url, owner: db.owner, dataDir: dir }, file),
          /the backup file is damaged|the backup file ends too early: it is incomplete|damaged \(checksum mismatch\)/,
        );
      }
    } finally {
      await db.close();
    }
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    const { rows } = await client.query(`select to_regclass('workspaces') as t`);
    await client.end();
    assert.equal(rows[0].t, null, 'the target was left untouched');
  });

  test('`farley backup` and `farley restore` say what is wrong and exit non-zero', async () => {
    const truncated = path.join(dir, 'cli-truncated.tar.gz');
    fs.writeFileSync(truncated, fs.readFileSync(whole).subarray(0, 5000));
    const [restore, backup] = await Promise.all([
      runFarley(['restore', '--file', truncated], { DATABASE_URL: h.ctx.db.url }),
      runFarley(['backup', '--workspace', 'Nirgendwo GmbH', '--file', path.join(dir, 'none.tar.gz')], {
        DATABASE_URL: h.ctx.db.url,
      }),
    ]);
    assert.equal(restore.code, 1);
    assert.match(restore.stderr, /^farley: the backup file (is damaged or incomplete|ends too early)/m);
    assert.equal(backup.code, 1);
    assert.match(backup.stderr, /^farley: no workspace Nirgendwo GmbH$/m);
    assert.equal(fs.existsSync(path.join(dir, 'none.tar.gz.partial')), false, 'no partial file is left');
  });

  test('a scheduled backup keeps the newest FARLEY_BACKUP_KEEP backups and leaves other files alone', async () => {
    const folder = path.join(dir, 'scheduled');
    fs.mkdirSync(folder);
    const old = [
      'farley-backup-20240101-020000.tar.gz',
      'farley-backup-20240102-020000.tar.gz',
      'farley-backup-20240103-020000.tar.gz',
    ];
    for (const name of [...old, 'notes.txt', 'farley-backup-20240101-020000-demo-gmbh.tar.gz'])
      fs.writeFileSync(path.join(folder, name), 'x');
    const abandoned = path.join(folder, 'farley-backup-20240104-020000.tar.gz.partial');
    fs.writeFileSync(abandoned, 'x');
    fs.utimesSync(abandoned, new Date('2024-01-04'), new Date('2024-01-04'));
    const result = await runScheduledBackup(h.ctx, folder, 2);
    assert.deepEqual(fs.readdirSync(folder).sort(), [
      'farley-backup-20240101-020000-demo-gmbh.tar.gz',
      old[2],
      path.basename(result.file),
      'notes.txt',
    ]);
    assert.equal((await verifyBackup(result.file)).scope.kind, 'all');
  });

  test('the backup schedule follows FARLEY_BACKUP_SCHEDULE, and is removed when backups are off', async () => {
    const schedule = async () =>
      (await sql<{ cron: string }>`select cron from pgboss.schedule where name = 'backup'`.execute(h.ctx.db.owner))
        .rows;
    const withBackups = { dir: path.join(dir, 'nightly'), schedule: '15 3 * * *', keep: 3 };
    for (const [backups, expected] of [
      [withBackups, [{ cron: '15 3 * * *' }]],
      [{ ...withBackups, dir: null }, []],
    ] as const) {
      const failures: unknown[] = [];
      const jobs = await startJobs({ ...h.ctx, config: { ...h.ctx.config, backups } }, (message, error) =>
        failures.push([message, error]),
      );
      await jobs.stop();
      assert.deepEqual(await schedule(), expected);
      assert.deepEqual(failures, []);
    }
  });
});
