// The customer portfolio on a hand-made workspace: potentials entered (with basis, who and
// when) or worked out by rules, the median line, the four fields with their customers, a
// customer's share of wallet; roles, bad input and the audit trail.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await harness();
});
after(() => h.close());

async function buyer(api: Client, path: 'companies' | 'contacts', body: object, netTotal: string) {
  const id = (await api.post(`/api/v1/${path}`, body)).body.id as string;
  const res = await api.post('/api/v1/orders', {
    [path === 'companies' ? 'companyId' : 'contactId']: id,
    orderDate: '2026-06-01',
    netTotal,
    status: 'invoiced',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return id;
}

test('the portfolio: value against potential, entered or by rule, split at the median', async () => {
  const admin = await h.workspace();
  const agent = await h.member(admin, 'agent');
  const viewer = await h.member(admin, 'viewer');
  // Window revenue 14,700: Alpha 10,000 (A), Beta 3,000 (A: 68 % before it), Epsilon 1,000
  // (B: 88 %), Delta 500 (C: 95.2 %), Erika 200 (C).
  const alpha = await buyer(admin, 'companies', { name: 'Alpha AG' }, '10000.00');
  const beta = await buyer(
    admin,
    'companies',
    { name: 'Beta GmbH', industry: 'Gastronomie', employeeCount: 20 },
    '3000.00',
  );
  await buyer(admin, 'companies', { name: 'Epsilon KG', industry: 'Handel', employeeCount: 100 }, '1000.00');
  await buyer(admin, 'companies', { name: 'Delta OHG' }, '500.00');
  const erika = await buyer(admin, 'contacts', { firstName: 'Erika', lastName: 'Muster' }, '200.00');
  assert.equal((await admin.post('/api/v1/analytics/runs', { asOf: '2026-12-01' })).status, 201);

  // Rules: 100 per employee in gastronomy, 50 elsewhere; two for one industry are refused.
  const rules = [
    { industry: 'Gastronomie', perEmployee: '100.00', basis: 'Branchenschnitt Gastronomie × Mitarbeiterzahl' },
    { industry: null, perEmployee: '50.00', basis: 'Branchenschnitt × Mitarbeiterzahl' },
  ];
  assert.equal((await agent.put('/api/v1/analytics/potential-rules', { data: rules })).status, 403);
  const twice = await admin.put('/api/v1/analytics/potential-rules', {
    data: [...rules, { industry: 'gastronomie', perEmployee: '1.00', basis: 'x' }],
  });
  assert.equal(twice.status, 422);
  assert.equal(twice.body.errors[0].path, 'data.2.industry');
  assert.equal(
    (await admin.put('/api/v1/analytics/potential-rules', { data: [{ ...rules[0], perEmployee: '-1' }] })).status,
    400,
  );
  const saved = await admin.put('/api/v1/analytics/potential-rules', { data: rules });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual((await viewer.get('/api/v1/analytics/potential-rules')).body.data, rules);

  // Entered potentials override the rules: Alpha 12,000, Erika 9,000.
  assert.equal((await viewer.put(`/api/v1/companies/${alpha}/potential`, { amount: '1.00', basis: 'x' })).status, 403);
  assert.equal(
    (await agent.put(`/api/v1/companies/${alpha}/potential`, { amount: '12.000,00', basis: 'Gespräch' })).status,
    400,
  );
  const entered = await agent.put(`/api/v1/companies/${alpha}/potential`, {
    amount: '12000.00',
    basis: 'Einkaufsvolumen laut Gespräch',
  });
  assert.equal(entered.status, 200, JSON.stringify(entered.body));
  assert.equal(entered.body.potential.source, 'entered');
  assert.equal(entered.body.potential.setBy, agent.userId);
  assert.ok(entered.body.potential.setAt);
  await agent.put(`/api/v1/contacts/${erika}/potential`, { amount: '9000.00', basis: 'Haushaltsbudget laut Anfrage' });

  // Potentials 12,000, 2,000 (20 × 100), 5,000 (100 × 50), 9,000: median 7,000. Delta has none.
  const portfolio = (await viewer.get('/api/v1/analytics/portfolio')).body;
  assert.equal(portfolio.potentialMedian, '7000.00');
  assert.equal(portfolio.withoutPotential, 1);
  const field = (name: string) => portfolio.fields.find((f: { field: string }) => f.field === name);
  assert.deepEqual(
    portfolio.fields.map((f: { field: string; customers: number }) => [f.field, f.customers]),
    [
      ['invest', 1],
      ['develop', 1],
      ['maintain', 2],
      ['withdraw', 0],
    ],
  );
  assert.deepEqual(field('invest').top, [
    { type: 'company', id: alpha, name: 'Alpha AG', revenue: '10000.00', potential: '12000.00' },
  ]);
  assert.equal(field('develop').top[0].name, 'Erika Muster');
  assert.equal(field('maintain').revenue, '4000.00');
  assert.equal(field('maintain').potential, '7000.00');

  const mine = (await viewer.get(`/api/v1/companies/${alpha}/potential`)).body;
  assert.equal(mine.field, 'invest');
  assert.equal(mine.potential.basis, 'Einkaufsvolumen laut Gespräch');
  assert.ok(Math.abs(mine.shareOfWallet - 10000 / 12000) < 1e-9);
  const byRule = (await viewer.get(`/api/v1/companies/${beta}/potential`)).body;
  assert.deepEqual(byRule.potential, {
    amount: '2000.00',
    basis: 'Branchenschnitt Gastronomie × Mitarbeiterzahl',
    source: 'rule',
    setBy: null,
    setAt: null,
  });
  assert.equal(byRule.field, 'maintain');
  assert.equal(byRule.shareOfWallet, 1.5);

  // Removing the entered figure: no rule fits Alpha (no employees), so no potential.
  const cleared = await agent.delete(`/api/v1/companies/${alpha}/potential`);
  assert.equal(cleared.status, 200);
  assert.deepEqual([cleared.body.potential, cleared.body.field], [null, null]);
  const trail = (await admin.get('/api/v1/audit-log?recordType=customer_potential&limit=10')).body.data as Array<{
    action: string;
  }>;
  assert.deepEqual(
    trail.map((e) => e.action),
    ['delete', 'create', 'create'],
  );

  const other = await h.workspace();
  assert.equal((await other.get(`/api/v1/companies/${alpha}/potential`)).status, 404);
  assert.deepEqual((await other.get('/api/v1/analytics/portfolio')).body.fields[0].customers, 0);
});
