import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { guardedRecordTypes, openRecordTypes } from './audit.repository.ts';

let h: Harness;
let api: Client;
let manager: Client;

before(async () => {
  h = await harness();
  api = await h.workspace();
  manager = await h.member(api, 'manager');
});
after(() => h.close());

type Entry = {
  id: string;
  at: string;
  actorId: string | null;
  recordType: string;
  recordId: string;
  action: string;
  changes: Record<string, [unknown, unknown]>;
};

async function history(recordType: string, recordId: string, client = manager): Promise<Entry[]> {
  const res = await client.get(`/api/v1/audit-log?recordType=${recordType}&recordId=${recordId}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
}

describe('audit log', () => {
  test('create, change, trash and restore of a contact are logged with actor and before/after, newest first', async () => {
    const agent = await h.member(api, 'agent');
    const { body: person } = await api.post('/api/v1/contacts', { firstName: 'Jörg', lastName: 'Schäfer' });
    assert.equal(
      (await agent.patch(`/api/v1/contacts/${person.id}`, { lastName: 'Schaefer-Brandt', jobTitle: 'Einkauf' })).status,
      200,
    );
    assert.equal((await manager.delete(`/api/v1/contacts/${person.id}`)).status, 204);
    assert.equal((await manager.post(`/api/v1/contacts/${person.id}/restore`)).status, 200);

    const entries = await history('contact', person.id);
    assert.deepEqual(
      entries.map((e) => [e.action, e.actorId]),
      [
        ['restore', manager.userId],
        ['delete', manager.userId],
        ['update', agent.userId],
        ['create', api.userId],
      ],
    );
    const [restored, trashed, changed, createdEntry] = entries;
    assert.deepEqual(changed.changes.lastName, ['Schäfer', 'Schaefer-Brandt']);
    assert.deepEqual(changed.changes.jobTitle, [null, 'Einkauf']);
    assert.equal(Object.keys(changed.changes).length, 2, JSON.stringify(changed.changes));
    assert.deepEqual(createdEntry.changes.firstName, [null, 'Jörg']);
    assert.equal(createdEntry.changes.searchText, undefined);
    assert.equal(trashed.changes.deletedAt[0], null);
    assert.ok(trashed.changes.deletedAt[1]);
    assert.equal(restored.changes.deletedAt[1], null);
    assert.ok(entries.every((e) => e.recordType === 'contact' && e.recordId === person.id));
    assert.ok(Date.parse(restored.at) >= Date.parse(createdEntry.at));
  });

  test("an activity's links are part of its history; the contact's last activity is not an edit", async () => {
    const { body: a } = await api.post('/api/v1/contacts', { lastName: 'Erster' });
    const { body: b } = await api.post('/api/v1/contacts', { lastName: 'Zweiter' });
    const { body: logged } = await api.post('/api/v1/activities', {
      type: 'call',
      subject: 'Anruf',
      contactIds: [a.id],
    });
    await api.patch(`/api/v1/activities/${logged.id}`, { subject: 'Rückruf', contactIds: [b.id] });
    await api.post(`/api/v1/activities/${logged.id}/links`, { type: 'contact', id: a.id });
    await api.delete(`/api/v1/activities/${logged.id}/links/contact/${b.id}`);

    const entries = await history('activity', logged.id);
    assert.deepEqual(
      entries.map((e) => e.action),
      ['update', 'update', 'update', 'update', 'create'],
    );
    const [removed, added, relinked, renamed, createdEntry] = entries;
    assert.deepEqual(createdEntry.changes.contactIds, [null, [a.id]]);
    assert.deepEqual(createdEntry.changes.type, [null, 'call']);
    assert.deepEqual(renamed.changes, { subject: ['Anruf', 'Rückruf'] });
    assert.deepEqual(relinked.changes, { contactIds: [[a.id], [b.id]] });
    assert.deepEqual(added.changes, { contactIds: [[b.id], [a.id, b.id].sort()] });
    assert.deepEqual(removed.changes, { contactIds: [[a.id, b.id].sort(), [a.id]] });
    assert.ok(entries.every((e) => e.actorId === api.userId));
    assert.deepEqual(
      (await history('contact', a.id)).map((e) => e.action),
      ['create'],
    );
  });

  test("a task's status change is logged with the completion time", async () => {
    const { body: followUp } = await api.post('/api/v1/tasks', { title: 'Prüfen' });
    await api.patch(`/api/v1/tasks/${followUp.id}`, { status: 'done' });
    const [done] = await history('task', followUp.id);
    assert.deepEqual(done.changes.status, ['open', 'done']);
    assert.equal(done.changes.completedAt[0], null);
    assert.ok(done.changes.completedAt[1]);
  });

  test('the log filters by actor and pages newest first without gaps', async () => {
    const tenant = await h.workspace();
    const agent = await h.member(tenant, 'agent');
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await agent.post('/api/v1/companies', { name: `Firma ${i}` })).body.id);
    await tenant.post('/api/v1/companies', { name: 'Vom Admin' });
    const byAgent = await tenant.get(`/api/v1/audit-log?actorId=${agent.userId}`);
    assert.ok(byAgent.body.data.every((e: Entry) => e.actorId === agent.userId));
    const companiesByAgent = await tenant.get(`/api/v1/audit-log?actorId=${agent.userId}&recordType=company`);
    assert.deepEqual(
      companiesByAgent.body.data.map((e: Entry) => e.recordId),
      [...ids].reverse(),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await tenant.get(
        `/api/v1/audit-log?recordType=company&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.equal(page.status, 200);
      seen.push(...page.body.data.map((e: Entry) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 6);
    assert.deepEqual(
      seen,
      [...seen].sort((x, y) => Number(y) - Number(x)),
    );
    const bad = await tenant.get(`/api/v1/audit-log?recordId=${ids[0]}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'query.recordType');
    for (const query of [
      'cursor=nonsense',
      'actorId=someone',
      'recordType=Robert%27);',
      'limit=1000',
      'action=create',
    ]) {
      assert.equal((await tenant.get(`/api/v1/audit-log?${query}`)).status, 400, query);
    }
  });

  test("only managers and admins read the log, and only their own workspace's", async () => {
    const { body: firma } = await api.post('/api/v1/companies', { name: 'Geprüft GmbH' });
    for (const role of ['viewer', 'agent'] as const) {
      const res = await (await h.member(api, role)).get('/api/v1/audit-log');
      assert.equal(res.status, 403, role);
    }
    assert.equal((await api.get('/api/v1/audit-log')).status, 200);
    assert.equal((await history('company', firma.id, api)).length, 1);
    const other = await h.workspace();
    assert.deepEqual(await history('company', firma.id, other), []);
    const theirs = await other.get('/api/v1/audit-log?limit=500');
    assert.ok(theirs.body.data.every((e: Entry) => e.recordId !== firma.id && e.actorId !== api.userId));
    assert.equal((await h.raw({ method: 'GET', url: '/api/v1/audit-log' })).statusCode, 401);
  });

  describe('each entry only for those who may see its record', () => {
    const viewBody = (name: string, shared = false) => ({
      resource: 'contacts',
      name,
      shared,
      config: { columns: ['lastName'], sort: 'lastName', filters: [], q: '' },
    });

    test("a manager sees no entry of another user's private view, a personal template or an API token", async () => {
      const owner = await h.member(api, 'agent');
      const { body: view } = await owner.post('/api/v1/views', viewBody('Meine geheime Liste'));
      assert.equal(
        (await owner.patch(`/api/v1/views/${view.id}`, { name: 'Noch geheimer' }, { 'if-match': `"${view.version}"` }))
          .status,
        200,
      );
      const { body: gone } = await owner.post('/api/v1/views', viewBody('Bald gelöscht'));
      assert.equal((await owner.delete(`/api/v1/views/${gone.id}`)).status, 204);
      const { body: template } = await owner.post('/api/v1/email-templates', {
        name: 'Privat',
        subject: 'Hallo',
        body: '<p>Hallo</p>',
      });
      const { body: token } = await api.post('/api/v1/api-tokens', { name: 'Telefonanlage', userId: owner.userId });

      for (const [type, id] of [
        ['saved_view', view.id],
        ['saved_view', gone.id],
        ['email_template', template.id],
        ['api_token', token.id],
      ]) {
        assert.deepEqual(await history(type, id), [], `${type} hidden from the manager`);
      }
      const byOwner = await manager.get(`/api/v1/audit-log?actorId=${owner.userId}&limit=100`);
      assert.deepEqual(
        byOwner.body.data.map((e: Entry) => e.recordType).filter((t: string) => t !== 'contact'),
        [],
        'nor when listed by actor',
      );
      // Whoever may see the record sees its history.
      const ownerManager = await h.member(api, 'manager');
      const { body: mine } = await ownerManager.post('/api/v1/views', viewBody('Meine'));
      const { body: gone2 } = await ownerManager.post('/api/v1/views', viewBody('Weg'));
      assert.equal((await ownerManager.delete(`/api/v1/views/${gone2.id}`)).status, 204);
      assert.equal((await history('saved_view', mine.id, ownerManager)).length, 1, 'the owner sees their view');
      assert.equal((await history('saved_view', gone2.id, ownerManager)).length, 2, 'and their deleted one');
      assert.deepEqual(await history('saved_view', mine.id), [], 'another manager does not');
      assert.equal((await history('api_token', token.id, api)).length, 1, 'admins see tokens');
      assert.deepEqual(await history('email_template', template.id, api), [], 'a personal template is its owner’s');
      const { body: shared } = await ownerManager.post('/api/v1/views', viewBody('Für alle', true));
      assert.equal((await history('saved_view', shared.id)).length, 1, 'a shared view is everyone’s');
    });

    test('hidden entries leave no gaps: pages are full and the cursor goes on', async () => {
      const reader = await h.member(api, 'manager');
      const writer = await h.member(api, 'manager');
      for (let i = 0; i < 3; i++) {
        await writer.post('/api/v1/views', viewBody(`Privat ${i}`));
        await writer.post('/api/v1/companies', { name: `Sichtbar ${i} GmbH` });
      }
      const first = await reader.get(`/api/v1/audit-log?actorId=${writer.userId}&limit=2`);
      assert.equal(first.body.data.length, 2);
      assert.ok(first.body.nextCursor);
      const second = await reader.get(
        `/api/v1/audit-log?actorId=${writer.userId}&limit=2&cursor=${first.body.nextCursor}`,
      );
      const seen = [...first.body.data, ...second.body.data];
      assert.equal(seen.length, 3);
      assert.ok(seen.every((e: Entry) => e.recordType === 'company'));
      assert.equal(second.body.nextCursor, null);
    });

    test('every audited record type has a rule of who sees its entries', async () => {
      const { rows } = await sql<{ type: string }>`
        select distinct encode(tgargs, 'escape') as type from pg_trigger
        where tgfoid = 'farley_audit'::regproc`.execute(h.ctx.db.owner);
      const known = new Set<string>([...openRecordTypes, ...guardedRecordTypes]);
      for (const { type } of rows) assert.ok(known.has(type.replace(/\\000$/, '')), type);
    });
  });
});
