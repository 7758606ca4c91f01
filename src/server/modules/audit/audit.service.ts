// The audit log, read: entries as the trigger wrote them, shown in the API's words.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { AuditQuery } from '../../../contract/audit.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { AppError, invalidCursor } from '../../platform/errors.ts';
import { can } from '../../platform/policy.ts';
import * as repo from './audit.repository.ts';
import { presentAuditEntry } from './audit.presenter.ts';

function decodeCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw invalidCursor();
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
          { path: 'query.recordType', code: 'required', message: 'needed with recordId' },
        ]);
      }
      const beforeId = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await inTenant(db, actor, (tx) =>
        repo.auditEntries(tx, {
          workspaceId: actor.workspaceId,
          reader: { userId: actor.userId, seesTokens: can(actor, 'read', 'token') },
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
        data: rows.map(presentAuditEntry),
        nextCursor: more ? Buffer.from(String(last.id)).toString('base64url') : null,
      };
    },
  };
}
