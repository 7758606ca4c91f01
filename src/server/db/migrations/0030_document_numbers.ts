// Gapless numbers of sales documents (issue 21): one counter per workspace, kind of document
// and year, and the workspace's pattern per kind (a kind without a row uses the default).
//
// A number is taken by incrementing the counter's row inside the transaction that issues the
// document (numbering.service.ts): concurrent issuers wait on the row, and a rolled-back
// transaction takes its increment with it, so committed numbers have no gaps and no repeats.
// A counter is never decremented or deleted by Farley. The kinds are the documents numbered
// so far; invoices and credit notes widen the checks when they come.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table document_sequences (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      kind text not null check (kind in ('quote','order')),
      year smallint not null check (year between 1 and 9999),
      last_number integer not null check (last_number >= 1),
      primary key (workspace_id, kind, year)
    );
    create table numbering_patterns (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      kind text not null check (kind in ('quote','order')),
      pattern text not null check (length(pattern) between 1 and 40),
      updated_at timestamptz(3) not null default now(),
      primary key (workspace_id, kind)
    );
  `)
    .execute(db);
  for (const table of ['document_sequences', 'numbering_patterns']) {
    await sql
      .raw(`
      alter table ${table} enable row level security;
      alter table ${table} force row level security;
      create policy ${table}_tenant on ${table} to farley_app
        using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
      create policy ${table}_maintenance on ${table} to farley_maintenance
        using (current_setting('farley.maintenance', true) = 'on')
        with check (current_setting('farley.maintenance', true) = 'on');
    `)
      .execute(db);
  }
  // Numbers are given, never taken back: the application may not delete a counter.
  await sql
    .raw(`
    grant select, insert, update on document_sequences to farley_app;
    grant select, insert, update, delete on numbering_patterns to farley_app;
  `)
    .execute(db);
}
