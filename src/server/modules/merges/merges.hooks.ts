// What other features keep about contacts and companies in tables of their own, kept in step
// by a merge: open duplicate pairs of the merged records (the matcher's duplicate_pairs,
// migration 0023) are marked 'merged', and the import origins of the merged records (the
// importer's import_records, migration 0022) pass to the survivor. Each table is touched only
// where it exists, so that the merge works in a database that has not got the feature yet.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { MergeType } from '../../../contract/merges.ts';
import { hasTable } from './merges.repository.ts';

/** A row of import_records as it was: which import, which record, what the import did. */
interface ImportOrigin {
  import_id: string;
  from: string;
  action: string;
  previous: unknown;
}

export interface HookMoves {
  /** Pairs marked 'merged', with the status each had before. */
  pairs?: Array<{ a: string; b: string; status: string }>;
  /** Import origins of the merged records: re-pointed to the survivor, or dropped as repeats. */
  importRecords?: { moved: ImportOrigin[]; dropped: ImportOrigin[] };
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
  // import_records (importer, 0022) is not in the merge's branch: this follows its schema as
  // committed on the importer's branch and is tested once both meet (see the merge report).
  // A merged record's origins pass to the survivor as 'updated' with nothing to revert, so
  // that undoing that import later leaves the survivor (which holds more than the import
  // brought) where it is; where the survivor has a row of that import already, the merged
  // record's is dropped.
  if (await hasTable(tx, 'import_records')) {
    const recordType = type === 'contacts' ? 'contact' : 'company';
    const rows = await sql<ImportOrigin>`
      select import_id, record_id as from, action, previous from import_records
       where record_type = ${recordType} and record_id = any(${loserIds}::uuid[]) for update`.execute(tx);
    const held = await sql<{ import_id: string }>`select import_id from import_records
       where record_type = ${recordType} and record_id = ${survivorId}`.execute(tx);
    const imports = new Set(held.rows.map((r) => r.import_id));
    const moved: ImportOrigin[] = [];
    const dropped: ImportOrigin[] = [];
    for (const row of rows.rows) {
      if (imports.has(row.import_id)) dropped.push(row);
      else {
        moved.push(row);
        imports.add(row.import_id);
      }
    }
    for (const row of dropped)
      await sql`delete from import_records where import_id = ${row.import_id} and record_type = ${recordType}
        and record_id = ${row.from}`.execute(tx);
    for (const row of moved)
      await sql`update import_records set record_id = ${survivorId}, action = 'updated', previous = '{}'::jsonb
        where import_id = ${row.import_id} and record_type = ${recordType} and record_id = ${row.from}`.execute(tx);
    moves.importRecords = { moved, dropped };
  }
  return moves;
}

export async function afterUndo(tx: Db, type: MergeType, survivorId: string, moves: HookMoves): Promise<void> {
  if (moves.importRecords && (await hasTable(tx, 'import_records'))) {
    const recordType = type === 'contacts' ? 'contact' : 'company';
    for (const row of moves.importRecords.moved)
      await sql`update import_records set record_id = ${row.from}, action = ${row.action},
          previous = ${row.previous === null ? null : JSON.stringify(row.previous)}::jsonb
        where import_id = ${row.import_id} and record_type = ${recordType} and record_id = ${survivorId}`.execute(tx);
    for (const row of moves.importRecords.dropped)
      await sql`insert into import_records (workspace_id, import_id, record_type, record_id, action, previous)
        values (farley_workspace(), ${row.import_id}, ${recordType}, ${row.from}, ${row.action},
                ${row.previous === null ? null : JSON.stringify(row.previous)}::jsonb)
        on conflict do nothing`.execute(tx);
  }
  if (moves.pairs?.length && (await hasTable(tx, 'duplicate_pairs'))) {
    await sql`update duplicate_pairs p set status = x.status
      from unnest(${moves.pairs.map((p) => p.a)}::uuid[], ${moves.pairs.map((p) => p.b)}::uuid[],
                  ${moves.pairs.map((p) => p.status)}::text[]) as x(a, b, status)
      where p.type = ${type} and p.a_id = x.a and p.b_id = x.b and p.status = 'merged'`.execute(tx);
  }
}
