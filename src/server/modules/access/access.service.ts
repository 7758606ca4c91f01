// Record- and field-level access rules of a workspace: read and replaced by admins. The record
// scopes take effect in the database (migration 0062's row-level security reads
// access_rules); the field rules are applied to the answers by access.fields.ts.
import { sql } from 'kysely';
import {
  accessRecordTypes,
  type AccessRules,
  type MyAccess,
  type FieldRecordType,
  type RestrictableRole,
  type Scope,
  sensitiveFields,
} from '../../../contract/access.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { invalid } from '../../platform/errors.ts';
import { inTenant, type Tx } from '../../platform/db/tenant.ts';

const breadth: Record<Scope, number> = { own: 0, team: 1, all: 2 };

export async function readRules(tx: Tx): Promise<AccessRules> {
  const [rules, fields] = await Promise.all([
    tx.selectFrom('access_rules').selectAll().orderBy('role').orderBy('record_type').execute(),
    tx.selectFrom('field_rules').selectAll().orderBy('role').orderBy('record_type').orderBy('field').execute(),
  ]);
  return {
    rules: rules.map((r) => ({
      role: r.role as RestrictableRole,
      recordType: r.record_type as AccessRules['rules'][number]['recordType'],
      read: r.read_scope as Scope,
      write: r.write_scope as Scope,
    })),
    fields: fields.map((f) => ({
      role: f.role as RestrictableRole,
      recordType: f.record_type as FieldRecordType,
      field: f.field,
      access: f.access as 'hidden' | 'read',
    })),
  };
}

function check(input: AccessRules): void {
  const errors: Array<{ path: string; code: 'invalid'; message: string }> = [];
  const seen = new Set<string>();
  input.rules.forEach((rule, i) => {
    const key = `${rule.role}/${rule.recordType}`;
    if (seen.has(key)) errors.push({ path: `rules.${i}`, code: 'invalid', message: `a second rule for ${key}` });
    seen.add(key);
    if (breadth[rule.write] > breadth[rule.read]) {
      errors.push({
        path: `rules.${i}.write`,
        code: 'invalid',
        message: 'a role cannot change more records than it sees',
      });
    }
  });
  const seenFields = new Set<string>();
  input.fields.forEach((rule, i) => {
    const key = `${rule.role}/${rule.recordType}.${rule.field}`;
    const known: Record<string, unknown> = sensitiveFields[rule.recordType];
    if (!Object.hasOwn(known, rule.field)) {
      errors.push({
        path: `fields.${i}.field`,
        code: 'invalid',
        message: `not a sensitive field of ${rule.recordType}; one of ${Object.keys(known).join(', ')}`,
      });
    }
    if (seenFields.has(key)) errors.push({ path: `fields.${i}`, code: 'invalid', message: `a second rule for ${key}` });
    seenFields.add(key);
  });
  if (errors.length > 0) throw invalid(errors);
}

export function accessService(ctx: AppContext) {
  const db = ctx.db.app;
  return {
    rules: (actor: Actor) => inTenant(db, actor, readRules),

    /** The caller's scopes per record type and their team mates, from the policies' own functions. */
    mine: (actor: Actor): Promise<MyAccess> =>
      inTenant(db, actor, async (tx) => {
        const { rows } = await sql<MyAccess['scopes'][number] & { team: string[] }>`
          select k as "recordType", farley_scope(k, false) as read, farley_scope(k, true) as write,
                 (select farley_team_users())::text[] as team
            from unnest(${accessRecordTypes as readonly string[]}::text[]) k`.execute(tx);
        return {
          scopes: rows.map(({ recordType, read, write }) => ({ recordType, read, write })),
          teamUserIds: rows[0]?.team ?? [actor.userId],
        };
      }),

    /** Replaces all rules; a rule that says `all` for both is simply not stored. */
    replace: (actor: Actor, input: AccessRules): Promise<AccessRules> =>
      inTenant(db, actor, async (tx) => {
        check(input);
        const before = await readRules(tx);
        await tx.deleteFrom('access_rules').execute();
        await tx.deleteFrom('field_rules').execute();
        const rules = input.rules.filter((r) => r.read !== 'all' || r.write !== 'all');
        if (rules.length > 0) {
          await tx
            .insertInto('access_rules')
            .values(
              rules.map((r) => ({
                workspace_id: actor.workspaceId,
                role: r.role,
                record_type: r.recordType,
                read_scope: r.read,
                write_scope: r.write,
              })),
            )
            .execute();
        }
        if (input.fields.length > 0) {
          await tx
            .insertInto('field_rules')
            .values(
              input.fields.map((f) => ({
                workspace_id: actor.workspaceId,
                role: f.role,
                record_type: f.recordType,
                field: f.field,
                access: f.access,
              })),
            )
            .execute();
        }
        const after = await readRules(tx);
        // No row of its own to audit: the change is logged against the workspace.
        await sql`insert into audit_log (workspace_id, actor_id, record_type, record_id, action, changes)
          values (${actor.workspaceId}, ${actor.userId}, 'access_rules', ${actor.workspaceId}, 'update',
                  ${JSON.stringify({ rules: [before.rules, after.rules], fields: [before.fields, after.fields] })}::jsonb)`.execute(
          tx,
        );
        return after;
      }),
  };
}
