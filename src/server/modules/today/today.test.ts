import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import type { Db } from '../../platform/db/database.ts';
import { defaultUsualDays, endOfDay, keptViews } from './today.service.ts';

let h: Harness;
let me: Client;
let colleague: Client;
let other: Client;
/** A time zone whose today still has more than two hours left, so "due today" has room. */
let tz: string;
let stages: Array<{ id: string; name: string; kind: string }>;

const hour = 3_600_000;
const day = 24 * hour;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

before(async () => {
  h = await harness();
  me = await h.workspace();
  colleague = await h.member(me, 'agent');
  other = await h.workspace();
  const now = new Date();
  tz = ['UTC', 'Etc/GMT-12', 'Etc/GMT+12'].find((zone) => endOfDay(now, zone).getTime() - now.getTime() > 2 * hour)!;
  stages = (await me.get('/api/v1/pipelines?isDefault=true')).body.data[0].stages;
});
after(() => h.close());

async function created(client: Client, path: string, body: unknown): Promise<any> {
  const res = await client.post(path, body);
  assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function todayOf(client: Client, query = `?tz=${tz}`) {
  const res = await client.get(`/api/v1/today${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** Runs SQL in the workspace of `client` (to place records in the past). */
function inWorkspace<T>(client: Client, work: (tx: Db) => Promise<T>) {
  return inTenant(h.ctx.db.app, { workspaceId: client.workspaceId }, work);
}

const openStage = (i: number) => stages.filter((stage) => stage.kind === 'open')[i];

describe('the start page', () => {
  test('my open tasks due by the end of today, the longest overdue first, with their customer', async () => {
    const person = await created(me, '/api/v1/contacts', { firstName: 'Hanna', lastName: 'Heute' });
    const older = await created(me, '/api/v1/tasks', {
      title: 'Seit zwei Tagen fällig',
      dueAt: at(-2 * day),
      contactIds: [person.id],
    });
    const overdue = await created(me, '/api/v1/tasks', { title: 'Seit einer Stunde fällig', dueAt: at(-hour) });
    const later = await created(me, '/api/v1/tasks', { title: 'Heute noch', dueAt: at(30 * 60_000) });
    await created(me, '/api/v1/tasks', { title: 'Übermorgen', dueAt: at(2 * day) });
    await created(me, '/api/v1/tasks', { title: 'Ohne Termin' });
    await created(me, '/api/v1/tasks', { title: 'Erledigt', dueAt: at(-day), status: 'done' });
    await created(me, '/api/v1/tasks', { title: 'Für die Kollegin', dueAt: at(-day), assigneeId: colleague.userId });
    const trashed = await created(me, '/api/v1/tasks', { title: 'Im Papierkorb', dueAt: at(-day) });
    assert.equal((await me.delete(`/api/v1/tasks/${trashed.id}`)).status, 204);
    await created(other, '/api/v1/tasks', { title: 'Anderer Arbeitsbereich', dueAt: at(-day) });

    const page = await todayOf(me);
    assert.deepEqual(
      page.tasks.data.map((t: any) => t.id),
      [older.id, overdue.id, later.id],
    );
    assert.equal(page.tasks.overdue, 2);
    assert.equal(page.tasks.dueToday, 1);
    assert.deepEqual(page.tasks.data[0].linked, [
      { type: 'contact', id: person.id, name: 'Hanna Heute', trashed: false },
    ]);
    const colleagues = await todayOf(colleague);
    assert.deepEqual(
      colleagues.tasks.data.map((t: any) => t.title),
      ['Für die Kollegin'],
    );
    assert.ok(!(await todayOf(other)).tasks.data.some((t: any) => t.title !== 'Anderer Arbeitsbereich'));
  });

  test('a deal shows when its next step is due or missing, not when it is planned for later', async () => {
    const company = await created(me, '/api/v1/companies', { name: 'Nächster Schritt GmbH' });
    const missing = await created(me, '/api/v1/deals', {
      title: 'Ohne Aufgabe',
      companyId: company.id,
      expectedCloseDate: '2030-01-10',
    });
    const due = await created(me, '/api/v1/deals', { title: 'Aufgabe überfällig', expectedCloseDate: '2030-01-20' });
    const nextStep = await created(me, '/api/v1/tasks', {
      title: 'Angebot nachfassen',
      dueAt: at(-day),
      dealIds: [due.id],
      assigneeId: colleague.userId,
    });
    await created(me, '/api/v1/tasks', { title: 'Später noch', dueAt: at(5 * day), dealIds: [due.id] });
    const planned = await created(me, '/api/v1/deals', { title: 'Geplant', expectedCloseDate: '2030-01-05' });
    await created(me, '/api/v1/tasks', { title: 'Nächste Woche', dueAt: at(7 * day), dealIds: [planned.id] });
    await created(me, '/api/v1/deals', { title: 'Gehört der Kollegin', ownerId: colleague.userId });
    const won = stages.find((stage) => stage.kind === 'won')!;
    await created(me, '/api/v1/deals', { title: 'Schon gewonnen', stageId: won.id });
    const trashed = await created(me, '/api/v1/deals', { title: 'Im Papierkorb' });
    assert.equal((await me.delete(`/api/v1/deals/${trashed.id}`)).status, 204);

    const { deals } = await todayOf(me);
    const titles = deals.data.map((d: any) => d.title);
    assert.deepEqual(
      titles.filter((t: string) => ['Ohne Aufgabe', 'Aufgabe überfällig'].includes(t)),
      ['Ohne Aufgabe', 'Aufgabe überfällig'],
      'the soonest to close first',
    );
    for (const hidden of ['Geplant', 'Gehört der Kollegin', 'Schon gewonnen', 'Im Papierkorb'])
      assert.ok(!titles.includes(hidden), hidden);
    const line = deals.data.find((d: any) => d.id === missing.id);
    assert.equal(line.nextTask, null);
    assert.equal(line.companyName, 'Nächster Schritt GmbH');
    assert.equal(line.stageName, openStage(0).name);
    assert.deepEqual(deals.data.find((d: any) => d.id === due.id).nextTask, {
      id: nextStep.id,
      title: 'Angebot nachfassen',
      dueAt: nextStep.dueAt,
    });
  });

  test("a deal stuck in its stage longer than the workspace's usual shows, with where the usual comes from", async () => {
    const client = await h.workspace();
    const pipeline = (await client.get('/api/v1/pipelines?isDefault=true')).body.data[0];
    const [a, b] = pipeline.stages.filter((s: any) => s.kind === 'open');
    // Twelve deals of the past stayed 1 to 12 days in the first stage: the 75th percentile is
    // 9.25 days, so the usual is 10 days and a deal is stuck from 11 days on.
    const past: Array<{ id: string }> = [];
    for (let i = 1; i <= 12; i++) past.push(await created(client, '/api/v1/deals', { title: `Früher ${i}` }));
    await inWorkspace(client, async (tx) => {
      for (const [i, deal] of past.entries()) {
        const left = Date.now() - 100 * day;
        await sql`update deal_stage_changes set changed_at = ${new Date(left - (i + 1) * day)} where deal_id = ${deal.id}`.execute(
          tx,
        );
        await sql`insert into deal_stage_changes (workspace_id, id, deal_id, from_stage_id, to_stage_id, changed_at)
          values (${client.workspaceId}, gen_random_uuid(), ${deal.id}, ${a.id}, ${b.id}, ${new Date(left)})`.execute(
          tx,
        );
        await sql`update deals set stage_id = ${b.id}, stage_entered_at = ${new Date(left)}, owner_id = null where id = ${deal.id}`.execute(
          tx,
        );
      }
    });
    const waiting = async (title: string, stageId: string, days: number) => {
      const deal = await created(client, '/api/v1/deals', { title, stageId });
      await inWorkspace(client, (tx) =>
        sql`update deals set stage_entered_at = ${new Date(Date.now() - days * day)} where id = ${deal.id}`.execute(tx),
      );
      return deal;
    };
    const stuckLong = await waiting('Lange in der ersten Phase', a.id, 25);
    const stuck = await waiting('Etwas zu lange', a.id, 12);
    await waiting('Noch im Rahmen', a.id, 9);
    // Nothing left the second stage yet: the default applies.
    const stuckByDefault = await waiting('Über der Vorgabe', b.id, defaultUsualDays + 10);
    await waiting('Unter der Vorgabe', b.id, defaultUsualDays - 5);

    const { stuckDeals } = await todayOf(client);
    assert.deepEqual(
      stuckDeals.data.map((d: any) => d.id),
      [stuckLong.id, stuckByDefault.id, stuck.id],
      'the most overdue (against the usual) first',
    );
    const [long, byDefault] = stuckDeals.data;
    assert.equal(long.usualDays, 10);
    assert.equal(long.usualFrom, 'history');
    assert.equal(long.daysInStage, 25);
    assert.equal(byDefault.usualDays, defaultUsualDays);
    assert.equal(byDefault.usualFrom, 'default');
    assert.equal(stuckDeals.more, false);
  });

  test('recently viewed records: newest first, once each, trashed ones hidden, the newest 20 kept', async () => {
    const client = await h.workspace();
    const person = await created(client, '/api/v1/contacts', {
      firstName: 'Rita',
      lastName: 'Rückruf',
      phones: [{ number: '+49 30 1234567' }, { number: '+49 170 7654321', primary: true }],
    });
    const firm = await created(client, '/api/v1/companies', {
      name: 'Zuletzt Gesehen AG',
      addresses: [{ city: 'Leipzig' }],
    });
    const deal = await created(client, '/api/v1/deals', { title: 'Gesehener Auftrag', companyId: firm.id });
    for (const [type, id] of [
      ['contact', person.id],
      ['company', firm.id],
      ['deal', deal.id],
      ['contact', person.id],
    ]) {
      assert.equal((await client.post('/api/v1/recent-views', { type, id })).status, 204);
    }
    const recent = (await todayOf(client)).recent;
    assert.deepEqual(
      recent.map((r: any) => [r.type, r.name, r.detail, r.phone]),
      [
        ['contact', 'Rita Rückruf', null, '+49 170 7654321'],
        ['deal', 'Gesehener Auftrag', 'Zuletzt Gesehen AG', null],
        ['company', 'Zuletzt Gesehen AG', 'Leipzig', null],
      ],
    );
    assert.equal((await client.delete(`/api/v1/contacts/${person.id}`)).status, 204);
    assert.deepEqual(
      (await todayOf(client)).recent.map((r: any) => r.id),
      [deal.id, firm.id],
    );
    const colleagueOf = await h.member(client, 'viewer');
    assert.deepEqual((await todayOf(colleagueOf)).recent, [], "another user's views are their own");

    for (let i = 0; i < keptViews + 5; i++) {
      const c = await created(client, '/api/v1/contacts', { lastName: `Besuch ${i}` });
      assert.equal((await client.post('/api/v1/recent-views', { type: 'contact', id: c.id })).status, 204);
    }
    const kept = await inWorkspace(client, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from recent_views where user_id = ${client.userId}`.execute(tx),
    );
    assert.equal(kept.rows[0].n, keptViews);
    const shown = (await todayOf(client)).recent;
    assert.equal(shown[0].name, `Besuch ${keptViews + 4}`);
  });

  test("another workspace's or a trashed record cannot be noted as viewed, and nothing of it shows", async () => {
    const theirs = await created(other, '/api/v1/contacts', { lastName: 'Fremd' });
    const res = await me.post('/api/v1/recent-views', { type: 'contact', id: theirs.id });
    assert.equal(res.status, 404);
    assert.equal((await me.post('/api/v1/recent-views', { type: 'deal', id: theirs.id })).status, 404);
    const gone = await created(me, '/api/v1/companies', { name: 'Weg GmbH' });
    assert.equal((await me.delete(`/api/v1/companies/${gone.id}`)).status, 204);
    assert.equal((await me.post('/api/v1/recent-views', { type: 'company', id: gone.id })).status, 404);
    const page = await todayOf(me);
    assert.ok(!page.recent.some((r: any) => r.id === theirs.id || r.id === gone.id));
    assert.ok(!JSON.stringify(page).includes('Fremd'));
  });

  test('bad input is refused with 400 naming the field, never a 500', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/api/v1/recent-views', { type: 'task', id: '0190a3b4-0000-7000-8000-000000000000' }, 'body.type'],
      ['/api/v1/recent-views', { type: 'contact', id: 'nope' }, 'body.id'],
      ['/api/v1/recent-views', { type: 'contact' }, 'body.id'],
      ['/api/v1/recent-views', { type: 'contact', id: '0190a3b4-0000-7000-8000-000000000000', at: 'now' }, 'body'],
    ];
    for (const [path, body, field] of cases) {
      const res = await me.post(path, body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.ok(
        res.body.errors?.some((e: any) => e.path === field || e.path.startsWith(field)),
        JSON.stringify(res.body),
      );
    }
    for (const query of ['?tz=Mars/Olympus', '?tz=', `?tz=${'x'.repeat(200)}`, '?limit=5']) {
      const res = await me.get(`/api/v1/today${query}`);
      assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
    }
    assert.equal((await me.get('/api/v1/today')).status, 200, 'the time zone is optional');
  });

  test('the end of today follows the time zone, also across a change to summer time', () => {
    const sunday = new Date('2026-03-29T12:00:00Z'); // 14:00 in Berlin, summer time since 2:00
    assert.equal(endOfDay(sunday, 'Europe/Berlin').toISOString(), '2026-03-29T22:00:00.000Z');
    const before = new Date('2026-03-28T12:00:00Z'); // Saturday, still winter time
    assert.equal(endOfDay(before, 'Europe/Berlin').toISOString(), '2026-03-28T23:00:00.000Z');
    assert.equal(endOfDay(before, 'UTC').toISOString(), '2026-03-29T00:00:00.000Z');
    assert.equal(endOfDay(before, 'America/New_York').toISOString(), '2026-03-29T04:00:00.000Z');
  });
});
