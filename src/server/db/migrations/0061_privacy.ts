// Privacy (issue 25, GDPR Art. 17 and 30): the blocking list of erased people's email
// addresses and phone numbers (HMAC-SHA-256 of the normalised value with a key derived from the
// installation's secret key and the workspace: the list can tell "this was erased" when the
// value comes again, and never which values it holds), legal holds that exempt a record from
// erasure and retention, retention rules with the reports of their runs, and the workspace's
// edited record of processing activities.
// Erasure removes the words of an erased person from the workspace's search dictionary, which
// the application could only ever add to (migration 0011): it gets to delete them.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table blocked_values (
      workspace_id uuid not null,
      id uuid not null,
      kind text not null check (kind in ('email', 'phone')),
      hash bytea not null check (length(hash) = 32),
      reason text not null check (reason in ('erasure', 'retention', 'manual')),
      created_by uuid,
      created_at timestamptz(3) not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, kind, hash)
    );
    ${tenantTableSql('blocked_values')}

    create table legal_holds (
      workspace_id uuid not null,
      record_type text not null check (record_type in ('contact', 'company', 'deal')),
      record_id uuid not null,
      reason text not null check (length(reason) between 1 and 500),
      created_by uuid,
      created_at timestamptz(3) not null default now(),
      primary key (workspace_id, record_type, record_id)
    );
    ${tenantTableSql('legal_holds')}

    create table retention_rules (
      workspace_id uuid not null,
      id uuid not null,
      record_type text not null check (record_type in ('contact', 'deal')),
      status text,
      months integer not null check (months between 1 and 1200),
      action text not null check (action in ('delete', 'anonymise')),
      active boolean not null default true,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (workspace_id, id)
    );
    ${tenantTableSql('retention_rules')}

    create table retention_runs (
      workspace_id uuid not null,
      id uuid not null,
      trigger text not null check (trigger in ('schedule', 'manual')),
      actor_id uuid,
      started_at timestamptz(3) not null default now(),
      finished_at timestamptz(3),
      report jsonb not null default '{}',
      primary key (workspace_id, id)
    );
    create index retention_runs_recent on retention_runs (workspace_id, started_at desc);
    ${tenantTableSql('retention_runs')}

    create table processing_records (
      workspace_id uuid not null,
      document text not null check (length(document) <= 200000),
      updated_by uuid,
      updated_at timestamptz(3) not null default now(),
      primary key (workspace_id)
    );
    ${tenantTableSql('processing_records')}

    grant delete on search_words to farley_app;
  `)
    .execute(db);
}
