// SQL of document numbering: the counters per kind and year, and the workspace's patterns.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { DocumentKind } from './numbering.pattern.ts';

/**
 * Counts the kind's counter of the year up by one and returns the new value (1 for the first
 * document of a year). The row stays locked until the caller's transaction ends: concurrent
 * issuers wait there, and a rollback gives the number back.
 */
export async function takeNumber(tx: Db, ws: string, kind: DocumentKind, year: number): Promise<number> {
  const row = await tx
    .insertInto('document_sequences')
    .values({ workspace_id: ws, kind, year, last_number: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['workspace_id', 'kind', 'year'])
        .doUpdateSet({ last_number: sql<number>`document_sequences.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

/** The patterns the workspace has set (kinds without one use the default). */
export async function patterns(tx: Db, ws: string) {
  return tx.selectFrom('numbering_patterns').select(['kind', 'pattern']).where('workspace_id', '=', ws).execute();
}

export async function savePattern(tx: Db, ws: string, kind: DocumentKind, pattern: string): Promise<void> {
  await tx
    .insertInto('numbering_patterns')
    .values({ workspace_id: ws, kind, pattern })
    .onConflict((conflict) =>
      conflict.columns(['workspace_id', 'kind']).doUpdateSet({ pattern, updated_at: sql<Date>`now()` }),
    )
    .execute();
}
