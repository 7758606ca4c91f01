// Customer number and external id on contacts and companies. The customer number is the
// workspace's own key for a customer (on invoices, in the ERP): unique among the live records
// of a workspace, so a trashed record keeps its number without blocking a new one. The
// external id is the key a record has in another system (shop, old CRM); several records
// may share one (a contact and its company, or duplicates not yet merged), so it is only
// indexed for lookups such as an import's matching.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['contacts', 'companies']) {
    await sql
      .raw(`
      alter table ${table} add column customer_number text, add column external_id text;
      create unique index ${table}_customer_number on ${table} (workspace_id, customer_number)
        where customer_number is not null and deleted_at is null;
      create index ${table}_external_id on ${table} (workspace_id, external_id)
        where external_id is not null;
    `)
      .execute(db);
  }
}
