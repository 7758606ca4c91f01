// The database itself keeps workspaces apart: keys, indexes, row-level security, roles.
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { harness, type Client, type Harness } from '../testing/harness.ts';
import { inTenant } from '../platform/db/tenant.ts';

let h: Harness;
let a: Client;
let b: Client;

before(async () => {
  h = await harness();
  a = await h.workspace('Workspace A');
  b = await h.workspace('Workspace B');
});
after(() => h.close());

/** Tables that are not per workspace: the tenant list itself and global sign-in helpers. */
const globalTables = new Set([
  'workspaces',
  'user_logins',
  'login_failures',
  'oidc_domains',
  'farley_migrations',
  'farley_migrations_lock',
]);

async function tenantTables(): Promise<string[]> {
  const rows = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(h.ctx.db.owner);
  return rows.rows.map((r) => r.table_name).filter((t) => !globalTables.has(t));
}

test('every tenant table has workspace_id first in its primary key', async () => {
  const tables = await tenantTables();
  assert.ok(tables.includes('contacts') && tables.length >= 15, tables.join(','));
  for (const table of tables) {
    const { rows } = await sql<{ first: string }>`
      select a.attname as first from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
      where i.indrelid = ${table}::regclass and i.indisprimary`.execute(h.ctx.db.owner);
    assert.equal(rows[0]?.first, 'workspace_id', `primary key of ${table}`);
  }
});

