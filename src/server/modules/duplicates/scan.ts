// The scan of a whole workspace: SQL lists the candidate pairs (records sharing a blocking key,
// keys shared by too many records left out), Node learns the model from a sample of them and
// scores them all in batches, and the pairs above a floor replace the open ones of the last scan.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Prepared, RecordType } from './compare.ts';
import { keyExpression, matchColumns, type MatchRow, prepareRow, rememberModel, round } from './index.ts';
import { comparePair, estimateM, estimateU, type Model, priorModel, probability, reasonsOf } from './model.ts';
import { compareAll } from './compare.ts';

/** Pairs scoring below this are not kept: too unlikely to show even with a low minimum score. */
export const keepFloor = 0.3;
/** A key shared by more records than this (a switchboard number, a very common name) blocks nothing useful. */
const maxBlock = 100;
const batchPairs = 20_000;

export interface ScanResult {
  records: number;
  candidatePairs: number;
  pairs: number;
  model: Model;
  seconds: number;
}

async function rowsById(tx: Db, workspaceId: string, type: RecordType, ids: string[]): Promise<Map<string, Prepared>> {
  const { rows } = await sql<MatchRow>`select ${sql.raw(matchColumns[type])} from ${sql.table(type)}
    where workspace_id = ${workspaceId} and id = any(${ids}::uuid[])`.execute(tx);
  return new Map(rows.map((row) => [row.id, prepareRow(type, row)]));
}

/** Learns u from random record pairs and m, lambda from a sample of the candidate pairs. */
async function train(
  tx: Db,
  workspaceId: string,
  type: RecordType,
  records: number,
  candidates: number,
): Promise<Model> {
  let model = priorModel(type);
  const { rows: randomRows } = await sql<MatchRow>`select ${sql.raw(matchColumns[type])} from ${sql.table(type)}
    where workspace_id = ${workspaceId} and deleted_at is null order by random() limit 2000`.execute(tx);
  const sample = randomRows.map((row) => prepareRow(type, row));
  const randomLevels: Int8Array[] = [];
  for (let i = 0; i < sample.length; i++)
    for (let j = i + 1; j < sample.length && randomLevels.length < 200_000; j += 7)
      randomLevels.push(compareAll(type, sample[i], sample[j]));
  model = estimateU(model, randomLevels);
  const { rows: pairRows } = await sql<{ a_id: string; b_id: string }>`
    select a_id, b_id from dup_candidates order by random() limit 50000`.execute(tx);
  const records_ = await rowsById(tx, workspaceId, type, [...new Set(pairRows.flatMap((p) => [p.a_id, p.b_id]))]);
  const levels: Int8Array[] = [];
  for (const pair of pairRows) {
    const a = records_.get(pair.a_id);
    const b = records_.get(pair.b_id);
    if (a && b) levels.push(comparePair(model, a, b).levels);
  }
  model = estimateM(model, levels, { pairs: (records * (records - 1)) / 2, candidates });
  return { ...model, learned: { ...model.learned, records } };
}

/**
 * Scans the workspace's contacts or companies in the open tenant transaction `tx` (whose
 * time limits the caller has lifted) and stores the pairs and the learned model.
 */
export async function scanWorkspace(tx: Db, workspaceId: string, type: RecordType): Promise<ScanResult> {
  const started = Date.now();
  await sql`select set_config('statement_timeout', '0', true),
    set_config('idle_in_transaction_session_timeout', '0', true)`.execute(tx);
  await sql`create temp table dup_keys on commit drop as
    with k as (
      select id, unnest(${sql.raw(keyExpression[type])}) as key from ${sql.table(type)}
       where workspace_id = ${workspaceId} and deleted_at is null
    )
    select k.id, k.key from k
      join (select key from k group by key having count(*) between 2 and ${maxBlock}) g using (key)`.execute(tx);
  await sql`create temp table dup_candidates on commit drop as
    select distinct a.id as a_id, b.id as b_id from dup_keys a join dup_keys b on a.key = b.key and a.id < b.id`.execute(
    tx,
  );
  await sql`create index on dup_candidates (a_id, b_id)`.execute(tx);
  const { rows: counts } = await sql<{ records: number; pairs: number }>`
    select (select count(*)::int from ${sql.table(type)} where workspace_id = ${workspaceId} and deleted_at is null) as records,
           (select count(*)::int from dup_candidates) as pairs`.execute(tx);
  const { records, pairs: candidatePairs } = counts[0];
  const model = await train(tx, workspaceId, type, records, candidatePairs);

  await tx
    .deleteFrom('duplicate_pairs')
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', type)
    .where('status', '=', 'open')
    .execute();
  let kept = 0;
  let after: { a_id: string; b_id: string } | null = null;
  for (;;) {
    const { rows: batch }: { rows: Array<{ a_id: string; b_id: string }> } = await sql<{ a_id: string; b_id: string }>`
      select a_id, b_id from dup_candidates
       ${after ? sql`where (a_id, b_id) > (${after.a_id}::uuid, ${after.b_id}::uuid)` : sql``}
       order by a_id, b_id limit ${batchPairs}`.execute(tx);
    if (batch.length === 0) break;
    after = batch[batch.length - 1];
    const prepared = await rowsById(tx, workspaceId, type, [...new Set(batch.flatMap((p) => [p.a_id, p.b_id]))]);
    const found: Array<{ a: string; b: string; score: number; reasons: string[] }> = [];
    for (const pair of batch) {
      const a = prepared.get(pair.a_id);
      const b = prepared.get(pair.b_id);
      if (!a || !b) continue;
      const result = comparePair(model, a, b);
      const score = probability(result.weight);
      if (score >= keepFloor)
        found.push({
          a: pair.a_id,
          b: pair.b_id,
          score: round(score),
          reasons: reasonsOf(type, result.levels, result.swapped),
        });
    }
    for (let i = 0; i < found.length; i += 2000) {
      const chunk = found.slice(i, i + 2000);
      await sql`insert into duplicate_pairs (workspace_id, type, a_id, b_id, score, reasons)
        select ${workspaceId}::uuid, ${type}, a, b, s, coalesce(array(select jsonb_array_elements_text(r)), '{}')
          from unnest(${chunk.map((f) => f.a)}::uuid[], ${chunk.map((f) => f.b)}::uuid[],
                      ${chunk.map((f) => f.score)}::real[], ${chunk.map((f) => JSON.stringify(f.reasons))}::jsonb[]) as t(a, b, s, r)
        on conflict (workspace_id, type, a_id, b_id) do nothing`.execute(tx);
    }
    kept += found.length;
  }
  await sql`insert into duplicate_models (workspace_id, type, model) values (${workspaceId}, ${type}, ${JSON.stringify(model)}::jsonb)
    on conflict (workspace_id, type) do update set model = excluded.model, trained_at = now()`.execute(tx);
  rememberModel(workspaceId, type, model);
  return { records, candidatePairs, pairs: kept, model, seconds: (Date.now() - started) / 1000 };
}
