// What a scan learns on skewed data: a workspace whose blocks are full of unrelated people
// sharing a first name and a postal code (as the demo's few postal codes make them) must not
// teach EM that such people are duplicates, neither for the scan nor for the check afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import { contactSearchText } from '../contacts/contacts.service.ts';
import { prepare } from './compare.ts';
import { scanWorkspace } from './scan.ts';
import { checkedModel, type Model, priorModel, scorePair } from './model.ts';

let h: Harness;
after(() => h.close());
before(async () => {
  h = await harness();
});

const firstNames = ['Lukas', 'Anna', 'Jonas', 'Lea', 'Felix', 'Mia', 'Paul', 'Emma', 'Leon', 'Lina', 'Finn', 'Nina'];
const places = [
  { postalCode: '10115', city: 'Berlin' },
  { postalCode: '20095', city: 'Hamburg' },
  { postalCode: '50667', city: 'Köln' },
];
// Surnames far apart in spelling and sound: any two of them are two families.
const stems = ['Berg', 'Dorn', 'Falk', 'Gold', 'Hahn', 'Jost', 'Kern', 'Lutz', 'Mohr', 'Nolte', 'Pohl', 'Rust'];
const endings = ['mann', 'hofer', 'inger', 'stedt', 'bach', 'wald', 'ski', 'ecker', 'berger', 'haus', 'ow', 'rich'];

describe('learning on skewed data', () => {
  test('unrelated people sharing first name and postal code are not learned as duplicates', async () => {
    const admin = await h.workspace();
    const workspaceId = admin.workspaceId;
    // 12 first names × 3 postal codes: blocks of 30 people, each with their own surname; a
    // third have an email address, no one a birthday or street (as in much CRM data).
    const people: Array<{ id: string; first: string; last: string; place: (typeof places)[number]; email?: string }> =
      [];
    let n = 0;
    for (const first of firstNames)
      for (const place of places)
        for (let i = 0; i < 30; i++, n++) {
          const last = `${stems[n % 12]}${endings[Math.floor(n / 12) % 12]}${Math.floor(n / 144) > 0 ? `-${stems[Math.floor(n / 144) % 12]}` : ''}`;
          people.push({
            id: newId(),
            first,
            last,
            place,
            email: n % 3 === 0 ? `kunde${n}@firma${n % 40}.de` : undefined,
          });
        }
    // Eight real duplicates: the same person entered again, with the same email address.
    const twins = people
      .filter((p) => p.email)
      .slice(0, 8)
      .map((p) => ({ ...p, id: newId() }));
    const rows = [...people, ...twins].map((p) => {
      const row = {
        workspace_id: workspaceId,
        id: p.id,
        first_name: p.first,
        last_name: p.last,
        emails: JSON.stringify(p.email ? [{ email: p.email, label: null, primary: true }] : []),
        email_list: p.email ? [p.email] : [],
        addresses: JSON.stringify([
          { ...p.place, street: null, region: null, country: 'DE', label: null, primary: true },
        ]),
        cities: [p.place.city],
        postal_codes: [p.place.postalCode],
      };
      return { ...row, search_text: contactSearchText(row) };
    });
    await inTenant(h.ctx.db.app, { workspaceId }, async (tx) => {
      for (let i = 0; i < rows.length; i += 500)
        await tx
          .insertInto('contacts')
          .values(rows.slice(i, i + 500))
          .execute();
    });
    const scan = await inTenant(h.ctx.db.app, { workspaceId }, (tx) => scanWorkspace(tx, workspaceId, 'contacts'));
    assert.ok(scan.candidatePairs > 10_000, `the blocks are big: ${scan.candidatePairs} candidate pairs`);

    const found = await inTenant(h.ctx.db.app, { workspaceId }, (tx) =>
      tx.selectFrom('duplicate_pairs').select(['a_id', 'b_id']).where('score', '>=', 0.5).execute(),
    );
    const twinOf = new Map(twins.map((t, i) => [t.id, people.filter((p) => p.email)[i].id]));
    const real = (a: string, b: string) => twinOf.get(a) === b || twinOf.get(b) === a;
    const wrong = found.filter((p) => !real(p.a_id, p.b_id));
    assert.equal(wrong.length, 0, `${wrong.length} pairs of different people, ${JSON.stringify(scan.model.m)}`);
    assert.equal(found.length, twins.length, 'the real duplicates are found');

    // The check while typing uses the stored model: a namesake in the same postal code is no match.
    const model = scan.model;
    const probe = prepare('probe', {
      firstName: 'Lukas',
      lastName: 'Jäger',
      addresses: [places[0]],
      emails: ['lukas.jaeger@example.org'],
    });
    const other = prepare('other', { firstName: 'Lukas', lastName: 'Jung', addresses: [places[0]] });
    assert.ok(
      scorePair(model, probe, other).score < 0.5,
      `Lukas Jäger / Lukas Jung: ${scorePair(model, probe, other).score}`,
    );
    // An email in common still makes two records one person.
    assert.ok(
      scorePair(
        model,
        probe,
        prepare('same', { firstName: 'Lukas', lastName: 'Jaeger', emails: ['lukas.jaeger@example.org'] }),
      ).score >= 0.9,
    );
  });

  test('a model stored before the check, learned on such data, is not used as learned', () => {
    // m as the scan learned it on the data above before models were checked (rounded).
    const prior = priorModel('contacts');
    const stored: Model = {
      ...prior,
      lambda: 0.012,
      m: {
        ...prior.m,
        firstName: [0.996, 0.001, 0.001, 0.001, 0.0004, 0.0006],
        lastName: [0.017, 0.001, 0.151, 0.831],
        email: [0.13, 0.007, 0.863],
        postalCode: [0.99, 0.005, 0.005],
        city: [0.99, 0.005, 0.005],
      },
      learned: { m: true, u: true, pairs: 20_000, records: 1088 },
    };
    const a = prepare('a', { firstName: 'Lukas', lastName: 'Jäger', addresses: [places[0]] });
    const b = prepare('b', { firstName: 'Lukas', lastName: 'Jung', addresses: [places[0]] });
    assert.ok(scorePair(stored, a, b).score >= 0.5, 'the stored model pairs them');
    const checked = checkedModel(stored);
    assert.equal(checked.learned.m, false);
    assert.match(checked.learned.rejected ?? '', /lastName different in 83 %/);
    assert.ok(scorePair(checked, a, b).score < 0.5, `${scorePair(checked, a, b).score}`);
    // A plausible learned model is kept as it is.
    const plausible: Model = { ...prior, learned: { m: true, u: true, pairs: 20_000, records: 1088 } };
    assert.equal(checkedModel(plausible), plausible);
  });
});
