// The latest analytics results on the customer records themselves (issue 22), so that the
// lists filter and sort by them like by any field ("A customers with P(alive) < 0.5"), and
// segments and exports carry them. customer_analytics keeps every run's results; these
// columns are a copy of the newest run's, written by the run (and cleared for customers it no
// longer holds). Like the quality score they are derived, so the audit trail leaves them out:
// a recomputation is no change anybody made.
import { type Kysely, sql } from 'kysely';

export const analyticsColumns = ['abc_class', 'rfm_segment', 'p_alive', 'clv', 'churn_signal', 'window_revenue'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['contacts', 'companies']) {
    await sql
      .raw(`
      alter table ${table}
        add column abc_class char(1) check (abc_class in ('A','B','C')),
        add column rfm_segment text,
        add column p_alive numeric(5,4) check (p_alive between 0 and 1),
        add column clv numeric(16,2),
        add column churn_signal text check (churn_signal in ('overdue','falling')),
        add column window_revenue numeric(16,2);
      -- the valuable first, and a class with whatever else filters it
      create index ${table}_clv on ${table} (workspace_id, clv, id) where deleted_at is null;
      create index ${table}_abc_class on ${table} (workspace_id, abc_class, p_alive)
        where deleted_at is null and abc_class is not null;
    `)
      .execute(db);
  }
  const { rows } = await sql<{
    definition: string;
  }>`select pg_get_functiondef('farley_audit'::regproc) as definition`.execute(db);
  const left = analyticsColumns.map((column) => ` - '${column}'`).join('');
  await sql.raw(rows[0].definition.replaceAll(`- 'quality_reasons'`, `- 'quality_reasons'${left}`)).execute(db);
}
