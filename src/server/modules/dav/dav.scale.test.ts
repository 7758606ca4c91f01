// The address book at the size the issue names: a sync-collection of 10,000 contacts with one
// change answers in under 200 ms (the change log's diff is one statement, see dav.sync.ts).
// Alone it takes about 80 ms; beside other test files on a busy 2-core machine up to 200, so
// the test allows twice the target: what it guards against is a sync that grows with the
// contacts' round trips or a nested loop (seconds). The figures go to docs/performance.md.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { inTenant } from '../../platform/db/tenant.ts';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { appPassword, davRequest, listening, type DavLogin } from '../../testing/dav.ts';

let h: Harness;
let base: string;
let anna: Client;
let login: DavLogin;
const contacts = 10_000;

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

test('a sync-collection of 10,000 contacts with one change answers in well under half a second', async () => {
  let started = performance.now();
  const first = await sync('');
  const initialMs = performance.now() - started;
  assert.equal(first.status, 207);
  assert.equal(first.text.match(/<d:response>/g)?.length, contacts);
  const token = /<d:sync-token>([^<]+)<\/d:sync-token>\s*<\/d:multistatus>/.exec(first.text)![1];
  const timings: number[] = [];
  let current = token;
  for (let round = 0; round < 5; round++) {
    const changed = await anna.post('/api/v1/contacts', { lastName: `Neu ${round}`, ownerId: anna.userId });
    started = performance.now();
    const answer = await sync(current);
    timings.push(performance.now() - started);
    assert.equal(answer.text.match(/<d:response>/g)?.length, 1, answer.text.slice(0, 500));
    assert.ok(answer.text.includes(`${changed.body.id}.vcf`));
    current = /<d:sync-token>([^<]+)<\/d:sync-token>\s*<\/d:multistatus>/.exec(answer.text)![1];
  }
  const median = timings.sort((a, b) => a - b)[2];
  console.log(
    `dav scale: first sync ${initialMs.toFixed(0)} ms; one change: median ${median.toFixed(0)} ms, max ${timings[4].toFixed(0)} ms`,
  );
  assert.ok(median < 400, `median ${median} ms`);
});

test('a multiget of 100 cards out of 10,000 reads those, not the whole address book', async () => {
  const listing = await sync('');
  const hrefs = [...listing.text.matchAll(/<d:href>([^<]+\.vcf)<\/d:href>/g)].slice(0, 100).map((m) => m[1]);
  const body = `<c:addressbook-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/></d:prop>${hrefs.map((h) => `<d:href>${h}</d:href>`).join('')}</c:addressbook-multiget>`;
  const timings: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    const answer = await davRequest(base, login, 'REPORT', `/dav/addressbooks/${anna.userId}/contacts/`, body);
    timings.push(performance.now() - started);
    assert.equal(answer.text.match(/BEGIN:VCARD/g)?.length, 100);
  }
  const median = timings.sort((a, b) => a - b)[2];
  console.log(`dav scale: multiget of 100 cards: median ${median.toFixed(0)} ms`);
  assert.ok(median < 400, `median ${median} ms`);
});
