// Migration 0028 gave the search indexes' functions new bodies: an index whose expression
// gives other values than it did when its entries were written finds the wrong rows. Here the
// installed functions are compared with 0017's SQL bodies on awkward inputs, value for value
// (array bounds and element order included), and they keep the leakproof mark 0017 set.
// The company keys of imports get indexes that row-level security lets the import use.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { harness, type Harness } from '../../testing/harness.ts';

let h: Harness;

before(async () => {
  h = await harness();
});
after(async () => {
  await h.close();
});

const texts = [
  '',
  ' ',
  'a',
  'ab',
  'abc',
  'abcd',
  'a b',
  'ab cd',
  'ab-cde',
  '--a--bc--def--',
  '.abc',
  'abc.',
  'müller-lüdenscheidt 50668 köln',
  'Müller-Lüdenscheidt Jörg',
  'straße ß ẞ',
  'ÄÖÜ äöü é è',
  '12 345 6789',
  '0221 9876543 +49 221 9876543',
  'joerg.mueller@beispiel.de',
  'a.b.c',
  '_under_score',
  '0a9Z',
  'Zz aZ Aa',
  'tab\there\nnew line',
  '日本語テキスト 中文',
  'ǅemal ﬁnance ǈ',
  'x'.repeat(500),
  `${'ab'.repeat(3)} ${'cd9'.repeat(4)}`,
  "o'brien d'arcy",
  '1a 2b 3c 4d',
  '{}"\\,',
];

/** 0017's bodies, as temporary functions of the session. */
async function oldFunctions(conn: Db) {
  await sql
    .raw(`
    create function pg_temp.old_grams(workspace uuid, value text) returns integer[]
      language sql immutable strict as $f$
        select array(select hashtext(workspace::text || substr(run, i, 3))
          from regexp_split_to_table(value, '[^[:alnum:]]+') run, generate_series(1, length(run) - 2) i)
      $f$;
    create function pg_temp.old_scoped(workspace uuid, items text[]) returns text[]
      language sql immutable strict as $f$
        select array(select workspace::text || item from unnest(items) item)
      $f$;
    create function pg_temp.old_initials(value text) returns integer
      language sql immutable strict as $f$
        select coalesce(bit_or(case when c between 'a' and 'z' then 1 << (ascii(c) - 97)
                                    when c between '0' and '9' then 1 << 26 else 1 << 27 end), 0)
          from (select left(run, 1) as c from regexp_split_to_table(value, '[^[:alnum:]]+') run where run <> '') x
      $f$;`)
    .execute(conn);
}

const workspace = '0190f5c2-7e4b-7c1e-9a4d-2b1f0c3d4e5f';

test('the search functions give exactly the values of their old bodies', async () => {
  await h.ctx.db.owner.connection().execute(async (conn) => {
    await oldFunctions(conn);
    // Each text alone, lower-cased, and cut into words (the words column's arrays), plus
    // arrays with NULL elements, empty and multi-dimensional ones for farley_scoped.
    const { rows } = await sql<{ text: string | null; grams: boolean; initials: boolean; shown: string }>`
      select t.text,
        farley_grams(${workspace}::uuid, t.text)::text is not distinct from pg_temp.old_grams(${workspace}::uuid, t.text)::text
          and array_dims(farley_grams(${workspace}::uuid, t.text)) is not distinct from array_dims(pg_temp.old_grams(${workspace}::uuid, t.text))
          as grams,
        farley_initials(t.text) is not distinct from pg_temp.old_initials(t.text) as initials,
        farley_grams(${workspace}::uuid, t.text)::text || ' ' || farley_initials(t.text) as shown
      from unnest(${[...texts, ...texts.map((t) => t.toLowerCase())]}::text[] || array[null::text]) t(text)`.execute(
      conn,
    );
    assert.equal(rows.length, texts.length * 2 + 1);
    for (const row of rows) {
      assert.ok(row.grams, `farley_grams(${JSON.stringify(row.text)})`);
      assert.ok(row.initials, `farley_initials(${JSON.stringify(row.text)})`);
    }
    // The values themselves, for a few: a change of both bodies alike would pass the above.
    const known = await sql<{ initials: number; grams: number; scoped: string[] }>`
      select farley_initials('müller-lüdenscheidt 50668 köln österreich') as initials,
        cardinality(farley_grams(${workspace}::uuid, 'ab-cde fghi')) as grams,
        farley_scoped(${workspace}::uuid, array['ab', null]) as scoped`.execute(conn);
    assert.deepEqual(known.rows[0], {
      // m, l, a digit, k and a letter beyond a–z (ö).
      initials: (1 << 12) | (1 << 11) | (1 << 26) | (1 << 10) | (1 << 27),
      grams: 3,
      scoped: [`${workspace}ab`, null],
    });
    const arrays = [
      sql`'{}'::text[]`,
      sql`array['muller', 'koln', 'beispiel']`,
      sql`array[null, 'a', '', null]::text[]`,
      sql`'{{a,b},{c,d}}'::text[]`,
      sql`'[3:4]={x,y}'::text[]`,
      sql`string_to_array(${texts.join(' ')}, ' ')`,
    ];
    for (const array of arrays) {
      const { rows: scoped } = await sql<{ same: boolean; now: string }>`
        select farley_scoped(${workspace}::uuid, ${array})::text is not distinct from pg_temp.old_scoped(${workspace}::uuid, ${array})::text
          and array_dims(farley_scoped(${workspace}::uuid, ${array})) is not distinct from array_dims(pg_temp.old_scoped(${workspace}::uuid, ${array}))
          as same, farley_scoped(${workspace}::uuid, ${array})::text as now`.execute(conn);
      assert.ok(scoped[0].same, scoped[0].now);
    }
    const { rows: nulls } = await sql<{ scoped: string[] | null }>`
      select farley_scoped(null, array['a']) as scoped`.execute(conn);
    assert.equal(nulls[0].scoped, null);
  });
});

