// The lists' views of contacts and companies with the newest analytics run's results beside
// them (0048). A view's `*` is expanded when it is created: a migration that adds a column to
// contacts or companies creates the view again with this (a test compares the columns).

export const scoredTables = { contacts: 'contact_scores', companies: 'company_scores' } as const;
export const scoreColumns = ['abc_class', 'rfm_segment', 'p_alive', 'clv', 'churn_signal', 'window_revenue'];

/** The statement that (re)creates `<table>_listed`: the record and its scores, read under its RLS. */
export function scoredViewSql(table: keyof typeof scoredTables): string {
  const scores = scoredTables[table];
  return `
    create or replace view ${table}_listed with (security_invoker = true) as
      select t.*, ${scoreColumns.map((c) => `s.${c}`).join(', ')}
        from ${table} t
        left join ${scores} s on s.workspace_id = t.workspace_id and s.id = t.id;
    grant select on ${table}_listed to farley_app;`;
}
