// What other features keep about contacts and companies in tables of their own, kept in step
// by a merge: open duplicate pairs of the merged records (the matcher's duplicate_pairs,
// migration 0023) are marked 'merged', and the import origins of the merged records (the
// importer's import_records, migration 0022) pass to the survivor. Each table is touched only
// where it exists, so that the merge works in a database that has not got the feature yet.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { MergeType } from '../../../contract/merges.ts';
import { hasTable } from './merges.repository.ts';

export interface HookMoves {
  /** Pairs marked 'merged', with the status each had before. */
  pairs?: Array<{ a: string; b: string; status: string }>;
  /** Import origins re-pointed to the survivor: which record each named before. */
  importRecords?: Array<{ key: string; from: string }>;
}

export async function afterMerge(tx: Db, type: MergeType, survivorId: string, loserIds: string[]): Promise<HookMoves> {
  const moves: HookMoves = {};
  if (await hasTable(tx, 'duplicate_pairs')) {
    const rows = await sql<{ a: string; b: string; status: string }>`
      update duplicate_pairs p set status = 'merged'
        from (select a_id, b_id, status from duplicate_pairs
               where type = ${type} and status = 'open'
                 and (a_id = any(${loserIds}::uuid[]) or b_id = any(${loserIds}::uuid[])) for update) o
       where p.type = ${type} and p.a_id = o.a_id and p.b_id = o.b_id
      returning p.a_id as a, p.b_id as b, o.status`.execute(tx);
    moves.pairs = rows.rows;
  }
  // HOOK (import_records, importer's migration 0022): not in this branch when the merge was
  // written; once it is, re-point the merged records' import origins to the survivor here and
  // put them back in afterUndo. See the merge helper's report.
  void survivorId;
  return moves;
}

export async function afterUndo(tx: Db, type: MergeType, moves: HookMoves): Promise<void> {
  if (moves.pairs?.length && (await hasTable(tx, 'duplicate_pairs'))) {
    await sql`update duplicate_pairs p set status = x.status
      from unnest(${moves.pairs.map((p) => p.a)}::uuid[], ${moves.pairs.map((p) => p.b)}::uuid[],
                  ${moves.pairs.map((p) => p.status)}::text[]) as x(a, b, status)
      where p.type = ${type} and p.a_id = x.a and p.b_id = x.b and p.status = 'merged'`.execute(tx);
  }
}
