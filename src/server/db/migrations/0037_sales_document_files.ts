// The PDFs of issued sales documents (issue 21): a quote's at issue, an order confirmation's when
// the order is made. What was sent never changes: the application may insert and read a file,
// not change or delete one (a workspace's deletion takes them with it). One file per document;
// a revision of a quote is a document of its own.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table sales_document_files (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      document_kind text not null check (document_kind in ('quote','order')),
      document_id uuid not null,
      file_name text not null check (length(file_name) between 1 and 100),
      bytes bytea not null,
      sha256 text not null check (length(sha256) = 64),
      created_at timestamptz(3) not null default now(),
      primary key (workspace_id, document_kind, document_id)
    );
    alter table sales_document_files enable row level security;
    alter table sales_document_files force row level security;
    create policy sales_document_files_tenant on sales_document_files to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    create policy sales_document_files_maintenance on sales_document_files to farley_maintenance
      using (current_setting('farley.maintenance', true) = 'on')
      with check (current_setting('farley.maintenance', true) = 'on');
    grant select, insert on sales_document_files to farley_app;
  `)
    .execute(db);
}
