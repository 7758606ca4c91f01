// The audit log read by actor ("what did this user change?"): without this index that
// question scans the workspace's whole log, which grows with every write.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index audit_log_actor on audit_log (workspace_id, actor_id, id)`.execute(db);
}
