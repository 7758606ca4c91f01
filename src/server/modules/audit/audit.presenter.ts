// What the API shows of an audit log entry: in the API's words, not the database's.
import type { AuditEntry } from '../../../contract/audit.ts';
import type { AuditRow } from './audit.repository.ts';

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Trashing and restoring are updates of deleted_at to the database; the log calls them what
 * they are to the user.
 */
function actionOf(row: AuditRow): AuditEntry['action'] {
  const trashed = row.changes.deleted_at;
  if (row.action === 'update' && trashed) return trashed[1] === null ? 'restore' : 'delete';
  return row.action as AuditEntry['action'];
}

export function presentAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actorId: row.actor_id,
    recordType: row.record_type,
    recordId: row.record_id,
    action: actionOf(row),
    changes: Object.fromEntries(
      Object.entries(row.changes as Record<string, [unknown, unknown]>).map(([k, v]) => [camel(k), v]),
    ),
  };
}
