import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';

let h: Harness;
let api: Client;

before(async () => {
  h = await harness();
  api = await h.workspace();
});
after(() => h.close());

async function created(path: string, body: unknown): Promise<string> {
  const res = await api.post(path, body);
  assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((r) => r.id).sort();

describe('merging contacts', () => {
  test('everything on the merged contact moves to the survivor, and the undo puts it all back', async () => {
    const stamm = await created('/api/v1/companies', { name: 'Stammhaus GmbH' });
    const filiale = await created('/api/v1/companies', { name: 'Filiale Nord KG' });
    const survivor = await created('/api/v1/contacts', {
      firstName: 'Jürgen',
      lastName: 'Weiß',
      emails: [{ email: 'j.weiss@stammhaus.de', primary: true }],
      phones: [{ number: '030 1234567', primary: true }],
      tags: ['messe'],
      jobTitle: null,
    });
    const loser = await created('/api/v1/contacts', {
      firstName: 'Juergen',
      lastName: 'Weiss',
      emails: [{ email: 'J.Weiss@Stammhaus.de', primary: true }, { email: 'juergen@privat.de' }],
      phones: [{ number: '+49 30 1234567' }, { number: '0171 5550101' }],
      tags: ['newsletter', 'messe'],
      jobTitle: 'Einkaufsleiter',
    });
    // Both at the Stammhaus (the pair must not double), only the duplicate at the Filiale (its primary company).
    assert.equal((await api.post(`/api/v1/contacts/${survivor}/affiliations`, { companyId: stamm })).status, 201);
    assert.equal((await api.post(`/api/v1/contacts/${loser}/affiliations`, { companyId: stamm })).status, 201);
    assert.equal(
      (await api.post(`/api/v1/contacts/${loser}/affiliations`, { companyId: filiale, isPrimary: true })).status,
      201,
    );
    const call = await created('/api/v1/activities', { type: 'call', subject: 'Rückruf', contactIds: [loser] });
    const both = await created('/api/v1/activities', {
      type: 'note',
      subject: 'Beide',
      contactIds: [loser, survivor],
    });
    const task = await created('/api/v1/tasks', { title: 'Angebot schicken', contactIds: [loser] });
    const deal = await created('/api/v1/deals', { title: 'Rahmenvertrag', contactId: loser });
    assert.equal((await api.post('/api/v1/recent-views', { type: 'contact', id: loser })).status < 300, true);

    const res = await api.post('/api/v1/contacts/merge', {
      survivorId: survivor,
      mergedIds: [loser],
      fields: { jobTitle: loser, firstName: survivor },
      keepAll: ['emails', 'phones', 'tags'],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.id, survivor);
    assert.match(res.body.mergeId, /^[0-9a-f-]{36}$/);
    assert.equal(res.body.jobTitle, 'Einkaufsleiter');
    assert.equal(res.body.firstName, 'Jürgen');
    // Emails compared ignoring case, phones in E.164: each once, the survivor's primary stays primary.
    assert.deepEqual(
      res.body.emails.map((e: { email: string; primary: boolean }) => [e.email, e.primary]),
      [
        ['j.weiss@stammhaus.de', true],
        ['juergen@privat.de', false],
      ],
    );
    assert.deepEqual(
      res.body.phones.map((p: { e164: string }) => p.e164),
      ['+49301234567', '+491715550101'],
    );
    assert.deepEqual(res.body.tags, ['messe', 'newsletter']);
    // One affiliation per company; the survivor's primary company (its first) stays the one primary.
    const companies = res.body.companies.map((c: { companyId: string; isPrimary: boolean }) => [
      c.companyId,
      c.isPrimary,
    ]);
    assert.deepEqual(
      companies.sort(),
      [
        [filiale, false],
        [stamm, true],
      ].sort(),
    );

    // The merged contact is in the trash and says where it went.
    const gone = await api.get(`/api/v1/contacts/${loser}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'merged');
    assert.equal(gone.body.mergedIntoId, survivor);
    assert.equal((await api.patch(`/api/v1/contacts/${loser}`, { jobTitle: 'x' })).body.code, 'merged');

    assert.deepEqual(ids(await api.get(`/api/v1/activities?contactId=${survivor}`)), [call, both].sort());
    assert.deepEqual(ids(await api.get(`/api/v1/activities?contactId=${loser}`)), []);
    const note = await api.get(`/api/v1/activities/${both}`);
    assert.deepEqual(note.body.contactIds, [survivor]);
    assert.deepEqual(ids(await api.get(`/api/v1/tasks?contactId=${survivor}`)), [task]);
    assert.equal((await api.get(`/api/v1/deals/${deal}`)).body.contactId, survivor);
    const today = await api.get('/api/v1/today');
    assert.ok(today.body.recent.some((r: { id: string }) => r.id === survivor));
    assert.ok(!today.body.recent.some((r: { id: string }) => r.id === loser));

    // The audit log tells the merge on the survivor, the merged contact's trip to the trash.
    const audit = await api.get(`/api/v1/audit-log?recordType=contact&recordId=${survivor}`);
    assert.ok(
      audit.body.data.some(
        (e: { changes: Record<string, unknown> }) =>
          JSON.stringify(e.changes.merged) === JSON.stringify([null, [loser]]),
      ),
    );
    const loserAudit = await api.get(`/api/v1/audit-log?recordType=contact&recordId=${loser}`);
    assert.equal(loserAudit.body.data[0].action, 'delete');
    assert.deepEqual(loserAudit.body.data[0].changes.mergedIntoId, [null, survivor]);

    // Undo: exactly back.
    const undo = await api.post(`/api/v1/merges/${res.body.mergeId}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    assert.ok(undo.body.undoneAt);
    const back = await api.get(`/api/v1/contacts/${loser}`);
    assert.equal(back.status, 200);
    assert.equal(back.body.firstName, 'Juergen');
    assert.deepEqual(
      back.body.companies.map((c: { companyId: string; isPrimary: boolean }) => [c.companyId, c.isPrimary]).sort(),
      [
        [filiale, true],
        [stamm, false],
      ].sort(),
    );
    const restored = await api.get(`/api/v1/contacts/${survivor}`);
    assert.equal(restored.body.jobTitle, null);
    assert.deepEqual(restored.body.tags, ['messe']);
    assert.deepEqual(
      restored.body.emails.map((e: { email: string }) => e.email),
      ['j.weiss@stammhaus.de'],
    );
    assert.deepEqual(
      restored.body.companies.map((c: { companyId: string }) => c.companyId),
      [stamm],
    );
    assert.deepEqual(ids(await api.get(`/api/v1/activities?contactId=${loser}`)), [call, both].sort());
    assert.deepEqual(ids(await api.get(`/api/v1/activities?contactId=${survivor}`)), [both]);
    assert.deepEqual(ids(await api.get(`/api/v1/tasks?contactId=${loser}`)), [task]);
    assert.equal((await api.get(`/api/v1/deals/${deal}`)).body.contactId, loser);
    const afterUndo = await api.get('/api/v1/today');
    assert.ok(afterUndo.body.recent.some((r: { id: string }) => r.id === loser));
    const undoAudit = await api.get(`/api/v1/audit-log?recordType=contact&recordId=${survivor}`);
    assert.deepEqual(undoAudit.body.data[0].changes.merged, [[loser], null]);

    const again = await api.post(`/api/v1/merges/${res.body.mergeId}/undo`);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'merge_undone');
  });

  test('three contacts become one; a field may come from any of them', async () => {
    const a = await created('/api/v1/contacts', { firstName: 'Anna', lastName: 'Schmidt', source: 'Messe' });
    const b = await created('/api/v1/contacts', {
      firstName: 'Anna',
      lastName: 'Schmitt',
      birthday: '1984-05-02',
      addresses: [{ street: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin' }],
    });
    const c = await created('/api/v1/contacts', {
      firstName: 'Anne',
      lastName: 'Schmidt',
      addresses: [{ street: 'Hauptstraße  5', postalCode: '10115', city: 'berlin' }],
      emails: [{ email: 'anna.schmidt@example.de' }],
    });
    const onB = await created('/api/v1/activities', { type: 'note', subject: 'B', contactIds: [b] });
    const onC = await created('/api/v1/activities', { type: 'note', subject: 'C', contactIds: [b, c] });
    const res = await api.post('/api/v1/contacts/merge', {
      survivorId: a,
      mergedIds: [b, c],
      fields: { birthday: b, emails: c, addresses: b },
      keepAll: ['addresses'],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.birthday, '1984-05-02');
    assert.equal(res.body.source, 'Messe');
    assert.deepEqual(
      res.body.emails.map((e: { email: string }) => e.email),
      ['anna.schmidt@example.de'],
    );
    assert.equal(res.body.addresses.length, 1, 'the same address in other spelling is kept once');
    assert.deepEqual(ids(await api.get(`/api/v1/activities?contactId=${a}`)), [onB, onC].sort());
    for (const id of [b, c]) assert.equal((await api.get(`/api/v1/contacts/${id}`)).body.mergedIntoId, a);
    // A merged contact cannot be merged again: it says where it went.
    const twice = await api.post('/api/v1/contacts/merge', { survivorId: a, mergedIds: [b] });
    assert.equal(twice.status, 404);
    assert.equal(twice.body.code, 'merged');
    // Undo is refused once a merged contact was restored from the trash by hand.
    assert.equal((await api.post(`/api/v1/contacts/${b}/restore`)).status, 200);
    const undo = await api.post(`/api/v1/merges/${res.body.mergeId}/undo`);
    assert.equal(undo.status, 409);
    assert.equal(undo.body.code, 'merge_not_undoable');
  });

  test('a record lists the merges into it that can be undone later, and says when one cannot', async () => {
    const a = await created('/api/v1/contacts', { firstName: 'Hülya', lastName: 'Öztürk' });
    const b = await created('/api/v1/contacts', { firstName: 'Hülya', lastName: 'Oeztuerk' });
    const c = await created('/api/v1/contacts', { firstName: 'H.', lastName: 'Öztürk' });
    assert.deepEqual((await api.get(`/api/v1/contacts/${a}/merges`)).body, { data: [] });
    const first = await api.post('/api/v1/contacts/merge', { survivorId: a, mergedIds: [b] });
    const second = await api.post('/api/v1/contacts/merge', { survivorId: a, mergedIds: [c] });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    const listed = await api.get(`/api/v1/contacts/${a}/merges`);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    assert.deepEqual(
      listed.body.data.map((m: { id: string; merged: unknown; undoable: boolean }) => [m.id, m.merged, m.undoable]),
      [
        [second.body.mergeId, [{ id: c, name: 'H. Öztürk', state: 'merged' }], true],
        [first.body.mergeId, [{ id: b, name: 'Hülya Oeztuerk', state: 'merged' }], true],
      ],
    );
    // A merged contact restored by hand: that merge can no longer be undone, and the list says so.
    assert.equal((await api.post(`/api/v1/contacts/${c}/restore`)).status, 200);
    const after = await api.get(`/api/v1/contacts/${a}/merges`);
    assert.deepEqual(after.body.data[0].merged, [{ id: c, name: 'H. Öztürk', state: 'restored' }]);
    assert.equal(after.body.data[0].undoable, false);
    // An undone merge leaves the list.
    assert.equal((await api.post(`/api/v1/merges/${first.body.mergeId}/undo`)).status, 200);
    assert.deepEqual(
      (await api.get(`/api/v1/contacts/${a}/merges`)).body.data.map((m: { id: string }) => m.id),
      [second.body.mergeId],
    );
    // A viewer may see them; another workspace may not see the record at all.
    assert.equal((await (await h.member(api, 'viewer')).get(`/api/v1/contacts/${a}/merges`)).status, 200);
    assert.equal((await (await h.workspace('Fremd')).get(`/api/v1/contacts/${a}/merges`)).status, 404);
    assert.equal((await api.get(`/api/v1/companies/${a}/merges`)).status, 404);
  });

  test('an undo that would overwrite an edit of the survivor made since is refused, naming the fields', async () => {
    const a = await created('/api/v1/contacts', { firstName: 'Yusuf', lastName: 'Kılıç', jobTitle: 'Einkauf' });
    const b = await created('/api/v1/contacts', {
      firstName: 'Yusuf',
      lastName: 'Kilic',
      jobTitle: 'Leiter Einkauf',
      emails: [{ email: 'y.kilic@example.de', primary: true }],
    });
    const merged = await api.post('/api/v1/contacts/merge', {
      survivorId: a,
      mergedIds: [b],
      fields: { jobTitle: b, emails: b },
    });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    // An edit of a field the merge did not touch does not stand in the way; the survivor's
    // new job title (which the merge gave it) does.
    const survivor = await api.get(`/api/v1/contacts/${a}`);
    const edit = (body: unknown, version: string) => api.patch(`/api/v1/contacts/${a}`, body, { 'if-match': version });
    assert.equal((await edit({ source: 'Messe' }, survivor.headers.etag as string)).status, 200);
    const current = await api.get(`/api/v1/contacts/${a}`);
    assert.equal((await edit({ jobTitle: 'Einkaufsleiter' }, current.headers.etag as string)).status, 200);
    const refused = await api.post(`/api/v1/merges/${merged.body.mergeId}/undo`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'merge_survivor_changed');
    assert.match(refused.body.detail, /contact's jobTitle changed since the merge/);
    assert.equal((await api.get(`/api/v1/contacts/${a}`)).body.jobTitle, 'Einkaufsleiter');
    assert.equal((await api.get(`/api/v1/contacts/${b}`)).status, 404, 'the merged contact stays merged');
    // Put back as the merge left it, the undo goes through.
    const back = await api.get(`/api/v1/contacts/${a}`);
    assert.equal((await edit({ jobTitle: 'Leiter Einkauf' }, back.headers.etag as string)).status, 200);
    const undone = await api.post(`/api/v1/merges/${merged.body.mergeId}/undo`);
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    assert.equal((await api.get(`/api/v1/contacts/${a}`)).body.jobTitle, 'Einkauf');
  });

  test('bad requests are 4xx: the survivor among the merged, a winner outside, unknown fields, other workspaces', async () => {
    const a = await created('/api/v1/contacts', { lastName: 'Becker' });
    const b = await created('/api/v1/contacts', { lastName: 'Bäcker' });
    const self = await api.post('/api/v1/contacts/merge', { survivorId: a, mergedIds: [a] });
    assert.equal(self.status, 422);
    assert.equal(self.body.errors[0].path, 'mergedIds.0');
    const outside = await api.post('/api/v1/contacts/merge', {
      survivorId: a,
      mergedIds: [b],
      fields: { lastName: '0190a0a0-0000-7000-8000-000000000000' },
    });
    assert.equal(outside.status, 422);
    assert.equal(outside.body.errors[0].path, 'fields.lastName');
    const unknown = await api.post('/api/v1/contacts/merge', { survivorId: a, mergedIds: [b], fields: { shoe: a } });
    assert.equal(unknown.status, 400);
    assert.equal((await api.post('/api/v1/contacts/merge', { survivorId: a, mergedIds: [] })).status, 400);
    assert.equal(
      (await api.post('/api/v1/contacts/merge', { survivorId: a, mergedIds: [b], keepAll: ['names'] })).status,
      400,
    );

    const other = await h.workspace('Fremd');
    const foreign = await other.post('/api/v1/contacts', { lastName: 'Fremd' });
    const cross = await api.post('/api/v1/contacts/merge', { survivorId: a, mergedIds: [foreign.body.id] });
    assert.equal(cross.status, 404);
    const theirs = await other.post('/api/v1/contacts/merge', { survivorId: foreign.body.id, mergedIds: [a] });
    assert.equal(theirs.status, 404);
    const merged = await api.post('/api/v1/contacts/merge', { survivorId: a, mergedIds: [b] });
    assert.equal(merged.status, 200);
    assert.equal((await other.post(`/api/v1/merges/${merged.body.mergeId}/undo`)).status, 404);
    assert.equal((await api.post('/api/v1/merges/0190a0a0-0000-7000-8000-000000000000/undo')).status, 404);

    const viewer = await h.member(api, 'viewer');
    const refused = await viewer.post('/api/v1/contacts/merge', { survivorId: a, mergedIds: [b] });
    assert.equal(refused.status, 403);
    assert.equal((await viewer.post(`/api/v1/merges/${merged.body.mergeId}/undo`)).status, 403);
    const agent = await h.member(api, 'agent');
    assert.equal((await agent.post(`/api/v1/merges/${merged.body.mergeId}/undo`)).status, 200);
  });
});

describe('merging companies', () => {
  test('people, deals, child companies and activities move; a person at both is not doubled', async () => {
    const survivor = await created('/api/v1/companies', {
      name: 'Müller Maschinenbau GmbH',
      website: 'mueller-maschinenbau.de',
    });
    const loser = await created('/api/v1/companies', {
      name: 'Mueller Maschinenbau',
      industry: 'Maschinenbau',
      employeeCount: 120,
      customerNumber: 'K-1001',
    });
    const third = await created('/api/v1/companies', { name: 'Müller Maschinen' });
    // Pairs as the matcher's scan leaves them: the merged company's open ones are settled by the merge.
    const scope = { workspaceId: api.workspaceId, userId: api.userId };
    const pairs = () =>
      inTenant(h.ctx.db.app, scope, async (tx) =>
        (
          await sql<{ ids: string; status: string }>`select a_id || ' ' || b_id as ids, status from duplicate_pairs
            order by 1`.execute(tx)
        ).rows.map((r) => `${r.ids.split(' ').sort().join(' ')} ${r.status}`),
      );
    await inTenant(h.ctx.db.app, scope, (tx) =>
      sql`insert into duplicate_pairs (workspace_id, type, a_id, b_id, score, reasons, status)
        select ${api.workspaceId}, 'companies', least(x, y), greatest(x, y), 0.9, '{similar_company_name}', s
          from (values (${survivor}::uuid, ${loser}::uuid, 'open'), (${loser}::uuid, ${third}::uuid, 'dismissed'),
                       (${survivor}::uuid, ${third}::uuid, 'open')) as p(x, y, s)`.execute(tx),
    );
    const pairsBefore = await pairs();
    const child = await created('/api/v1/companies', { name: 'Müller Service GmbH', parentCompanyId: loser });
    const both = await created('/api/v1/contacts', { lastName: 'Krause' });
    const only = await created('/api/v1/contacts', { lastName: 'Vogel' });
    await api.post(`/api/v1/contacts/${both}/affiliations`, { companyId: survivor });
    await api.post(`/api/v1/contacts/${both}/affiliations`, { companyId: loser, isPrimary: true, jobTitle: 'CFO' });
    await api.post(`/api/v1/contacts/${only}/affiliations`, { companyId: loser, jobTitle: 'Einkauf' });
    const deal = await created('/api/v1/deals', { title: 'Ersatzteile', companyId: loser });
    const visit = await created('/api/v1/activities', { type: 'meeting', subject: 'Besuch', companyIds: [loser] });

    const res = await api.post('/api/v1/companies/merge', {
      survivorId: survivor,
      mergedIds: [loser],
      fields: { industry: loser, employeeCount: loser, customerNumber: loser },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.name, 'Müller Maschinenbau GmbH');
    assert.equal(res.body.industry, 'Maschinenbau');
    assert.equal(res.body.employeeCount, 120);
    assert.equal(res.body.customerNumber, 'K-1001');
    assert.deepEqual(
      await pairs(),
      pairsBefore.map((p) => (p.includes(loser) && p.endsWith(' open') ? p.replace(/open$/, 'merged') : p)),
    );
    assert.equal((await api.get(`/api/v1/companies/${child}`)).body.parentCompanyId, survivor);
    assert.equal((await api.get(`/api/v1/deals/${deal}`)).body.companyId, survivor);
    assert.deepEqual(ids(await api.get(`/api/v1/activities?companyId=${survivor}`)), [visit]);
    const people = await api.get(`/api/v1/companies/${survivor}/people`);
    assert.deepEqual(people.body.data.map((p: { id: string }) => p.id).sort(), [both, only].sort());
    // Krause's primary company was the merged one: the survivor is now.
    const krause = await api.get(`/api/v1/contacts/${both}`);
    assert.deepEqual(
      krause.body.companies.map((c: { companyId: string; isPrimary: boolean }) => [c.companyId, c.isPrimary]),
      [[survivor, true]],
    );
    const gone = await api.get(`/api/v1/companies/${loser}`);
    assert.equal(gone.body.code, 'merged');
    assert.equal(gone.body.mergedIntoId, survivor);

    const undo = await api.post(`/api/v1/merges/${res.body.mergeId}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    assert.equal((await api.get(`/api/v1/companies/${child}`)).body.parentCompanyId, loser);
    assert.equal((await api.get(`/api/v1/deals/${deal}`)).body.companyId, loser);
    assert.equal((await api.get(`/api/v1/companies/${survivor}`)).body.industry, null);
    assert.equal((await api.get(`/api/v1/companies/${survivor}`)).body.customerNumber, null);
    assert.equal((await api.get(`/api/v1/companies/${loser}`)).body.customerNumber, 'K-1001');
    assert.deepEqual(await pairs(), pairsBefore);
    const krauseBack = await api.get(`/api/v1/contacts/${both}`);
    assert.deepEqual(
      krauseBack.body.companies
        .map((c: { companyId: string; isPrimary: boolean; jobTitle: string | null }) => [
          c.companyId,
          c.isPrimary,
          c.jobTitle,
        ])
        .sort(),
      [
        [loser, true, 'CFO'],
        [survivor, false, null],
      ].sort(),
    );
    assert.deepEqual(ids(await api.get(`/api/v1/activities?companyId=${loser}`)), [visit]);
  });
});
