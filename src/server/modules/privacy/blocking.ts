// The blocking list (GDPR Art. 17): the email addresses and phone numbers of erased people,
// kept only as HMAC-SHA-256 of the normalised value (an email in lower case, a phone in E.164)
// so that a re-import or a new contact with them is refused, while the list itself names no
// one. The key is derived from the installation's secret key and the workspace: the same
// address gives unrelated hashes in two workspaces, and a database dump alone cannot be
// tested against a list of guessed addresses. Old keys of a rotation (FARLEY_SECRET_KEYS_OLD)
// still match, so the list survives a key change.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { SecretKeys } from '../../platform/secrets.ts';
import type { BlockedValuesTable } from '../../platform/db/schema.ts';

export type BlockedKind = BlockedValuesTable['kind'];

/** The workspace's hashing keys, the current one first. */
function keysOf(secrets: SecretKeys, workspaceId: string): Buffer[] {
  const all = [secrets.current, ...[...secrets.byId.values()].filter((key) => key !== secrets.current)];
  return all.map((key) => crypto.createHmac('sha256', key).update(`farley blocking list ${workspaceId}`).digest());
}

/** A value in the form the list hashes: what email_list and phone_list hold. */
export function normalisedValue(kind: BlockedKind, value: string): string {
  return kind === 'email' ? value.trim().toLowerCase() : value.replace(/[^\d+]/g, '');
}

const hashWith = (key: Buffer, kind: BlockedKind, value: string) =>
  crypto
    .createHmac('sha256', key)
    .update(`${kind}:${normalisedValue(kind, value)}`)
    .digest();

/** Puts values on the list (once each); answers how many were new. */
export async function blockValues(
  tx: Db,
  secrets: SecretKeys,
  workspaceId: string,
  values: Array<{ kind: BlockedKind; value: string }>,
  reason: BlockedValuesTable['reason'],
  userId: string | null,
): Promise<number> {
  const [key] = keysOf(secrets, workspaceId);
  const rows = values
    .filter((v) => normalisedValue(v.kind, v.value))
    .map((v) => ({
      workspace_id: workspaceId,
      id: newId(),
      kind: v.kind,
      hash: hashWith(key, v.kind, v.value),
      reason,
      created_by: userId,
    }));
  if (rows.length === 0) return 0;
  const result = await tx
    .insertInto('blocked_values')
    .values(rows)
    .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'hash']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** The values (as given) among `values` that are on the list: one statement for all. */
export async function blockedAmong(
  tx: Db,
  secrets: SecretKeys,
  workspaceId: string,
  values: Array<{ kind: BlockedKind; value: string }>,
): Promise<Set<string>> {
  const candidates = values.filter((v) => normalisedValue(v.kind, v.value));
  if (candidates.length === 0) return new Set();
  const byHash = new Map<string, string>();
  for (const key of keysOf(secrets, workspaceId))
    for (const v of candidates) byHash.set(hashWith(key, v.kind, v.value).toString('hex'), v.value);
  const hashes = [...byHash.keys()].map((hex) => Buffer.from(hex, 'hex'));
  const { rows } = await sql<{ hash: Buffer }>`
    select hash from blocked_values where workspace_id = ${workspaceId} and hash = any(${hashes}::bytea[])`.execute(tx);
  return new Set(rows.map((row) => byHash.get(row.hash.toString('hex')) as string));
}

/** The list's entries that match a value (to find the one an admin means to remove). */
export async function entriesFor(tx: Db, secrets: SecretKeys, workspaceId: string, kind: BlockedKind, value: string) {
  const hashes = keysOf(secrets, workspaceId).map((key) => hashWith(key, kind, value));
  return tx
    .selectFrom('blocked_values')
    .select(['id', 'kind', 'reason', 'created_by', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', kind)
    .where('hash', 'in', hashes)
    .execute();
}

/**
 * Refuses (409 blocked_value) a contact's emails and phones that are on the list; `emails`
 * and `phones` as the contact's normalised entries, so that each error names its field.
 */
export async function assertNotBlocked(
  tx: Db,
  secrets: SecretKeys,
  workspaceId: string,
  emails: Array<{ email: string }> | undefined,
  phones: Array<{ e164: string | null }> | undefined,
): Promise<void> {
  const values = [
    ...(emails ?? []).map((e) => ({ kind: 'email' as const, value: e.email })),
    ...(phones ?? []).filter((p) => p.e164).map((p) => ({ kind: 'phone' as const, value: p.e164 as string })),
  ];
  const blocked = await blockedAmong(tx, secrets, workspaceId, values);
  if (blocked.size === 0) return;
  const errors: FieldError[] = [];
  (emails ?? []).forEach((e, i) => {
    if (blocked.has(e.email))
      errors.push({ path: `emails.${i}.email`, code: 'invalid', message: 'on the blocking list of erased people' });
  });
  (phones ?? []).forEach((p, i) => {
    if (p.e164 && blocked.has(p.e164))
      errors.push({ path: `phones.${i}.number`, code: 'invalid', message: 'on the blocking list of erased people' });
  });
  throw new AppError(
    'conflict',
    'The person with this email address or phone number was erased on request (GDPR Art. 17); their data may not be stored again. An admin can take the value off the blocking list.',
    errors,
    undefined,
    'blocked_value',
  );
}
