// Real files through the import: FEBRL1 (1,000 Australian records, some with dates that do
// not exist) arrives completely with matching off, mapped as issue 20 says.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { sharedData } from './formats/testing.ts';

let h: Harness;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-import-data-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dataDir } });
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function importFile(client: Client, file: Buffer, fileName: string, settings: (columns: string[]) => object) {
  const up = await client.request('POST', `/api/v1/imports?fileName=${fileName}`, file, {
    'content-type': 'application/octet-stream',
  });
  assert.equal(up.status, 201, JSON.stringify(up.body));
  const start = await client.post(`/api/v1/imports/${up.body.id}/start`, settings(up.body.columns));
  assert.equal(start.status, 202, JSON.stringify(start.body));
  for (;;) {
    const res = await client.get(`/api/v1/imports/${up.body.id}`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('FEBRL1 imports completely with matching off; invalid dates leave the birthday out, with a warning', async () => {
  const client = await h.workspace('FEBRL');
  const file = await readFile(sharedData('febrl', 'dataset1.csv'));
  const done = await importFile(client, file, 'dataset1.csv', (columns) => {
    const column = (name: string) => columns.find((c) => c.trim() === name) as string;
    return {
      recordType: 'contacts',
      mapping: {
        firstName: column('given_name'),
        lastName: column('surname'),
        externalId: column('soc_sec_id'),
        street: [column('street_number'), column('address_1')],
        city: column('suburb'),
        postalCode: column('postcode'),
        region: column('state'),
        birthday: column('date_of_birth'),
        constants: { country: 'AU' },
      },
      match: 'none',
      onInvalid: 'skipValue',
    };
  });
  assert.equal(done.status, 'done', JSON.stringify(done));
  assert.deepEqual([done.created, done.updated, done.skipped, done.failed], [1000, 0, 0, 0]);
  assert.ok(done.errorsTotal >= 3, `the dates that do not exist are reported: ${done.errorsTotal}`);
  assert.ok(done.errors.some((e: { field: string }) => e.field === 'birthday'));
  const { rows } = await inTenant(h.ctx.db.app, { workspaceId: client.workspaceId }, (tx) =>
    sql<{ n: number; born: number; external: number; streets: number }>`
      select count(*)::int as n, count(birthday)::int as born, count(external_id)::int as external,
        count(*) filter (where addresses->0->>'street' ~ '^[0-9]+ ')::int as streets
      from contacts where workspace_id = ${client.workspaceId}`.execute(tx),
  );
  assert.equal(rows[0].n, 1000);
  assert.ok(rows[0].born > 900 && rows[0].born < 1000, `birthdays: ${rows[0].born}`);
  assert.ok(rows[0].external > 990, `external ids: ${rows[0].external}`);
  assert.ok(rows[0].streets > 900, `street number and street joined: ${rows[0].streets}`);
  const waller = await client.get('/api/v1/contacts?q=waller');
  assert.ok(waller.body.data.length >= 1, 'found by the search');
});
