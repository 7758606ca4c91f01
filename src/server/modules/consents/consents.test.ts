import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { currentConsents } from './consents.presenter.ts';
import type { ConsentEntry } from '../../../contract/consents.ts';

let h: Harness;
let api: Client;

before(async () => {
  h = await harness();
  api = await h.workspace('Gärtnerei Sonnenschein');
});
after(() => h.close());

async function person(lastName = 'Albrecht', email = `${lastName.toLowerCase()}@example.de`) {
  const res = await api.post('/api/v1/contacts', { firstName: 'Jana', lastName, emails: [{ email }] });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

const newsletter = {
  purpose: 'newsletter',
  method: 'form',
  wording: 'Ja, ich möchte den monatlichen Newsletter per E-Mail erhalten.',
  source: 'https://www.gaertnerei-sonnenschein.de/newsletter',
  ipAddress: '203.0.113.7',
};

describe('consents', () => {
  test('a recorded consent comes back with its proof and the purpose’s defaults', async () => {
    const id = await person();
    const res = await api.post(`/api/v1/contacts/${id}/consents`, newsletter);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, 'granted');
    assert.equal(res.body.channel, 'email');
    assert.equal(res.body.legalBasis, 'a');
    assert.equal(res.body.ipAddress, '203.0.113.7');
    assert.equal(res.body.recordedBy, api.userId);
    assert.equal(res.body.wording, newsletter.wording);
  });

  test('a withdrawal is a new entry and the current state follows it', async () => {
    const id = await person('Brandt');
    await api.post(`/api/v1/contacts/${id}/consents`, { ...newsletter, effectiveAt: '2026-01-10T10:00:00Z' });
    await api.post(`/api/v1/contacts/${id}/consents`, {
      purpose: 'phone_marketing',
      method: 'phone',
      effectiveAt: '2026-02-01T09:00:00Z',
    });
    const withdrawn = await api.post(`/api/v1/contacts/${id}/consents`, {
      purpose: 'newsletter',
      status: 'withdrawn',
      method: 'email',
      note: 'Abmeldung per Antwort auf den Newsletter',
    });
    assert.equal(withdrawn.status, 201);
    const res = await api.get(`/api/v1/contacts/${id}/consents`);
    assert.equal(res.status, 200);
    assert.equal(res.body.history.length, 3);
    assert.deepEqual(
      res.body.current.map((c: { purpose: string; status: string }) => [c.purpose, c.status]),
      [
        ['newsletter', 'withdrawn'],
        ['phone_marketing', 'granted'],
      ],
    );
    const contact = await api.get(`/api/v1/contacts/${id}`);
    assert.deepEqual(contact.body.consents, res.body.current);
  });

  test('the state per purpose is the latest by effective time, then by recording time', () => {
    const entry = (id: string, status: 'granted' | 'withdrawn', effectiveAt: string, recordedAt: string) =>
      ({
        id,
        purpose: 'newsletter',
        status,
        effectiveAt,
        recordedAt,
        channel: 'email',
        legalBasis: 'a',
      }) as ConsentEntry;
    // A consent recorded later but back-dated before a withdrawal does not undo it.
    const state = currentConsents([
      entry('1', 'granted', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
      entry('2', 'withdrawn', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'),
      entry('3', 'granted', '2026-02-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'),
    ]);
    assert.deepEqual(
      state.map((s) => [s.status, s.consentId]),
      [['withdrawn', '2']],
    );
    const tie = currentConsents([
      entry('1', 'granted', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
      entry('2', 'withdrawn', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
    ]);
    assert.equal(tie[0].consentId, '2');
  });

  test('the database refuses to change or delete an entry', async () => {
    const id = await person('Claasen');
    const created = await api.post(`/api/v1/contacts/${id}/consents`, newsletter);
    const entry = created.body.id;
    const scope = { workspaceId: api.workspaceId, userId: api.userId };
    await assert.rejects(
      inTenant(h.ctx.db.app, scope, (tx) =>
        sql`update consents set status = 'withdrawn' where id = ${entry}`.execute(tx),
      ),
      // The application role may not even try (no UPDATE grant); the trigger stops everyone else.
      /permission denied for table consents/,
    );
    await assert.rejects(
      inTenant(h.ctx.db.app, scope, (tx) => sql`delete from consents where id = ${entry}`.execute(tx)),
      /append-only/,
    );
    // Not even the owner of the tables changes one by accident.
    await assert.rejects(
      h.ctx.db.owner.transaction().execute(async (tx) => {
        await sql`set local farley.maintenance = 'on'`.execute(tx);
        await sql`update consents set wording = 'etwas anderes' where id = ${entry}`.execute(tx);
      }),
      /append-only/,
    );
    const res = await api.get(`/api/v1/contacts/${id}/consents`);
    assert.equal(res.body.history[0].status, 'granted');
    assert.equal(res.body.history[0].wording, newsletter.wording);
  });

  test('erasure removes a person’s entries through farley_erase_consents', async () => {
    const id = await person('Dietz');
    await api.post(`/api/v1/contacts/${id}/consents`, newsletter);
    await api.post(`/api/v1/contacts/${id}/consents`, { purpose: 'newsletter', status: 'withdrawn', method: 'email' });
    const removed = await inTenant(h.ctx.db.app, { workspaceId: api.workspaceId, userId: api.userId }, async (tx) => {
      const { rows } = await sql<{ n: number }>`select farley_erase_consents(${id}::uuid) as n`.execute(tx);
      return rows[0].n;
    });
    assert.equal(removed, 2);
    assert.equal((await api.get(`/api/v1/contacts/${id}/consents`)).body.history.length, 0);
  });

  test('an unknown purpose and a time in the future are refused', async () => {
    const id = await person('Ebert');
    const unknown = await api.post(`/api/v1/contacts/${id}/consents`, { purpose: 'horoscope', method: 'form' });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.errors[0].path, 'purpose');
    const later = await api.post(`/api/v1/contacts/${id}/consents`, {
      ...newsletter,
      effectiveAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    assert.equal(later.status, 422);
    assert.equal(later.body.errors[0].path, 'effectiveAt');
    const badIp = await api.post(`/api/v1/contacts/${id}/consents`, { ...newsletter, ipAddress: '999.1.1.1' });
    assert.equal(badIp.status, 400);
  });

  test('a workspace adds its own purpose (managers) and records consents for it', async () => {
    const agent = await h.member(api, 'agent');
    const purpose = { key: 'customer_magazine', label: 'Kundenmagazin (Print)', channel: 'post', legalBasis: 'a' };
    assert.equal((await agent.post('/api/v1/consent-purposes', purpose)).status, 403);
    const created = await api.post('/api/v1/consent-purposes', purpose);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await api.post('/api/v1/consent-purposes', purpose)).status, 409);
    assert.equal((await api.post('/api/v1/consent-purposes', { ...purpose, key: 'newsletter' })).status, 409);
    const list = await agent.get('/api/v1/consent-purposes');
    const keys = list.body.data.map((p: { key: string }) => p.key);
    assert.ok(keys.includes('newsletter') && keys.includes('contract') && keys.includes('customer_magazine'));
    const id = await person('Fuchs');
    const res = await agent.post(`/api/v1/contacts/${id}/consents`, { purpose: 'customer_magazine', method: 'paper' });
    assert.equal(res.status, 201);
    assert.equal(res.body.channel, 'post');
  });

  test('viewers read consents but do not record them', async () => {
    const viewer = await h.member(api, 'viewer');
    const id = await person('Graf');
    assert.equal((await viewer.get(`/api/v1/contacts/${id}/consents`)).status, 200);
    assert.equal((await viewer.post(`/api/v1/contacts/${id}/consents`, newsletter)).status, 403);
  });

  test('a merged contact’s consents show on the contact it was merged into', async () => {
    const a = await person('Hahn', 'hahn@example.de');
    const b = await person('Hahn', 'hahn.privat@example.de');
    await api.post(`/api/v1/contacts/${b}/consents`, newsletter);
    const merged = await api.post('/api/v1/contacts/merge', { survivorId: a, mergedIds: [b] });
    assert.ok(merged.status < 300, JSON.stringify(merged.body));
    const res = await api.get(`/api/v1/contacts/${a}/consents`);
    assert.equal(res.body.current[0]?.status, 'granted');
    assert.equal(res.body.history[0].contactId, b);
  });
});
