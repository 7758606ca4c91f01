// SQL of the letterhead: the workspace's one row, and its logo apart from it.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { LetterheadsTable } from '../../platform/db/schema.ts';

export type LetterheadRow = Selectable<LetterheadsTable>;
export type LetterheadColumns = Omit<Insertable<LetterheadsTable>, 'workspace_id' | 'id' | 'version' | 'updated_at'>;

export async function findLetterhead(tx: Db, ws: string): Promise<LetterheadRow | undefined> {
  return tx.selectFrom('letterheads').selectAll().where('workspace_id', '=', ws).executeTakeFirst();
}

/** Writes the columns given (the row is made on the first write) and counts the version up. */
export async function saveLetterhead(tx: Db, ws: string, columns: LetterheadColumns): Promise<LetterheadRow> {
  return tx
    .insertInto('letterheads')
    .values({ ...columns, workspace_id: ws, id: ws })
    .onConflict((conflict) =>
      conflict.column('workspace_id').doUpdateSet({
        ...columns,
        version: sql<number>`letterheads.version + 1`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findLogo(tx: Db, ws: string) {
  return tx
    .selectFrom('letterhead_logos')
    .select(['content_type', 'bytes'])
    .where('workspace_id', '=', ws)
    .executeTakeFirst();
}

export async function saveLogo(tx: Db, ws: string, contentType: 'image/png' | 'image/jpeg', bytes: Buffer) {
  await tx
    .insertInto('letterhead_logos')
    .values({ workspace_id: ws, content_type: contentType, bytes })
    .onConflict((conflict) => conflict.column('workspace_id').doUpdateSet({ content_type: contentType, bytes }))
    .execute();
}

export async function deleteLogo(tx: Db, ws: string): Promise<boolean> {
  const result = await tx.deleteFrom('letterhead_logos').where('workspace_id', '=', ws).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
