// Contacts and search. At most one primary affiliation per contact, guarded by the database
// too so that two concurrent "make primary" requests cannot both win. fuzzystrmatch gives
// search the edit distance with which it confirms typo matches that trigrams only suggest.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists fuzzystrmatch`.execute(db);
  await sql`create unique index affiliations_one_primary on affiliations (workspace_id, contact_id) where is_primary`.execute(
    db,
  );
}
