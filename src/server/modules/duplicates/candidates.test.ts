// findCandidates on the real database: blocking by the indexed keys, scoring, German variants.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { findCandidates, type CandidateInput } from './index.ts';

let h: Harness;
let admin: Client;
const ids: Record<string, string> = {};

async function contact(key: string, body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/contacts', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  ids[key] = res.body.id;
}

const find = (record: CandidateInput, type: 'contacts' | 'companies' = 'contacts') =>
  inTenant(h.ctx.db.app, { workspaceId: admin.workspaceId }, (tx) =>
    findCandidates(tx, admin.workspaceId, type, record, { minScore: 0.5 }),
  );

before(async () => {
  h = await harness();
  admin = await h.workspace();
  await contact('mueller', {
    firstName: 'Jürgen',
    lastName: 'Müller',
    emails: [{ email: 'juergen.mueller@beispiel-bau.de' }],
    phones: [{ number: '0170 1234567' }],
    addresses: [{ street: 'Hauptstraße 12', postalCode: '50667', city: 'Köln' }],
    birthday: '1970-04-12',
  });
  await contact('husband', {
    firstName: 'Thomas',
    lastName: 'Schmidt',
    phones: [{ number: '0221 987654' }],
    addresses: [{ street: 'Lindenweg 3', postalCode: '50667', city: 'Köln' }],
    birthday: '1965-01-02',
  });
  await contact('other', { firstName: 'Anna', lastName: 'Zimmermann', emails: [{ email: 'anna@gmail.com' }] });
});
after(() => h.close());

describe('findCandidates', () => {
  test('finds Müller spelled Mueller with a typo in the street and Str. for Straße', async () => {
    const found = await find({
      firstName: 'Juergen',
      lastName: 'Mueller',
      addresses: [{ street: 'Hauptstr. 12', postalCode: '50667', city: 'Koeln' }],
      birthday: '1970-04-12',
    });
    assert.equal(found[0]?.id, ids.mueller);
    assert.ok(found[0].score > 0.9, JSON.stringify(found));
    assert.ok(found[0].reasons.includes('same_birthday'));
  });

  test('finds a swapped name by the same email', async () => {
    const found = await find({ firstName: 'Müller', lastName: 'Jürgen', emails: ['Juergen.Mueller@beispiel-bau.de'] });
    assert.equal(found[0]?.id, ids.mueller);
    assert.ok(found[0].reasons.includes('name_swapped'), JSON.stringify(found));
    assert.ok(found[0].reasons.includes('same_email'));
  });

  test('the wife at the same address with the same landline is not a duplicate', async () => {
    const found = await find({
      firstName: 'Sabine',
      lastName: 'Schmidt',
      phones: ['0221 987654'],
      addresses: [{ street: 'Lindenweg 3', postalCode: '50667', city: 'Köln' }],
    });
    assert.deepEqual(found, []);
  });

  test('nothing alike, nothing found; another workspace finds nothing of this one', async () => {
    assert.deepEqual(await find({ firstName: 'Berta', lastName: 'Zander', emails: ['berta@gmail.com'] }), []);
    const other = await h.workspace();
    const found = await inTenant(h.ctx.db.app, { workspaceId: other.workspaceId }, (tx) =>
      findCandidates(tx, other.workspaceId, 'contacts', { firstName: 'Jürgen', lastName: 'Müller' }),
    );
    assert.deepEqual(found, []);
  });
});
