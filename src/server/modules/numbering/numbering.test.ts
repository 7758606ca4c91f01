// Gapless document numbers against the real database: concurrent issuers, rollbacks, years,
// workspaces kept apart, and the patterns.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { AppError } from '../../platform/errors.ts';
import { nextNumber, numberingPatterns, setNumberingPatterns } from './index.ts';
import { formatNumber } from './numbering.pattern.ts';

let h: Harness;

before(async () => {
  h = await harness();
});
after(() => h.close());

/** Runs `work` in a tenant transaction of the client's workspace. */
function inWorkspace<T>(client: Client, work: (tx: Parameters<Parameters<typeof inTenant>[2]>[0]) => Promise<T>) {
  return inTenant(h.ctx.db.app, { workspaceId: client.workspaceId, userId: client.userId }, work);
}

/** Issues one quote number in a transaction of its own, committed. */
function issueQuote(client: Client, date: Date | string = '2026-06-15') {
  return inWorkspace(client, (tx) => nextNumber(tx, { workspaceId: client.workspaceId, kind: 'quote', date }));
}

test('50 concurrent issuers get 50 distinct consecutive numbers', async () => {
  const a = await h.workspace();
  const issued = await Promise.all(
    Array.from({ length: 50 }, () =>
      inWorkspace(a, async (tx) => {
        const number = await nextNumber(tx, { workspaceId: a.workspaceId, kind: 'quote', date: '2026-03-02' });
        // Holding the row a moment, as an issuer storing its quote would, makes the others queue.
        await sleep(2);
        return number;
      }),
    ),
  );
  const sequences = issued.map((n) => n.sequence).sort((x, y) => x - y);
  assert.deepEqual(
    sequences,
    Array.from({ length: 50 }, (_, i) => i + 1),
  );
  assert.equal(new Set(issued.map((n) => n.number)).size, 50);
  assert.ok(issued.some((n) => n.number === 'AN-2026-0050'));
});

test('a rolled-back issue gives its number back', async () => {
  const a = await h.workspace();
  assert.equal((await issueQuote(a)).number, 'AN-2026-0001');
  await assert.rejects(
    inWorkspace(a, async (tx) => {
      const taken = await nextNumber(tx, { workspaceId: a.workspaceId, kind: 'quote', date: '2026-06-15' });
      assert.equal(taken.sequence, 2);
      throw new Error('storing the quote failed');
    }),
    /storing the quote failed/,
  );
  assert.equal((await issueQuote(a)).number, 'AN-2026-0002');
});

test('an issuer waiting on a transaction that rolls back gets that number', async () => {
  const a = await h.workspace();
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let firstTook!: () => void;
  const taken = new Promise<void>((resolve) => {
    firstTook = resolve;
  });
  const first = inWorkspace(a, async (tx) => {
    await nextNumber(tx, { workspaceId: a.workspaceId, kind: 'quote', date: '2026-06-15' });
    firstTook();
    await held;
    throw new Error('rolled back');
  });
  await taken;
  const second = issueQuote(a);
  await sleep(50);
  release();
  await assert.rejects(first, /rolled back/);
  assert.equal((await second).sequence, 1);
});

test('numbers start again at 1 in a new year and the years count apart', async () => {
  const a = await h.workspace();
  assert.equal((await issueQuote(a, '2026-12-31')).number, 'AN-2026-0001');
  assert.equal((await issueQuote(a, '2026-12-31')).number, 'AN-2026-0002');
  assert.equal((await issueQuote(a, '2027-01-01')).number, 'AN-2027-0001');
  assert.equal((await issueQuote(a, '2026-12-30')).number, 'AN-2026-0003');
  assert.equal((await issueQuote(a, '2027-01-02')).number, 'AN-2027-0002');
});

test("an instant counts in the year of its day in the workspace's time zone", async () => {
  const a = await h.workspace();
  // 23:30 UTC on New Year's Eve is half past midnight in Berlin.
  const issued = await issueQuote(a, new Date('2026-12-31T23:30:00Z'));
  assert.equal(issued.number, 'AN-2027-0001');
  assert.equal((await issueQuote(a, new Date('2026-12-31T22:30:00Z'))).number, 'AN-2026-0001');
});

test('quotes and orders count apart, each in its default pattern', async () => {
  const a = await h.workspace();
  await issueQuote(a);
  await issueQuote(a);
  const order = await inWorkspace(a, (tx) =>
    nextNumber(tx, { workspaceId: a.workspaceId, kind: 'order', date: '2026-06-15' }),
  );
  assert.equal(order.number, 'AB-2026-0001');
});

test('two workspaces count independently', async () => {
  const a = await h.workspace();
  const b = await h.workspace();
  await issueQuote(a);
  await issueQuote(a);
  assert.equal((await issueQuote(b)).number, 'AN-2026-0001');
  assert.equal((await issueQuote(a)).number, 'AN-2026-0003');
});

test("a workspace can neither read nor change another's counters", async () => {
  const a = await h.workspace();
  const b = await h.workspace();
  await issueQuote(a);
  await issueQuote(b);
  const seen = await inWorkspace(b, (tx) => tx.selectFrom('document_sequences').selectAll().execute());
  assert.deepEqual(
    seen.map((row) => row.workspace_id),
    [b.workspaceId],
  );
  const updated = await inWorkspace(b, (tx) =>
    tx
      .updateTable('document_sequences')
      .set({ last_number: 0 })
      .where('workspace_id', '=', a.workspaceId)
      .executeTakeFirst(),
  );
  assert.equal(updated.numUpdatedRows, 0n);
  await assert.rejects(
    inWorkspace(b, (tx) => nextNumber(tx, { workspaceId: a.workspaceId, kind: 'quote', date: '2026-06-15' })),
    /row-level security/,
  );
  // Nobody takes a number back, not even in their own workspace.
  await assert.rejects(
    inWorkspace(b, (tx) => sql`delete from document_sequences`.execute(tx)),
    /permission denied/,
  );
  assert.equal((await issueQuote(a)).number, 'AN-2026-0002');
});

