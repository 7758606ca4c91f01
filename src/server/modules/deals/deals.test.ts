import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let api: Client;
let main: { id: string; stages: Array<{ id: string; name: string; probability: number; kind: string }> };

before(async () => {
  h = await harness();
  api = await h.workspace();
  main = (await api.get('/api/v1/pipelines?isDefault=true')).body.data[0];
});
after(() => h.close());

const stage = (name: string) => main.stages.find((s) => s.name === name)!.id;

describe('deals', () => {
  test('a deal starts in the first open stage of the default pipeline with the stage probability', async () => {
    const res = await api.post('/api/v1/deals', {
      title: 'ERP-Einführung Müller',
      amount: { amount: '48000.00', currency: 'EUR' },
      tags: ['erp', 'erp'],
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.location, `/api/v1/deals/${res.body.id}`);
    assert.equal(res.headers.etag, '"1"');
    assert.equal(res.body.pipelineId, main.id);
    assert.equal(res.body.stageId, stage('Qualifizierung'));
    assert.equal(res.body.status, 'open');
    assert.equal(res.body.probability, 10);
    assert.equal(res.body.probabilityOverridden, false);
    assert.equal(res.body.ownerId, api.userId);
    assert.equal(res.body.closedAt, null);
    assert.deepEqual(res.body.tags, ['erp']);
    assert.ok(Date.parse(res.body.stageEnteredAt) > 0);
    const read = await api.get(`/api/v1/deals/${res.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, res.body);
  });

  test('a deal names its company and contact, in the list and on its own', async () => {
    const company = (await api.post('/api/v1/companies', { name: 'Bäckerei Schröder GmbH' })).body;
    const contact = (
      await api.post('/api/v1/contacts', { salutation: 'Frau', firstName: 'Jülide', lastName: 'Öztürk' })
    ).body;
    const deal = (
      await api.post('/api/v1/deals', { title: 'Ofenwartung', companyId: company.id, contactId: contact.id })
    ).body;
    assert.equal(deal.companyName, 'Bäckerei Schröder GmbH');
    assert.equal(deal.contactName, 'Frau Jülide Öztürk');
    const listed = (await api.get(`/api/v1/deals?companyId=${company.id}`)).body.data;
    assert.deepEqual(
      listed.map((d: any) => [d.companyName, d.contactName]),
      [['Bäckerei Schröder GmbH', 'Frau Jülide Öztürk']],
    );
    const bare = (await api.post('/api/v1/deals', { title: 'Ohne Bezug' })).body;
    assert.deepEqual([bare.companyName, bare.contactName], [null, null]);
  });

  test('amounts are exact decimals with a currency, never floats', async () => {
    const cases: Array<[string, string]> = [
      ['0.10', '0.10'],
      ['1234.5', '1234.50'],
      ['9999999999999999.99', '9999999999999999.99'],
      ['7', '7.00'],
    ];
    for (const [sent, shown] of cases) {
      const { body } = await api.post('/api/v1/deals', {
        title: `Betrag ${sent}`,
        amount: { amount: sent, currency: 'CHF' },
      });
      assert.deepEqual(body.amount, { amount: shown, currency: 'CHF' });
      assert.deepEqual((await api.get(`/api/v1/deals/${body.id}`)).body.amount, { amount: shown, currency: 'CHF' });
    }
    const tenant = await h.workspace();
    assert.equal((await tenant.post('/api/v1/deals', { title: 'Ohne Betrag' })).body.amount, null);
    const bad: unknown[] = [
      { amount: '12.345', currency: 'EUR' },
      { amount: 12.5, currency: 'EUR' },
      { amount: '1e3', currency: 'EUR' },
      { amount: '-5.00', currency: 'EUR' },
      { amount: '5.00', currency: 'eur' },
      { amount: '5.00' },
    ];
    for (const amount of bad) {
      const res = await api.post('/api/v1/deals', { title: 'Falsch', amount });
      assert.equal(res.status, 400, JSON.stringify(amount));
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path.startsWith('body.amount')),
        JSON.stringify(res.body.errors),
      );
    }
  });

  test('every stage change is recorded with time and user, oldest first', async () => {
    const agent = await h.member(api, 'agent');
    const { body: deal } = await api.post('/api/v1/deals', { title: 'Historie' });
    await agent.patch(`/api/v1/deals/${deal.id}`, { stageId: stage('Angebot') });
    await api.patch(`/api/v1/deals/${deal.id}`, { stageId: stage('Verhandlung'), title: 'Historie 2' });
    await api.patch(`/api/v1/deals/${deal.id}`, { title: 'Ohne Stufenwechsel', stageId: stage('Verhandlung') });
    const res = await api.get(`/api/v1/deals/${deal.id}/stage-history`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.data.map((c: { fromStageName: string | null; toStageName: string }) => [c.fromStageName, c.toStageName]),
      [
        [null, 'Qualifizierung'],
        ['Qualifizierung', 'Angebot'],
        ['Angebot', 'Verhandlung'],
      ],
    );
    assert.deepEqual(
      res.body.data.map((c: { changedBy: string }) => c.changedBy),
      [api.userId, agent.userId, api.userId],
    );
    const times = res.body.data.map((c: { changedAt: string }) => Date.parse(c.changedAt));
    assert.deepEqual(
      [...times].sort((a, b) => a - b),
      times,
    );
    const current = (await api.get(`/api/v1/deals/${deal.id}`)).body;
    assert.equal(current.stageEnteredAt, res.body.data[2].changedAt);
    assert.equal((await api.get('/api/v1/deals/0190a000-0000-7000-8000-000000000000/stage-history')).status, 404);
  });

  test('moving into a won stage closes the deal and moving back to an open stage reopens it', async () => {
    const { body: deal } = await api.post('/api/v1/deals', { title: 'Abschluss', probability: 60 });
    assert.equal(deal.probability, 60);
    assert.equal(deal.probabilityOverridden, true);
    const won = await api.patch(`/api/v1/deals/${deal.id}`, { stageId: stage('Gewonnen') });
    assert.equal(won.body.status, 'won');
    assert.ok(Date.parse(won.body.closedAt) > 0);
    assert.equal(won.body.probability, 100);
    assert.equal(won.body.probabilityOverridden, false);
    const reopened = await api.patch(`/api/v1/deals/${deal.id}`, { stageId: stage('Angebot') });
    assert.equal(reopened.body.status, 'open');
    assert.equal(reopened.body.closedAt, null);
    assert.equal(reopened.body.probability, 50);
  });

  test('a lost reason belongs to lost deals only and goes when the deal is reopened', async () => {
    const { body: deal } = await api.post('/api/v1/deals', { title: 'Verlust' });
    const early = await api.patch(`/api/v1/deals/${deal.id}`, { lostReason: 'zu teuer' });
    assert.equal(early.status, 422);
    assert.equal(early.body.errors[0].path, 'lostReason');
    const lost = await api.patch(`/api/v1/deals/${deal.id}`, { stageId: stage('Verloren'), lostReason: 'zu teuer' });
    assert.equal(lost.body.status, 'lost');
    assert.equal(lost.body.lostReason, 'zu teuer');
    assert.equal(lost.body.probability, 0);
    assert.equal(
      (await api.patch(`/api/v1/deals/${deal.id}`, { lostReason: 'Wettbewerber' })).body.lostReason,
      'Wettbewerber',
    );
    const reopened = await api.patch(`/api/v1/deals/${deal.id}`, { stageId: stage('Qualifizierung') });
    assert.equal(reopened.body.lostReason, null);
    assert.equal(reopened.body.status, 'open');
  });

  test('a probability override can be set and cleared, otherwise the stage default applies', async () => {
    const { body: deal } = await api.post('/api/v1/deals', { title: 'Wahrscheinlich', stageId: stage('Angebot') });
    assert.equal(deal.probability, 50);
    const set = await api.patch(`/api/v1/deals/${deal.id}`, { probability: 35 });
    assert.deepEqual([set.body.probability, set.body.probabilityOverridden], [35, true]);
    const cleared = await api.patch(`/api/v1/deals/${deal.id}`, { probability: null });
    assert.deepEqual([cleared.body.probability, cleared.body.probabilityOverridden], [50, false]);
    assert.equal((await api.patch(`/api/v1/deals/${deal.id}`, { probability: 101 })).status, 400);
  });

  test("a stage must belong to the deal's pipeline", async () => {
    const { body: other } = await api.post('/api/v1/pipelines', {
      name: 'Projekte',
      stages: [
        { name: 'Start', probability: 20, kind: 'open' },
        { name: 'Erledigt', probability: 100, kind: 'won' },
      ],
    });
    const wrong = await api.post('/api/v1/deals', { title: 'Falsche Stufe', stageId: other.stages[0].id });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.errors[0].path, 'stageId');
    const mixed = await api.post('/api/v1/deals', {
      title: 'Falsche Stufe',
      pipelineId: main.id,
      stageId: other.stages[0].id,
    });
    assert.equal(mixed.status, 422);
    const { body: deal } = await api.post('/api/v1/deals', { title: 'Umzug' });
    const patchWrong = await api.patch(`/api/v1/deals/${deal.id}`, { stageId: other.stages[1].id });
    assert.equal(patchWrong.status, 422);
    assert.equal(patchWrong.body.errors[0].path, 'stageId');
    const moved = await api.patch(`/api/v1/deals/${deal.id}`, { pipelineId: other.id });
    assert.equal(moved.status, 200);
    assert.deepEqual(
      [moved.body.pipelineId, moved.body.stageId, moved.body.probability],
      [other.id, other.stages[0].id, 20],
    );
    const history = (await api.get(`/api/v1/deals/${deal.id}/stage-history`)).body.data;
    assert.equal(history.at(-1).toStageName, 'Start');
  });

  test('references must be live records of the workspace', async () => {
    const other = await h.workspace();
    const { body: foreign } = await other.post('/api/v1/companies', { name: 'Fremdfirma' });
    const { body: gone } = await api.post('/api/v1/companies', { name: 'Gelöscht GmbH' });
    await api.delete(`/api/v1/companies/${gone.id}`);
    const missing = '0190a000-0000-7000-8000-000000000000';
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ companyId: foreign.id }, 'companyId'],
      [{ companyId: gone.id }, 'companyId'],
      [{ contactId: missing }, 'contactId'],
      [{ ownerId: missing }, 'ownerId'],
      [{ pipelineId: missing }, 'pipelineId'],
      [{ stageId: missing }, 'stageId'],
    ];
    for (const [fields, path] of cases) {
      const res = await api.post('/api/v1/deals', { title: 'Verweis', ...fields });
      assert.equal(res.status, 422, JSON.stringify(fields));
      assert.equal(res.body.errors[0].path, path);
    }
    const { body: company } = await api.post('/api/v1/companies', { name: 'Echte AG' });
    const ok = await api.post('/api/v1/deals', { title: 'Verweis', companyId: company.id, ownerId: null });
    assert.deepEqual([ok.status, ok.body.companyId, ok.body.ownerId], [201, company.id, null]);
    assert.equal((await api.post('/api/v1/deals', { title: 'X', status: 'won' })).status, 400);
  });

  test("a stage's default probability applies to its deals without their own", async () => {
    const { body: pipeline } = await api.post('/api/v1/pipelines', {
      name: 'Quoten',
      stages: [{ name: 'Offen', probability: 30, kind: 'open' }],
    });
    const { body: plain } = await api.post('/api/v1/deals', { title: 'Ohne eigene', pipelineId: pipeline.id });
    const { body: own } = await api.post('/api/v1/deals', {
      title: 'Mit eigener',
      pipelineId: pipeline.id,
      probability: 80,
    });
    await api.patch(`/api/v1/pipelines/${pipeline.id}`, { stages: [{ ...pipeline.stages[0], probability: 45 }] });
    assert.equal((await api.get(`/api/v1/deals/${plain.id}`)).body.probability, 45);
    assert.equal((await api.get(`/api/v1/deals/${own.id}`)).body.probability, 80);
    const listed = await api.get(`/api/v1/deals?pipelineId=${pipeline.id}&probabilityOverridden=false`);
    assert.deepEqual(
      listed.body.data.map((d: { id: string }) => d.id),
      [plain.id],
    );
  });

  test('an open deal cannot come back from the trash into a trashed pipeline', async () => {
    const { body: pipeline } = await api.post('/api/v1/pipelines', {
      name: 'Kurzlebig',
      stages: [{ name: 'Offen', probability: 30, kind: 'open' }],
    });
    const { body: deal } = await api.post('/api/v1/deals', { title: 'Verwaist', pipelineId: pipeline.id });
    await api.delete(`/api/v1/deals/${deal.id}`);
    assert.equal((await api.delete(`/api/v1/pipelines/${pipeline.id}`)).status, 204);
    const refused = await api.post(`/api/v1/deals/${deal.id}/restore`);
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /restore the pipeline first/);
    await api.post(`/api/v1/pipelines/${pipeline.id}/restore`);
    assert.equal((await api.post(`/api/v1/deals/${deal.id}/restore`)).status, 200);
  });

  test('the OpenAPI document explains the effective probability and the stage history', async () => {
    const res = await h.raw({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    const schema = doc.components.schemas.Deal;
    assert.match(schema.properties.probability.description, /effective/);
    assert.equal(schema.properties.probabilityOverridden.type, 'boolean');
    assert.ok(doc.paths['/api/v1/deals/{id}/stage-history'].get);
    assert.ok(doc.paths['/api/v1/deals'].get.parameters.some((p: { name: string }) => p.name === 'amount.gte'));
    assert.ok(doc.components.schemas.Pipeline.properties.stages);
  });

  test('a stale If-Match is refused with 412 and records no stage change', async () => {
    const { body: deal } = await api.post('/api/v1/deals', { title: 'Version' });
    assert.equal((await api.patch(`/api/v1/deals/${deal.id}`, { title: 'V2' }, { 'if-match': '"1"' })).status, 200);
    assert.equal(
      (await api.patch(`/api/v1/deals/${deal.id}`, { stageId: stage('Angebot') }, { 'if-match': '"1"' })).status,
      412,
    );
    assert.equal((await api.delete(`/api/v1/deals/${deal.id}`, { 'if-match': '"1"' })).status, 412);
    assert.equal((await api.get(`/api/v1/deals/${deal.id}/stage-history`)).body.data.length, 1);
  });

  test('a trashed deal disappears and comes back; its removed stage is replaced by one of the same kind', async () => {
    const { body: pipeline } = await api.post('/api/v1/pipelines', {
      name: 'Papierkorb',
      stages: [
        { name: 'Neu', probability: 10, kind: 'open' },
        { name: 'Sieg', probability: 100, kind: 'won' },
        { name: 'Sieg 2', probability: 90, kind: 'won' },
      ],
    });
    const [open, won, won2] = pipeline.stages;
    const { body: deal } = await api.post('/api/v1/deals', {
      title: 'Weg und zurück',
      pipelineId: pipeline.id,
      stageId: won.id,
    });
    assert.equal((await api.delete(`/api/v1/deals/${deal.id}`)).status, 204);
    assert.equal((await api.get(`/api/v1/deals/${deal.id}`)).status, 404);
    assert.equal((await api.get(`/api/v1/deals/${deal.id}/stage-history`)).status, 404);
    assert.equal((await api.get(`/api/v1/deals?pipelineId=${pipeline.id}`)).body.data.length, 0);
    assert.equal((await api.get(`/api/v1/deals?pipelineId=${pipeline.id}&trashed=true`)).body.data.length, 1);
    await api.patch(`/api/v1/pipelines/${pipeline.id}`, {
      stages: [
        { id: open.id, name: 'Neu', probability: 10, kind: 'open' },
        { id: won2.id, name: 'Sieg 2', probability: 90, kind: 'won' },
      ],
    });
    const restored = await api.post(`/api/v1/deals/${deal.id}/restore`);
    assert.equal(restored.status, 200);
    assert.deepEqual([restored.body.stageId, restored.body.status, restored.body.deletedAt], [won2.id, 'won', null]);
    const history = (await api.get(`/api/v1/deals/${deal.id}/stage-history`)).body.data;
    assert.deepEqual(
      history.map((c: { toStageName: string }) => c.toStageName),
      ['Sieg', 'Sieg 2'],
    );
    assert.equal((await api.post(`/api/v1/deals/${deal.id}/restore`)).status, 409);
  });

  test('a deal restored into a stage that changed its kind takes the status of the stage', async () => {
    const { body: pipeline } = await api.post('/api/v1/pipelines', {
      name: 'Umgedeutet',
      stages: [
        { name: 'Start', probability: 10, kind: 'open' },
        { name: 'Fertig', probability: 90, kind: 'open' },
      ],
    });
    const [start, done] = pipeline.stages;
    const { body: deal } = await api.post('/api/v1/deals', {
      title: 'Umdeutung',
      pipelineId: pipeline.id,
      stageId: done.id,
    });
    await api.delete(`/api/v1/deals/${deal.id}`);
    const changed = await api.patch(`/api/v1/pipelines/${pipeline.id}`, { stages: [start, { ...done, kind: 'won' }] });
    assert.equal(changed.status, 200);
    const restored = (await api.post(`/api/v1/deals/${deal.id}/restore`)).body;
    assert.deepEqual(
      [restored.stageId, restored.status, restored.stageEnteredAt],
      [done.id, 'won', deal.stageEnteredAt],
    );
    assert.ok(restored.closedAt);
    assert.equal((await api.get(`/api/v1/deals/${deal.id}/stage-history`)).body.data.length, 1);
  });

  test('viewers read, agents write, managers delete', async () => {
    const viewer = await h.member(api, 'viewer');
    const agent = await h.member(api, 'agent');
    const manager = await h.member(api, 'manager');
    assert.equal((await viewer.post('/api/v1/deals', { title: 'Viewer' })).status, 403);
    const { body: deal, status } = await agent.post('/api/v1/deals', { title: 'Agent' });
    assert.equal(status, 201);
    assert.equal((await viewer.get(`/api/v1/deals/${deal.id}`)).status, 200);
    assert.equal((await viewer.get(`/api/v1/deals/${deal.id}/stage-history`)).status, 200);
    assert.equal((await viewer.patch(`/api/v1/deals/${deal.id}`, { title: 'V' })).status, 403);
    assert.equal((await agent.patch(`/api/v1/deals/${deal.id}`, { title: 'A' })).status, 200);
    assert.equal((await agent.delete(`/api/v1/deals/${deal.id}`)).status, 403);
    assert.equal((await manager.delete(`/api/v1/deals/${deal.id}`)).status, 204);
    assert.equal((await agent.post(`/api/v1/deals/${deal.id}/restore`)).status, 403);
    assert.equal((await manager.post(`/api/v1/deals/${deal.id}/restore`)).status, 200);
  });

  test('lists filter on status, amount, dates and probability, and page through amounts in order', async () => {
    const tenant = await h.workspace();
    const [pipeline] = (await tenant.get('/api/v1/pipelines')).body.data;
    const won = pipeline.stages.find((s: { kind: string }) => s.kind === 'won').id;
    const deals: Array<[string, string | null, string | null, boolean]> = [
      ['Alpha', '100.00', '2026-01-15', false],
      ['Beta', '2500.50', '2026-03-01', true],
      ['Gamma', null, null, false],
      ['Delta', '0.10', '2026-02-28', false],
      ['Epsilon', '2500.50', '2025-12-31', true],
      ['Zeta', '999.99', '2026-06-30', false],
    ];
    for (const [title, amount, expectedCloseDate, isWon] of deals) {
      await tenant.post('/api/v1/deals', {
        title,
        expectedCloseDate,
        ...(amount ? { amount: { amount, currency: 'EUR' } } : {}),
        ...(isWon ? { stageId: won } : {}),
        tags: isWon ? ['gewonnen'] : [],
      });
    }
    const titles = (res: { body: { data: Array<{ title: string }> } }) => res.body.data.map((d) => d.title);
    assert.deepEqual(titles(await tenant.get('/api/v1/deals')), ['Zeta', 'Epsilon', 'Delta', 'Gamma', 'Beta', 'Alpha']);
    assert.deepEqual(titles(await tenant.get('/api/v1/deals?status=won&sort=title')), ['Beta', 'Epsilon']);
    assert.deepEqual(titles(await tenant.get('/api/v1/deals?amount.gte=999.99&sort=title')), [
      'Beta',
      'Epsilon',
      'Zeta',
    ]);
    assert.deepEqual(titles(await tenant.get('/api/v1/deals?expectedCloseDate.lt=2026-03-01&sort=expectedCloseDate')), [
      'Epsilon',
      'Alpha',
      'Delta',
    ]);
    assert.deepEqual(titles(await tenant.get('/api/v1/deals?probability.gte=100&sort=title')), ['Beta', 'Epsilon']);
    assert.deepEqual(titles(await tenant.get('/api/v1/deals?tags.has=gewonnen&closedAt.empty=false&sort=title')), [
      'Beta',
      'Epsilon',
    ]);
    assert.deepEqual(titles(await tenant.get('/api/v1/deals?amount.empty=true')), ['Gamma']);
    assert.deepEqual(titles(await tenant.get('/api/v1/deals?q=epsilo')), ['Epsilon']);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await tenant.get(
        `/api/v1/deals?sort=-amount,title&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.equal(page.status, 200);
      paged.push(...titles(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(paged, ['Gamma', 'Beta', 'Epsilon', 'Zeta', 'Alpha', 'Delta']);
    assert.equal((await tenant.get('/api/v1/deals?amount.gte=1.234')).status, 400);
    assert.equal((await tenant.get('/api/v1/deals?status=maybe')).status, 400);
    assert.equal((await tenant.get('/api/v1/deals?expectedCloseDate.lt=soon')).status, 400);
  });
});

describe('pipeline totals', () => {
  test('count, sum and weighted sum per stage and currency cover every live deal of the pipeline', async () => {
    const tenant = await h.workspace();
    const pipeline = (
      await tenant.post('/api/v1/pipelines', {
        name: 'Projekte',
        stages: [
          { name: 'Anfrage', probability: 10, kind: 'open' },
          { name: 'Angebot', probability: 50, kind: 'open' },
          { name: 'Gewonnen', probability: 100, kind: 'won' },
        ],
      })
    ).body;
    const [inquiry, offer] = pipeline.stages;
    const deal = (body: Record<string, unknown>) => tenant.post('/api/v1/deals', { pipelineId: pipeline.id, ...body });
    await deal({ title: 'A', stageId: offer.id, amount: { amount: '1000.10', currency: 'EUR' } });
    await deal({ title: 'B', stageId: offer.id, amount: { amount: '0.05', currency: 'EUR' }, probability: 30 });
    await deal({ title: 'C', stageId: offer.id, amount: { amount: '200.00', currency: 'CHF' } });
    await deal({ title: 'D', stageId: offer.id });
    const gone = (await deal({ title: 'E', stageId: inquiry.id, amount: { amount: '999.00', currency: 'EUR' } })).body;
    assert.equal((await tenant.delete(`/api/v1/deals/${gone.id}`)).status, 204);
    await deal({ title: 'F', stageId: inquiry.id });

    const res = await tenant.get(`/api/v1/pipelines/${pipeline.id}/totals`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const byStage = Object.fromEntries(res.body.data.map((s: any) => [s.stageId, s]));
    assert.equal(byStage[offer.id].count, 4);
    // 1000.10 × 50 % + 0.05 × 30 % = 500.05 + 0.015 → 500.07 (rounded to cents)
    assert.deepEqual(byStage[offer.id].totals, [
      { currency: 'CHF', amount: '200.00', weighted: '100.00' },
      { currency: 'EUR', amount: '1000.15', weighted: '500.07' },
    ]);
    assert.deepEqual(byStage[inquiry.id], { stageId: inquiry.id, count: 1, totals: [] }, 'trashed deals do not count');
    assert.equal(res.body.data.length, 2, 'stages without deals are left out');
  });

  test("another workspace's pipeline has no totals", async () => {
    const other = await h.workspace();
    assert.equal((await other.get(`/api/v1/pipelines/${main.id}/totals`)).status, 404);
  });
});
