// The scan of a whole workspace: SQL lists the candidate pairs (records sharing a blocking key,
// keys shared by too many records left out), Node learns the model from a sample of them and
// scores them all in batches, and the pairs above a floor replace the open ones of the last scan.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Prepared, RecordType } from './compare.ts';
import {
  identifyingCap,
  identifyingKinds,
  keyExpression,
  matchColumns,
  type MatchRow,
  prepareRow,
  rememberModel,
  type ScoredPair,
  scoreBatch,
} from './index.ts';
import { Worker } from 'node:worker_threads';
import { cpus } from 'node:os';
import { comparePair, estimateM, estimateU, type Model, priorModel, type TermFrequencies } from './model.ts';
import { compareAll } from './compare.ts';

export { keepFloor } from './index.ts';
const batchPairs = 20_000;

/**
 * The largest block of a name or address key that is compared whole. A block of k records
 * costs k²/2 comparisons, so the cap falls as the workspace grows (100 up to 50,000 records,
 * 40 from about 300,000 on): a scan stays linear in the records. Bigger blocks (`Müller` + `M`,
 * a tower block's street) are split by a second attribute: name keys by the postal region
 * (two digits), address keys by the initial of the last name or company name, and what is
 * still too big is left out; the other passes still pair the real duplicates in it.
 */
export function blockCap(records: number): number {
  return Math.round(Math.min(100, Math.max(40, 100 * Math.sqrt(50_000 / Math.max(1, records)))));
}

/** What the scan reports while it runs: the step and how far it is. */
export interface ScanProgress {
  step: 'keys' | 'pairs' | 'model' | 'scoring' | 'done';
  done: number;
  total: number;
}

export interface ScanOptions {
  progress?: (progress: ScanProgress) => void;
  /** Score in two threads (default: from parallelFrom candidate pairs on, with two cores). */
  threads?: boolean;
}

export interface ScanResult {
  records: number;
  candidatePairs: number;
  pairs: number;
  model: Model;
  seconds: number;
}

async function matchRows(tx: Db, workspaceId: string, type: RecordType, ids: string[]): Promise<MatchRow[]> {
  const { rows } = await sql<MatchRow>`select ${sql.raw(matchColumns[type])} from ${sql.table(type)}
    where workspace_id = ${workspaceId} and id = any(${ids}::uuid[])`.execute(tx);
  return rows;
}

async function rowsById(tx: Db, workspaceId: string, type: RecordType, ids: string[]): Promise<Map<string, Prepared>> {
  const rows = await matchRows(tx, workspaceId, type, ids);
  return new Map(rows.map((row) => [row.id, prepareRow(type, row)]));
}

/** From this many candidate pairs on, scoring runs in threads (below, starting them costs more than it saves). */
const parallelFrom = 200_000;

/**
 * Scoring threads (scan.worker.ts), one per core up to two, each scoring whole batches. The
 * thread loads the TypeScript sources through tsx like the main thread; if it cannot start,
 * the scan scores in this thread instead.
 */
