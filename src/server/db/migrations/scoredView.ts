// The lists' views of contacts and companies with the newest analytics run's results beside
// them (0048). Every record has its row of scores (a trigger adds it with the record), so the
// view is an inner join: sorted by a score, a list walks the scores' index and looks up the
// 50 records it shows, where an outer join would sort a million. Whatever inserts records with
// the triggers off (session_replication_role = replica: the demo loader, the bulk import, test
// and benchmark seeding) must add the rows of scores itself, or the lists do not show them. A view's `*` is expanded when
// it is created: a migration that adds a column to contacts or companies creates the view
// again with this (a test compares the columns).

export const scoredTables = { contacts: 'contact_scores', companies: 'company_scores' } as const;
export const scoreColumns = ['abc_class', 'rfm_segment', 'p_alive', 'clv', 'churn_signal', 'window_revenue'];

/** The statement that (re)creates `<table>_listed`: the record and its scores, read under its RLS. */
export function scoredViewSql(table: keyof typeof scoredTables): string {
  const scores = scoredTables[table];
  return `
    create or replace view ${table}_listed with (security_invoker = true) as
      select t.*, ${scoreColumns.map((c) => `s.${c}`).join(', ')}
        from ${table} t
        join ${scores} s on s.workspace_id = t.workspace_id and s.id = t.id;
    grant select on ${table}_listed to farley_app;`;
}

/** The trigger that gives each new record of `table` its (empty) row of scores. */
export function scoresRowTriggerSql(table: keyof typeof scoredTables): string {
  const scores = scoredTables[table];
  return `
    create function farley_${scores}_row() returns trigger language plpgsql as $$
    begin
      insert into ${scores} (workspace_id, id) select workspace_id, id from inserted on conflict do nothing;
      return null;
    end $$;
    create trigger ${table}_scores_row after insert on ${table}
      referencing new table as inserted for each statement execute function farley_${scores}_row();`;
}
