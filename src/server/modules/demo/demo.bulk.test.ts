// A bulk load (what `npm run bench` does at 1,000,000 contacts) in a database of its own: it
// drops secondary indexes and the word postings' keys, builds them again, and locks its tables
// until it commits, which the test files running alongside in the shared database must not meet.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { harness, testDatabaseUrl, type Client, type Harness } from '../../testing/harness.ts';
import { wordPostings } from '../../db/migrations/0015_word_postings.ts';
import { seedDemoWorkspace } from './demo.service.ts';
import type { LoadStep } from './demo.load.ts';

let admin: pg.Client;
let name: string;
let h: Harness;
let api: Client;
let schemaBefore: string[];
const steps: LoadStep[] = [];
const contacts = 20_000;

/** Every index and constraint of the schema, as PostgreSQL would create it again. */
async function schemaShape(): Promise<string[]> {
  const { rows } = await sql<{ line: string }>`
    select tablename || ': ' || indexdef as line from pg_indexes where schemaname = 'public'
    union all
    select conrelid::regclass::text || ': ' || conname || ' ' || pg_get_constraintdef(oid)
      from pg_constraint where connamespace = 'public'::regnamespace
    order by 1`.execute(h.ctx.db.owner);
  return rows.map((row) => row.line);
}

before(async () => {
  admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  name = `farley_bulk_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  h = await harness({ databaseUrl: url.toString() });
  api = await h.workspace('Bulk GmbH');
  schemaBefore = await schemaShape();
  await seedDemoWorkspace(h.ctx, {
    workspaceId: api.workspaceId,
    contacts,
    bulk: true,
    progress: (step) => steps.push(step),
  });
});

after(async () => {
  await h?.close();
  if (name) await admin.query(`drop database if exists ${name} with (force)`);
  await admin?.end();
});

test('a bulk load drops secondary indexes and builds every one of them again', async () => {
  const rebuilt = steps.filter((step) => step.table.startsWith('index '));
  assert.ok(rebuilt.length >= 10, rebuilt.map((step) => step.table).join());
  assert.ok(
    rebuilt.some((step) => step.table === 'index activity_links_record'),
    'the timeline index of activity links',
  );
  assert.deepEqual(await schemaShape(), schemaBefore);
});

test('after a bulk load the word postings are exactly the words of live records, under their key again', async () => {
  for (const [table, postings] of Object.entries(wordPostings)) {
    const {
      rows: [counts],
    } = await sql<{ postings: number; words: number; missing: number }>`
      select (select count(*)::int from ${sql.table(postings)} where workspace_id = ${api.workspaceId}) as postings,
             (select coalesce(sum(cardinality(search_words)), 0)::int from ${sql.table(table)}
               where workspace_id = ${api.workspaceId} and deleted_at is null) as words,
             (select count(*)::int from ${sql.table(table)} r, unnest(r.search_words) w
               where r.workspace_id = ${api.workspaceId} and r.deleted_at is null
                 and not exists (select from ${sql.table(postings)} p
                                  where p.workspace_id = r.workspace_id and p.word = w and p.record_id = r.id)) as missing`.execute(
      h.ctx.db.owner,
    );
    assert.ok(counts.words > 1_000, `${table}: ${counts.words} words`);
    assert.equal(counts.postings, counts.words, table);
    assert.equal(counts.missing, 0, table);
  }
  const {
    rows: [key],
  } = await sql<{ key: string }>`
    select pg_get_constraintdef(oid) as key from pg_constraint where conname = 'contact_words_pkey'`.execute(
    h.ctx.db.owner,
  );
  assert.equal(key.key, 'PRIMARY KEY (workspace_id, word, record_id) INCLUDE (initials)');
  const {
    rows: [wrong],
  } = await sql<{ n: number }>`
    select count(*)::int as n from contact_words p join contacts c on c.workspace_id = p.workspace_id and c.id = p.record_id
     where p.workspace_id = ${api.workspaceId} and p.initials <> farley_initials(c.search_text)`.execute(
    h.ctx.db.owner,
  );
  assert.equal(wrong.n, 0, 'the postings carry the initials of their record');
});

test('after a bulk load the loaded records are found, and the triggers keep new ones findable', async () => {
  const page = await api.get('/api/v1/contacts?limit=1&sort=lastName');
  assert.equal(page.status, 200);
  const loaded = page.body.data[0];
  // The full name: a last name alone may be shared by more contacts than one page of hits.
  const fullName = `${loaded.firstName} ${loaded.lastName}`;
  const byName = await api.get(`/api/v1/search?q=${encodeURIComponent(fullName)}&types=contact&limit=100`);
  assert.equal(byName.status, 200);
  assert.ok(
    byName.body.data.some((hit: { id: string }) => hit.id === loaded.id),
    `${fullName} is found`,
  );
  const created = await api.post('/api/v1/contacts', { firstName: 'Quirin', lastName: 'Zwetschgenbaum' });
  assert.equal(created.status, 201);
  const found = await api.get('/api/v1/search?q=Zwetschgenbaum&types=contact');
  assert.deepEqual(
    found.body.data.map((hit: { id: string }) => hit.id),
    [created.body.id],
  );
  const {
    rows: [stored],
  } = await sql<{ n: number }>`
    select count(*)::int as n from contacts where workspace_id = ${api.workspaceId}`.execute(h.ctx.db.owner);
  assert.equal(stored.n, contacts + 1);
});
