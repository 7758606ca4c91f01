// Next best actions on a small hand-made workspace: each kind made from a run for the customer
// the rules single out, with the expected value computed by hand; a rep's daily list; a task
// made from a suggestion; decisions kept across runs; acceptance and what followed; roles and
// workspaces.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';

let h: Harness;
before(async () => {
  h = await harness();
});
after(() => h.close());

type Action = { id: string; kind: string; customer: { id: string; name: string }; expectedValue: string | null };

async function customer(api: Client, name: string, extra: object = {}) {
  const res = await api.post('/api/v1/companies', { name, ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

async function order(api: Client, companyId: string, orderDate: string, lines: Array<[string, string]>) {
  const res = await api.post('/api/v1/orders', {
    companyId,
    orderDate,
    status: 'invoiced',
    lines: lines.map(([productId, unitPrice]) => ({ productId, quantity: '1', unitPrice })),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

describe('next best actions', () => {
  test('each kind for the right customer, ranked by expected value; tasks, decisions and their figures', async () => {
    const admin = await h.workspace();
    const agent = await h.member(admin, 'agent');
    const viewer = await h.member(admin, 'viewer');
    const product = async (sku: string, name: string) =>
      (await admin.post('/api/v1/products', { sku, name, unit: 'piece', listPrice: '10.00' })).body.id as string;
    const beans = await product('B-1', 'Bohnen');
    const grinder = await product('G-1', 'Mühle');
    const tea = await product('T-1', 'Tee');
    const phone = { phones: [{ number: '+49 30 1234567' }], addresses: [{ street: 'Hauptstr. 1', city: 'Berlin' }] };

    // As of 2026-12-01 the window is Dec 2025 – Nov 2026, the one before Dec 2024 – Nov 2025.
    // Window revenue: Alpha 10,000 (A), Beta 3,000 (A: 69 % before it), Epsilon 1,000 (B: 90 %),
    // Delta 500 (C: 97 %). Alpha's revenue fell from 20,000: a churn signal.
    const alpha = await customer(admin, 'Alpha AG', { ...phone, ownerId: agent.userId });
    await order(admin, alpha, '2025-03-01', [[beans, '20000.00']]);
    await order(admin, alpha, '2026-03-01', [[beans, '10000.00']]);
    const beta = await customer(admin, 'Beta GmbH');
    await order(admin, beta, '2025-06-01', [
      [beans, '1500.00'],
      [grinder, '1500.00'],
    ]);
    await order(admin, beta, '2026-06-01', [
      [beans, '1500.00'],
      [grinder, '1500.00'],
    ]);
    const epsilon = await customer(admin, 'Epsilon KG', phone);
    await order(admin, epsilon, '2026-05-01', [
      [beans, '500.00'],
      [grinder, '500.00'],
    ]);
    const delta = await customer(admin, 'Delta OHG', phone);
    await order(admin, delta, '2026-04-01', [[tea, '500.00']]);
    // Gamma bought 5,000 in the window before and nothing since: at least a B customer's revenue.
    const gamma = await customer(admin, 'Gamma KG', phone);
    await order(admin, gamma, '2025-02-01', [[tea, '5000.00']]);

    // Beta has a quote of 2,000 sent 12 days before the day, without an answer.
    const quote = await admin.post('/api/v1/quotes', {
      subject: 'Mühlen für die Filialen',
      companyId: beta,
      quoteDate: '2026-11-19',
      validUntil: '2026-12-31',
      lines: [{ kind: 'item', name: 'Mühle', quantity: '2', unitPrice: '1000.00', vatRate: '19' }],
    });
    assert.equal(quote.status, 201, JSON.stringify(quote.body));
    assert.equal((await admin.post(`/api/v1/quotes/${quote.body.id}/issue`)).status, 200);
    await acrossWorkspaces(h.ctx.db.owner, (tx) =>
      sql`update quotes set sent_at = '2026-11-19T10:00:00Z' where id = ${quote.body.id}`.execute(tx),
    );

    assert.equal((await admin.post('/api/v1/analytics/runs', { asOf: '2026-12-01' })).status, 201);
    const list = (await viewer.get('/api/v1/next-actions?limit=50')).body.data as Action[];
    const got = list.map((a) => [a.kind, a.customer.name, a.expectedValue]);
    assert.deepEqual(got, [
      // 10,000 × (1 − 0.5): no prediction with so few customers, so the assumed risk of one in two.
      ['retain', 'Alpha AG', '5000.00'],
      // Alpha has no grinder: 2 of the 3 bean customers bought one, and a grinder customer spent
      // 1,750 on it on average (Beta 3,000, Epsilon 500): 2/3 × 1,750.
      ['crossSell', 'Alpha AG', '1166.67'],
      // 5,000 × 0.2, the assumed chance of a revival without a prediction.
      ['revive', 'Gamma KG', '1000.00'],
      // 2,000 × 0.3, the assumed acceptance rate while fewer than 10 quotes were decided.
      ['followUpQuote', 'Beta GmbH', '600.00'],
      // Beta has neither phone nor address: ranked at 1 % of its 3,000.
      ['completeData', 'Beta GmbH', null],
    ]);
    const [retain, crossSell, revive, followUp, complete] = list;
    assert.deepEqual((complete as unknown as { reason: { missing: string[] } }).reason.missing.sort(), [
      'missing_address',
      'missing_email_or_phone',
    ]);
    assert.equal((crossSell as unknown as { reason: { product: { name: string } } }).reason.product.name, 'Mühle');
    assert.equal((followUp as unknown as { reason: { days: number } }).reason.days, 12);

    // The daily list of a rep: the suggestions on their customers; a customer's own.
    const mine = (await agent.get('/api/v1/next-actions?owner=me')).body.data as Action[];
    assert.deepEqual(
      mine.map((a) => a.id),
      [retain.id, crossSell.id],
    );
    const betas = (await viewer.get(`/api/v1/next-actions?customerId=${beta}`)).body.data as Action[];
    assert.deepEqual(
      betas.map((a) => a.kind),
      ['followUpQuote', 'completeData'],
    );

    // A task from a suggestion: the owner's, linked to the customer; the suggestion is done.
    assert.equal((await viewer.post(`/api/v1/next-actions/${retain.id}/task`, { title: 'Anrufen' })).status, 403);
    assert.equal((await agent.post(`/api/v1/next-actions/${retain.id}/task`, { title: '' })).status, 400);
    const made = await agent.post(`/api/v1/next-actions/${retain.id}/task`, {
      title: 'Alpha anrufen: Umsatz fällt',
      dueAt: '2026-12-02T09:00:00Z',
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.action.status, 'done');
    assert.equal(made.body.action.taskId, made.body.taskId);
    const task = (await agent.get(`/api/v1/tasks/${made.body.taskId}`)).body;
    assert.equal(task.title, 'Alpha anrufen: Umsatz fällt');
    assert.equal(task.assigneeId, agent.userId);
    assert.deepEqual([task.companyIds, task.contactIds], [[alpha], []]);
    assert.equal((await agent.post(`/api/v1/next-actions/${retain.id}/task`, { title: 'Nochmal' })).status, 409);
    assert.equal(
      (await agent.post(`/api/v1/next-actions/${revive.id}/decision`, { status: 'dismissed' })).body.status,
      'dismissed',
    );
    assert.equal((await agent.post(`/api/v1/next-actions/${complete.id}/decision`, { status: 'later' })).status, 400);
    assert.equal((await agent.post(`/api/v1/next-actions/${revive.id}/decision`, { status: 'done' })).status, 409);

    // A new run replaces the open suggestions and leaves out what was decided in the last 30 days.
    assert.equal((await admin.post('/api/v1/analytics/runs', { asOf: '2026-12-01' })).status, 201);
    const again = (await viewer.get('/api/v1/next-actions?limit=50')).body.data as Action[];
    assert.deepEqual(
      again.map((a) => [a.kind, a.customer.name]),
      [
        ['crossSell', 'Alpha AG'],
        ['followUpQuote', 'Beta GmbH'],
        ['completeData', 'Beta GmbH'],
      ],
    );
    const decided = (await viewer.get('/api/v1/next-actions?status=done')).body.data as Action[];
    assert.deepEqual(
      decided.map((a) => a.id),
      [retain.id],
    );

    // Alpha ordered after the call: the retain action was taken up and followed by an order.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await order(admin, alpha, tomorrow, [[beans, '800.00']]);
    const stats = (await viewer.get('/api/v1/next-actions/stats')).body.data as Array<Record<string, unknown>>;
    const of = (kind: string) => stats.find((s) => s.kind === kind);
    assert.deepEqual(of('retain'), {
      kind: 'retain',
      open: 0,
      done: 1,
      dismissed: 0,
      acceptanceRate: 1,
      followed: 1,
      outcomeRate: 1,
    });
    assert.deepEqual(of('revive'), {
      kind: 'revive',
      open: 0,
      done: 0,
      dismissed: 1,
      acceptanceRate: 0,
      followed: 0,
      outcomeRate: null,
    });
    assert.equal(of('crossSell')?.open, 1);

    // A rep who may work only on their own tasks takes a suggestion on a colleague's quote
    // themselves: the task cannot go to the quote's owner, outside the rep's scope.
    assert.equal(again[1].kind, 'followUpQuote');
    assert.notEqual((again[1] as unknown as { ownerId: string }).ownerId, agent.userId);
    const own = await admin.put('/api/v1/access-rules', {
      rules: [{ role: 'agent', recordType: 'task', read: 'own', write: 'own' }],
      fields: [],
    });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    const taken = await agent.post(`/api/v1/next-actions/${again[1].id}/task`, { title: 'Angebot nachfassen' });
    assert.equal(taken.status, 201, JSON.stringify(taken.body));
    assert.equal((await agent.get(`/api/v1/tasks/${taken.body.taskId}`)).body.assigneeId, agent.userId);
    await admin.put('/api/v1/access-rules', { rules: [], fields: [] });

    // Another workspace sees none of it and cannot decide them.
    const other = await h.workspace();
    assert.deepEqual((await other.get('/api/v1/next-actions')).body, { data: [] });
    assert.equal(
      (await other.post(`/api/v1/next-actions/${again[0].id}/decision`, { status: 'dismissed' })).status,
      404,
    );
  });
});
