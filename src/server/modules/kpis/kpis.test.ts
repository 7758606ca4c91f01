// The sales KPIs and the forecast on a small hand-made workspace whose deals, stage history,
// quotes and orders are dated by hand: every figure below is computed by hand in the comments.
// Also the filters by owner and team, bad input, roles and another workspace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { salesForecast, takeForecastSnapshot } from './kpis.forecast.ts';
import { accuracyOf } from './kpis.forecast.ts';

let h: Harness;
let admin: Client;
let agent: Client;
let teamId: string;
let company: string;
const stage: Record<string, string> = {};

/** Runs SQL as maintenance: the tests date records by hand, which no API allows. */
const asOwner = (work: Parameters<typeof acrossWorkspaces>[1]) => acrossWorkspaces(h.ctx.db.owner, work);

const at = (day: string) => `${day}T00:00:00Z`;

/** A deal that went through `path` ([stage, day] pairs, the first its creation) and stays in the last. */
async function deal(
  path: Array<[string, string]>,
  options: { owner: Client; amount: string; currency?: string; expectedCloseDate?: string; probability?: number },
) {
  const last = path[path.length - 1][0];
  const res = await admin.post('/api/v1/deals', {
    title: `Deal ${path.map((p) => p[0]).join('→')}`,
    stageId: stage[last],
    ownerId: options.owner.userId,
    amount: { amount: options.amount, currency: options.currency ?? 'EUR' },
    ...(options.expectedCloseDate && { expectedCloseDate: options.expectedCloseDate }),
    ...(options.probability !== undefined && { probability: options.probability }),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const id = res.body.id as string;
  const closed = last === 'won' || last === 'lost';
  await asOwner(async (tx) => {
    await sql`delete from deal_stage_changes where deal_id = ${id}`.execute(tx);
    for (const [i, [name, day]] of path.entries())
      await sql`insert into deal_stage_changes (workspace_id, id, deal_id, from_stage_id, to_stage_id, changed_at)
                values (${admin.workspaceId}, gen_random_uuid(), ${id}, ${i === 0 ? null : stage[path[i - 1][0]]},
                        ${stage[name]}, ${at(day)})`.execute(tx);
    await sql`update deals set created_at = ${at(path[0][1])}, stage_entered_at = ${at(path[path.length - 1][1])},
                closed_at = ${closed ? at(path[path.length - 1][1]) : null} where id = ${id}`.execute(tx);
  });
  return id;
}

async function quote(owner: Client, decision: 'accept' | 'decline', day: string) {
  const created = await admin.post('/api/v1/quotes', {
    subject: `Angebot ${decision} ${day}`,
    companyId: company,
    ownerId: owner.userId,
    lines: [{ kind: 'item', name: 'Leistung', quantity: '1', unitPrice: '100.00', vatRate: '19' }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await admin.post(`/api/v1/quotes/${created.body.id}/issue`, {})).status, 200);
  const decided = await admin.post(
    `/api/v1/quotes/${created.body.id}/${decision}`,
    decision === 'decline' ? { reason: 'zu teuer' } : {},
  );
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  await asOwner((tx) => sql`update quotes set decided_at = ${at(day)} where id = ${created.body.id}`.execute(tx));
}

async function order(companyId: string, orderDate: string, netTotal: string, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/v1/orders', { companyId, orderDate, netTotal, status: 'invoiced', ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

before(async () => {
  h = await harness();
  admin = await h.workspace('Vertrieb GmbH');
  agent = await h.member(admin, 'agent');
  teamId = (await admin.post('/api/v1/teams', { name: 'Team Nord', memberIds: [agent.userId] })).body.id;
  const pipeline = (await admin.get('/api/v1/pipelines?isDefault=true')).body.data[0];
  const [q, b, a, v] = pipeline.stages.filter((s: { kind: string }) => s.kind === 'open');
  Object.assign(stage, { q: q.id, b: b.id, a: a.id, v: v.id });
  stage.won = pipeline.stages.find((s: { kind: string }) => s.kind === 'won').id;
  stage.lost = pipeline.stages.find((s: { kind: string }) => s.kind === 'lost').id;

  // Admin: D1 won after 30 days (10 in Q, 20 in B), D2 lost after 10 days, D5 open in Q with 40 % of its own.
  await deal(
    [
      ['q', '2026-01-01'],
      ['b', '2026-01-11'],
      ['won', '2026-01-31'],
    ],
    { owner: admin, amount: '10000.00' },
  );
  await deal(
    [
      ['q', '2026-02-01'],
      ['lost', '2026-02-11'],
    ],
    { owner: admin, amount: '20000.00' },
  );
  await deal([['q', '2026-05-01']], {
    owner: admin,
    amount: '5000.00',
    expectedCloseDate: '2026-06-01',
    probability: 40,
  });
  // Agent (team Nord): D3 won after 20 days (4 in Q, 10 in B, 6 in A), D4 open in A (50 %),
  // skipped B; D6 won in dollars after 2 days.
  await deal(
    [
      ['q', '2026-03-01'],
      ['b', '2026-03-05'],
      ['a', '2026-03-15'],
      ['won', '2026-03-21'],
    ],
    { owner: agent, amount: '30000.00' },
  );
  await deal(
    [
      ['q', '2026-04-01'],
      ['a', '2026-04-11'],
    ],
    { owner: agent, amount: '8000.00', expectedCloseDate: '2026-08-10' },
  );
  await deal(
    [
      ['q', '2026-03-10'],
      ['won', '2026-03-12'],
    ],
    { owner: agent, amount: '1000.00', currency: 'USD' },
  );

  company = (await admin.post('/api/v1/companies', { name: 'Kunde AG' })).body.id;
  await quote(admin, 'accept', '2026-02-15');
  await quote(admin, 'decline', '2026-03-01');
  await quote(agent, 'accept', '2026-04-01');
  await quote(agent, 'accept', '2025-12-01');

  const mine = { ownerId: admin.userId };
  const theirs = { ownerId: agent.userId };
  await order(company, '2025-01-15', '1000.00', mine);
  await order(company, '2025-02-10', '2000.00', theirs);
  await order(company, '2026-01-20', '1500.00', mine);
  await order(company, '2026-01-25', '9999.00', { ...mine, status: 'cancelled' });
  await order(company, '2026-01-10', '777.00', { ...mine, currency: 'USD' });
  await order(company, '2026-02-05', '2500.00', theirs);
  await order(company, '2026-04-10', '3000.00', mine);
  await order(company, '2026-05-10', '3000.00', mine);
  await order(company, '2026-06-10', '6000.00', mine);
  await order(company, '2026-07-05', '1000.00', mine);
  await order(company, '2026-07-20', '5000.00', mine);
});
after(() => h.close());

const half = '?from=2026-01-01&to=2026-06-30';

describe('sales KPIs of a period', () => {
  test('win rate, deal size and sales cycle count the deals closed in the period', async () => {
    const res = await admin.get(`/api/v1/kpis/sales${half}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { outcomes, period, otherCurrencyDeals } = res.body;
    assert.deepEqual(period, { from: '2026-01-01', to: '2026-06-30', currency: 'EUR' });
    // Won D1, D3, D6 (in dollars), lost D2: 3 / 4. Amounts in euros only: 10,000 + 30,000.
    assert.equal(outcomes.won, 3);
    assert.equal(outcomes.lost, 1);
    assert.equal(outcomes.winRate, 0.75);
    assert.equal(outcomes.wonAmount, '40000.00');
    assert.equal(outcomes.averageDealSize, '20000.00');
    // Cycles 30, 20 and 2 days: median 20, mean 17.3.
    assert.equal(outcomes.cycleMedianDays, 20);
    assert.equal(outcomes.cycleAverageDays, 17.3);
    assert.equal(otherCurrencyDeals, 1);
  });

  test('a period before any closing has no rates, not zeros', async () => {
    const { outcomes, quotes } = (await admin.get('/api/v1/kpis/sales?from=2020-01-01&to=2020-12-31')).body;
    assert.deepEqual(
      [outcomes.won, outcomes.winRate, outcomes.averageDealSize, outcomes.cycleMedianDays, quotes.acceptanceRate],
      [0, null, null, null, null],
    );
  });

  test('the pipeline is the open deals now, weighted by their own or their stage’s probability', async () => {
    const { pipeline } = (await admin.get(`/api/v1/kpis/sales${half}`)).body;
    // D5 5,000 × 40 % (its own) and D4 8,000 × 50 % (stage Angebot).
    assert.deepEqual([pipeline.deals, pipeline.amount, pipeline.weighted], [2, '13000.00', '6000.00']);
    const byStage = Object.fromEntries(
      pipeline.stages.map((s: { stageId: string; deals: number; weighted: string }) => [
        s.stageId,
        [s.deals, s.weighted],
      ]),
    );
    assert.deepEqual(byStage[stage.q], [1, '2000.00']);
    assert.deepEqual(byStage[stage.b], [0, '0.00']);
    assert.deepEqual(byStage[stage.a], [1, '4000.00']);
  });

  test('stage conversion and median time in stage come from the stage history', async () => {
    const { conversion } = (await admin.get(`/api/v1/kpis/sales${half}`)).body;
    const of = (id: string) => conversion.find((c: { stageId: string }) => c.stageId === id);
    // Q: six deals entered; D1, D3, D4 (skipping B) and D6 went on; D1, D3, D6 won; D5 is still there.
    // Moves out of Q after 10, 10, 4, 10 and 2 days: median 10.
    assert.deepEqual(
      (({ entered, reachedNext, won, stillThere, exits, medianDays }) => ({
        entered,
        reachedNext,
        won,
        stillThere,
        exits,
        medianDays,
      }))(of(stage.q)),
      { entered: 6, reachedNext: 4, won: 3, stillThere: 1, exits: 5, medianDays: 10 },
    );
    assert.equal(of(stage.q).nextRate, 4 / 6);
    assert.equal(of(stage.q).wonRate, 0.5);
    // B: D1 and D3, both on and won; 20 and 10 days: median 15.
    assert.deepEqual([of(stage.b).entered, of(stage.b).nextRate, of(stage.b).medianDays], [2, 1, 15]);
    // A: D3 (won after 6 days) and D4 (still there).
    assert.deepEqual(
      [of(stage.a).entered, of(stage.a).reachedNext, of(stage.a).stillThere, of(stage.a).medianDays],
      [2, 1, 1, 6],
    );
    // V: nobody, so no rates.
    assert.deepEqual([of(stage.v).entered, of(stage.v).nextRate, of(stage.v).medianDays], [0, null, null]);
  });

  test('quote acceptance counts the quotes decided in the period', async () => {
    const { quotes } = (await admin.get(`/api/v1/kpis/sales${half}`)).body;
    // Accepted 15 Feb and 1 Apr, declined 1 Mar; the one of December 2025 is outside.
    assert.deepEqual(quotes, { accepted: 2, declined: 1, acceptanceRate: 2 / 3 });
  });

  test('per owner and per team', async () => {
    const { byOwner, byTeam } = (await admin.get(`/api/v1/kpis/sales${half}`)).body;
    const mine = byOwner.find((r: { id: string }) => r.id === admin.userId);
    const theirs = byOwner.find((r: { id: string }) => r.id === agent.userId);
    assert.deepEqual(mine.pipeline, { deals: 1, amount: '5000.00', weighted: '2000.00' });
    assert.deepEqual(
      [mine.outcomes.won, mine.outcomes.lost, mine.outcomes.winRate, mine.outcomes.cycleMedianDays],
      [1, 1, 0.5, 30],
    );
    assert.deepEqual(theirs.pipeline, { deals: 1, amount: '8000.00', weighted: '4000.00' });
    // D3 and D6: median and mean of 20 and 2 days.
    assert.deepEqual(
      [theirs.outcomes.won, theirs.outcomes.winRate, theirs.outcomes.averageDealSize],
      [2, 1, '30000.00'],
    );
    assert.deepEqual([theirs.outcomes.cycleMedianDays, theirs.outcomes.cycleAverageDays], [11, 11]);
    assert.equal(byTeam.length, 1);
    assert.deepEqual(
      { ...byTeam[0], id: undefined, name: undefined },
      { ...theirs, id: undefined, name: undefined },
      'the team is its one member',
    );
    assert.equal(byTeam[0].name, 'Team Nord');
  });

  test('the owner and team filters narrow every figure', async () => {
    const team = (await admin.get(`/api/v1/kpis/sales${half}&teamId=${teamId}`)).body;
    assert.deepEqual([team.outcomes.won, team.outcomes.lost, team.pipeline.weighted], [2, 0, '4000.00']);
    assert.deepEqual(team.quotes, { accepted: 1, declined: 0, acceptanceRate: 1 });
    const q = team.conversion.find((c: { stageId: string }) => c.stageId === stage.q);
    assert.deepEqual([q.entered, q.exits], [3, 3]);
    const mine = (await admin.get(`/api/v1/kpis/sales${half}&ownerId=${admin.userId}`)).body;
    assert.deepEqual([mine.outcomes.won, mine.outcomes.lost, mine.quotes.acceptanceRate], [1, 1, 0.5]);
    const nobody = (await admin.get(`/api/v1/kpis/sales${half}&ownerId=${admin.userId}&teamId=${teamId}`)).body;
    assert.deepEqual([nobody.outcomes.won, nobody.pipeline.deals], [0, 0], 'the admin is not in the team');
  });
});

describe('revenue against the year before', () => {
  test('per month: cancelled orders and other currencies left out', async () => {
    const res = await admin.get('/api/v1/kpis/revenue?from=2026-01-01&to=2026-03-31');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.rows, [
      { start: '2026-01-01', revenue: '1500.00', previousYear: '1000.00', change: 0.5 },
      { start: '2026-02-01', revenue: '2500.00', previousYear: '2000.00', change: 0.25 },
      { start: '2026-03-01', revenue: '0.00', previousYear: '0.00', change: null },
    ]);
    assert.deepEqual(res.body.total, { revenue: '4000.00', previousYear: '3000.00', change: 4000 / 3000 - 1 });
    assert.equal(res.body.otherCurrencyOrders, 1);
  });

  test('per quarter and per owner', async () => {
    const quarter = (await admin.get('/api/v1/kpis/revenue?from=2026-01-01&to=2026-03-31&interval=quarter')).body;
    assert.deepEqual(quarter.rows, [
      { start: '2026-01-01', revenue: '4000.00', previousYear: '3000.00', change: 4000 / 3000 - 1 },
    ]);
    const mine = (await admin.get(`/api/v1/kpis/revenue?from=2026-01-01&to=2026-02-28&ownerId=${admin.userId}`)).body;
    assert.deepEqual(
      mine.rows.map((r: { revenue: string; previousYear: string }) => [r.revenue, r.previousYear]),
      [
        ['1500.00', '1000.00'],
        ['0.00', '0.00'],
      ],
    );
  });
});

describe('forecast', () => {
  const forecastAsOf = (asOf: string, filter: { ownerId?: string; teamId?: string } = {}, months = 3) =>
    inTenant(h.ctx.db.app, { workspaceId: admin.workspaceId }, (tx) =>
      salesForecast(tx, admin.workspaceId, { ...filter, months }, asOf),
    );

  test('weighted pipeline by expected close month beside the mean of the last three months', async () => {
    const forecast = await forecastAsOf('2026-07-15');
    // D5 was expected on 1 June: overdue. D4 in August: 8,000 × 50 %. History: (3,000 + 3,000 + 6,000) / 3.
    assert.deepEqual(forecast.months, [
      { month: '2026-07-01', weighted: '0.00', deals: 0, history: '4000.00', booked: '1000.00' },
      { month: '2026-08-01', weighted: '4000.00', deals: 1, history: '4000.00', booked: null },
      { month: '2026-09-01', weighted: '0.00', deals: 0, history: '4000.00', booked: null },
    ]);
    assert.deepEqual(forecast.overdue, { deals: 1, amount: '5000.00', weighted: '2000.00' });
    assert.deepEqual(forecast.undated, { deals: 0, amount: '0.00', weighted: '0.00' });
    assert.equal(forecast.historyNote, null);
  });

  test('the backtest of the history method over the past twelve months', async () => {
    const { backtest } = await forecastAsOf('2026-07-15');
    assert.equal(backtest.rows.length, 12);
    assert.equal(backtest.note, null);
    const last = backtest.rows.slice(-6).map((r) => [r.month, r.forecast, r.actual]);
    assert.deepEqual(last, [
      ['2026-01-01', '0.00', '1500.00'],
      ['2026-02-01', '500.00', '2500.00'],
      ['2026-03-01', '1333.33', '0.00'],
      ['2026-04-01', '1333.33', '3000.00'],
      ['2026-05-01', '1833.33', '3000.00'],
      ['2026-06-01', '2000.00', '6000.00'],
    ]);
    // Off by 1,500 + 2,000 + 1,333.33 + 1,666.67 + 1,166.67 + 4,000 of 16,000; 9,000 too low.
    assert.ok(Math.abs((backtest.accuracy.error ?? 0) - 11_666.67 / 16_000) < 1e-4);
    assert.ok(Math.abs((backtest.accuracy.bias ?? 0) + 9_000 / 16_000) < 1e-4);
  });

  test('too little history is said, not guessed', async () => {
    const forecast = await forecastAsOf('2025-03-10');
    // The first order was in January 2025: three full months before March do not exist yet.
    assert.equal(forecast.historyNote, 'too_little_history');
    assert.equal(forecast.months[0].history, null);
    assert.equal(forecast.backtest.rows.length, 0);
    assert.equal(forecast.backtest.note, 'too_little_history');
    assert.deepEqual(accuracyOf([]), { months: 0, error: null, bias: null });
  });

  test('a snapshot is compared with what came once its month is over', async () => {
    const taken = await inTenant(h.ctx.db.app, { workspaceId: admin.workspaceId }, async (tx) => {
      await takeForecastSnapshot(tx, admin.workspaceId, '2026-05-20');
      return takeForecastSnapshot(tx, admin.workspaceId, '2026-05-20');
    });
    // Six months × both owners (each has history: Feb–Apr revenue 3,000 and 2,500 over three).
    assert.deepEqual(taken, { takenOn: '2026-05-20', rows: 12 }, 'the same day replaces, not adds');
    const { snapshots } = await forecastAsOf('2026-07-15');
    // Only June is over and was forecast before it began: D5's 2,000 against nothing won;
    // history 1,000 + 833.33 against 6,000 of revenue.
    assert.deepEqual(snapshots.rows, [
      {
        month: '2026-06-01',
        takenOn: '2026-05-20',
        weighted: '2000.00',
        wonAmount: '0.00',
        history: '1833.33',
        revenue: '6000.00',
      },
    ]);
    assert.equal(snapshots.weightedAccuracy.error, null, 'nothing won: no error to divide');
    assert.ok(Math.abs((snapshots.historyAccuracy.error ?? 0) - (6000 - 1833.33) / 6000) < 1e-4);
    const team = await forecastAsOf('2026-07-15', { teamId });
    assert.deepEqual(
      team.snapshots.rows.map((r) => [r.weighted, r.history, r.revenue]),
      [['0.00', '833.33', '0.00']],
    );
  });

  test('through the API: the forecast, and a snapshot taken by a manager', async () => {
    const res = await admin.get('/api/v1/kpis/forecast?months=2');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.months.length, 2);
    const viewer = await h.member(admin, 'viewer');
    assert.equal((await viewer.get('/api/v1/kpis/forecast')).status, 200);
    assert.equal((await viewer.post('/api/v1/kpis/forecast/snapshots', {})).status, 403);
    const manager = await h.member(admin, 'manager');
    const soon = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    await manager.post('/api/v1/deals', {
      title: 'Bald',
      amount: { amount: '100.00', currency: 'EUR' },
      expectedCloseDate: soon,
    });
    const taken = await manager.post('/api/v1/kpis/forecast/snapshots', {});
    assert.equal(taken.status, 201, JSON.stringify(taken.body));
    assert.equal(taken.body.rows, 1, 'the manager’s deal of next month');
  });
});

describe('bad input and other workspaces', () => {
  test('bad filters are 400 naming the field, never 500', async () => {
    for (const query of [
      '/kpis/sales?from=2026-03-01&to=2026-02-01',
      '/kpis/sales?from=2026-02-30',
      '/kpis/sales?from=2000-01-01&to=2026-01-01',
      '/kpis/sales?ownerId=someone',
      '/kpis/sales?teamId=1',
      '/kpis/revenue?interval=week',
      '/kpis/forecast?months=0',
      '/kpis/forecast?months=25',
      '/kpis/forecast?months=drei',
    ]) {
      const res = await admin.get(`/api/v1${query}`);
      assert.equal(res.status, 400, `${query} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(res.body.errors?.length > 0, `${query} names the field`);
    }
    const future = await admin.get('/api/v1/kpis/sales?from=2099-01-01');
    assert.equal(future.status, 200, 'a period in the future is empty, not wrong');
  });

  test('another workspace sees none of it, even with the ids', async () => {
    const other = await h.workspace('Andere GmbH');
    for (const query of [`${half}`, `${half}&ownerId=${admin.userId}`, `${half}&teamId=${teamId}`]) {
      const sales = (await other.get(`/api/v1/kpis/sales${query}`)).body;
      assert.deepEqual(
        [sales.outcomes.won, sales.outcomes.lost, sales.pipeline.deals, sales.quotes.accepted],
        [0, 0, 0, 0],
      );
      assert.deepEqual([sales.byOwner, sales.byTeam], [[], []]);
    }
    const revenue = (await other.get('/api/v1/kpis/revenue?from=2026-01-01&to=2026-03-31')).body;
    assert.equal(revenue.total.revenue, '0.00');
    const forecast = (await other.get('/api/v1/kpis/forecast')).body;
    assert.deepEqual([forecast.overdue.deals, forecast.snapshots.rows.length], [0, 0]);
  });
});
