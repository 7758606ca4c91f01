// The newest analytics run's results move from the contact and company rows into narrow
// tables of their own (issue 22). Copied onto the records (0042), every run rewrote each
// customer's whole row, and a new row version needs an entry in every index of contacts (the
// trigram and match-key indexes among them): minutes at a million contacts. A row of
// contact_scores has five small indexes. Every record has one (empty until a run holds the
// customer), added by a trigger. The lists read `contacts_listed` and `companies_listed` (see
// scoredView.ts), which put the scores beside the record.
//
// The audit trigger also learns to return before it turns rows into JSON when a bulk job
// switched it off.
import { type Kysely, sql } from 'kysely';
import { scoreColumns, scoredTables, scoredViewSql, scoresRowTriggerSql } from './scoredView.ts';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const columns = scoreColumns.join(', ');
  for (const [table, scores] of Object.entries(scoredTables)) {
    await sql
      .raw(`
      create table ${scores} (
        workspace_id uuid not null,
        id uuid not null,
        abc_class char(1) check (abc_class in ('A','B','C')),
        rfm_segment text,
        p_alive numeric(5,4) check (p_alive between 0 and 1),
        clv numeric(16,2),
        churn_signal text check (churn_signal in ('overdue','falling')),
        window_revenue numeric(16,2),
        primary key (workspace_id, id),
        foreign key (workspace_id, id) references ${table} (workspace_id, id) on delete cascade
      );
      create index ${scores}_clv on ${scores} (workspace_id, clv, id);
      create index ${scores}_abc_class on ${scores} (workspace_id, abc_class, p_alive) where abc_class is not null;
      create index ${scores}_p_alive on ${scores} (workspace_id, p_alive, id);
      create index ${scores}_window_revenue on ${scores} (workspace_id, window_revenue, id);
      ${tenantTableSql(scores)}
      insert into ${scores} (workspace_id, id, ${columns}) select workspace_id, id, ${columns} from ${table};
      ${scoresRowTriggerSql(table as keyof typeof scoredTables)}
      alter table ${table} ${scoreColumns.map((c) => `drop column ${c}`).join(', ')};
      ${scoredViewSql(table as keyof typeof scoredTables)}
    `)
      .execute(db);
  }
  const { rows } = await sql<{
    definition: string;
  }>`select pg_get_functiondef('farley_audit'::regproc) as definition`.execute(db);
  let definition = rows[0].definition;
  const assignments: string[] = [];
  definition = definition.replace(/^(\s*)(old_row|new_row) jsonb := (case .*? end);$/gm, (_, indent, name, value) => {
    assignments.push(`  ${name} := ${value};`);
    return `${indent}${name} jsonb;`;
  });
  const off = `if current_setting('farley.audit', true) = 'off' then return null; end if;`;
  if (assignments.length !== 2 || !definition.includes(off)) throw new Error('farley_audit has an unexpected shape');
  definition = definition.replace(off, `${off}\n${assignments.join('\n')}`);
  await sql.raw(definition).execute(db);
}
