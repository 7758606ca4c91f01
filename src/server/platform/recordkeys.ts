// The customer number of contacts and companies: unique among the live records of a table in
// a workspace (migration 0021). Checked before a write so the caller hears which field is
// taken; the unique index still decides when two writers race (problems.ts maps its name).
import { AppError } from './errors.ts';
import type { Db } from './db/database.ts';

export function customerNumberTaken(number: string) {
  return new AppError(
    'conflict',
    `The customer number "${number}" belongs to another record.`,
    [{ path: 'customerNumber', code: 'duplicate', message: 'is taken by another record' }],
    undefined,
    'customer_number_taken',
  );
}

/** Throws customer_number_taken when another live record of `table` holds `number`. */
export async function assertCustomerNumberFree(
  tx: Db,
  table: 'contacts' | 'companies',
  number: string | null | undefined,
  exceptId?: string,
) {
  if (!number) return;
  let query = tx
    .selectFrom(table as 'contacts')
    .select('id')
    .where('customer_number', '=', number)
    .where('deleted_at', 'is', null);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw customerNumberTaken(number);
}
