// Contribution margin (issue 22): a product's cost price (what one unit costs the business),
// so that the analyses can rank customers by margin instead of revenue (ABC by margin) and show
// the margin to date (the historic customer value). A workspace chooses the basis of its ABC.
// Each run keeps the margin of the window and to date per customer, and how much of the
// revenue the known costs cover.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    alter table products add column cost_price numeric(16,4) check (cost_price >= 0);
    alter table analytics_settings add column abc_basis text not null default 'revenue'
      check (abc_basis in ('revenue','margin'));
    alter table customer_analytics add column margin_total numeric(16,2), add column margin_window numeric(16,2),
      add column cost_coverage double precision;
  `)
    .execute(db);
}
