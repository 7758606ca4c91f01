// Art. 18 GDPR, restriction of processing: the checks other code asks before it writes to a
// contact or sends to it (see restrictions.service.ts for setting and lifting).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';

/** The problem of a write a restriction refuses. */
export function restricted(what = 'The contact'): AppError {
  return new AppError(
    'conflict',
    `${what} is restricted (GDPR Art. 18): it is kept, but not edited, trashed or contacted. ` +
      'A manager or admin lifts the restriction first.',
    undefined,
    undefined,
    'contact_restricted',
  );
}

/** Refuses a write to a contact whose processing is restricted. */
export function assertUnrestricted(row: { restricted_at: Date | null }): void {
  if (row.restricted_at) throw restricted();
}

/** Of some email addresses, those of live restricted contacts (lower-cased). */
export async function restrictedAddresses(tx: Db, addresses: string[]): Promise<string[]> {
  if (addresses.length === 0) return [];
  const lowered = [...new Set(addresses.map((a) => a.toLowerCase()))];
  const rows = await tx
    .selectFrom('contacts')
    .select(sql<string[]>`email_list`.as('emails'))
    .where('restricted_at', 'is not', null)
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`email_list && ${lowered}::text[]`)
    .execute();
  const found = new Set(rows.flatMap((row) => row.emails));
  return lowered.filter((address) => found.has(address));
}

/** Of some contact ids, those restricted. */
export async function restrictedContactIds(tx: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('contacts')
    .select('id')
    .where('id', 'in', ids)
    .where('restricted_at', 'is not', null)
    .execute();
  return rows.map((row) => row.id);
}
