// Tests that write thousands of rows directly (past the services, in one statement) leave the
// planner with the statistics of a nearly empty workspace. It then believes a workspace holds
// one contact and one row of scores, and joins the list view's two tables by scanning the
// workspace's scores for each contact: quadratic, seconds for a few thousand rows, past the
// statement timeout for ten thousand. The import analyses as it goes (imports.run.ts); such
// tests do what it does.
import { sql } from 'kysely';
import type { Harness } from './harness.ts';

/** Fresh planner statistics for the contacts and their scores (as the owner: the app role may not). */
export async function analyzeAfterBulkInsert(h: Harness): Promise<void> {
  await sql`analyze contacts, contact_scores`.execute(h.ctx.db.owner);
}
