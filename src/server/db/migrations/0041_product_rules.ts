// Cross-selling (issue 22): per run, which products customers who bought one product also
// bought ("bought by 34 % of the customers who bought X"), kept as item-to-item rules with
// their support, confidence and lift, so a customer's suggestions are read from the rules of
// the products they have.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table product_rules (
      workspace_id uuid not null,
      run_id uuid not null,
      product_id uuid not null,
      other_id uuid not null,
      customers_both integer not null check (customers_both > 0),
      confidence double precision not null check (confidence > 0 and confidence <= 1),
      lift double precision not null,
      primary key (workspace_id, run_id, product_id, other_id),
      foreign key (workspace_id, run_id) references analytics_runs(workspace_id, id) on delete cascade
    );
    ${tenantTableSql('product_rules')}
  `)
    .execute(db);
}
