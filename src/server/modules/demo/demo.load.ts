// Loading a demo plan into PostgreSQL: owner connections, a COPY per table, all committed
// together. Bulk-load measures from PostgreSQL's "Populating a Database" advice apply where
// they are safe: the audit trigger stands aside, triggers are skipped when the role may do
// so, and for large loads the secondary indexes are rebuilt once instead of being
// maintained row by row.
import { scoreTables } from '../../platform/customerAnalytics.ts';
import type pg from 'pg';
import { copyInto } from './demo.copy.ts';
import { columns, DemoRows, type DemoTable } from './demo.generate.ts';
import { DemoWorld, type DemoPlan } from './demo.world.ts';
import { wordPostings } from '../../db/migrations/0015_word_postings.ts';

export interface LoadStep {
  table: string;
  rows: number;
  ms: number;
}

type Generate = (rows: DemoRows) => Iterable<string>;

/**
 * Two independent groups of tables (no foreign key between them), loaded side by side on
 * two connections so that PostgreSQL works on both CPU cores; each group in FK order.
 */
const groups: Array<Array<[DemoTable, Generate]>> = [
  [
    ['activities', (rows) => rows.activities()],
    ['activity_links', (rows) => rows.activityLinks()],
  ],
  [
    ['companies', (rows) => rows.companies()],
    ['contacts', (rows) => rows.contacts()],
    ['affiliations', (rows) => rows.affiliations()],
    ['deals', (rows) => rows.deals()],
    ['deal_stage_changes', (rows) => rows.stageChanges()],
    ['tasks', (rows) => rows.tasks()],
    ['task_links', (rows) => rows.taskLinks()],
  ],
];

const loadOrder = groups.flat();

export const demoTables = loadOrder.map(([table]) => table);

/** About how many rows the plan puts into each table (to weigh index rebuilds). */
function expectedRows(plan: DemoPlan): Record<DemoTable, number> {
  return {
    activities: plan.activities,
    activity_links: plan.activities * 2,
    companies: plan.companies,
    contacts: plan.contacts,
    affiliations: plan.contacts,
    deals: plan.deals,
    deal_stage_changes: plan.deals * 3,
    tasks: plan.tasks,
    task_links: plan.tasks * 1.5,
  };
}

const camel = (table: string) => table.replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase());

/** Trigger functions whose work the generator does itself (or, for the audit, need not be done). */
export const skippableTriggers = [
  'farley_audit',
  'farley_search_words',
  'farley_search_words_column',
  'farley_word_postings',
  'farley_contact_scores_row',
  'farley_company_scores_row',
  // Fills an empty owner for users who may change only their own (0064); imports give it in
  // their insert (insertRows), and a demo load runs without a user.
  'farley_default_owner_row',
];

/**
 * With session_replication_role = replica, PostgreSQL skips ordinary triggers: the audit
 * trigger (called per row even when it is off), the search_words triggers (the generator
 * writes the column, and the load adds the words to the dictionary and the word postings,
 * see addSearchWords and addPostings), the triggers that give each record its row of
 * analytics scores (addScoreRows) and the foreign-key checks, which the generator
 * satisfies by construction. Only done when the role may set it and no other trigger (one
 * that maintains data) would be skipped: then every trigger runs, at several times the cost.
 */
export async function skipTriggers(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    `
    select count(*)::int as n from pg_trigger t join pg_proc p on p.oid = t.tgfoid
     where not t.tgisinternal and p.proname <> all($2::text[]) and t.tgrelid = any($1::regclass[])`,
    [demoTables, skippableTriggers],
  );
  if (rows[0].n > 0) return false;
  await client.query('savepoint replica');
  try {
    await client.query('set local session_replication_role = replica');
    return true;
  } catch {
    await client.query('rollback to savepoint replica');
    return false;
  }
}

/** Each new record's (empty) row of analytics scores, which a trigger adds otherwise (migration 0048). */
async function addScoreRows(
  client: pg.ClientBase,
  workspaceId: string,
  table: string,
  scores: string,
): Promise<number> {
  const { rowCount } = await client.query(
    `insert into ${scores} (workspace_id, id) select workspace_id, id from ${table} where workspace_id = $1
     on conflict do nothing`,
    [workspaceId],
  );
  return rowCount ?? 0;
}

/** From this many contacts on, a load counts as bulk (benchmarks, not a live workspace). */
export const bulkContacts = 100_000;

/** A plan and how to load it: in bulk (see dropIndexes and addPostings) or not. */
interface Load {
  plan: DemoPlan;
  bulk: boolean;
}

/**
 * For a bulk load, drops the secondary indexes of the tables it at least doubles, returning
 * their definitions to recreate: one sorted build beats millions of random insertions (the
 * timeline index of activity links most of all). Primary keys and unique constraints stay.
 * The drop is part of the transaction, so a failed load leaves the indexes intact; until
 * commit it locks those tables for everyone else, which is why small loads never do it.
 */