/** Whether an index's first key is workspace_id, or an expression of the workspace's own (migration 0017). */
const startsFromWorkspace = (definition: string) =>
  /USING \w+ \((workspace_id|farley_grams\(workspace_id,|farley_scoped\(workspace_id,)/.test(definition);

test('every index of a tenant table starts with workspace_id', async () => {
  for (const table of await tenantTables()) {
    const { rows } = await sql<{ name: string; definition: string }>`
      select c.relname as name, pg_get_indexdef(i.indexrelid) as definition from pg_index i
      join pg_class c on c.oid = i.indexrelid
      where i.indrelid = ${table}::regclass`.execute(h.ctx.db.owner);
    for (const index of rows)
      assert.ok(startsFromWorkspace(index.definition), `index ${index.name} on ${table}: ${index.definition}`);
  }
});

test('row-level security is on and forced for every tenant table, with its two policies, and the application role owns none', async () => {
  for (const table of [...(await tenantTables()), 'workspaces']) {
    const { rows } = await sql<{ rls: boolean; forced: boolean; owner: string; policies: string[] }>`
      select relrowsecurity as rls, relforcerowsecurity as forced, pg_get_userbyid(relowner) as owner,
             array(select array_to_string(p.polroles::regrole[], ',') from pg_policy p
                    where p.polrelid = c.oid and p.polpermissive order by 1) as policies
        from pg_class c where oid = ${table}::regclass`.execute(h.ctx.db.owner);
    assert.equal(rows[0].rls, true, `row-level security on ${table}`);
    assert.equal(rows[0].forced, true, `row-level security forced on ${table}`);
    // The permissive pair; record access (0062) adds restrictive ones on the customer records.
    assert.deepEqual(rows[0].policies, ['farley_app', 'farley_maintenance'], `policies of ${table}`);
    assert.notEqual(rows[0].owner, 'farley_app', `owner of ${table}`);
  }
  const role = await sql<{ current_user: string; bypass: boolean; superuser: boolean }>`
    select current_user, r.rolbypassrls as bypass, r.rolsuper as superuser from pg_roles r where r.rolname = current_user`.execute(
    h.ctx.db.app,
  );
  assert.deepEqual(role.rows[0], { current_user: 'farley_app', bypass: false, superuser: false });
});

test('inside workspace A the database neither shows nor accepts rows of workspace B', async () => {
  const { body: company } = await b.post('/api/v1/companies', { name: 'Nur für B GmbH' });
  const seen = await inTenant(h.ctx.db.app, { workspaceId: a.workspaceId }, (tx) =>
    tx.selectFrom('companies').select('id').where('id', '=', company.id).execute(),
  );
  assert.equal(seen.length, 0);
  // Even a query that forgets the workspace filter sees only A's rows.
  const all = await inTenant(h.ctx.db.app, { workspaceId: a.workspaceId }, (tx) =>
    tx.selectFrom('companies').select('workspace_id').distinct().execute(),
  );
  assert.ok(all.every((row) => row.workspace_id === a.workspaceId));
  await assert.rejects(
    inTenant(h.ctx.db.app, { workspaceId: a.workspaceId }, (tx) =>
      tx
        .insertInto('companies')
        .values({
          workspace_id: b.workspaceId,
          id: crypto.randomUUID(),
          name: 'Eindringling',
          emails: '[]',
          phones: '[]',
          addresses: '[]',
        })
        .execute(),
    ),
    /row-level security/,
  );
  const changed = await inTenant(h.ctx.db.app, { workspaceId: a.workspaceId }, (tx) =>
    tx.updateTable('companies').set({ name: 'übernommen' }).where('id', '=', company.id).execute(),
  );
  assert.equal(Number(changed[0].numUpdatedRows), 0);
  assert.equal((await b.get(`/api/v1/companies/${company.id}`)).body.name, 'Nur für B GmbH');
});

test('outside a tenant transaction the application role sees no workspace data at all', async () => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from companies`.execute(h.ctx.db.app);
  assert.equal(rows[0].n, 0);
});

test('search, lookup and tag filters can use their indexes under row-level security', async () => {
  // Enough rows that reading the whole workspace is clearly the worse plan.
  await h.ctx.db.owner.transaction().execute(async (tx) => {
    await sql`set local farley.audit = 'off'`.execute(tx);
    await sql`
    insert into contacts (workspace_id, id, last_name, emails, phones, addresses, tags, phone_list, search_text)
    select ${a.workspaceId}::uuid, gen_random_uuid(), 'Planer ' || n, '[]', '[]', '[]',
           array['t' || (n % 100)], array['+4930' || (1000000 + n)], 'planer ' || n || ' name' || n
    from generate_series(1, 3000) n`.execute(tx);
    const mailbox = crypto.randomUUID();
    await sql`insert into mailboxes (workspace_id, id, owner_id, name, address, imap_host, imap_port, imap_security,
        imap_username, imap_password, smtp_host, smtp_port, smtp_security, smtp_username, smtp_password)
      values (${a.workspaceId}, ${mailbox}, ${a.userId}, 'Planer', 'planer@example.com', 'imap.invalid', 993, 'tls', 'planer',
        '\\x00', 'smtp.invalid', 465, 'tls', 'planer', '\\x00')`.execute(tx);
    await sql`insert into emails (workspace_id, id, mailbox_id, message_id, thread_id, subject, sent_at, direction, text_body)
      select ${a.workspaceId}::uuid, gen_random_uuid(), ${mailbox}::uuid, 'planer-' || n, gen_random_uuid(), 'Planer ' || n, now() - make_interval(mins => n),
             'inbound', case when n % 500 = 0 then 'Angebot' else 'Notiz ' || n end
        from generate_series(1, 3000) n`.execute(tx);
    await sql`insert into search_words (workspace_id, word)
      select ${a.workspaceId}::uuid, 'wort' || translate(n::text, '0123456789', 'abcdefghij') from generate_series(1, 2000) n`.execute(
      tx,
    );
  });
  // Vacuum too: a GIN index's pending list, which the bulk insert fills, makes every plan through
  // it look dear until flushed, and autovacuum flushes it whenever it happens to come by.
  await sql`vacuum analyze contacts, search_words, emails`.execute(h.ctx.db.owner);
  const plans = await inTenant(h.ctx.db.app, { workspaceId: a.workspaceId }, async (tx) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    const explain = async (query: ReturnType<typeof sql>) =>
      (await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(tx)).rows.map((r) => r['QUERY PLAN']).join('\n');
    return [
      ['phone_list', await explain(sql`select id from contacts where phone_list @> array['+49301234567']`)],
      ['tags', await explain(sql`select id from contacts where tags @> array['vip']`)],
      [
        'farley_grams',
        await explain(sql`select id from contacts
        where farley_grams(workspace_id, search_text) @> farley_grams(farley_workspace(), '301234') and search_text like '%301234%'`),
      ],
      [
        'farley_scoped',
        await explain(
          sql`select id from contacts where farley_scoped(workspace_id, search_words) && farley_scoped(farley_workspace(), array['muller'])`,
        ),
      ],
      ['word', await explain(sql`select word from search_words where word % 'mulelr'`)],
      // Without order (emails_recent serves newest-first pages): the match itself through emails_search.
      [
        'search',
        await (async () => {
          await sql`set local enable_indexscan = off`.execute(tx);
          return explain(sql`select id from emails where search @@ farley_email_query('Angebot')`);
        })(),
      ],
      [
        'farley_grams',
        await explain(
          sql`select word from search_words where farley_grams(workspace_id, word) @> farley_grams(farley_workspace(), 'ulle') and word like '%ulle%'`,
        ),
      ],
    ];
  });
  // The condition itself must be an index condition, not a filter applied after reading
  // every row of the workspace; LIKE never is one.
  for (const [column, plan] of plans) {
    assert.match(plan, new RegExp(`(Index|Recheck) Cond: .*${column}`), plan);
    assert.doesNotMatch(plan, /(Index|Recheck) Cond: .*~~/, plan);
  }
});

test('LIKE is not marked leakproof: its errors could tell what another workspace holds', async () => {
  const { rows } = await sql<{ name: string; leakproof: boolean }>`
    select proname as name, proleakproof as leakproof from pg_proc
     where oid in ('pg_catalog.textlike(text, text)'::regprocedure, 'pg_catalog.texticlike(text, text)'::regprocedure) order by 1`.execute(
    h.ctx.db.owner,
  );
  assert.deepEqual(rows, [
    { name: 'texticlike', leakproof: false },
    { name: 'textlike', leakproof: false },
  ]);
});

test('a search reads the index entries of its own workspace only, whatever another workspace holds', async () => {
  // A holds 3,000 contacts with "planer" (test above); B as many others and one Planer.
  await h.ctx.db.owner.transaction().execute(async (tx) => {
    await sql`set local farley.audit = 'off'`.execute(tx);
    await sql`
    insert into contacts (workspace_id, id, last_name, emails, phones, addresses, search_text)
    select ${b.workspaceId}::uuid, gen_random_uuid(), 'Anders ' || n, '[]', '[]', '[]', 'anders ' || n
    from generate_series(1, 3000) n`.execute(tx);
  });
  await sql`analyze contacts`.execute(h.ctx.db.owner);
  const { body } = await b.post('/api/v1/contacts', { firstName: 'Paula', lastName: 'Planer' });
  assert.ok(body.id);
  const entries = await inTenant(h.ctx.db.app, { workspaceId: b.workspaceId }, async (tx) => {
    const { rows } = await sql<{ 'QUERY PLAN': Array<{ Plan: Record<string, any> }> }>`explain (analyze, format json)
      select id from contacts where farley_grams(workspace_id, search_text) @> farley_grams(farley_workspace(), 'planer')`.execute(
      tx,
    );
    const scans: number[] = [];
    const walk = (node: Record<string, any>) => {
      if (node['Index Name'] === 'contacts_grams') scans.push(node['Actual Rows']);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(rows[0]['QUERY PLAN'][0].Plan);
    return scans;
  });
  assert.deepEqual(entries, [1]);
});

test("the lists' views hold every column of their table and read under its row-level security", async () => {
  for (const table of ['contacts', 'companies']) {
    const columns = async (relation: string) =>
      (
        await sql<{ name: string }>`
          select column_name as name from information_schema.columns
          where table_schema = 'public' and table_name = ${relation}`.execute(h.ctx.db.owner)
      ).rows.map((r) => r.name);
    const own = await columns(table);
    const listed = new Set(await columns(`${table}_listed`));
    // A migration that adds a column to the table creates the view again (scoredView.ts).
    assert.deepEqual(
      own.filter((c) => !listed.has(c)),
      [],
      `${table}_listed lacks columns of ${table}`,
    );
    const { rows } = await sql<{ options: string[] | null }>`
      select reloptions as options from pg_class where relname = ${`${table}_listed`}`.execute(h.ctx.db.owner);
    assert.ok(rows[0]?.options?.includes('security_invoker=true'), `${table}_listed runs as its caller`);
  }
  // Under workspace A's tenant, the view shows none of B's rows.
  await b.post('/api/v1/companies', { name: 'Nur in B' });
  const seen = await inTenant(h.ctx.db.app, { workspaceId: a.workspaceId }, (tx) =>
    sql<{ n: number }>`select count(*)::int as n from companies_listed where name = 'Nur in B'`.execute(tx),
  );
  assert.equal(seen.rows[0].n, 0);
});