function scoringPool(model: Model, type: RecordType) {
  const size = Math.min(2, cpus().length);
  if (size < 2) return null;
  let workers: Worker[];
  try {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./scan.worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    workers = Array.from({ length: size }, () => new Worker(boot, { eval: true }));
  } catch {
    return null;
  }
  const waiting = new Map<number, { resolve: (found: ScoredPair[]) => void; reject: (error: Error) => void }>();
  for (const worker of workers) {
    worker.on('message', (message: { id: number; found: ScoredPair[] }) => {
      waiting.get(message.id)?.resolve(message.found);
      waiting.delete(message.id);
    });
    worker.on('error', (error) => {
      for (const w of waiting.values()) w.reject(error);
      waiting.clear();
    });
  }
  let next = 0;
  return {
    size,
    score(pairs: Array<{ a_id: string; b_id: string }>, rows: MatchRow[]): Promise<ScoredPair[]> {
      const id = next++;
      const scored = new Promise<ScoredPair[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        workers[id % size].postMessage({ id, type, model, pairs, rows });
      });
      // A thread that failed leaves its batch to this one: the scan still completes.
      return scored.catch(() => scoreBatch(type, model, pairs, rows));
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** The most frequent names a model keeps by value (the rest share one frequency). */
const tfTop = 1000;
/** Records' worth of the prior in a term frequency (see termFrequencies). */
const tfStrength = 50;

/** Term frequencies of one folded expression over the workspace's records (see TermFrequencies). */
async function termFrequencies(
  tx: Db,
  workspaceId: string,
  type: RecordType,
  expression: string,
  /** The priors' u of an exact agreement on the field. */
  prior: number,
): Promise<TermFrequencies> {
  const { rows } = await sql<{ total: number; values: number; top: Array<[string, number]> | null }>`
    with c as (
      select v, count(*)::float8 as n from (
        select ${sql.raw(expression)} as v from ${sql.table(type)} where workspace_id = ${workspaceId} and deleted_at is null
      ) x where v <> '' group by v
    )
    select coalesce((select sum(n) from c), 0)::float8 as total, (select count(*) from c)::int as values,
           (select json_agg(json_build_array(v, n)) from (select v, n from c order by n desc, v limit ${tfTop}) t) as top`.execute(
    tx,
  );
  const { total, values } = rows[0];
  const listed = rows[0].top ?? [];
  // Shares with the prior's share of an exact agreement as pseudo-counts: in a workspace of a
  // few records, a name that all of them carry is not therefore worthless as evidence.
  const share = (n: number) => (n + tfStrength * prior) / (total + tfStrength);
  const top: Record<string, number> = {};
  let covered = 0;
  for (const [value, n] of listed) {
    top[value] = share(n);
    covered += n;
  }
  const others = values - listed.length;
  const rest = others > 0 ? share((total - covered) / others) : share(1);
  return { top, rest };
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
  model = estimateM(model, levels, { records, pairs: (records * (records - 1)) / 2, candidates });
  if (type === 'contacts')
    model.tf = {
      lastName: await termFrequencies(
        tx,
        workspaceId,
        type,
        "coalesce(farley_fold(last_name), '')",
        priorModel(type).u.lastName[0],
      ),
      firstName: await termFrequencies(
        tx,
        workspaceId,
        type,
        "coalesce(farley_fold(split_part(regexp_replace(btrim(first_name), '[[:space:]-]+', ' ', 'g'), ' ', 1)), '')",
        priorModel(type).u.firstName[0],
      ),
    };
  return { ...model, learned: { ...model.learned, records } };
}

/** The second attribute a too-big block is split by (see blockCap), per record type. */
const splitters: Record<RecordType, { region: string; initial: string }> = {
  contacts: {
    region: "left(coalesce(postal_codes[1], ''), 2)",
    initial: "left(coalesce(farley_fold(last_name), ''), 1)",
  },
  companies: {
    region: "left(coalesce(postal_codes[1], ''), 2)",
    initial: "left(coalesce(farley_fold(name), ''), 1)",
  },
};

/**
 * Lists the candidate pairs into the temporary table dup_candidates (a_id < b_id), set-based
 * in SQL: every record's keys, the size of each key's block, too-big blocks split by a second
 * attribute, then one self-join on the key. Returns the number of records.
 */
async function candidatePairs(
  tx: Db,
  workspaceId: string,
  type: RecordType,
): Promise<{ records: number; pairs: number }> {
  const { rows: counted } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(type)}
    where workspace_id = ${workspaceId} and deleted_at is null`.execute(tx);
  const records = counted[0].n;
  const cap = blockCap(records);
  const split = splitters[type];
  await sql`create temp table dup_all on commit drop as
    select id, unnest(${sql.raw(keyExpression[type])}) as key,
           ${sql.raw(split.region)} as region, ${sql.raw(split.initial)} as initial
      from ${sql.table(type)} where workspace_id = ${workspaceId} and deleted_at is null`.execute(tx);
  // Each record's keys, a too-big name or address block replaced by its part of the split.
  await sql`create temp table dup_keys on commit drop as
    with sizes as (select key, count(*) as n from dup_all group by key having count(*) >= 2),
    split as (
      select a.id,
             case when s.n <= ${cap} then a.key
                  when left(a.key, 1) in ('a', 'f', 'w') then a.key || '|' || a.initial
                  else a.key || '|' || a.region end as key,
             s.n
        from dup_all a join sizes s using (key)
       where s.n <= ${identifyingCap} or left(a.key, 1) <> all(${identifyingKinds}::text[])
    )
    select id, key from split
     where key in (select key from split group by key having count(*) between 2 and ${cap})`.execute(tx);
  await sql`drop table dup_all`.execute(tx);
  // Each pair once, with the first key it shares: scoring reads the pairs in the order of that
  // key, so a batch holds whole blocks and reads each of their records once.
  await sql`create temp table dup_candidates on commit drop as
    select a.id as a_id, b.id as b_id, min(a.key) as key
      from dup_keys a join dup_keys b on a.key = b.key and a.id < b.id group by a.id, b.id`.execute(tx);
  await sql`drop table dup_keys`.execute(tx);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from dup_candidates`.execute(tx);
  return { records, pairs: rows[0].n };
}

/**
 * Scans the workspace's contacts or companies in the open tenant transaction `tx` (whose
 * time limits the caller has lifted) and stores the pairs and the learned model.
 */
export async function scanWorkspace(
  tx: Db,
  workspaceId: string,
  type: RecordType,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const started = Date.now();
  const progress = options.progress ?? (() => {});
  await sql`select set_config('statement_timeout', '0', true),
    set_config('idle_in_transaction_session_timeout', '0', true),
    set_config('work_mem', '256MB', true)`.execute(tx);
  progress({ step: 'keys', done: 0, total: 0 });
  const { records, pairs: candidates } = await candidatePairs(tx, workspaceId, type);
  progress({ step: 'pairs', done: candidates, total: candidates });
  await sql`analyze dup_candidates`.execute(tx);
  const model = await train(tx, workspaceId, type, records, candidates);
  // Said where an operator reads it: the scan goes on with the priors, which find fewer pairs.
  if (model.learned.rejected)
    process.stderr.write(`duplicate scan of ${type} in ${workspaceId} keeps the priors: ${model.learned.rejected}\n`);
  progress({ step: 'model', done: 0, total: candidates });

  await tx
    .deleteFrom('duplicate_pairs')
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', type)
    .where('status', '=', 'open')
    .execute();
  let kept = 0;
  let scored = 0;
  const pool = (options.threads ?? candidates >= parallelFrom) ? scoringPool(model, type) : null;
  const inFlight: Array<Promise<ScoredPair[]>> = [];
  const settle = async () => {
    const found = await (inFlight.shift() as Promise<ScoredPair[]>);
    await storePairs(tx, workspaceId, type, found);
    kept += found.length;
  };
  try {
    // One cursor through the pairs, block by block: a batch's pairs name few records, each read once.
    await sql`declare dup_cursor no scroll cursor for select a_id, b_id from dup_candidates order by key`.execute(tx);
    for (;;) {
      const { rows: batch } = await sql<{
        a_id: string;
        b_id: string;
      }>`fetch ${sql.raw(String(batchPairs))} from dup_cursor`.execute(tx);
      if (batch.length === 0) break;
      const rows = await matchRows(tx, workspaceId, type, [...new Set(batch.flatMap((p) => [p.a_id, p.b_id]))]);
      // With threads, the next batch is read while the last ones are scored.
      inFlight.push(pool ? pool.score(batch, rows) : Promise.resolve(scoreBatch(type, model, batch, rows)));
      if (inFlight.length > (pool?.size ?? 0)) await settle();
      scored += batch.length;
      progress({ step: 'scoring', done: scored, total: candidates });
    }
    while (inFlight.length > 0) await settle();
  } finally {
    await pool?.close();
  }
  await sql`close dup_cursor`.execute(tx);
  await sql`insert into duplicate_models (workspace_id, type, model) values (${workspaceId}, ${type}, ${JSON.stringify(model)}::jsonb)
    on conflict (workspace_id, type) do update set model = excluded.model, trained_at = now()`.execute(tx);
  rememberModel(workspaceId, type, model);
  progress({ step: 'done', done: candidates, total: candidates });
  return { records, candidatePairs: candidates, pairs: kept, model, seconds: (Date.now() - started) / 1000 };
}

async function storePairs(tx: Db, workspaceId: string, type: RecordType, found: ScoredPair[]): Promise<void> {
  for (let i = 0; i < found.length; i += 2000) {
    const chunk = found.slice(i, i + 2000);
    await sql`insert into duplicate_pairs (workspace_id, type, a_id, b_id, score, reasons)
      select ${workspaceId}::uuid, ${type}, a, b, s, coalesce(array(select jsonb_array_elements_text(r)), '{}')
        from unnest(${chunk.map((f) => f.a)}::uuid[], ${chunk.map((f) => f.b)}::uuid[],
                    ${chunk.map((f) => f.score)}::real[], ${chunk.map((f) => JSON.stringify(f.reasons))}::jsonb[]) as t(a, b, s, r)
      on conflict (workspace_id, type, a_id, b_id) do nothing`.execute(tx);
  }
}
