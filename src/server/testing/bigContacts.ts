// Contacts too big for any buffer on the way, for tests of exports whose reader stops: such an
// export keeps running (and holding its place) until the reader reads on or goes away.
import { sql } from 'kysely';
import type { Harness } from './harness.ts';
import { analyzeAfterBulkInsert } from './statistics.ts';

/** 2,000 contacts of 20 kB each (40 MB) in the workspace, written directly, without audit. */
export async function insertBigContacts(h: Harness, workspaceId: string): Promise<void> {
  await h.ctx.db.owner.transaction().execute(async (tx) => {
    await sql`set local farley.audit = 'off'`.execute(tx);
    await sql`insert into contacts (workspace_id, id, last_name, job_title, search_text)
      select ${workspaceId}::uuid, gen_random_uuid(), 'Name' || lpad(n::text, 6, '0'), repeat('x', 20000), 'name' || n
      from generate_series(1, 2000) n`.execute(tx);
  });
  await analyzeAfterBulkInsert(h);
}