test("a workspace's own pattern numbers its documents", async () => {
  const a = await h.workspace();
  await issueQuote(a);
  await inWorkspace(a, (tx) => setNumberingPatterns(tx, a.workspaceId, { quote: 'Q{YY}/{MM}/{NNN}' }));
  assert.equal((await issueQuote(a, '2026-07-09')).number, 'Q26/07/002');
  const patterns = await inWorkspace(a, (tx) => numberingPatterns(tx, a.workspaceId));
  assert.deepEqual(patterns, { quote: 'Q{YY}/{MM}/{NNN}', order: 'AB-{YYYY}-{NNNN}' });
});

test('the number pads to the count of N and grows past it', () => {
  const date = { year: 2026, month: 3 };
  assert.equal(formatNumber('AN-{YYYY}-{NNNN}', 42, date), 'AN-2026-0042');
  assert.equal(formatNumber('AN-{YYYY}-{NNNN}', 12345, date), 'AN-2026-12345');
  assert.equal(formatNumber('{YY}{N}', 7, { year: 2005, month: 1 }), '057');
  assert.equal(formatNumber('AB {NN} / {YYYY}-{MM}', 100, date), 'AB 100 / 2026-03');
});

test('an unusable pattern is refused with a field error and nothing is saved', async () => {
  const a = await h.workspace();
  const refusals: [string, RegExp][] = [
    ['AN-{YYYY}', /number placeholder/],
    ['AN-{NNNN}', /needs the year/],
    ['{YYYY}-{NN}-{NN}', /exactly one number placeholder/],
    ['AN-{YYYY}-{XXXX}', /\{XXXX\} is no placeholder/],
    ['AN-{YYYY}-{NNNN', /brace/],
    [`AN-{YYYY}-{NNNN}-${'x'.repeat(30)}`, /at most 40 characters/],
    ['   ', /must not be empty/],
    ['{YYYY}-{NNNNNNNNNNN}', /more than 10 digits/],
  ];
  for (const [pattern, message] of refusals) {
    await assert.rejects(
      inWorkspace(a, (tx) => setNumberingPatterns(tx, a.workspaceId, { order: 'AB{YYYY}{NNNN}', quote: pattern })),
      (error) => {
        assert.ok(error instanceof AppError, String(error));
        assert.equal(error.kind, 'invalid');
        assert.equal(error.errors?.[0].path, 'patterns.quote');
        assert.match(error.errors?.[0].message ?? '', message, pattern);
        return true;
      },
    );
  }
  const patterns = await inWorkspace(a, (tx) => numberingPatterns(tx, a.workspaceId));
  assert.deepEqual(patterns, { quote: 'AN-{YYYY}-{NNNN}', order: 'AB-{YYYY}-{NNNN}' });
});

test('everyone reads the patterns through the API, managers change them', async () => {
  const admin = await h.workspace();
  const viewer = await h.member(admin, 'viewer');
  const agent = await h.member(admin, 'agent');
  const manager = await h.member(admin, 'manager');
  const read = await viewer.get('/api/v1/numbering');
  assert.equal(read.status, 200);
  assert.deepEqual(read.body, { patterns: { quote: 'AN-{YYYY}-{NNNN}', order: 'AB-{YYYY}-{NNNN}' } });
  const refused = await agent.patch('/api/v1/numbering', { patterns: { quote: 'A{YYYY}{NNN}' } });
  assert.equal(refused.status, 403);
  const changed = await manager.patch('/api/v1/numbering', { patterns: { order: 'AB/{YY}/{NNNNN}' } });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.deepEqual(changed.body, { patterns: { quote: 'AN-{YYYY}-{NNNN}', order: 'AB/{YY}/{NNNNN}' } });
  assert.deepEqual((await viewer.get('/api/v1/numbering')).body, changed.body);
  const order = await inWorkspace(admin, (tx) =>
    nextNumber(tx, { workspaceId: admin.workspaceId, kind: 'order', date: '2026-01-05' }),
  );
  assert.equal(order.number, 'AB/26/00001');
});

test('an unusable pattern sent to the API is refused naming the field', async () => {
  const admin = await h.workspace();
  const reply = await admin.patch('/api/v1/numbering', { patterns: { quote: 'AN-{YYYY}' } });
  assert.equal(reply.status, 422, JSON.stringify(reply.body));
  assert.equal(reply.body.errors[0].path, 'patterns.quote');
  assert.match(reply.body.errors[0].message, /number placeholder/);
  const tooLong = await admin.patch('/api/v1/numbering', { patterns: { order: `{YYYY}{N}${'x'.repeat(40)}` } });
  // The schema refuses an overlong one before the service sees it, like any too long field.
  assert.equal(tooLong.status, 400, JSON.stringify(tooLong.body));
  assert.deepEqual(
    tooLong.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
    [['body.patterns.order', 'too_long']],
  );
  assert.deepEqual((await admin.get('/api/v1/numbering')).body.patterns, {
    quote: 'AN-{YYYY}-{NNNN}',
    order: 'AB-{YYYY}-{NNNN}',
  });
});
