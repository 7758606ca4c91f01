// SQL of sign-in through an identity provider: a workspace's provider, the email domains that
// find it, the users it signs in, and its audit entries.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { OidcProvidersTable } from '../../platform/db/schema.ts';
import type { Insertable } from 'kysely';

/** The provider of the transaction's workspace (row-level security shows only that one). */
export async function findProvider(tx: Db) {
  return tx.selectFrom('oidc_providers').selectAll().executeTakeFirst();
}

export async function saveProvider(tx: Db, values: Insertable<OidcProvidersTable>) {
  const { workspace_id: _, ...changes } = values;
  return tx
    .insertInto('oidc_providers')
    .values(values)
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...changes, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteProvider(tx: Db) {
  return tx.deleteFrom('oidc_providers').returningAll().executeTakeFirst();
}

/** The domains that find the workspace's provider, replaced in the caller's transaction. */
export async function replaceDomains(tx: Db, workspaceId: string, domains: string[]) {
  await tx.deleteFrom('oidc_domains').where('workspace_id', '=', workspaceId).execute();
  if (domains.length > 0)
    await tx
      .insertInto('oidc_domains')
      .values(domains.map((domain) => ({ domain, workspace_id: workspaceId })))
      .execute();
}

/** Workspaces whose provider serves the domain (a few at most). */
export async function workspacesOfDomain(db: Db, domain: string) {
  const rows = await db
    .selectFrom('oidc_domains')
    .select('workspace_id')
    .where('domain', '=', domain)
    .orderBy('workspace_id')
    .limit(20)
    .execute();
  return rows.map((row) => row.workspace_id);
}

/** The workspace's user with this email (stored lower case), trashed ones left out. */
export async function findUserByEmail(tx: Db, email: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'active', 'role'])
    .where('email', '=', email)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * A change of the provider's settings in the audit log, written here rather than by a trigger
 * so that the sealed client secret never reaches the log: it says only that the secret changed.
 */
export async function recordSettingsChange(
  tx: Db,
  actorId: string,
  workspaceId: string,
  action: 'create' | 'update' | 'delete',
  changes: Record<string, [unknown, unknown]>,
) {
  await sql`insert into audit_log (workspace_id, actor_id, record_type, record_id, action, changes)
    values (farley_workspace(), ${actorId}::uuid, 'oidc_settings', ${workspaceId}::uuid, ${action}, ${JSON.stringify(changes)}::jsonb)`.execute(
    tx,
  );
}
