// The row-level security every tenant table gets (0017's rules): the application role sees
// and writes the rows of the workspace its transaction set, maintenance sees all of them.
// Earlier migrations spell it out each; later ones call this.

/** The statements that bind `table` to the workspace of the transaction. */
export function tenantTableSql(table: string, grants = 'select, insert, update, delete'): string {
  return `
    alter table ${table} enable row level security;
    alter table ${table} force row level security;
    create policy ${table}_tenant on ${table} to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    create policy ${table}_maintenance on ${table} to farley_maintenance
      using (current_setting('farley.maintenance', true) = 'on')
      with check (current_setting('farley.maintenance', true) = 'on');
    grant ${grants} on ${table} to farley_app;`;
}
