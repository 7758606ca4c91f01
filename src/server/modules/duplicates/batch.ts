// The matcher for many records at once (an import's batch): the blocking keys of all of them
// in one statement, the stored records sharing each key (a bounded number per key) in a
// second, their fields in a third, the records of the batch compared with each other by the
// same keys, and every pair scored here by the workspace's model, as findCandidates scores
// one record's candidates.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { type CandidateInput, type Prepared, prepare, type RecordType } from './compare.ts';
import {
  identifyingCap,
  identifyingKinds,
  indexedKeys,
  type MatchRow,
  matchColumns,
  modelOf,
  prepareRow,
  round,
  scopedKeys,
} from './index.ts';
import { comparePair, probability } from './model.ts';
import { blockCap } from './scan.ts';

export interface BatchMatch {
  /** The best stored record at or above the lowest score, or null. */
  id: string | null;
  /** Else the best earlier record of the batch (its index), or null. */
  earlier: number | null;
  score: number;
}

/**
 * What one import's batches learn for the next ones: the keys whose stored blocks are too
 * big to compare. A block only grows while an import runs, so such a key is not looked up
 * again (each look-up would read the block's entries in the index and return nothing).
 */
export interface BatchMemo {
  big: Set<string>;
  /** The block cap of name and address keys, from the workspace's size when the import began. */
  cap?: number;
}

export function batchMemo(): BatchMemo {
  return { big: new Set() };
}

export interface BatchOptions {
  /** Lowest match probability that counts (default 0.9, an import's). */
  minScore?: number;
  /** The country of phone numbers without a country code. */
  defaultCountry?: string;
  /**
   * A name or address key shared by more records than this (stored ones, or of the batch)
   * blocks nothing: it says too little (a common surname's sound, a street in a big city)
   * and would compare each record with thousands. The records still meet through their
   * other keys (email, phone, customer number, birthday). Default: the scan's cap for the
   * workspace's size (100 up to 50,000 records, 40 from about 300,000 on).
   */
  blockCap?: number;
  /** Kept across the batches of one import (see BatchMemo). */
  memo?: BatchMemo;
}

/**
 * Keys per look-up statement: each key reads at most cap + 1 rows, so a statement stays well
 * inside a tenant transaction's time limit even on a big, busy workspace.
 */
const keysPerStatement = 2000;

const text = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/**
 * For each record, its best match at or above minScore: a stored record of the workspace,
 * or an earlier record of the same batch (so that a file's repeated rows become one record).
 */
