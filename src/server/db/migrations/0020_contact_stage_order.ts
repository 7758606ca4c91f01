// The contact list sorted by lifecycle stage, in funnel order (lead, prospect, customer,
// former, other) and by name within a stage: an index on the same expression as the list's
// sort (listing.ts, funnelRank), so that the first page of a million contacts is read in
// order instead of sorting all of them. The stages are written out as in the contract
// (lifecycleStages); the check constraint of migration 0001 holds the same list.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index contacts_stage_order on contacts (
      workspace_id,
      array_position(array['lead','prospect','customer','former','other']::text[], lifecycle_stage),
      last_name collate "und-x-icu",
      id
    ) where deleted_at is null`.execute(db);
}
