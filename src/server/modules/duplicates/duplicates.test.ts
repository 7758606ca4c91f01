// Duplicates through the HTTP API and the CLI: the check while typing, a scan run in the
// background, the pairs best first, dismissing, roles, bad input, and workspace isolation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Client;
const ids: Record<string, string> = {};

async function create(path: string, key: string, body: Record<string, unknown>) {
  const res = await admin.post(path, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  ids[key] = res.body.id;
}

async function scanned(client: Client, type: 'contacts' | 'companies') {
  const started = await client.post('/api/v1/duplicates/scan', { type });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  assert.equal(started.body.type, type);
  // The scan runs in the background (jobs are off in tests): wait for its state, not for time.
  for (;;) {
    const res = await client.get(`/api/v1/duplicates/scan?type=${type}`);
    assert.equal(res.status, 200);
    if (res.body.scan.status === 'done') return res.body.scan;
    assert.notEqual(res.body.scan.status, 'failed', res.body.scan.error);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

before(async () => {
  h = await harness();
  admin = await h.workspace();
  await create('/api/v1/contacts', 'anna', {
    firstName: 'Anna',
    lastName: 'Müller',
    emails: [{ email: 'anna.mueller@web.de' }],
    addresses: [{ street: 'Goethestraße 5', postalCode: '80336', city: 'München' }],
  });
  await create('/api/v1/contacts', 'anna2', {
    firstName: 'Anna',
    lastName: 'Mueller',
    addresses: [{ street: 'Goethestr. 5', postalCode: '80336', city: 'München' }],
    phones: [{ number: '089 123456' }],
  });
  await create('/api/v1/contacts', 'peter', {
    firstName: 'Peter',
    lastName: 'Mueller',
    addresses: [{ street: 'Goethestr. 5', postalCode: '80336', city: 'München' }],
    phones: [{ number: '089 123456' }],
  });
  await create('/api/v1/companies', 'acme', {
    name: 'Schreinerei Holzmann GmbH',
    website: 'https://www.holzmann-moebel.de',
  });
  await create('/api/v1/companies', 'acme2', {
    name: 'Schreinerei Holzmann GmbH & Co. KG',
    emails: [{ email: 'info@holzmann-moebel.de' }],
  });
});
after(() => h.close());

describe('duplicates API', () => {
  test('the check while typing names the likely duplicate with its summary and reasons', async () => {
    const res = await admin.post('/api/v1/contacts/duplicates', {
      firstName: 'Anna',
      lastName: 'Muller',
      emails: [{ email: 'Anna.Mueller@web.de' }],
      lifecycleStage: 'lead',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const top = res.body.candidates[0];
    assert.equal(top.id, ids.anna);
    assert.ok(top.score >= 0.9 && top.score <= 1);
    assert.ok(top.reasons.includes('same_email'));
    assert.equal(top.record.name, 'Anna Müller');
    assert.deepEqual(top.record.emails, ['anna.mueller@web.de']);
    assert.equal(top.record.city, 'München');

    const company = await admin.post('/api/v1/companies/duplicates', {
      name: 'Holzmann Schreinerei',
      website: 'holzmann-moebel.de',
    });
    assert.equal(company.status, 200, JSON.stringify(company.body));
    const found = company.body.candidates.map((c: { id: string }) => c.id);
    assert.ok(found.includes(ids.acme), JSON.stringify(company.body));
    assert.ok(company.body.candidates[0].reasons.includes('same_domain'));

    // Half-typed values are fine; a malformed birthday or a wrong type is a 400, never a 500.
    assert.equal((await admin.post('/api/v1/contacts/duplicates', { lastName: 'Mü', emails: ['anna@'] })).status, 200);
    assert.equal((await admin.post('/api/v1/contacts/duplicates', { birthday: '31.12.1990' })).status, 400);
    assert.equal((await admin.post('/api/v1/contacts/duplicates', { phones: 'x' })).status, 400);
  });

  test('a scan finds the pairs best first; the couple is no pair; dismissing keeps a pair away', async () => {
    const scan = await scanned(admin, 'contacts');
    assert.equal(scan.records, 3);
    const res = await admin.get('/api/v1/duplicates?type=contacts');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.pairs.map((p: { ids: string[] }) => [...p.ids].sort()),
      [[ids.anna, ids.anna2].sort()],
    );
    const pair = res.body.pairs[0];
    assert.ok(pair.score >= 0.5);
    assert.ok(pair.reasons.includes('same_address'), pair.reasons.join());
    assert.deepEqual(pair.records.map((r: { name: string }) => r.name).sort(), ['Anna Mueller', 'Anna Müller']);
    assert.equal(res.body.nextCursor, null);

    const companies = await scanned(admin, 'companies');
    assert.equal(companies.pairs, 1);
    const companyPairs = (await admin.get('/api/v1/duplicates?type=companies')).body.pairs;
    assert.deepEqual([...companyPairs[0].ids].sort(), [ids.acme, ids.acme2].sort());

    const dismissed = await admin.post('/api/v1/duplicates/dismiss', { ids: [ids.anna2, ids.anna] });
    assert.equal(dismissed.status, 200, JSON.stringify(dismissed.body));
    assert.deepEqual((await admin.get('/api/v1/duplicates?type=contacts')).body.pairs, []);
    await scanned(admin, 'contacts');
    assert.deepEqual((await admin.get('/api/v1/duplicates?type=contacts')).body.pairs, []);
  });

  test('roles, bad input and another workspace', async () => {
    const viewer = await h.member(admin, 'viewer');
    assert.equal((await viewer.post('/api/v1/duplicates/scan', { type: 'contacts' })).status, 403);
    assert.equal((await viewer.post('/api/v1/duplicates/dismiss', { ids: [ids.anna, ids.peter] })).status, 403);
    assert.equal((await viewer.get('/api/v1/duplicates?type=companies')).status, 200);

    assert.equal((await admin.get('/api/v1/duplicates?type=deals')).status, 400);
    assert.equal((await admin.get('/api/v1/duplicates?type=contacts&minScore=2')).status, 400);
    const badCursor = await admin.get('/api/v1/duplicates?type=contacts&cursor=nonsense');
    assert.equal(badCursor.status, 400);
    assert.equal(badCursor.body.code, 'invalid_cursor');
    assert.equal((await admin.post('/api/v1/duplicates/dismiss', { ids: [ids.anna, ids.anna] })).status, 400);
    assert.equal((await admin.post('/api/v1/duplicates/scan', { type: 'deals' })).status, 400);

    const other = await h.workspace();
    assert.deepEqual((await other.get('/api/v1/duplicates?type=companies')).body.pairs, []);
    assert.deepEqual((await other.get('/api/v1/duplicates/scan?type=companies')).body, { scan: null });
    assert.equal((await other.post('/api/v1/duplicates/dismiss', { ids: [ids.acme, ids.acme2] })).status, 404);
    const check = await other.post('/api/v1/companies/duplicates', { name: 'Schreinerei Holzmann GmbH' });
    assert.deepEqual(check.body.candidates, []);
    // Their dismissal attempt changed nothing here.
    assert.equal((await admin.get('/api/v1/duplicates?type=companies')).body.pairs.length, 1);
  });

  test('farley duplicates scans and prints the pairs as JSON', async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['bin/farley.js', 'duplicates', '--workspace', admin.workspaceId, '--type', 'companies', '--min-score', '0.5'],
        {
          env: {
            ...process.env,
            DATABASE_URL: process.env.FARLEY_TEST_DATABASE_URL,
            FARLEY_JOBS: '0',
            FARLEY_DEMO: '0',
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
      ),
    );
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.pairs.length, 1);
    assert.deepEqual([...out.pairs[0].ids].sort(), [ids.acme, ids.acme2].sort());
    assert.ok(out.pairs[0].score >= 0.5 && out.pairs[0].score <= 1);
    assert.ok(Array.isArray(out.pairs[0].reasons));
  });
});
