// Loading a demo plan into PostgreSQL: one owner connection, one transaction, a COPY per
// table. Bulk-load measures from PostgreSQL's "Populating a Database" advice apply where
// they are safe: the audit trigger stands aside, triggers are skipped when the role may do
// so, and for large loads the secondary indexes are rebuilt once instead of being
// maintained row by row.
import type pg from 'pg';
import { copyInto } from './demo.copy.ts';
import { columns, DemoRows, type DemoTable } from './demo.generate.ts';
import { DemoWorld, type DemoPlan } from './demo.world.ts';

export interface LoadStep { table: string; rows: number; ms: number }

/** Tables in load order: activities first, so the link pass knows each record's latest activity. */
const loadOrder: Array<[DemoTable, (rows: DemoRows) => Iterable<string>]> = [
  ['activities', (rows) => rows.activities()],
  ['activity_links', (rows) => rows.activityLinks()],
  ['companies', (rows) => rows.companies()],
  ['contacts', (rows) => rows.contacts()],
  ['affiliations', (rows) => rows.affiliations()],
  ['deals', (rows) => rows.deals()],
  ['deal_stage_changes', (rows) => rows.stageChanges()],
  ['tasks', (rows) => rows.tasks()],
  ['task_links', (rows) => rows.taskLinks()],
];

export const demoTables = loadOrder.map(([table]) => table);

/** About how many rows the plan puts into each table (to weigh index rebuilds). */
function expectedRows(plan: DemoPlan): Record<DemoTable, number> {
  return {
    activities: plan.activities, activity_links: plan.activities * 2, companies: plan.companies, contacts: plan.contacts,
    affiliations: plan.contacts, deals: plan.deals, deal_stage_changes: plan.deals * 3, tasks: plan.tasks, task_links: plan.tasks * 1.5,
  };
}

const camel = (table: string) => table.replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase());

/**
 * With session_replication_role = replica, PostgreSQL skips ordinary triggers: the audit
 * trigger (which would otherwise still turn every row into JSON before noticing it is off)
 * and the foreign-key checks, which the generator satisfies by construction. Only done when
 * the role may set it and no other trigger (one that maintains data) would be skipped.
 */
async function skipTriggers(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(`
    select count(*)::int as n from pg_trigger t join pg_proc p on p.oid = t.tgfoid
     where not t.tgisinternal and p.proname <> 'farley_audit' and t.tgrelid = any($1::regclass[])`, [demoTables]);
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

/**
 * Drops the secondary indexes of the tables this load at least doubles (and that get enough
 * rows for it to pay), returning their definitions to recreate. Primary keys and unique
 * constraints stay. The drop is part of the transaction: a failed load leaves them intact.
 */
async function dropIndexes(client: pg.ClientBase, plan: DemoPlan): Promise<string[]> {
  const expected = expectedRows(plan);
  const { rows } = await client.query<{ table: string; name: string; definition: string; tuples: number }>(`
    select c.relname as table, i.relname as name, pg_get_indexdef(x.indexrelid) as definition, greatest(c.reltuples, 0)::float8 as tuples
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid
     where x.indrelid = any($1::regclass[]) and not x.indisunique and not x.indisprimary
       and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)`, [demoTables]);
  const dropped: string[] = [];
  for (const row of rows) {
    const adding = expected[row.table as DemoTable] ?? 0;
    if (adding < 10_000 || adding < row.tuples) continue;
    await client.query(`drop index ${quoteIdent(row.name)}`);
    dropped.push(row.definition);
  }
  return dropped;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Streams every table of the plan in one transaction; returns the rows per table. */
export async function loadPlan(client: pg.ClientBase, plan: DemoPlan, progress?: (step: LoadStep) => void): Promise<Record<string, number>> {
  const rows = new DemoRows(new DemoWorld(plan));
  const counts: Record<string, number> = {};
  const timed = async (table: string, work: () => Promise<number>) => {
    const started = performance.now();
    const n = await work();
    progress?.({ table, rows: n, ms: performance.now() - started });
    return n;
  };
  await client.query('begin');
  try {
    // The owner's role owns the tables, so row-level security does not apply; the audit
    // trigger is told to stand aside (seeding is not a user's change).
    await client.query(`set local farley.audit = 'off'`);
    await client.query('set local synchronous_commit = off');
    await client.query(`set local maintenance_work_mem = '512MB'`);
    await skipTriggers(client);
    const indexes = await dropIndexes(client, plan);
    for (const [table, generate] of loadOrder) {
      counts[camel(table)] = await timed(table, () => copyInto(client, table, columns[table], generate(rows)));
    }
    for (const definition of indexes) {
      await timed(`index ${definition.match(/^CREATE (?:UNIQUE )?INDEX (\S+)/)?.[1] ?? ''}`, async () => {
        await client.query(definition);
        return 0;
      });
    }
    // Statistics for the new sizes, taken before commit so that no autovacuum run of these
    // tables has to be cancelled for them.
    await timed('analyze', async () => {
      await client.query(`
        select gin_clean_pending_list(x.indexrelid::regclass)
          from pg_index x join pg_class i on i.oid = x.indexrelid join pg_am am on am.oid = i.relam
         where am.amname = 'gin' and x.indrelid = any($1::regclass[])`, [demoTables]);
      await client.query(`analyze ${demoTables.join(', ')}`);
      return 0;
    });
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
  return counts;
}
