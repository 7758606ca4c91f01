// Privacy settings of a workspace besides erasure and retention: the blocking list as admins
// see it (kind, when, why, never the value), legal holds on records, and the edited record of
// processing activities (Art. 30).
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { notFound } from '../../platform/errors.ts';
import { writeAudit } from './erasure.repository.ts';
import type { BlockedKind } from './blocking.ts';
import { entriesFor } from './blocking.ts';
import { generateProcessingRecord } from './processingRecord.ts';

type HoldType = 'contact' | 'company' | 'deal';
const holdTables = { contact: 'contacts', company: 'companies', deal: 'deals' } as const;

const presentBlocked = (row: {
  id: string;
  kind: BlockedKind;
  reason: 'erasure' | 'retention' | 'manual';
  created_by: string | null;
  created_at: Date;
}) => ({
  id: row.id,
  kind: row.kind,
  reason: row.reason,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
});

const presentHold = (row: {
  record_type: HoldType;
  record_id: string;
  reason: string;
  created_by: string | null;
  created_at: Date;
}) => ({
  recordType: row.record_type,
  recordId: row.record_id,
  reason: row.reason,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
});

/** A hold set or lifted, in the audit log as a change of the record it is on. */
const logHold = (tx: Db, actor: Actor, type: HoldType, recordId: string, change: [string | null, string | null]) =>
  writeAudit(tx, {
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    recordType: type,
    recordId,
    action: 'update',
    changes: { legal_hold: change },
  });

async function localeOf(tx: Db, userId: string): Promise<'de' | 'en'> {
  const user = await tx.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
  return user?.locale === 'en' ? 'en' : 'de';
}

export function privacyService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    blocked: (actor: Actor, query: { value?: string; kind?: BlockedKind }) =>
      inTenant(db, actor, async (tx) => {
        if (query.value) {
          const kind = query.kind ?? (query.value.includes('@') ? 'email' : 'phone');
          return {
            data: (await entriesFor(tx, ctx.secrets, actor.workspaceId, kind, query.value)).map(presentBlocked),
          };
        }
        const rows = await tx
          .selectFrom('blocked_values')
          .select(['id', 'kind', 'reason', 'created_by', 'created_at'])
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(500)
          .execute();
        return { data: rows.map(presentBlocked) };
      }),
    unblock: (actor: Actor, id: string) =>
      inTenant(db, actor, async (tx) => {
        const removed = await tx.deleteFrom('blocked_values').where('id', '=', id).returningAll().executeTakeFirst();
        if (!removed) throw notFound('blocking list entry');
        await writeAudit(tx, {
          workspaceId: actor.workspaceId,
          actorId: actor.userId,
          recordType: 'blocked_value',
          recordId: id,
          action: 'delete',
          changes: { kind: [removed.kind, null] },
        });
      }),

    holds: (actor: Actor, query: { recordType?: HoldType; recordId?: string }) =>
      inTenant(db, actor, async (tx) => {
        let q = tx.selectFrom('legal_holds').selectAll().orderBy('created_at', 'desc').limit(500);
        if (query.recordType) q = q.where('record_type', '=', query.recordType);
        if (query.recordId) q = q.where('record_id', '=', query.recordId);
        return { data: (await q.execute()).map(presentHold) };
      }),
    hold: (actor: Actor, type: HoldType, recordId: string, reason: string) =>
      inTenant(db, actor, async (tx) => {
        const exists = await tx.selectFrom(holdTables[type]).select('id').where('id', '=', recordId).executeTakeFirst();
        if (!exists) throw notFound(type);
        const row = await tx
          .insertInto('legal_holds')
          .values({
            workspace_id: actor.workspaceId,
            record_type: type,
            record_id: recordId,
            reason,
            created_by: actor.userId,
          })
          .onConflict((oc) =>
            oc.columns(['workspace_id', 'record_type', 'record_id']).doUpdateSet({ reason, created_by: actor.userId }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        await logHold(tx, actor, type, recordId, [null, reason]);
        return presentHold(row);
      }),
    release: (actor: Actor, type: HoldType, recordId: string) =>
      inTenant(db, actor, async (tx) => {
        const removed = await tx
          .deleteFrom('legal_holds')
          .where('record_type', '=', type)
          .where('record_id', '=', recordId)
          .returningAll()
          .executeTakeFirst();
        if (!removed) throw notFound('legal hold');
        await logHold(tx, actor, type, recordId, [removed.reason, null]);
      }),

    processingRecord: (actor: Actor) =>
      inTenant(db, actor, async (tx) => {
        const generated = await generateProcessingRecord(tx, await localeOf(tx, actor.userId));
        const stored = await tx.selectFrom('processing_records').selectAll().executeTakeFirst();
        return {
          document: stored?.document ?? generated,
          generated,
          edited: Boolean(stored),
          updatedAt: stored?.updated_at.toISOString() ?? null,
        };
      }),
    saveProcessingRecord: (actor: Actor, document: string) =>
      inTenant(db, actor, async (tx) => {
        if (!document.trim()) await tx.deleteFrom('processing_records').execute();
        else
          await tx
            .insertInto('processing_records')
            .values({ workspace_id: actor.workspaceId, document, updated_by: actor.userId })
            .onConflict((oc) =>
              oc.column('workspace_id').doUpdateSet({ document, updated_by: actor.userId, updated_at: new Date() }),
            )
            .execute();
      }),
    locale: (actor: Actor) => inTenant(db, actor, (tx) => localeOf(tx, actor.userId)),
  };
}
