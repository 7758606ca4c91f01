// The address book beyond a handful of cards: after one change a sync-collection reports that
// card and nothing else, and a multiget reads the cards asked for. Their speed at 10,000
// contacts is measured by `npm run bench -- calendar` (docs/performance.md), not here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { inTenant } from '../../platform/db/tenant.ts';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { appPassword, davRequest, listening, type DavLogin } from '../../testing/dav.ts';
import { analyzeAfterBulkInsert } from '../../testing/statistics.ts';

let h: Harness;
let base: string;
let anna: Client;
let login: DavLogin;
const contacts = 2_000;

before(async () => {
  h = await harness();
  base = await listening(h);
  anna = await h.workspace('Großkunde');
  login = await appPassword(anna);
  // In chunks: the contacts' triggers (audit, search words) take a while, and each
  // transaction keeps within the house's 5-second statement limit on a busy machine.
  for (let from = 1; from <= contacts; from += 1000) {
    await inTenant(h.ctx.db.app, { workspaceId: anna.workspaceId, userId: anna.userId }, (tx) =>
      sql`insert into contacts (workspace_id, id, first_name, last_name, owner_id, phones, emails)
      select ${anna.workspaceId}::uuid, gen_random_uuid(), 'Kunde', 'Nummer ' || n, ${anna.userId}::uuid,
        jsonb_build_array(jsonb_build_object('number', '+49 30 ' || n, 'e164', '+4930' || n)),
        jsonb_build_array(jsonb_build_object('email', 'kunde' || n || '@example.de'))
      from generate_series(${from}::int, ${from + 999}::int) n`.execute(tx),
    );
  }
  await analyzeAfterBulkInsert(h);
});
after(() => h.close());

const sync = (token: string) =>
  davRequest(
    base,
    login,
    'REPORT',
    `/dav/addressbooks/${anna.userId}/contacts/`,
    `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
  );

test('after one change a sync-collection of 2,000 contacts reports that card alone', async () => {
  const first = await sync('');
  assert.equal(first.status, 207);
  assert.equal(first.text.match(/<d:response>/g)?.length, contacts);
  const token = /<d:sync-token>([^<]+)<\/d:sync-token>\s*<\/d:multistatus>/.exec(first.text)![1];
  let current = token;
  for (let round = 0; round < 3; round++) {
    const changed = await anna.post('/api/v1/contacts', { lastName: `Neu ${round}`, ownerId: anna.userId });
    const answer = await sync(current);
    assert.equal(answer.text.match(/<d:response>/g)?.length, 1, answer.text.slice(0, 500));
    assert.ok(answer.text.includes(`${changed.body.id}.vcf`));
    current = /<d:sync-token>([^<]+)<\/d:sync-token>\s*<\/d:multistatus>/.exec(answer.text)![1];
  }
});

test('a multiget of 100 cards out of 2,000 answers those', async () => {
  const listing = await sync('');
  const hrefs = [...listing.text.matchAll(/<d:href>([^<]+\.vcf)<\/d:href>/g)].slice(0, 100).map((m) => m[1]);
  const body = `<c:addressbook-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/></d:prop>${hrefs.map((h) => `<d:href>${h}</d:href>`).join('')}</c:addressbook-multiget>`;
  const answer = await davRequest(base, login, 'REPORT', `/dav/addressbooks/${anna.userId}/contacts/`, body);
  assert.equal(answer.status, 207);
  assert.equal(answer.text.match(/BEGIN:VCARD/g)?.length, 100);
  for (const href of hrefs) assert.ok(answer.text.includes(href));
});
