import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { harness, type Harness } from '../../testing/harness.ts';
import { phoneSearchParts, toE164 } from '../../platform/contactdata.ts';
import { searchText } from '../../platform/text.ts';
import { seedDemoWorkspace, type DemoResult } from './demo.service.ts';
import { DemoRows } from './demo.generate.ts';
import { DemoWorld } from './demo.world.ts';
import * as copy from './demo.copy.ts';
import { skipTriggers } from './demo.load.ts';
import { wordsOf } from '../../db/migrations/0013_search_word_index.ts';
import { wordPostings } from '../../db/migrations/0015_word_postings.ts';

let h: Harness;
let demo: DemoResult & { adminEmail: string; adminPassword: string };
let cookie: string;
let csrf: string;

async function signIn(email: string, password: string) {
  return h.raw({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: '10.66.0.1' });
}

/** A GET as the signed-in demo admin. */
async function get(url: string, session = cookie) {
  const response = await h.raw({ method: 'GET', url, headers: { cookie: session } });
  return { status: response.statusCode, body: response.json() };
}

/** Walks every page of a list and returns all its items. */
async function all(path: string, session = cookie): Promise<Array<Record<string, any>>> {
  const items: Array<Record<string, any>> = [];
  let cursor: string | null = null;
  do {
    const page = await get(
      `${path}${path.includes('?') ? '&' : '?'}limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      session,
    );
    assert.equal(page.status, 200, `${path}: ${JSON.stringify(page.body)}`);
    items.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

function sessionOf(response: Awaited<ReturnType<typeof signIn>>): string {
  const header = response.headers['set-cookie'];
  const line = (Array.isArray(header) ? header : [header ?? '']).find((c) => c.startsWith('farley_session='));
  assert.ok(line, 'a session cookie is set');
  return line.split(';')[0];
}

before(async () => {
  h = await harness();
  demo = await seedDemoWorkspace(h.ctx, {});
  const login = await signIn(demo.adminEmail, demo.adminPassword);
  assert.equal(login.statusCode, 200);
  cookie = sessionOf(login);
  csrf = login.json().csrfToken;
});

/** A PATCH as the signed-in demo admin. */
async function patch(url: string, payload: object) {
  const response = await h.raw({ method: 'PATCH', url, payload, headers: { cookie, 'x-csrf-token': csrf } });
  return { status: response.statusCode, body: response.json() };
}
after(() => h.close());

describe('demo data', () => {
  test('the demo admin signs in with the printed password, and a wrong one is refused', async () => {
    const me = await get('/api/v1/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, demo.adminEmail);
    assert.equal(me.body.user.role, 'admin');
    assert.equal(me.body.workspace.name, 'Demo GmbH');
    assert.equal((await signIn(demo.adminEmail, `${demo.adminPassword}x`)).statusCode, 401);
  });

  test('the default demo has a few hundred records of each kind, and the lists show exactly the counted ones', async () => {
    const { counts } = demo;
    assert.ok(counts.companies >= 100 && counts.contacts >= 300 && counts.deals >= 150, JSON.stringify(counts));
    assert.ok(counts.activities >= 1000 && counts.tasks >= 100, JSON.stringify(counts));
    assert.equal((await all('/api/v1/companies')).length, counts.companies);
    assert.equal((await all('/api/v1/contacts')).length, counts.contacts);
    assert.equal((await all('/api/v1/deals')).length, counts.deals);
    assert.equal((await all('/api/v1/activities')).length, counts.activities);
    assert.equal((await all('/api/v1/tasks')).length, counts.tasks);
    assert.equal((await all('/api/v1/users')).length, counts.users);
    assert.equal((await all('/api/v1/teams')).length, counts.teams);
  });

  test('the demo catalogue has some forty products in German, every unit among them, books at 7 %', async () => {
    const products = await all('/api/v1/products');
    assert.equal(products.length, demo.counts.products);
    assert.ok(products.length >= 40, String(products.length));
    const units = new Set(products.map((product) => product.unit));
    for (const unit of ['piece', 'hour', 'day', 'flat', 'kg', 'm', 'm2', 'l', 'month'])
      assert.ok(units.has(unit), unit);
    const book = products.find((product) => product.sku === 'LIT-700');
    assert.equal(book?.vatRate, '7');
    assert.ok(products.some((product) => !product.active));
  });

  test('deals spread over every stage of the default pipeline, closed ones with a stage history', async () => {
    const deals = await all('/api/v1/deals');
    const [pipeline] = (await get('/api/v1/pipelines?isDefault=true')).body.data;
    for (const stage of pipeline.stages) {
      assert.ok(
        deals.some((deal) => deal.stageId === stage.id),
        `a deal in ${stage.name}`,
      );
    }
    const lost = deals.find((deal) => deal.status === 'lost');
    assert.ok(lost?.lostReason);
    const won = deals.find((deal) => deal.status === 'won')!;
    assert.ok(won.closedAt);
    const history = await get(`/api/v1/deals/${won.id}/stage-history`);
    assert.equal(history.status, 200);
    assert.ok(history.body.data.length >= 2);
    assert.equal(history.body.data.at(-1).toStageId, won.stageId);
  });

  test('tasks are overdue, due today, upcoming and done', async () => {
    const tasks = await all('/api/v1/tasks');
    const now = Date.now();
    const today = new Date().toISOString().slice(0, 10);
    assert.ok(
      tasks.some((t) => t.status === 'open' && Date.parse(t.dueAt) < now - 86_400_000),
      'overdue',
    );
    assert.ok(
      tasks.some((t) => t.status === 'open' && t.dueAt.startsWith(today)),
      'due today',
    );
    assert.ok(
      tasks.some((t) => t.status === 'open' && Date.parse(t.dueAt) > now + 86_400_000),
      'upcoming',
    );
    assert.ok(
      tasks.some((t) => t.status === 'done'),
      'done',
    );
  });

  test("the demo admin's start page has overdue tasks, tasks due today, deals without a next step and stuck deals", async () => {
    const today = await get('/api/v1/today?tz=Europe/Berlin');
    assert.equal(today.status, 200, JSON.stringify(today.body));
    const { tasks, deals, stuckDeals } = today.body;
    assert.ok(tasks.overdue >= 3, `overdue: ${tasks.overdue}`);
    assert.ok(tasks.overdue + tasks.dueToday >= 6);
    assert.ok(tasks.data.every((t: any) => t.linked.some((l: any) => l.type === 'contact')));
    assert.ok(
      deals.data.some((d: any) => d.nextTask === null),
      'a deal without a next step',
    );
    assert.ok(stuckDeals.data.length > 0, 'a deal stuck in its stage');
    assert.ok(stuckDeals.data.every((d: any) => d.usualFrom === 'history'));
  });

  test('every text of the demo is German: task titles and descriptions, activities, deal titles', async () => {
    const english =
      /(?<!\p{L})(the|with|and|on|Follow|Send|Call|Proposal|Note|Dear|Kick-off|order|message|subscription|retainer|competitor)(?!\p{L})/u;
    for (const task of await all('/api/v1/tasks')) {
      assert.doesNotMatch(`${task.title} ${task.description ?? ''}`, english, task.title);
    }
    for (const activity of await all('/api/v1/activities')) {
      assert.doesNotMatch(`${activity.subject ?? ''} ${activity.body ?? ''}`, english, activity.subject);
    }
    for (const deal of await all('/api/v1/deals')) {
      assert.doesNotMatch(`${deal.title} ${deal.lostReason ?? ''}`.replace(/ – .*$/, ''), english, deal.title);
    }
  });

  test('customer numbers are unique across the workspace, some records have an external id, a few people are twins, all are scored', async () => {
    const contacts = await all('/api/v1/contacts');
    const companies = await all('/api/v1/companies');
    assert.ok(companies.every((c) => /^K-\d{5,}$/.test(c.customerNumber)));
    const numbered = contacts.filter((c) => c.customerNumber);
    assert.ok(numbered.length > 10 && numbered.every((c) => ['customer', 'former'].includes(c.lifecycleStage)));
    const numbers = [...companies, ...numbered].map((r) => r.customerNumber);
    assert.equal(new Set(numbers).size, numbers.length);
    assert.ok(companies.some((c) => /^SAP-\d+$/.test(c.externalId ?? '')));
    assert.ok(contacts.some((c) => /^shop-\d+$/.test(c.externalId ?? '')));
    // A number finds its record, as the services' search text has it.
    const hit = await get(`/api/v1/search?q=${encodeURIComponent(companies[0].customerNumber)}&types=company`);
    assert.ok(JSON.stringify(hit.body).includes(companies[0].id));
    // The twins: the same person twice at the same company (Müller/Mueller, swapped, an email typo).
    const key = (c: any) =>
      [c.firstName, c.lastName]
        .sort()
        .join(' ')
        .toLowerCase()
        .replace(/ae|oe|ue|ss/g, (m: string) => m[0]);
    const fold = (c: any) => key(c).replace(/[äöüß]/g, (m: string) => ({ ä: 'a', ö: 'o', ü: 'u', ß: 's' })[m] ?? m);
    const seen = new Map<string, number>();
    for (const c of contacts) seen.set(fold(c), (seen.get(fold(c)) ?? 0) + 1);
    assert.ok([...seen.values()].filter((n) => n > 1).length >= 4, 'twins among the contacts');
    const scored = await sql<{ unscored: number }>`select count(*)::int as unscored from contacts
      where workspace_id = ${demo.workspaceId} and quality is null`.execute(h.ctx.db.owner);
    assert.equal(scored.rows[0].unscored, 0, 'a small demo is scored at once');
  });

  test('names have umlauts, addresses real German postal codes, and every phone is what libphonenumber makes of it', async () => {
    const contacts = await all('/api/v1/contacts');
    assert.ok(contacts.some((c) => /[äöüÄÖÜß]/.test(`${c.firstName} ${c.lastName}`)));
    const companies = await all('/api/v1/companies');
    assert.ok(
      companies.some((c) => c.addresses.some((a: any) => a.city === 'Berlin' && /^1\d{4}$/.test(a.postalCode))),
    );
    assert.ok(companies.some((c) => /^DE\d{9}$/.test(c.vatId ?? '')));
    assert.ok(companies.some((c) => c.parentCompanyId));
    for (const record of [...contacts, ...companies]) {
      for (const phone of record.phones) assert.equal(toE164(phone.number, 'DE'), phone.e164, phone.number);
      for (const address of record.addresses) if (address.country === 'DE') assert.match(address.postalCode, /^\d{5}$/);
    }
  });

  test('derived columns and search_text are exactly what the services would store', async () => {
    const rows = await sql<Record<string, any>>`
      select 'contact' as kind, first_name, last_name, customer_number, external_id, null as name, emails, phones, addresses, email_list, phone_list, cities, postal_codes, search_text
        from contacts where workspace_id = ${demo.workspaceId}
      union all
      select 'company', null, null, customer_number, external_id, name || '|' || coalesce(legal_form, '') || '|' || coalesce(industry, '') || '|' || coalesce(website, '') || '|' || coalesce(vat_id, '') || '|' || array_to_string(tags, '|'),
             emails, phones, addresses, email_list, phone_list, cities, postal_codes, search_text
        from companies where workspace_id = ${demo.workspaceId}`.execute(h.ctx.db.owner);
    for (const row of rows.rows) {
      const e164 = [...new Set<string>(row.phones.map((p: any) => p.e164))];
      assert.deepEqual(row.phone_list, e164);
      assert.deepEqual(row.email_list, [...new Set(row.emails.map((e: any) => e.email.toLowerCase()))]);
      assert.deepEqual(row.cities, [...new Set(row.addresses.map((a: any) => a.city))]);
      assert.deepEqual(row.postal_codes, [...new Set(row.addresses.map((a: any) => a.postalCode))]);
      const reach = [...row.email_list, ...phoneSearchParts(row.phone_list), ...row.cities];
      const [name, legalForm, industry, website, vatId, ...tags] = (row.name ?? '').split('|');
      const expected =
        row.kind === 'contact'
          ? searchText([row.first_name, row.last_name, row.customer_number, row.external_id, ...reach])
          : searchText([
              name,
              row.customer_number,
              row.external_id,
              legalForm || null,
              industry || null,
              website || null,
              vatId || null,
              ...tags.filter(Boolean),
              ...reach,
            ]);
      assert.equal(row.search_text, expected);
    }
  });

  test('search_words, the column and the dictionary, hold exactly the words the triggers would have recorded', async () => {
    const texts = sql`
      select search_text, search_words from contacts where workspace_id = ${demo.workspaceId}
      union all select search_text, search_words from companies where workspace_id = ${demo.workspaceId}
      union all select search_text, search_words from deals where workspace_id = ${demo.workspaceId}`;
    const {
      rows: [row],
    } = await sql<{ stored: string[]; expected: string[]; wrong: number; rows: number }>`
      select (select array_agg(word order by word) from search_words where workspace_id = ${demo.workspaceId}) as stored,
             (select array_agg(distinct w order by w) from (${texts}) t, unnest(${sql.raw(wordsOf('t.search_text'))}) w) as expected,
             (select count(*)::int from (${texts}) t
               where not (t.search_words @> ${sql.raw(wordsOf('t.search_text'))} and t.search_words <@ ${sql.raw(wordsOf('t.search_text'))})) as wrong,
             (select count(*)::int from (${texts}) t) as rows`.execute(h.ctx.db.owner);
    assert.ok(row.expected.length > 100 && row.rows > 100);
    assert.deepEqual(row.stored, row.expected);
    assert.equal(row.wrong, 0, 'rows whose search_words differ from the words of their search_text');
  });

  test('the word postings hold exactly the words of the live records, as the trigger would have recorded them', async () => {
    for (const [table, postings] of Object.entries(wordPostings)) {
      const live = sql`select r.id, w from ${sql.table(table)} r, unnest(r.search_words) w where r.workspace_id = ${demo.workspaceId} and r.deleted_at is null`;
      const stored = sql`select record_id, word from ${sql.table(postings)} where workspace_id = ${demo.workspaceId}`;
      const {
        rows: [row],
      } = await sql<{ rows: number; missing: number; extra: number }>`
        select (select count(*)::int from (${stored}) s) as rows,
               (select count(*)::int from (${live} except ${stored}) x) as missing,
               (select count(*)::int from (${stored} except ${live}) x) as extra`.execute(h.ctx.db.owner);
      assert.ok(row.rows > 100, `${postings}: ${row.rows} rows`);
      assert.deepEqual([row.missing, row.extra], [0, 0], postings);
    }
  });

  test('the history is consistent: nothing before its contact existed, stage changes in order, last activity right', async () => {
    const ws = demo.workspaceId;
    const violations = await sql<Record<string, number>>`
      select
        (select count(*)::int from activity_links l join contacts c on c.workspace_id = l.workspace_id and c.id = l.record_id
          where l.workspace_id = ${ws} and l.record_type = 'contact' and l.occurred_at < c.created_at) as activities_before_contact,
        (select count(*)::int from deals d join contacts c on c.workspace_id = d.workspace_id and c.id = d.contact_id
          where d.workspace_id = ${ws} and d.created_at < c.created_at) as deals_before_contact,
        (select count(*)::int from (select changed_at < lag(changed_at) over (partition by deal_id order by changed_at, id) as back
           from deal_stage_changes where workspace_id = ${ws}) x where back) as stage_changes_out_of_order,
        (select count(*)::int from deals d where d.workspace_id = ${ws} and d.stage_entered_at <>
           (select max(changed_at) from deal_stage_changes s where s.workspace_id = d.workspace_id and s.deal_id = d.id)) as stage_entered_wrong,
        (select count(*)::int from tasks where workspace_id = ${ws} and completed_at < created_at) as completed_before_created,
        (select count(*)::int from contacts c where c.workspace_id = ${ws} and c.last_activity_at is distinct from
           (select max(occurred_at) from activity_links l where l.workspace_id = c.workspace_id and l.record_type = 'contact' and l.record_id = c.id)) as contact_last_activity,
        (select count(*)::int from companies c where c.workspace_id = ${ws} and c.last_activity_at is distinct from
           (select max(occurred_at) from activity_links l where l.workspace_id = c.workspace_id and l.record_type = 'company' and l.record_id = c.id)) as company_last_activity,
        (select count(*)::int from deals d where d.workspace_id = ${ws} and d.last_activity_at is distinct from
           (select max(occurred_at) from activity_links l where l.workspace_id = d.workspace_id and l.record_type = 'deal' and l.record_id = d.id)) as deal_last_activity,
        (select count(*)::int from activity_links l where l.workspace_id = ${ws} and l.occurred_at <>
           (select occurred_at from activities a where a.workspace_id = l.workspace_id and a.id = l.activity_id)) as link_time_differs
    `.execute(h.ctx.db.owner);
    assert.deepEqual(
      Object.entries(violations.rows[0]).filter(([, n]) => n !== 0),
      [],
    );
  });

  test('saving demo records unchanged through the API stores exactly what the generator stored', async () => {
    const columns = sql.raw('emails, phones, addresses, email_list, phone_list, cities, postal_codes, search_text');
    const stored = async (table: 'contacts' | 'companies' | 'deals', id: string) =>
      (
        await sql<Record<string, unknown>>`
      select ${table === 'deals' ? sql.raw('search_text') : columns} from ${sql.table(table)}
       where workspace_id = ${demo.workspaceId} and id = ${id}`.execute(h.ctx.db.owner)
      ).rows[0];
    const reach = (record: Record<string, any>) => ({
      emails: record.emails.map(({ email, label, primary }: any) => ({ email, label, primary })),
      phones: record.phones.map(({ number, label, primary }: any) => ({ number, label, primary })),
      addresses: record.addresses,
    });
    const people = (await get('/api/v1/contacts?limit=40')).body.data.filter((c: any) => c.phones.length > 0);
    const firms = (await get('/api/v1/companies?limit=40')).body.data;
    const deals = (await get('/api/v1/deals?limit=20')).body.data;
    assert.ok(people.length > 10 && firms.length > 10 && deals.length > 10);
    for (const person of people) {
      const before = await stored('contacts', person.id);
      const saved = await patch(`/api/v1/contacts/${person.id}`, { lastName: person.lastName, ...reach(person) });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(await stored('contacts', person.id), before, person.lastName);
    }
    for (const firm of firms) {
      const before = await stored('companies', firm.id);
      const saved = await patch(`/api/v1/companies/${firm.id}`, {
        name: firm.name,
        vatId: firm.vatId,
        tags: firm.tags,
        ...reach(firm),
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(await stored('companies', firm.id), before, firm.name);
    }
    for (const deal of deals) {
      const before = await stored('deals', deal.id);
      const saved = await patch(`/api/v1/deals/${deal.id}`, { title: deal.title, tags: deal.tags });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(await stored('deals', deal.id), before, deal.title);
    }
  });

  test('a demo contact is found by search (also without umlauts) and by phone and email lookup', async () => {
    const contacts = await all('/api/v1/contacts');
    const person = contacts.find((c) => /[äöü]/.test(c.lastName) && c.phones.length > 0 && c.emails.length > 0)!;
    const folded = person.lastName.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
    for (const q of [`${person.firstName} ${person.lastName}`, `${person.firstName} ${folded}`]) {
      const found = await get(`/api/v1/search?q=${encodeURIComponent(q)}&types=contact&limit=100`);
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.ok(
        found.body.data.some((hit: any) => hit.id === person.id),
        q,
      );
    }
    const byPhone = await get(`/api/v1/lookup?phone=${encodeURIComponent(person.phones[0].number)}`);
    assert.equal(byPhone.status, 200, JSON.stringify(byPhone.body));
    assert.ok(byPhone.body.data.some((hit: any) => hit.type === 'contact' && hit.id === person.id));
    const byEmail = await get(`/api/v1/lookup?email=${encodeURIComponent(person.emails[0].email.toUpperCase())}`);
    assert.ok(byEmail.body.data.some((hit: any) => hit.type === 'contact' && hit.id === person.id));
  });

  test('the same seed gives the same data in another workspace, and neither sees the other', async () => {
    const second = await seedDemoWorkspace(h.ctx, {});
    assert.notEqual(second.workspaceId, demo.workspaceId);
    const content = (workspaceId: string) =>
      sql<Record<string, unknown>>`
      select first_name, last_name, emails, phones, addresses, job_title, lifecycle_stage, search_text
        from contacts where workspace_id = ${workspaceId} order by id`.execute(h.ctx.db.owner);
    assert.deepEqual((await content(second.workspaceId)).rows, (await content(demo.workspaceId)).rows);

    const otherCookie = sessionOf(await signIn(second.adminEmail, second.adminPassword));
    const mine = await all('/api/v1/contacts');
    const theirs = await all('/api/v1/contacts', otherCookie);
    assert.equal(theirs.length, second.counts.contacts);
    const mineIds = new Set(mine.map((c) => c.id));
    assert.ok(
      theirs.every((c) => !mineIds.has(c.id)),
      'ids are unique across workspaces',
    );
    assert.equal((await get(`/api/v1/contacts/${theirs[0].id}`)).status, 404);
    const hits = await get(`/api/v1/search?q=${encodeURIComponent(theirs[0].lastName)}&limit=100`);
    assert.ok(hits.body.data.every((hit: any) => !theirs.some((c) => c.id === hit.id)));
  });

  // Below bulkContacts: a bulk load drops indexes and keys of tables the test files running
  // alongside use, and locks them until it commits (demo.bulk.test.ts loads in bulk in a
  // database of its own).
  test('a load of 20,000 contacts loads that many, scales the rest, and leaves the audit log alone', async () => {
    const api = await h.workspace('Bulk GmbH');
    const auditBefore = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where workspace_id = ${api.workspaceId}`.execute(h.ctx.db.owner);
    const result = await seedDemoWorkspace(h.ctx, { workspaceId: api.workspaceId, contacts: 20_000 });
    assert.equal(result.workspaceId, api.workspaceId);
    assert.equal(result.adminPassword, undefined);
    assert.equal(result.counts.contacts, 20_000);
    assert.equal(result.counts.companies, 4_000);
    assert.equal(result.counts.deals, 6_000);
    assert.equal(result.counts.activities, 100_000);
    const stored = await sql<{ contacts: number; activities: number; audit: number }>`
      select (select count(*)::int from contacts where workspace_id = ${api.workspaceId}) as contacts,
             (select count(*)::int from activities where workspace_id = ${api.workspaceId}) as activities,
             (select count(*)::int from audit_log where workspace_id = ${api.workspaceId}) as audit`.execute(
      h.ctx.db.owner,
    );
    assert.equal(stored.rows[0].contacts, 20_000);
    assert.equal(stored.rows[0].activities, 100_000);
    assert.equal(stored.rows[0].audit, auditBefore.rows[0].n);
    const words = await sql<{ postings: number; words: number }>`
      select (select count(*)::int from contact_words where workspace_id = ${api.workspaceId}) as postings,
             (select sum(cardinality(search_words))::int from contacts where workspace_id = ${api.workspaceId}) as words`.execute(
      h.ctx.db.owner,
    );
    assert.ok(words.rows[0].words > 20_000);
    assert.equal(words.rows[0].postings, words.rows[0].words);
    const page = await api.get('/api/v1/contacts?limit=1&sort=lastName');
    assert.equal(page.status, 200);
    assert.ok(page.body.data[0].lastName);
    const phones = await sql<{ number: string; e164: string }>`
      select p->>'number' as number, p->>'e164' as e164 from contacts c, jsonb_array_elements(c.phones) p
       where c.workspace_id = ${api.workspaceId}`.execute(h.ctx.db.owner);
    assert.ok(phones.rows.length > 15_000);
    for (const phone of phones.rows) assert.equal(toE164(phone.number, 'DE'), phone.e164, phone.number);
  });

  test('activities follow a long tail: a few contacts have many, most have a handful', async () => {
    const perContact = await sql<{ n: number }>`
      select count(*)::int as n from activity_links
       where workspace_id = ${demo.workspaceId} and record_type = 'contact' group by record_id order by 1 desc`.execute(
      h.ctx.db.owner,
    );
    const counts = perContact.rows.map((row) => row.n);
    const median = counts[Math.floor(counts.length / 2)];
    assert.ok(counts[0] >= 5 * median, `top ${counts[0]}, median ${median}`);
  });

  test('at bulk scale a few contacts have about 1,000 activities each', () => {
    const ids = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
    const world = new DemoWorld({
      seed: 7,
      idSalt: 0,
      workspaceId: ids(1),
      today: Date.UTC(2026, 0, 1),
      currency: 'EUR',
      companies: 400,
      contacts: 2_000,
      deals: 600,
      activities: 12_000,
      tasks: 0,
      whales: 3,
      users: [{ id: ids(2), name: 'Jürgen Schäfer' }],
      stages: [
        { id: ids(3), pipelineId: ids(4), probability: 10, kind: 'open' },
        { id: ids(5), pipelineId: ids(4), probability: 100, kind: 'won' },
      ],
    });
    const perContact = new Map<string, number>();
    for (const line of new DemoRows(world).activityLinks()) {
      const [, , type, id] = line.split('\t');
      if (type === 'contact') perContact.set(id, (perContact.get(id) ?? 0) + 1);
    }
    const top = [...perContact.values()].sort((a, b) => b - a);
    assert.ok(
      top.slice(0, 3).every((n) => n >= 1_000 && n < 1_100),
      top.slice(0, 5).join(),
    );
    assert.ok(top[3] < 500);
  });

  test('a bulk load skips every trigger: none maintains data the generator does not write itself', async () => {
    // Otherwise every trigger and foreign-key check runs per row, and seeding takes half as long again.
    const client = new pg.Client({ connectionString: h.ctx.db.url });
    await client.connect();
    try {
      await client.query('begin');
      assert.equal(await skipTriggers(client), true);
      assert.equal((await client.query('show session_replication_role')).rows[0].session_replication_role, 'replica');
    } finally {
      await client.query('rollback').catch(() => {});
      await client.end();
    }
  });

  test('COPY text survives the round trip through PostgreSQL with tabs, line breaks, backslashes and quotes', async () => {
    const client = new pg.Client({ connectionString: h.ctx.db.url });
    await client.connect();
    try {
      const nasty = 'tab\there\nnew line\r\\back "quote" \\N \\. {brace}, comma';
      await client.query('create temp table copy_check (t text, a text[], j jsonb, n text)');
      await copy.copyInto(
        client,
        'copy_check',
        ['t', 'a', 'j', 'n'],
        [copy.line([copy.text(nasty), copy.array([nasty, 'NULL', '']), copy.json({ v: nasty }), copy.text(null)])],
      );
      const { rows } = await client.query('select t, a, j, n from copy_check');
      assert.deepEqual(rows, [{ t: nasty, a: [nasty, 'NULL', ''], j: { v: nasty }, n: null }]);
    } finally {
      await client.end();
    }
  });

  test('COPY fields escape tabs, line breaks, backslashes and quotes in arrays', () => {
    assert.equal(copy.text('a\tb\nc\\d'), 'a\\tb\\nc\\\\d');
    assert.equal(copy.text(null), '\\N');
    assert.equal(copy.array(['x', 'say "hi"', 'back\\slash']), '{"x","say \\\\"hi\\\\"","back\\\\\\\\slash"}');
    assert.equal(copy.json({ note: 'line\nbreak "quoted"' }), '{"note":"line\\\\nbreak \\\\"quoted\\\\""}');
    assert.equal(copy.time(Date.UTC(2026, 2, 1, 9, 30, 5)), '2026-03-01T09:30:05Z');
    assert.equal(copy.time(Date.UTC(2026, 2, 1, 9, 30, 5, 7)), '2026-03-01T09:30:05.007Z');
  });
});
