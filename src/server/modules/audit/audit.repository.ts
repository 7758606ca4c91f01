// SQL of the audit log (written by the database trigger farley_audit; only read here).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface AuditFilter {
  workspaceId: string;
  /** Who reads: each entry is shown only to those who may see the record it is about. */
  reader: { userId: string; seesTokens: boolean };
  recordType?: string;
  recordId?: string;
  actorId?: string;
  /** Entries with a smaller id than this (the previous page's last). */
  beforeId?: number;
  limit: number;
}

/**
 * Record types whose records every reader of the log may read. A type missing here (and from
 * the rules below) is shown to nobody: a newly audited table stays hidden until someone decides.
 */
export const openRecordTypes = [
  'user',
  'team',
  'pipeline',
  'pipeline_stage',
  'product',
  'price_list',
  'price_list_entry',
  'letterhead',
  // Who changed the access rules, and from what to what (written by the access module).
  'access_rules',
  // Entries the services write of their own: an import run and a list exported (who took what),
  // a sign-in (who, when, how), a change of the identity provider's settings.
  'import',
  'export',
  'oidc_settings',
  // Two-factor sign-in turned on or off, recovery codes renewed or used, the workspace's rule
  // changed (record: the user, or the workspace); a sign-in throttled or its throttle cleared.
  'two_factor',
  'sign_in',
  // Privacy: a retention run (how many, never who) and a value taken off the blocking list.
  'retention_run',
  'blocked_value',
] as const;

/**
 * Customer records under record access (migration 0062): an entry is shown while the reader's
 * scope of that type is `all`, or the record (still there) is in it — the database's policies
 * decide, as for the records themselves. `[table, access type]`; links and potentials follow
 * the contact or company they belong to.
 */
const scopedRecordTypes: Record<string, { table: string; type: string; through?: string; rowsHidden?: string }> = {
  contact: { table: 'contacts', type: 'contact' },
  company: { table: 'companies', type: 'company' },
  deal: { table: 'deals', type: 'deal' },
  // Confidential activities (0063) can be hidden even with the scope `all`: then the row decides.
  activity: {
    table: 'activities',
    type: 'activity',
    rowsHidden: `(select farley_confidential_access()) = 'hidden'`,
  },
  task: { table: 'tasks', type: 'task' },
  quote: { table: 'quotes', type: 'quote' },
  order: { table: 'orders', type: 'order' },
  affiliation: {
    table: 'contacts',
    type: 'contact',
    through:
      'select contact_id from affiliations x where x.workspace_id = audit_log.workspace_id and x.id = audit_log.record_id',
  },
  customer_potential: {
    table: 'companies',
    type: 'company',
    through:
      'select customer_id from customer_potentials x where x.workspace_id = audit_log.workspace_id and x.id = audit_log.record_id',
  },
};

function scopedEntry(recordType: string): ReturnType<typeof sql<boolean>> {
  const { table, type, through, rowsHidden } = scopedRecordTypes[recordType];
  const id = through ? `(${through})` : 'audit_log.record_id';
  const allRows = rowsHidden ? sql.raw(` and not ${rowsHidden}`) : sql``;
  return sql<boolean>`(audit_log.record_type = ${recordType} and (((select farley_scope(${type}, false)) = 'all'${allRows})
    or exists (select 1 from ${sql.table(table)} r where r.workspace_id = audit_log.workspace_id and r.id = ${sql.raw(id)})))`;
}

/** Record types with a rule of their own (see `visibleTo`). */
export const guardedRecordTypes = [
  'api_token',
  'saved_view',
  'email_template',
  ...Object.keys(scopedRecordTypes),
] as const;

/** An audit log entry as the trigger wrote it. */
export type AuditRow = Awaited<ReturnType<typeof auditEntries>>[number];

/**
 * Newest first; served by the (record) and (actor) indexes or the primary key, each ending in id.
 * Who may see an entry is part of the query, so that a page is full and its cursor right.
 */
export async function auditEntries(tx: Db, f: AuditFilter) {
  const me = f.reader.userId;
  let query = tx
    .selectFrom('audit_log')
    .selectAll()
    .where('workspace_id', '=', f.workspaceId)
    .where((eb) =>
      eb.or([
        eb('record_type', 'in', openRecordTypes),
        ...Object.keys(scopedRecordTypes).map((type) => scopedEntry(type)),
        // API tokens and app passwords: admins only, as the tokens themselves.
        ...(f.reader.seesTokens ? [eb('record_type', '=', 'api_token')] : []),
        // A saved view: its owner, and everyone while it is shared. A deleted view is gone
        // from saved_views; its creation entry still names its owner.
        eb.and([
          eb('record_type', '=', 'saved_view'),
          eb.or([
            eb.exists(
              eb
                .selectFrom('saved_views')
                .select(sql`1`.as('one'))
                .whereRef('saved_views.workspace_id', '=', 'audit_log.workspace_id')
                .whereRef('saved_views.id', '=', 'audit_log.record_id')
                .where((v) => v.or([v('saved_views.shared', '=', true), v('saved_views.owner_id', '=', me)])),
            ),
            eb.exists(
              eb
                .selectFrom('audit_log as created')
                .select(sql`1`.as('one'))
                .whereRef('created.workspace_id', '=', 'audit_log.workspace_id')
                .where('created.record_type', '=', 'saved_view')
                .whereRef('created.record_id', '=', 'audit_log.record_id')
                .where('created.action', '=', 'create')
                .where(sql<string>`created.changes -> 'owner_id' ->> 1`, '=', me),
            ),
          ]),
        ]),
        // An email template: the workspace's are everyone's, a personal one its owner's
        // (templates are trashed, never removed, so the row is always there).
        eb.and([
          eb('record_type', '=', 'email_template'),
          eb.exists(
            eb
              .selectFrom('email_templates')
              .select(sql`1`.as('one'))
              .whereRef('email_templates.workspace_id', '=', 'audit_log.workspace_id')
              .whereRef('email_templates.id', '=', 'audit_log.record_id')
              .where((t) => t.or([t('email_templates.owner_id', 'is', null), t('email_templates.owner_id', '=', me)])),
          ),
        ]),
      ]),
    );
  if (f.recordType) query = query.where('record_type', '=', f.recordType);
  if (f.recordId) query = query.where('record_id', '=', f.recordId);
  if (f.actorId) query = query.where('actor_id', '=', f.actorId);
  if (f.beforeId !== undefined) query = query.where('id', '<', String(f.beforeId));
  return query.orderBy('id', 'desc').limit(f.limit).execute();
}