async function dropIndexes(client: pg.ClientBase, { plan, bulk }: Load, tables: DemoTable[]): Promise<string[]> {
  const expected = expectedRows(plan);
  const { rows } = await client.query<{ table: string; name: string; definition: string; tuples: number }>(
    `
    select c.relname as table, i.relname as name, pg_get_indexdef(x.indexrelid) as definition, greatest(c.reltuples, 0)::float8 as tuples
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid
     where x.indrelid = any($1::regclass[]) and not x.indisunique and not x.indisprimary
       and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)`,
    [tables],
  );
  const dropped: string[] = [];
  for (const row of rows) {
    const adding = expected[row.table as DemoTable] ?? 0;
    if (!bulk || adding < row.tuples) continue;
    await client.query(`drop index ${quoteIdent(row.name)}`);
    dropped.push(row.definition);
  }
  return dropped;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The words of the generated search texts, as the search_words trigger would have added them. */
async function addSearchWords(client: pg.ClientBase, workspaceId: string, words: Set<string>): Promise<number> {
  const { rowCount } = await client.query(
    'insert into search_words (workspace_id, word) select $1, unnest($2::text[]) on conflict do nothing',
    [workspaceId, [...words]],
  );
  return rowCount ?? 0;
}

/**
 * The word postings (migration 0015) of the workspace's live records of `table`, as the
 * trigger would have added them. A bulk load into a workspace without postings yet drops
 * the table's primary key and builds it again afterwards, like dropIndexes does for other
 * indexes: one sorted build instead of millions of insertions (a third faster). Otherwise
 * the rows go in key order, so that the key grows at its end, and rows already there stay.
 */
async function addPostings(
  client: pg.ClientBase,
  { plan, bulk }: Load,
  table: keyof typeof wordPostings,
): Promise<number> {
  const postings = wordPostings[table];
  // The initials once per record, not once per word: `offset 0` keeps PostgreSQL from
  // pulling the call out into every row of the unnest.
  const records = `
    select r.workspace_id, w, r.id, x.initials
      from ${table} r cross join lateral (select farley_initials(r.search_text) as initials offset 0) x, unnest(r.search_words) w
     where r.workspace_id = $1 and r.deleted_at is null`;
  const columns = '(workspace_id, word, record_id, initials)';
  const {
    rows: [{ fresh }],
  } = await client.query<{ fresh: boolean }>(
    `select not exists (select from ${postings} where workspace_id = $1) as fresh`,
    [plan.workspaceId],
  );
  if (!bulk || !fresh) {
    const { rowCount } = await client.query(
      `insert into ${postings} ${columns} ${records} order by 2, 3 on conflict do nothing`,
      [plan.workspaceId],
    );
    return rowCount ?? 0;
  }
  const {
    rows: [key],
  } = await client.query<{ definition: string }>(
    `select pg_get_constraintdef(oid) as definition from pg_constraint where conname = $1 and conrelid = $2::regclass`,
    [`${postings}_pkey`, postings],
  );
  await client.query(`alter table ${postings} drop constraint ${postings}_pkey`);
  const { rowCount } = await client.query(`insert into ${postings} ${columns} ${records}`, [plan.workspaceId]);
  await client.query(`alter table ${postings} add constraint ${postings}_pkey ${key.definition}`);
  return rowCount ?? 0;
}

/** The key of the advisory lock that keeps demo loads into one database one at a time. */
const demoLoadLock = 0x6661726c;

/** Thrown into the other group's work once one group has failed. */
class Abandoned extends Error {}

/**
 * Opens a transaction on `client` and loads `tables` into it up to the point of commit:
 * rows, rebuilt indexes and fresh statistics.
 */
async function prepareGroup(
  client: pg.ClientBase,
  load: Load,
  tables: Array<[DemoTable, Generate]>,
  rows: DemoRows,
  step: (table: string, work: () => Promise<number>) => Promise<number>,
  counts: Record<string, number>,
) {
  await client.query('begin');
  const names = tables.map(([table]) => table);
  const forceAgain = await passRowSecurity(client, names);
  // The audit trigger is told to stand aside (seeding is not a user's change).
  await client.query(`set local farley.audit = 'off'`);
  await client.query('set local synchronous_commit = off');
  await client.query(`set local maintenance_work_mem = '512MB'`);
  await client.query(`set local work_mem = '256MB'`);
  const skipped = await skipTriggers(client);
  const analyzed: string[] = [...names];
  const { plan } = load;
  const indexes = await dropIndexes(client, load, names);
  for (const [table, generate] of tables) {
    counts[camel(table)] = await step(table, () => copyInto(client, table, columns[table], generate(rows)));
  }
  if (rows.words.size > 0) await step('search_words', () => addSearchWords(client, plan.workspaceId, rows.words));
  for (const [table, scores] of Object.entries(scoreTables)) {
    if (!skipped || !names.some((name) => name === table)) continue;
    await step(scores, () => addScoreRows(client, plan.workspaceId, table, scores));
    analyzed.push(scores);
  }
  for (const table of Object.keys(wordPostings) as Array<keyof typeof wordPostings>) {
    if (!names.includes(table)) continue;
    if (skipped) await step(wordPostings[table], () => addPostings(client, load, table));
    analyzed.push(wordPostings[table]);
  }
  for (const definition of indexes) {
    await step(`index ${definition.match(/^CREATE (?:UNIQUE )?INDEX (\S+)/)?.[1] ?? ''}`, async () => {
      await client.query(definition);
      return 0;
    });
  }
  // Statistics for the new sizes, taken before commit so that no autovacuum run of these
  // tables has to be cancelled for them.
  await step(`analyze ${analyzed.join(', ')}`, async () => {
    await client.query(
      `
      select gin_clean_pending_list(x.indexrelid::regclass)
        from pg_index x join pg_class i on i.oid = x.indexrelid join pg_am am on am.oid = i.relam
       where am.amname = 'gin' and x.indrelid = any($1::regclass[])`,
      [names],
    );
    await client.query(`analyze ${analyzed.join(', ')}`);
    return 0;
  });
  await forceAgain();
}

/**
 * The load's deliberate way past the tenant policies (migration 0016): its transaction reads
 * and writes as maintenance. COPY into a table whose policies bind the role is refused
 * outright, so for an owner that is no superuser the tables it copies into stop forcing
 * their policies until the returned function forces them again, before commit: nobody else
 * sees the change, as the tables stay locked until then.
 */
async function passRowSecurity(client: pg.ClientBase, tables: DemoTable[]): Promise<() => Promise<void>> {
  await client.query(`set local farley.maintenance = 'on'`);
  const { rows } = await client.query<{ name: string }>(
    `
    select relname as name from pg_class
     where oid = any($1::regclass[]) and relforcerowsecurity
       and not exists (select from pg_roles where rolname = current_user and (rolsuper or rolbypassrls))`,
    [tables],
  );
  for (const { name } of rows) await client.query(`alter table ${quoteIdent(name)} no force row level security`);
  return async () => {
    for (const { name } of rows) await client.query(`alter table ${quoteIdent(name)} force row level security`);
  };
}

/**
 * Loads the plan over two connections, one transaction each, committed together once both
 * are complete (a failure in either rolls both back). Returns the rows per table.
 */
export async function loadPlan(
  clients: [pg.ClientBase, pg.ClientBase],
  plan: DemoPlan,
  options: { bulk: boolean; progress?: (step: LoadStep) => void },
): Promise<Record<string, number>> {
  const { bulk, progress } = options;
  const counts: Record<string, number> = {};
  let failed = false;
  const step = async (table: string, work: () => Promise<number>) => {
    if (failed) throw new Abandoned('the other half of the load failed');
    const started = performance.now();
    const n = await work();
    progress?.({ table, rows: n, ms: performance.now() - started });
    return n;
  };
  // Each group has its own world (the generators keep per-record state); the records'
  // latest activities are worked out up front, as the two groups run at the same time.
  const [activityRows, recordRows] = [new DemoRows(new DemoWorld(plan)), new DemoRows(new DemoWorld(plan))];
  await step('last activity', async () => {
    recordRows.computeLastActivity();
    return plan.activities;
  });
  // One load at a time per database: each holds its two transactions open until both are
  // complete, so two loads at once could each wait, outside PostgreSQL's sight, for a table
  // the other's open transaction holds (seen as two `farley demo` runs of parallel browser
  // tests hanging in ANALYZE). A session lock on the first connection, released at the end.
  await clients[0].query('select pg_advisory_lock($1)', [demoLoadLock]);
  try {
    const results = await Promise.allSettled(
      groups.map((tables, i) =>
        prepareGroup(clients[i], { plan, bulk }, tables, i === 0 ? activityRows : recordRows, step, counts).catch(
          (error: unknown) => {
            failed = true;
            throw error;
          },
        ),
      ),
    );
    const failure =
      results.find(
        (result): result is PromiseRejectedResult =>
          result.status === 'rejected' && !(result.reason instanceof Abandoned),
      ) ?? results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) {
      await Promise.all(clients.map((client) => client.query('rollback').catch(() => {})));
      throw failure.reason;
    }
    // Both are complete here; only a lost connection between the two commits could split them.
    for (const client of clients) await client.query('commit');
    // Marks the new contacts' pages all-visible, so a filtered contact list can find its page
    // in the index alone (migration 0012) right away rather than after autovacuum's next round.
    // The word postings likewise, for index-only scans of them.
    await step('vacuum contacts and word postings', async () => {
      await clients[0].query(`vacuum contacts, ${Object.values(wordPostings).join(', ')}`);
      return plan.contacts;
    });
  } finally {
    await clients[0].query('select pg_advisory_unlock($1)', [demoLoadLock]).catch(() => {});
  }
  return Object.fromEntries(loadOrder.map(([table]) => [camel(table), counts[camel(table)]]));
}
