// The match-key indexes (migration 0023) with each key scoped to its workspace, the way the
// search indexes are (migration 0017, farley_scoped): the key `nMR:s` of a workspace is stored
// as `<workspace id>nMR:s`. The indexes of 0023 held workspace_id as a column of their own
// beside the keys, and GIN answers such a pair of conditions by walking the workspace's entry
// (every record of it) alongside the key's: in a workspace of a million contacts each key of
// the check while typing cost milliseconds, the most for the common names' blocks. A scoped
// key finds its records in its own entry alone. The key functions are unchanged; only the
// indexes are built again.
import { type Kysely, sql } from 'kysely';
import { pendingListKb } from './0014_gin_pending_lists.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    drop index contacts_match_keys;
    create index contacts_match_keys on contacts using gin (farley_scoped(workspace_id,
      farley_contact_match_keys(first_name, last_name, email_list, phone_list, addresses, birthday, customer_number, external_id)))
      with (gin_pending_list_limit = ${pendingListKb}) where deleted_at is null;
    drop index companies_match_keys;
    create index companies_match_keys on companies using gin (farley_scoped(workspace_id,
      farley_company_match_keys(name, website, email_list, phone_list, addresses, customer_number, external_id)))
      with (gin_pending_list_limit = ${pendingListKb}) where deleted_at is null;
  `)
    .execute(db);
}