export async function matchBatch(
  tx: Db,
  workspaceId: string,
  type: RecordType,
  records: CandidateInput[],
  options: BatchOptions = {},
): Promise<BatchMatch[]> {
  const minScore = options.minScore ?? 0.9;
  const memo = options.memo ?? batchMemo();
  memo.cap ??= options.blockCap ?? blockCap(await recordCount(tx, workspaceId, type));
  const nameCap = memo.cap;
  const capOf = (key: string) => (identifyingKinds.includes(key[0]) ? Math.min(identifyingCap, nameCap) : nameCap);
  const big = memo.big;
  const out: BatchMatch[] = records.map(() => ({ id: null, earlier: null, score: 0 }));
  if (records.length === 0) return out;
  const probes: Prepared[] = records.map((record, i) => prepare(String(i), record, options.defaultCountry ?? 'DE'));
  const rows = records.map((record, i) => ({
    i,
    first_name: text(record.firstName),
    last_name: text(record.lastName),
    name: text(record.name),
    website: text(record.website),
    emails: probes[i].emails,
    phones: probes[i].phones,
    addresses: (record.addresses ?? []).map((a) => ({ street: a.street ?? null, postalCode: a.postalCode ?? null })),
    birthday: text(record.birthday),
    customer_number: text(record.customerNumber),
    external_id: text(record.externalId),
  }));
  const keysOf =
    type === 'contacts'
      ? sql.raw(`farley_contact_match_keys(p.first_name, p.last_name, p.emails, p.phones, p.addresses, p.birthday,
          p.customer_number, p.external_id)`)
      : sql.raw(`farley_company_match_keys(p.name, p.website, p.emails, p.phones, p.addresses, p.customer_number,
          p.external_id)`);
  // The keys by the same SQL functions the indexes of migration 0023 hold.
  const { rows: keyed } = await sql<{ i: number; keys: string[] }>`
    select p.i, ${keysOf} as keys
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as p(i int, first_name text, last_name text, name text,
        website text, emails text[], phones text[], addresses jsonb, birthday date, customer_number text, external_id text)`.execute(
    tx,
  );
  const byKey = new Map<string, number[]>();
  // In the batch's order, so that each list of a key holds earlier records first.
  keyed.sort((x, y) => x.i - y.i);
  for (const { i, keys } of keyed)
    for (const key of new Set(keys)) {
      const list = byKey.get(key);
      if (list) list.push(i);
      else byKey.set(key, [i]);
    }
  const model = await modelOf(tx, workspaceId, type);
  const consider = (i: number, match: Omit<BatchMatch, 'score'>, score: number) => {
    if (score < minScore) return;
    const best = out[i];
    // The higher score wins; at the same score a stored record before one of the batch.
    if (score > best.score || (score === best.score && match.id !== null && best.id === null))
      out[i] = { ...match, score: round(score) };
  };
  // Only the score counts here (findCandidates' reasons are not needed).
  const score = (a: Prepared, b: Prepared) => probability(comparePair(model, a, b).weight);

  // Stored records: the ids of at most cap + 1 per key (one more tells a too-big block), then
  // the fields of each id once, however many keys lead to it.
  const lookup = [...byKey.keys()].filter((key) => !big.has(key));
  const idsOf = new Map<string, string[]>();
  for (let start = 0; start < lookup.length; start += keysPerStatement) {
    const keys = lookup.slice(start, start + keysPerStatement);
    const found = await withKeyPlan(tx, () =>
      sql<{ key: string; id: string }>`
        select k.key, c.id from unnest(${keys}::text[], ${keys.map(capOf)}::int[]) as k(key, cap)
          cross join lateral (
            select id from ${sql.table(type)}
             where workspace_id = ${workspaceId} and deleted_at is null and ${sql.raw(indexedKeys[type])} && ${scopedKeys(workspaceId, sql`array[k.key]`)}
             limit k.cap + 1) c`.execute(tx),
    );
    for (const { key, id } of found.rows) {
      const list = idsOf.get(key);
      if (list) list.push(id);
      else idsOf.set(key, [id]);
    }
  }
  const wanted = new Set<string>();
  for (const [key, ids] of idsOf) {
    if (ids.length > capOf(key)) {
      big.add(key);
      idsOf.delete(key);
    } else for (const id of ids) wanted.add(id);
  }
  const prepared = new Map<string, Prepared>();
  if (wanted.size) {
    const { rows: stored } = await sql<MatchRow>`
      select ${sql.raw(matchColumns[type])} from ${sql.table(type)}
       where workspace_id = ${workspaceId} and id = any(${[...wanted]}::uuid[]) and deleted_at is null`.execute(tx);
    for (const row of stored) prepared.set(row.id, prepareRow(type, row));
  }
  const compared = new Set<string>();
  for (const [key, ids] of idsOf)
    for (const id of ids) {
      const b = prepared.get(id);
      if (!b) continue;
      for (const i of byKey.get(key) ?? []) {
        const pair = `${i}:${id}`;
        if (compared.has(pair)) continue;
        compared.add(pair);
        consider(i, { id, earlier: null }, score(probes[i], b));
      }
    }

  // The batch's own records: each with the earlier ones it shares a key with.
  const pairs = new Set<number>();
  for (const [key, list] of byKey) {
    if (list.length < 2 || list.length > capOf(key)) continue;
    for (let x = 1; x < list.length; x++)
      for (let y = 0; y < x; y++) {
        const [i, j] = [list[x], list[y]];
        const pair = i * records.length + j;
        if (pairs.has(pair)) continue;
        pairs.add(pair);
        consider(i, { id: null, earlier: j }, score(probes[i], probes[j]));
      }
  }
  return out;
}

async function recordCount(tx: Db, workspaceId: string, type: RecordType): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(type)}
    where workspace_id = ${workspaceId} and deleted_at is null`.execute(tx);
  return rows[0].n;
}

/**
 * Runs a look-up by match keys with the planner told what computing a row's keys costs.
 * A PL/pgSQL function counts as 100 operators by default; with few statistics on the table
 * the planner then prefers to read the workspace's rows through a btree index and compute
 * every row's keys, for every key looked up. Priced at a whole unit per operator for this
 * statement, computing keys row by row is the costly path it is, and the GIN index of the
 * keys is used — as long as the statistics say how many rows the workspace holds (an import
 * keeps them current: statisticsKeeper in imports.run.ts). The setting is put back for the
 * rest of the transaction; after a failure the transaction (or its savepoint) is rolled back
 * with it, and no statement is sent that would hide the failure behind "current transaction
 * is aborted".
 */
async function withKeyPlan<T>(tx: Db, work: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ cost: string }>`
    select current_setting('cpu_operator_cost') as cost, set_config('cpu_operator_cost', '1', true)`.execute(tx);
  const result = await work();
  await sql`select set_config('cpu_operator_cost', ${rows[0].cost}, true)`.execute(tx);
  return result;
}