test('the functions are PL/pgSQL now and keep the leakproof mark of migration 0017', async () => {
  const { rows } = await sql<{ name: string; language: string; leakproof: boolean; superuser: boolean }>`
    select p.proname as name, l.lanname as language, p.proleakproof as leakproof,
      (select rolsuper from pg_roles where rolname = current_user) as superuser
    from pg_proc p join pg_language l on l.oid = p.prolang
    where p.proname in ('farley_grams', 'farley_scoped', 'farley_initials') order by p.proname`.execute(h.ctx.db.owner);
  assert.equal(rows.length, 3);
  for (const row of rows) {
    // Without a superuser the marked functions keep their old body (and their mark).
    if (row.superuser || row.name === 'farley_initials') assert.equal(row.language, 'plpgsql', row.name);
    assert.equal(row.leakproof, row.name !== 'farley_initials' && row.superuser, row.name);
  }
});

test('the company keys are 0022 expressions, and an import finds companies by their indexes', async () => {
  const names = [
    '  Müller  GmbH ',
    'ACME\tAG',
    'a',
    '',
    'https://www.Beispiel.de/kontakt',
    'beispiel.de:8080',
    'ftp://x.y',
  ];
  const { rows } = await sql<{ same: boolean; value: string }>`
    select farley_name_key(v) is not distinct from lower(regexp_replace(btrim(v), '\\s+', ' ', 'g'))
       and farley_domain_key(v) is not distinct from lower(regexp_replace(v, '^([a-z]+://)?(www\\.)?([^/:?#]+).*$', '\\3', 'i'))
       as same, v as value
    from unnest(${names}::text[] || array[null::text]) v`.execute(h.ctx.db.owner);
  for (const row of rows) assert.ok(row.same, JSON.stringify(row.value));
  const { rows: keys } = await sql<{ name: string; domain: string }>`
    select farley_name_key('  Müller  GmbH ') as name, farley_domain_key('https://www.Beispiel.de/kontakt') as domain`.execute(
    h.ctx.db.owner,
  );
  assert.deepEqual(keys[0], { name: 'müller gmbh', domain: 'beispiel.de' });
  // Under row-level security the lookup of imports.write.ts (resolveCompanies) is an index
  // condition on both keys, not a filter over every company of the workspace. That needs
  // the leakproof mark, which only a superuser (the test database's owner) can set.
  const client = await h.workspace();
  // Enough companies that reading the whole workspace is clearly the worse plan.
  await h.ctx.db.owner.transaction().execute(async (tx) => {
    await sql`set local farley.audit = 'off'`.execute(tx);
    await sql`
      insert into companies (workspace_id, id, name, website, emails, phones, addresses, search_text)
      select ${client.workspaceId}::uuid, gen_random_uuid(), 'Firma ' || n || ' GmbH', 'https://firma' || n || '.de',
        '[]', '[]', '[]', 'firma ' || n || ' gmbh'
      from generate_series(1, 3000) n`.execute(tx);
  });
  await sql`analyze companies`.execute(h.ctx.db.owner);
  const plan = await inTenant(h.ctx.db.app, { workspaceId: client.workspaceId }, async (tx) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain
      select id from companies where workspace_id = ${client.workspaceId} and deleted_at is null and (
        farley_name_key(name) = any(${['müller gmbh']}::text[])
        or (website is not null and farley_domain_key(website) = any(${['beispiel.de']}::text[])))`.execute(tx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
  assert.match(plan, /Index Cond: .*farley_name_key/, plan);
  assert.match(plan, /Index Cond: .*farley_domain_key/, plan);
});
