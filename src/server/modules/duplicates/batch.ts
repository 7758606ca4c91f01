// The matcher for many records at once (an import's batch): the blocking keys of all of them
// in one statement, the stored records sharing each key in a second, the records of the
// batch compared with each other by the same keys, and every pair scored here by the
// workspace's model, as findCandidates scores one record's candidates.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { type CandidateInput, type Prepared, prepare, type RecordType } from './compare.ts';
import { keyExpression, type MatchRow, matchColumns, modelOf, prepareRow, round } from './index.ts';
import { scorePair } from './model.ts';

export interface BatchMatch {
  /** The best stored record at or above the lowest score, or null. */
  id: string | null;
  /** Else the best earlier record of the batch (its index), or null. */
  earlier: number | null;
  score: number;
}

export interface BatchOptions {
  /** Lowest match probability that counts (default 0.9, an import's). */
  minScore?: number;
  /** The country of phone numbers without a country code. */
  defaultCountry?: string;
  /**
   * A key shared by more records than this (stored ones, or of the batch) blocks nothing: it
   * says too little (a street in a big city) and would compare each record with thousands.
   * The records still meet through their other keys (email, phone, name sound, birthday).
   */
  blockCap?: number;
}

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
  const cap = options.blockCap ?? 100;
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

  // Stored records: per key at most cap + 1 rows, one index probe per distinct key.
  const { rows: stored } = await sql<MatchRow & { key: string }>`
    select k.key, c.* from unnest(${[...byKey.keys()]}::text[]) as k(key)
      cross join lateral (
        select ${sql.raw(matchColumns[type])} from ${sql.table(type)}
         where workspace_id = ${workspaceId} and deleted_at is null and ${sql.raw(keyExpression[type])} && array[k.key]
         limit ${cap + 1}) c`.execute(tx);
  const perKey = new Map<string, MatchRow[]>();
  for (const row of stored) {
    const list = perKey.get(row.key);
    if (list) list.push(row);
    else perKey.set(row.key, [row]);
  }
  const prepared = new Map<string, Prepared>();
  const compared = new Set<string>();
  for (const [key, list] of perKey) {
    if (list.length > cap) continue;
    for (const row of list) {
      let b = prepared.get(row.id);
      if (!b) {
        b = prepareRow(type, row);
        prepared.set(row.id, b);
      }
      for (const i of byKey.get(key) ?? []) {
        const pair = `${i}:${row.id}`;
        if (compared.has(pair)) continue;
        compared.add(pair);
        consider(i, { id: row.id, earlier: null }, scorePair(model, probes[i], b).score);
      }
    }
  }

  // The batch's own records: each with the earlier ones it shares a key with.
  const pairs = new Set<number>();
  for (const list of byKey.values()) {
    if (list.length < 2 || list.length > cap) continue;
    for (let x = 1; x < list.length; x++)
      for (let y = 0; y < x; y++) {
        const [i, j] = [list[x], list[y]];
        const pair = i * records.length + j;
        if (pairs.has(pair)) continue;
        pairs.add(pair);
        consider(i, { id: null, earlier: j }, scorePair(model, probes[i], probes[j]).score);
      }
  }
  return out;
}
