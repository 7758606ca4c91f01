// SQL of the audit log (written by the database trigger farley_audit; only read here).
import type { Db } from '../../platform/db/database.ts';

export interface AuditFilter {
  workspaceId: string;
  recordType?: string;
  recordId?: string;
  actorId?: string;
  /** Entries with a smaller id than this (the previous page's last). */
  beforeId?: number;
  limit: number;
}

/** An audit log entry as the trigger wrote it. */
export type AuditRow = Awaited<ReturnType<typeof auditEntries>>[number];

/** Newest first; served by the (record) and (actor) indexes or the primary key, each ending in id. */
export async function auditEntries(tx: Db, f: AuditFilter) {
  let query = tx.selectFrom('audit_log').selectAll().where('workspace_id', '=', f.workspaceId);
  if (f.recordType) query = query.where('record_type', '=', f.recordType);
  if (f.recordId) query = query.where('record_id', '=', f.recordId);
  if (f.actorId) query = query.where('actor_id', '=', f.actorId);
  if (f.beforeId !== undefined) query = query.where('id', '<', String(f.beforeId));
  return query.orderBy('id', 'desc').limit(f.limit).execute();
}
