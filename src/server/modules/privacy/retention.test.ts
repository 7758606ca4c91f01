// Retention rules through the HTTP API: the preview counts what a run then erases, legal holds
// exempt records, runs are reported and logged; and the record of processing activities.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { retentionService, runAllRetention } from './retention.service.ts';

let h: Harness;
let admin: Client;

/** Contacts last active `months` ago (the clock of a record is its activity, else its last change). */
async function agedLeads(client: Client, names: string[], months: number, stage = 'lead'): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const res = await client.post('/api/v1/contacts', { lastName: name, lifecycleStage: stage });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.push(res.body.id);
  }
  await acrossWorkspaces(h.ctx.db.owner, async (tx) => {
    await sql`select set_config('farley.audit', 'off', true)`.execute(tx);
    await sql`update contacts set updated_at = now() - make_interval(months => ${months}), last_activity_at = null
      where workspace_id = ${client.workspaceId} and id = any(${ids}::uuid[])`.execute(tx);
  });
  return ids;
}

before(async () => {
  h = await harness();
  admin = await h.workspace('Aufbewahrung GmbH');
});
after(() => h.close());

describe('retention rules', () => {
  test('the preview counts exactly what the run anonymises; a legal hold exempts a record', async () => {
    const old = await agedLeads(admin, ['Altkunde', 'Vergessen', 'Ruhend', 'Gehalten'], 30);
    await agedLeads(admin, ['Frisch'], 3);
    await agedLeads(admin, ['Kundin Alt'], 30, 'customer');
    assert.equal((await admin.put(`/api/v1/legal-holds/contact/${old[3]}`, { reason: 'Gewährleistung' })).status, 200);
    const rule = { recordType: 'contact', status: 'lead', months: 24, action: 'anonymise' };
    const preview = await admin.post('/api/v1/retention-rules/preview', rule);
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.deepEqual([preview.body.count, preview.body.held], [3, 1]);
    assert.deepEqual(preview.body.sample.map((s: { name: string }) => s.name).sort(), [
      'Altkunde',
      'Ruhend',
      'Vergessen',
    ]);
    const created = await admin.post('/api/v1/retention-rules', rule);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await admin.get(`/api/v1/retention-rules/${created.body.id}/preview`)).body.count, 3);

    const run = await admin.post('/api/v1/retention-runs');
    assert.equal(run.status, 201, JSON.stringify(run.body));
    assert.deepEqual([run.body.report.total, run.body.report.held], [3, 1]);
    for (const id of old.slice(0, 3))
      assert.equal((await admin.get(`/api/v1/contacts/${id}`)).body.lastName, 'Anonymisiert');
    assert.equal((await admin.get(`/api/v1/contacts/${old[3]}`)).body.lastName, 'Gehalten');
    // Done is done: the preview is empty now, and the run is listed and in the audit log.
    assert.equal((await admin.get(`/api/v1/retention-rules/${created.body.id}/preview`)).body.count, 0);
    assert.equal((await admin.get('/api/v1/retention-runs')).body.data[0].id, run.body.id);
    const log = await admin.get(`/api/v1/audit-log?recordType=retention_run&recordId=${run.body.id}`);
    assert.deepEqual(log.body.data[0].changes.total, [null, 3]);
  });

  test('a run by hand that takes longer goes on in the background, one at a time, and ends with its report', async () => {
    const own = await h.workspace('Langer Lauf GmbH');
    const old = await agedLeads(own, ['Erster', 'Zweiter', 'Dritter'], 30);
    const rule = { recordType: 'contact', status: 'lead', months: 24, action: 'anonymise' };
    assert.equal((await own.post('/api/v1/retention-rules', rule)).status, 201);
    const actor = { workspaceId: own.workspaceId, userId: own.userId, role: 'admin' as const, via: 'token' as const };
    // The contacts locked by another transaction hold the run up until the lock goes, so that
    // "meanwhile" below is sure to be meanwhile.
    const started = await h.ctx.db.owner.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      // As the owner in maintenance: the tenant policies bind the owner too (0016).
      await sql`select set_config('farley.maintenance', 'on', true)`.execute(conn);
      await sql`select id from contacts where id = any(${old}::uuid[]) for update`.execute(conn);
      try {
        // Waiting not at all: answered as under way.
        const run = await retentionService(h.ctx).run(actor, 0);
        assert.equal(run.finished, false);
        assert.equal(run.run.finishedAt, null);
        // Another one meanwhile is refused: 409, not a second run over the same records.
        const second = await own.post('/api/v1/retention-runs');
        assert.equal(second.status, 409, JSON.stringify(second.body));
        return run;
      } finally {
        await sql`commit`.execute(conn);
      }
    });
    let runs: Array<{ id: string; finishedAt: string | null; report: { total?: number } }> = [];
    for (let i = 0; i < 200; i++) {
      runs = (await own.get('/api/v1/retention-runs')).body.data;
      if (runs[0]?.finishedAt) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(runs[0].id, started.run.id);
    assert.ok(runs[0].finishedAt, 'the run ended');
    assert.equal(runs[0].report.total, 3);
    for (const id of old) assert.equal((await own.get(`/api/v1/contacts/${id}`)).body.lastName, 'Anonymisiert');
    // Once it has ended, the next run by hand may start (and finds nothing left).
    const next = await own.post('/api/v1/retention-runs');
    assert.equal(next.status, 201, JSON.stringify(next.body));
    assert.equal(next.body.report.total, 0);
  });

  test('a long run shows its count as it goes, and one that fails keeps the count of what it did', async () => {
    const own = await h.workspace('Fortschritt AG');
    const ids = await agedLeads(
      own,
      Array.from({ length: 101 }, (_, i) => `Alt ${i}`),
      30,
    );
    const rule = { recordType: 'contact', status: 'lead', months: 24, action: 'anonymise' };
    assert.equal((await own.post('/api/v1/retention-rules', rule)).status, 201);
    const actor = { workspaceId: own.workspaceId, userId: own.userId, role: 'admin' as const, via: 'token' as const };
    const latest = async () => (await own.get('/api/v1/retention-runs')).body.data[0];
    await h.ctx.db.owner.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`select set_config('farley.maintenance', 'on', true)`.execute(conn);
      // The run takes the contacts in the order of their ids: the last one waits for this lock.
      await sql`select id from contacts where id = ${ids.at(-1)} for update`.execute(conn);
      try {
        await retentionService(h.ctx).run(actor, 0);
        let run = await latest();
        for (let i = 0; i < 400 && run.report.total !== 100; i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          run = await latest();
        }
        assert.deepEqual([run.report.total, run.finishedAt], [100, null], JSON.stringify(run));
        // Held longer than a statement may wait (5 s): the run fails on the last contact.
        for (let i = 0; i < 1000 && !run.finishedAt; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          run = await latest();
        }
        assert.ok(run.finishedAt, 'the run ended');
        assert.ok(run.report.error, JSON.stringify(run.report));
        assert.equal(run.report.total, 100);
        assert.equal(run.report.rules[0].done, 100);
      } finally {
        await sql`commit`.execute(conn);
      }
    });
    assert.equal((await own.get(`/api/v1/contacts/${ids[0]}`)).body.lastName, 'Anonymisiert');
    assert.equal((await own.get(`/api/v1/contacts/${ids.at(-1)}`)).body.lastName, 'Alt 100');
  });

  test('the nightly job runs the active rules of every workspace, deleting where the rule says so', async () => {
    const other = await h.workspace('Nachtlauf KG');
    const gone = await agedLeads(other, ['Uralt'], 40, 'former');
    const kept = await agedLeads(other, ['Neuer'], 1, 'former');
    const rule = await other.post('/api/v1/retention-rules', {
      recordType: 'contact',
      status: 'former',
      months: 36,
      action: 'delete',
    });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    assert.equal((await other.get(`/api/v1/retention-rules/${rule.body.id}/preview`)).body.count, 1);
    // A run of the day before that never ended (the server stopped during it).
    const cut = '01a24a4c-0000-7000-8000-00000000c0de';
    await acrossWorkspaces(h.ctx.db.owner, async (tx) => {
      await sql`insert into retention_runs (workspace_id, id, trigger, started_at, report)
        values (${other.workspaceId}, ${cut}, 'manual', now() - interval '2 days', '{"total": 40}')`.execute(tx);
    });
    await runAllRetention(h.ctx);
    const closed = (await other.get('/api/v1/retention-runs')).body.data.find((r: { id: string }) => r.id === cut);
    assert.ok(closed.finishedAt, 'the cut-short run is closed');
    assert.deepEqual([closed.report.total, closed.report.error], [40, 'interrupted']);
    assert.equal((await other.get(`/api/v1/contacts/${gone[0]}`)).status, 404);
    assert.equal((await other.get(`/api/v1/contacts/${kept[0]}`)).status, 200);
    const runs = (await other.get('/api/v1/retention-runs')).body.data;
    assert.deepEqual([runs[0].trigger, runs[0].report.total], ['schedule', 1]);
  });

  test('lost deals are deleted after their months, won ones stay; the preview said so', async () => {
    const own = await h.workspace('Verkauf Alt GmbH');
    const pipeline = (await own.get('/api/v1/pipelines?isDefault=true')).body.data[0];
    const stage = (kind: string) => pipeline.stages.find((s: { kind: string }) => s.kind === kind).id;
    const deal = async (title: string, kind: string) => {
      const res = await own.post('/api/v1/deals', { title, stageId: stage(kind) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    const lost = await deal('Hallendach Nord', 'lost');
    const won = await deal('Hallendach Süd', 'won');
    const order = await own.post('/api/v1/orders', {
      companyId: (await own.post('/api/v1/companies', { name: 'Dachbau KG' })).body.id,
      dealId: lost,
      orderDate: '2022-05-02',
      netTotal: '900.00',
    });
    assert.equal(order.status, 201, JSON.stringify(order.body));
    await acrossWorkspaces(h.ctx.db.owner, async (tx) => {
      await sql`update deals set closed_at = now() - interval '40 months' where workspace_id = ${own.workspaceId}`.execute(
        tx,
      );
    });
    const rule = { recordType: 'deal', status: 'lost', months: 36, action: 'delete' };
    const preview = await own.post('/api/v1/retention-rules/preview', rule);
    assert.deepEqual(preview.body.sample, [{ id: lost, name: 'Hallendach Nord' }]);
    assert.equal((await own.post('/api/v1/retention-rules', rule)).status, 201);
    const run = await own.post('/api/v1/retention-runs');
    assert.equal(run.body.report.total, preview.body.count);
    assert.equal((await own.get(`/api/v1/deals/${lost}`)).status, 404);
    assert.equal((await own.get(`/api/v1/deals/${won}`)).status, 200);
    assert.equal((await own.get(`/api/v1/orders/${order.body.id}`)).body.netTotal, '900.00');
  });

  test('a rule with a status of another record type is refused', async () => {
    const res = await admin.post('/api/v1/retention-rules', {
      recordType: 'deal',
      status: 'lead',
      months: 12,
      action: 'delete',
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
  });
});

describe('record of processing activities', () => {
  test('generated from the configuration, edited, exported as HTML, and reset', async () => {
    const generated = await admin.get('/api/v1/processing-record');
    assert.equal(generated.status, 200);
    assert.equal(generated.body.edited, false);
    assert.match(generated.body.document, /Verzeichnis von Verarbeitungstätigkeiten/);
    assert.match(generated.body.document, /Aufbewahrung GmbH/);
    assert.match(generated.body.document, /Kontakte \(lead\): nach 24 Monaten ohne Aktivität anonymisieren/);
    const edited = `${generated.body.document}\n\n## Datenschutzbeauftragte\n\nDr. Petra <Schulze>`;
    const saved = await admin.put('/api/v1/processing-record', { document: edited });
    assert.deepEqual([saved.body.edited, saved.body.document], [true, edited]);
    const html = await admin.get('/api/v1/processing-record/export');
    assert.match(String(html.headers['content-type']), /text\/html/);
    assert.match(String(html.headers['content-disposition']), /attachment/);
    assert.match(html.body, /<h2>Datenschutzbeauftragte<\/h2>/);
    assert.match(html.body, /Dr\. Petra &lt;Schulze&gt;/);
    const reset = await admin.put('/api/v1/processing-record', { document: '' });
    assert.equal(reset.body.edited, false);
    const agent = await h.member(admin, 'agent');
    assert.equal((await agent.get('/api/v1/processing-record')).status, 403);
  });
});
