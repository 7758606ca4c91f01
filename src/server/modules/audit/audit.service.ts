// The audit log, read: entries as the trigger wrote them, shown in the API's words.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { AuditEntry, AuditQuery } from '../../../contract/audit.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './audit.repository.ts';

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Trashing and restoring are updates of deleted_at to the database; the log calls them what
 * they are to the user.
 */
function actionOf(row: Record<string, any>): AuditEntry['action'] {
  const trashed = row.changes.deleted_at;
  if (row.action === 'update' && trashed) return trashed[1] === null ? 'restore' : 'delete';
  return row.action as AuditEntry['action'];
}

export function toAuditEntry(row: Record<string, any>): AuditEntry {
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

function decodeCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new AppError('bad_request', 'The cursor is invalid.', [{ path: 'query.cursor', message: 'invalid cursor' }]);
  }
  return id;
}

export function auditService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    async list(actor: Actor, query: AuditQuery) {
      // Without its type a record id cannot use the log's index, and ids are only unique per type.
      if (query.recordId && !query.recordType) {
        throw new AppError('bad_request', 'Filter by recordId together with recordType.', [
          { path: 'query.recordType', message: 'needed with recordId' },
        ]);
      }
      const beforeId = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await inTenant(db, actor, (tx) =>
        repo.auditEntries(tx, {
          workspaceId: actor.workspaceId,
          recordType: query.recordType,
          recordId: query.recordId,
          actorId: query.actorId,
          beforeId,
          limit: query.limit + 1,
        }),
      );
      const more = rows.length > query.limit;
      if (more) rows.length = query.limit;
      const last = rows[rows.length - 1];
      return {
        data: rows.map(toAuditEntry),
        nextCursor: more ? Buffer.from(String(last.id)).toString('base64url') : null,
      };
    },
  };
}
