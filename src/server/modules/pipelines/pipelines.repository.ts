// SQL of pipelines and their stages, including how many deals use a stage (a pipeline
// question: may this stage go?).
import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { PipelineStagesTable, PipelinesTable } from '../../platform/db/schema.ts';
import { listPage, type Fields, type ListQuery } from '../../platform/http/listing.ts';

export const pipelineFields: Fields = {
  name: { column: 'name', kind: 'text' },
  isDefault: { column: 'is_default', kind: 'boolean' },
  position: { column: 'position', kind: 'integer' },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};

export type StageRow = Awaited<ReturnType<typeof findStage>> & {};

export async function listPipelines(tx: Db, query: ListQuery) {
  return listPage(tx.selectFrom('pipelines').selectAll(), { fields: pipelineFields, query, defaultSort: 'position' });
}

/** The live stages of the given pipelines, in board order. */
export async function stagesOf(tx: Db, pipelineIds: string[]) {
  if (pipelineIds.length === 0) return [];
  return tx
    .selectFrom('pipeline_stages')
    .selectAll()
    .where('pipeline_id', 'in', pipelineIds)
    .where('removed_at', 'is', null)
    .orderBy('pipeline_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function findStage(tx: Db, id: string) {
  return tx.selectFrom('pipeline_stages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The first live stage of a kind, in board order. */
export async function firstStage(tx: Db, pipelineId: string, kind: 'open' | 'won' | 'lost') {
  return tx
    .selectFrom('pipeline_stages')
    .selectAll()
    .where('pipeline_id', '=', pipelineId)
    .where('kind', '=', kind)
    .where('removed_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function findDefaultPipeline(tx: Db) {
  return tx
    .selectFrom('pipelines')
    .select(['id'])
    .where('is_default', '=', true)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Reads a pipeline and locks its row: `share` for deals being placed in it, `update` for
 * changes of the pipeline itself, so that a stage cannot be removed (or the pipeline
 * trashed) while a deal moves in.
 */
export async function lockPipeline(tx: Db, id: string, mode: 'share' | 'update') {
  const query = tx.selectFrom('pipelines').selectAll().where('id', '=', id).where('deleted_at', 'is', null);
  return (mode === 'share' ? query.forShare() : query.forUpdate()).executeTakeFirst();
}

export async function nextPosition(tx: Db): Promise<number> {
  const row = await tx
    .selectFrom('pipelines')
    .select(sql<number>`coalesce(max(position) + 1, 0)`.as('next'))
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Math.min(row.next, 100_000);
}

export async function insertPipeline(tx: Db, values: Insertable<PipelinesTable>) {
  return tx.insertInto('pipelines').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Takes the default flag from every other pipeline; their representation changes, so their version moves. */
export async function clearDefaultExcept(tx: Db, id: string) {
  await tx
    .updateTable('pipelines')
    .set({ is_default: false, version: sql`version + 1`, updated_at: sql`now()` })
    .where('is_default', '=', true)
    .where('id', '<>', id)
    .execute();
}

export async function insertStages(tx: Db, rows: Insertable<PipelineStagesTable>[]) {
  if (rows.length > 0) await tx.insertInto('pipeline_stages').values(rows).execute();
}

export async function updateStage(
  tx: Db,
  id: string,
  values: { name: string; probability: number; kind: 'open' | 'won' | 'lost'; position: number },
) {
  await tx.updateTable('pipeline_stages').set(values).where('id', '=', id).execute();
}

export async function removeStages(tx: Db, ids: string[]) {
  if (ids.length > 0)
    await tx.updateTable('pipeline_stages').set({ removed_at: sql`now()` }).where('id', 'in', ids).execute();
}

/** Untrashed deals per stage, for the stages that have any. */
export async function liveDealCounts(tx: Db, stageIds: string[]): Promise<Map<string, number>> {
  if (stageIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('deals')
    .select(['stage_id', sql<number>`count(*)::int`.as('count')])
    .where('stage_id', 'in', stageIds)
    .where('deleted_at', 'is', null)
    .groupBy('stage_id')
    .execute();
  return new Map(rows.map((row) => [row.stage_id, row.count]));
}

export async function openDealCount(tx: Db, pipelineId: string): Promise<number> {
  const row = await tx
    .selectFrom('deals')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('pipeline_id', '=', pipelineId)
    .where('status', '=', 'open')
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.count;
}
