// Import runs (issue 20): the uploaded file and its settings, progress and outcome (imports),
// what each run created or changed, for undo and for a record's "import origins"
// (import_records), and mappings saved for the next file of the same kind (import_mappings).
// Deals get an external id of their own (the id a deal has in another system), which
// activities and notes of the same import refer to.
import { type Kysely, sql } from 'kysely';

const tenant = (table: string) => `
    alter table ${table} enable row level security;
    alter table ${table} force row level security;
    create policy ${table}_tenant on ${table} to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    create policy ${table}_maintenance on ${table} to farley_maintenance
      using (current_setting('farley.maintenance', true) = 'on')
      with check (current_setting('farley.maintenance', true) = 'on');
    grant select, insert, update, delete on ${table} to farley_app;`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table imports (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      created_by uuid,
      file_name text not null,
      -- Relative to the data directory; made of ids only, never of the uploaded name.
      file_path text not null,
      file_size bigint not null,
      format text not null check (format in ('csv','xlsx','vcf','json')),
      -- columns, encoding, delimiter, sheets and the rows estimate, as the reader found them
      source jsonb not null default '{}',
      record_type text check (record_type in ('contacts','companies','deals','activities','notes')),
      -- mapping, match, update, onInvalid and the reader options of the run
      settings jsonb not null default '{}',
      dry_run boolean not null default false,
      status text not null default 'uploaded'
        check (status in ('uploaded','running','done','failed','cancelled','undone')),
      cancel_requested boolean not null default false,
      rows_total integer,
      rows_done integer not null default 0,
      created integer not null default 0,
      updated integer not null default 0,
      skipped integer not null default 0,
      failed integer not null default 0,
      rate real,
      seconds_left integer,
      -- The first problems (line, field, message); errors_total counts all of them.
      errors jsonb not null default '[]',
      errors_total integer not null default 0,
      rejected_path text,
      failure text,
      created_at timestamptz(3) not null default now(),
      started_at timestamptz(3),
      finished_at timestamptz(3),
      undone_at timestamptz(3),
      primary key (workspace_id, id),
      foreign key (workspace_id, created_by) references users(workspace_id, id) on delete set null (created_by)
    );
    create index imports_created on imports (workspace_id, created_at desc, id);
    ${tenant('imports')}

    create table import_records (
      workspace_id uuid not null,
      import_id uuid not null,
      record_type text not null check (record_type in ('contact','company','deal','activity','affiliation')),
      record_id uuid not null,
      action text not null check (action in ('created','updated')),
      -- For an update: the columns it changed, with their values before.
      previous jsonb,
      primary key (workspace_id, import_id, record_type, record_id),
      foreign key (workspace_id, import_id) references imports(workspace_id, id) on delete cascade
    );
    create index import_records_record on import_records (workspace_id, record_type, record_id);
    ${tenant('import_records')}

    create table import_mappings (
      workspace_id uuid not null,
      id uuid not null,
      name text not null,
      record_type text not null check (record_type in ('contacts','companies','deals','activities','notes')),
      mapping jsonb not null,
      created_by uuid,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, record_type, name)
    );
    ${tenant('import_mappings')}

    alter table deals add column external_id text;
    create index deals_external_id on deals (workspace_id, external_id) where external_id is not null;

    -- An import finds the company a contact names by its name (case and spaces aside) or by
    -- its website's domain, a batch of rows at a time: without these, each batch would read
    -- every company of the workspace.
    create index companies_import_name on companies
      (workspace_id, lower(regexp_replace(btrim(name), '\\s+', ' ', 'g'))) where deleted_at is null;
    create index companies_import_domain on companies
      (workspace_id, lower(regexp_replace(website, '^([a-z]+://)?(www\\.)?([^/:?#]+).*$', '\\3', 'i')))
      where deleted_at is null and website is not null;
  `)
    .execute(db);
}
