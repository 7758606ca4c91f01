// The customer portfolio (issue 22): a customer's potential — what they could buy from us in a
// year — kept apart from the facts of their orders, because it rests on assumptions. Entered
// (or imported) per customer with its basis ("Einkaufsvolumen laut Gespräch"), who set it and
// when; or worked out by a workspace's rules (employees × yearly spend per employee for the
// industry), which an entered potential overrides. Changes reach the audit log.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table potential_rules (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      industry text check (industry is null or length(industry) between 1 and 200),
      per_employee numeric(16,2) not null check (per_employee > 0),
      basis text not null check (length(basis) between 1 and 500),
      primary key (workspace_id, id)
    );
    create unique index potential_rules_industry on potential_rules (workspace_id, lower(coalesce(industry, '')));

    create table customer_potentials (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      customer_type text not null check (customer_type in ('company','contact')),
      customer_id uuid not null,
      amount numeric(16,2) not null check (amount >= 0),
      basis text not null check (length(basis) between 1 and 500),
      source text not null default 'entered' check (source in ('entered','imported')),
      set_by uuid,
      set_at timestamptz(3) not null default now(),
      primary key (workspace_id, id)
    );
    create unique index customer_potentials_customer on customer_potentials (workspace_id, customer_id);
    create trigger customer_potentials_audit after insert or update or delete on customer_potentials
      for each row execute function farley_audit('customer_potential');
  `)
    .execute(db);
  for (const table of ['potential_rules', 'customer_potentials']) await sql.raw(tenantTableSql(table)).execute(db);
}
