import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let api: Client;
let agent: Client;

before(async () => {
  h = await harness();
  api = await h.workspace('Autohaus Lindner');
  agent = await h.member(api, 'agent');
});
after(() => h.close());

async function restrictedPerson(lastName: string) {
  const created = await api.post('/api/v1/contacts', {
    firstName: 'Heike',
    lastName,
    emails: [{ email: `${lastName.toLowerCase()}@example.de` }],
  });
  const id = created.body.id as string;
  const res = await agent.put(`/api/v1/contacts/${id}/restriction`, { reason: 'Bestreitet die Richtigkeit der Daten' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { id, contact: res.body };
}

describe('restriction of processing (Art. 18)', () => {
  test('a restricted contact shows who restricted it, when and why', async () => {
    const { id, contact } = await restrictedPerson('Kramer');
    assert.equal(contact.restriction.reason, 'Bestreitet die Richtigkeit der Daten');
    assert.equal(contact.restriction.restrictedBy, agent.userId);
    const read = await api.get(`/api/v1/contacts/${id}`);
    assert.equal(read.body.restriction.restrictedBy, agent.userId);
    const audit = await api.get(`/api/v1/audit-log?recordType=contact&recordId=${id}`);
    assert.ok(audit.body.data.some((e: { changes: object }) => 'restrictionReason' in e.changes));
  });

  test('edits, trash and company links of a restricted contact are refused with contact_restricted', async () => {
    const { id } = await restrictedPerson('Lorenz');
    const patch = await api.patch(`/api/v1/contacts/${id}`, { jobTitle: 'Einkauf' });
    assert.equal(patch.status, 409);
    assert.equal(patch.body.code, 'contact_restricted');
    const trash = await api.delete(`/api/v1/contacts/${id}`);
    assert.equal(trash.body.code, 'contact_restricted');
    const company = await api.post('/api/v1/companies', { name: 'Lorenz Logistik GmbH' });
    const link = await api.post(`/api/v1/contacts/${id}/affiliations`, { companyId: company.body.id });
    assert.equal(link.body.code, 'contact_restricted');
    const bulk = await api.post('/api/v1/contacts/bulk', { action: 'addTag', ids: [id], tag: 'messe' });
    assert.equal(bulk.status, 200, JSON.stringify(bulk.body));
    assert.deepEqual(bulk.body, { affected: 0, notFound: [], restricted: [id] });
    // Recording what the person says stays possible.
    const consent = await api.post(`/api/v1/contacts/${id}/consents`, {
      purpose: 'newsletter',
      status: 'withdrawn',
      method: 'paper',
    });
    assert.equal(consent.status, 201);
  });

  test('only managers and admins lift a restriction, and then edits work again', async () => {
    const { id } = await restrictedPerson('Meier');
    assert.equal((await agent.delete(`/api/v1/contacts/${id}/restriction`)).status, 403);
    const manager = await h.member(api, 'manager');
    const lifted = await manager.delete(`/api/v1/contacts/${id}/restriction`);
    assert.equal(lifted.status, 200);
    assert.equal(lifted.body.restriction, null);
    assert.equal((await api.patch(`/api/v1/contacts/${id}`, { jobTitle: 'Einkauf' })).status, 200);
  });

  test('a list leaves restricted contacts out with restrictedAt.empty=true (a marketing export)', async () => {
    const { id } = await restrictedPerson('Neumann');
    const all = await api.get('/api/v1/contacts?lastName=Neumann');
    assert.deepEqual(
      all.body.data.map((c: { id: string }) => c.id),
      [id],
    );
    const open = await api.get('/api/v1/contacts?lastName=Neumann&restrictedAt.empty=true');
    assert.deepEqual(open.body.data, []);
  });

  test('no email goes to a restricted contact, by address or by link, unless it is a restriction notice', async () => {
    const { id } = await restrictedPerson('Otto');
    const mail = {
      mailboxId: randomUUID(),
      to: [{ address: 'OTTO@example.de' }],
      subject: 'Frühjahrsangebot',
      html: '<p>Unser Angebot</p>',
    };
    const byAddress = await api.post('/api/v1/emails', mail);
    assert.equal(byAddress.status, 409, JSON.stringify(byAddress.body));
    assert.equal(byAddress.body.code, 'contact_restricted');
    const byLink = await api.post('/api/v1/emails', {
      ...mail,
      to: [{ address: 'someone@example.de' }],
      contactIds: [id],
    });
    assert.equal(byLink.body.code, 'contact_restricted');
    // A notice passes the check (and then meets the missing mailbox).
    const notice = await api.post('/api/v1/emails', { ...mail, restrictionNotice: true });
    assert.equal(notice.status, 404);
  });
});
