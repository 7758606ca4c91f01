// Confidential notes (docs/security.md, "Field access"): with the field rule
// activity.confidential `hidden` a role never gets a confidential activity — not by id, in
// lists, timelines, caller lookup, exports or the audit log — while the other notes stay; with
// `read` it sees them but cannot change them or mark a note confidential; admins see all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../testing/harness.ts';
import { inTenant } from '../platform/db/tenant.ts';
import type { FieldRule } from '../../contract/access.ts';

let h: Harness;
let admin: Client;
let agent: Client;
let manager: Client;
let contact: string;
let secret: string;
let plain: string;
const phone = '+49 30 5550 7311';

async function created(client: Client, path: string, body: unknown): Promise<string> {
  const res = await client.post(path, body);
  assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function confidentialNotes(access: FieldRule['access'] | null) {
  const fields: FieldRule[] =
    access === null
      ? []
      : (['agent', 'manager'] as const).map((role) => ({
          role,
          recordType: 'activity',
          field: 'confidential',
          access,
        }));
  const res = await admin.put('/api/v1/access-rules', { rules: [], fields });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

before(async () => {
  h = await harness();
  admin = await h.workspace('Vertraulich GmbH');
  agent = await h.member(admin, 'agent');
  manager = await h.member(admin, 'manager');
  contact = await created(admin, '/api/v1/contacts', { lastName: 'Diskret', phones: [{ number: phone }] });
  plain = await created(admin, '/api/v1/activities', {
    type: 'note',
    subject: 'Offene Notiz',
    occurredAt: '2026-03-01T09:00:00Z',
    contactIds: [contact],
  });
  // The newer one: the caller lookup's "last activity" would be it.
  secret = await created(admin, '/api/v1/activities', {
    type: 'note',
    subject: 'Geheimsache Scheidung',
    body: 'Privates Gespräch',
    occurredAt: '2026-03-02T09:00:00Z',
    confidential: true,
    contactIds: [contact],
  });
});

after(async () => {
  await h?.close();
});

describe('confidential notes', () => {
  test('without a rule everyone sees a confidential note, marked as such', async () => {
    const seen = await agent.get(`/api/v1/activities/${secret}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.confidential, true);
    assert.equal((await agent.get(`/api/v1/activities/${plain}`)).body.confidential, false);
  });

  test('a role with `hidden` never gets a confidential note, but the others', async () => {
    await confidentialNotes('hidden');
    assert.equal((await agent.get(`/api/v1/activities/${secret}`)).status, 404);
    const listed = await agent.get(`/api/v1/activities?contactId=${contact}`);
    assert.deepEqual(
      listed.body.data.map((a: { id: string }) => a.id),
      [plain],
    );
    const timeline = await agent.get(`/api/v1/contacts/${contact}/timeline`);
    assert.equal(timeline.status, 200, JSON.stringify(timeline.body));
    assert.deepEqual(
      timeline.body.data.map((e: { id: string }) => e.id),
      [plain],
    );
    const lookup = await agent.get(`/api/v1/lookup?phone=${encodeURIComponent(phone)}`);
    assert.equal(lookup.status, 200, JSON.stringify(lookup.body));
    assert.equal(lookup.body.data[0].lastActivity.id, plain);
    const exported = await agent.get(`/api/v1/activities/export?format=csv&contactId=${contact}`);
    assert.equal(exported.status, 200);
    assert.ok(String(exported.body).includes('Offene Notiz'), String(exported.body));
    assert.ok(!String(exported.body).includes('Geheimsache'), String(exported.body));
    const audit = await manager.get(`/api/v1/audit-log?recordType=activity&recordId=${secret}`);
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    assert.deepEqual(audit.body.data, []);
    for (const client of [agent, manager]) {
      const all = JSON.stringify((await client.get('/api/v1/activities?limit=500')).body);
      assert.ok(!all.includes('Geheimsache') && !all.includes(secret));
    }
    // Changing or trashing it is as if it were not there.
    assert.equal((await agent.patch(`/api/v1/activities/${secret}`, { subject: 'x' })).status, 404);
    assert.equal((await manager.delete(`/api/v1/activities/${secret}`)).status, 404);
  });

  test('a role with `hidden` cannot write a confidential note it would not see', async () => {
    await confidentialNotes('hidden');
    const refused = await agent.post('/api/v1/activities', {
      type: 'note',
      subject: 'Mein Geheimnis',
      confidential: true,
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'field_read_only');
  });

  test('a role with `read` sees confidential notes but cannot change or mark them', async () => {
    await confidentialNotes('read');
    const seen = await agent.get(`/api/v1/activities/${secret}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.subject, 'Geheimsache Scheidung');
    const timeline = await agent.get(`/api/v1/contacts/${contact}/timeline`);
    assert.deepEqual(
      timeline.body.data.map((e: { id: string }) => e.id),
      [secret, plain],
    );
    const edit = await agent.patch(`/api/v1/activities/${secret}`, { subject: 'Anders' });
    assert.equal(edit.status, 403);
    assert.equal(edit.body.code, 'field_read_only');
    const unmark = await agent.patch(`/api/v1/activities/${secret}`, { confidential: false });
    assert.equal(unmark.status, 403);
    const mark = await agent.patch(`/api/v1/activities/${plain}`, { confidential: true });
    assert.equal(mark.status, 403);
    assert.equal(mark.body.code, 'field_read_only');
    const trashed = await manager.delete(`/api/v1/activities/${secret}`);
    assert.equal(trashed.status, 403);
    assert.equal(trashed.body.code, 'field_read_only');
    const create = await agent.post('/api/v1/activities', { type: 'note', subject: 'Auch geheim', confidential: true });
    assert.equal(create.status, 403);
    // Other notes it still writes, also saying `confidential: false`.
    assert.equal((await agent.patch(`/api/v1/activities/${plain}`, { body: 'ergänzt' })).status, 200);
    const other = await agent.post('/api/v1/activities', { type: 'note', subject: 'Offen', confidential: false });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    assert.equal((await admin.get(`/api/v1/activities/${secret}`)).body.subject, 'Geheimsache Scheidung');
  });

  test('the database itself hides and guards them; the server’s own work sees all', async () => {
    await confidentialNotes('read');
    const asAgent = { workspaceId: admin.workspaceId, userId: agent.userId };
    const changed = await inTenant(h.ctx.db.app, asAgent, (tx) =>
      tx.updateTable('activities').set({ subject: 'Anders' }).where('id', '=', secret).executeTakeFirst(),
    );
    assert.equal(changed.numUpdatedRows, 0n);
    await assert.rejects(
      inTenant(h.ctx.db.app, asAgent, (tx) =>
        tx.updateTable('activities').set({ confidential: true }).where('id', '=', plain).execute(),
      ),
      /row-level security/,
    );
    await confidentialNotes('hidden');
    const seen = (tx: Parameters<Parameters<typeof inTenant>[2]>[0]) =>
      tx.selectFrom('activities').select('id').where('id', '=', secret).execute();
    assert.equal((await inTenant(h.ctx.db.app, asAgent, seen)).length, 0);
    assert.equal((await inTenant(h.ctx.db.app, { workspaceId: admin.workspaceId }, seen)).length, 1);
  });

  test('an appointment’s entry on the timeline cannot be marked confidential', async () => {
    await confidentialNotes(null);
    const other = await created(admin, '/api/v1/contacts', { lastName: 'Terminlich' });
    await created(admin, '/api/v1/appointments', {
      title: 'Jahresgespräch',
      startsAt: '2026-03-04T09:00:00Z',
      endsAt: '2026-03-04T10:00:00Z',
      attendees: [{ contactId: other }],
    });
    const entries = (await admin.get(`/api/v1/activities?contactId=${other}`)).body.data;
    const meeting = entries.find((a: { appointmentId: string | null }) => a.appointmentId);
    assert.ok(meeting, JSON.stringify(entries));
    const refused = await admin.patch(`/api/v1/activities/${meeting.id}`, { confidential: true });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.equal(refused.body.errors[0].path, 'confidential');
  });

  test('admins see, change and mark confidential notes whatever the rules', async () => {
    await confidentialNotes('hidden');
    const timeline = await admin.get(`/api/v1/contacts/${contact}/timeline`);
    assert.deepEqual(
      timeline.body.data.map((e: { id: string }) => e.id),
      [secret, plain],
    );
    const marked = await admin.patch(`/api/v1/activities/${plain}`, { confidential: true });
    assert.equal(marked.status, 200, JSON.stringify(marked.body));
    assert.equal((await agent.get(`/api/v1/activities/${plain}`)).status, 404);
    assert.equal((await admin.patch(`/api/v1/activities/${plain}`, { confidential: false })).status, 200);
    assert.equal((await agent.get(`/api/v1/activities/${plain}`)).status, 200);
    const rules = (await agent.get('/api/v1/access-rules')).body;
    assert.deepEqual(
      rules.fields.filter((f: FieldRule) => f.role === 'agent'),
      [{ role: 'agent', recordType: 'activity', field: 'confidential', access: 'hidden' }],
    );
    const wrong = await admin.put('/api/v1/access-rules', {
      rules: [],
      fields: [{ role: 'agent', recordType: 'activity', field: 'subject', access: 'hidden' }],
    });
    assert.equal(wrong.status, 422);
    await confidentialNotes(null);
    assert.equal((await agent.get(`/api/v1/activities/${secret}`)).status, 200);
  });
});
