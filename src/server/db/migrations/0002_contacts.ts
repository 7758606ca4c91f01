// Contacts: at most one primary affiliation per contact, guarded by the database too so
// that two concurrent "make primary" requests cannot both win.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unique index affiliations_one_primary on affiliations (workspace_id, contact_id) where is_primary`.execute(db);
}
