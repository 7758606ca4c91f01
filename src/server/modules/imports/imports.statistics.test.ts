// A matching import into a workspace the planner knows nothing of yet analyses the tables
// first (imports.run.ts statisticsKeeper): without it the match-key look-ups are planned for a
// workspace of one row; and any import leaves statistics behind that know the workspace's size,
// of the scores the lists join too. In a database of its own, with autovacuum off for the
// contacts and their scores, so that nothing but the import can bring the statistics up to date.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { harness, testDatabaseUrl, type Client, type Harness } from '../../testing/harness.ts';
import { importFinished, uploadImport } from '../../testing/imports.ts';

let admin: pg.Client;
let name: string;
let dataDir: string;
let h: Harness;

before(async () => {
  admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  name = `farley_stats_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-imports-stats-'));
  h = await harness({ databaseUrl: url.toString(), env: { FARLEY_DATA_DIR: dataDir } });
  await sql`alter table contacts set (autovacuum_enabled = off)`.execute(h.ctx.db.owner);
  await sql`alter table contact_scores set (autovacuum_enabled = off)`.execute(h.ctx.db.owner);
});
after(async () => {
  await h?.close();
  if (name) await admin.query(`drop database if exists ${name} with (force)`);
  await admin?.end();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function importCsv(client: Client, text: string, match: string) {
  const { id } = await uploadImport(client, text);
  const mapping = { lastName: 'Nachname', email: 'E-Mail' };
  const started = await client.post(`/api/v1/imports/${id}/start`, { recordType: 'contacts', mapping, match });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  return importFinished(client, id, 60);
}

/** What the planner believes the workspace holds, and what it holds. */
async function estimate(workspaceId: string) {
  const { rows: plan } = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`
    explain (format json) select 1 from contacts where workspace_id = ${workspaceId} and deleted_at is null`.execute(
    h.ctx.db.owner,
  );
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from contacts
    where workspace_id = ${workspaceId}`.execute(h.ctx.db.owner);
  return { planned: plan[0]['QUERY PLAN'][0].Plan['Plan Rows'], count: rows[0].n };
}

test('a matching import right after a fill analyses the tables before it looks anything up', async () => {
  const client = await h.workspace('Statistik GmbH');
  // Filled past the import (as a restore or a script would), so that only the matching
  // import's own check can renew the statistics.
  await h.ctx.db.owner.transaction().execute(async (tx) => {
    await sql`set local farley.audit = 'off'`.execute(tx);
    await sql`insert into contacts (workspace_id, id, last_name, emails, search_text)
      select ${client.workspaceId}::uuid, gen_random_uuid(), 'Kunde' || n,
        jsonb_build_array(jsonb_build_object('email', 'kunde' || n || '@beispiel.de')), 'kunde' || n
      from generate_series(0, 2999) n`.execute(tx);
  });
  const before = await estimate(client.workspaceId);
  assert.equal(before.count, 3000);
  assert.ok(before.planned * 4 < before.count, `the planner knows too much already: ${JSON.stringify(before)}`);

  const second = await importCsv(client, 'Nachname;E-Mail\nKunde7;kunde7@beispiel.de\n', 'duplicates');
  assert.equal(second.status, 'done', JSON.stringify(second));
  const after = await estimate(client.workspaceId);
  assert.ok(after.planned * 4 >= after.count, `the statistics were not renewed: ${JSON.stringify(after)}`);
});

test('any import leaves statistics that know the workspace, the scores the lists join included', async () => {
  const client = await h.workspace('Neu GmbH');
  const rows = Array.from({ length: 3000 }, (_, i) => `Neu${i};neu${i}@beispiel.de`);
  const first = await importCsv(client, `Nachname;E-Mail\n${rows.join('\n')}\n`, 'none');
  assert.equal(first.created, 3000, JSON.stringify(first));
  const after = await estimate(client.workspaceId);
  assert.ok(after.planned * 4 >= after.count, `the statistics were not renewed: ${JSON.stringify(after)}`);
  const { rows: plan } = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`
    explain (format json) select 1 from contact_scores where workspace_id = ${client.workspaceId}`.execute(
    h.ctx.db.owner,
  );
  assert.ok(plan[0]['QUERY PLAN'][0].Plan['Plan Rows'] * 4 >= 3000, JSON.stringify(plan[0]));
});
