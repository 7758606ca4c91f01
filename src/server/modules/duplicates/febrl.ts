// FEBRL (Christen's synthetic record-linkage data, ../shared/data/febrl) as contacts, for the
// matcher's quality test: the field mapping, written through the contacts
// repository in batches (bench/dedup.ts loads the files through `farley import` instead).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';
import { contactSearchText } from '../contacts/contacts.service.ts';

export interface FebrlRecord {
  recId: string;
  /** The person behind the record: rec-12-org and rec-12-dup-0 share entity 12. */
  entity: string;
  firstName: string;
  lastName: string;
  street: string;
  postalCode: string;
  city: string;
  region: string;
  birthday: string | null;
  externalId: string;
}

/** The shared data folder: next to the repository, or /work/shared/data. */
export function sharedDataDir(root = process.cwd()): string {
  const beside = path.resolve(root, '..', 'shared', 'data');
  return existsSync(beside) ? beside : '/work/shared/data';
}

/** A FEBRL date (YYYYMMDD) as ISO, or null when it is not a real date from 1900 to today. */
export function febrlDate(value: string): string | null {
  if (!/^\d{8}$/.test(value)) return null;
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return null;
  if (iso < '1900-01-01' || iso > new Date().toISOString().slice(0, 10)) return null;
  return iso;
}

export function readFebrl(file: string): FebrlRecord[] {
  const rows: Record<string, string>[] = parse(readFileSync(file), {
    columns: true,
    trim: true,
    skip_empty_lines: true,
  });
  return rows.map((row) => ({
    recId: row.rec_id,
    entity: row.rec_id.split('-')[1],
    firstName: row.given_name ?? '',
    lastName: row.surname ?? '',
    street: [row.street_number, row.address_1].filter(Boolean).join(' '),
    postalCode: row.postcode ?? '',
    city: row.suburb ?? '',
    region: row.state ?? '',
    birthday: febrlDate(row.date_of_birth ?? ''),
    externalId: row.soc_sec_id ?? '',
  }));
}

/** Writes the records as contacts of the workspace; returns the contact id of each rec_id. */
export async function loadFebrl(
  tx: Db,
  workspaceId: string,
  records: FebrlRecord[],
  options: { externalId: boolean },
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await sql`select set_config('statement_timeout', '0', true)`.execute(tx);
  for (let start = 0; start < records.length; start += 500) {
    const rows = records.slice(start, start + 500).map((r) => {
      const id = newId();
      ids.set(id, r.recId);
      const address = {
        street: r.street || null,
        postalCode: r.postalCode || null,
        city: r.city || null,
        region: r.region || null,
        country: 'AU',
        label: null,
        primary: true,
      };
      const row = {
        workspace_id: workspaceId,
        id,
        first_name: r.firstName || null,
        last_name: r.lastName,
        addresses: JSON.stringify(r.street || r.postalCode || r.city ? [address] : []),
        birthday: r.birthday,
        external_id: options.externalId && r.externalId ? r.externalId : null,
        cities: r.city ? [r.city] : [],
        postal_codes: r.postalCode ? [r.postalCode] : [],
      };
      return { ...row, search_text: contactSearchText(row) };
    });
    await tx.insertInto('contacts').values(rows).execute();
  }
  return ids;
}

/** The true duplicate pairs: records of one entity (for linkage, only pairs across the two files). */
export function truePairs(records: FebrlRecord[], across?: (a: FebrlRecord, b: FebrlRecord) => boolean): Set<string> {
  const byEntity = new Map<string, FebrlRecord[]>();
  for (const r of records) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r]);
  const pairs = new Set<string>();
  for (const group of byEntity.values())
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++)
        if (!across || across(group[i], group[j])) pairs.add(pairKey(group[i].recId, group[j].recId));
  return pairs;
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

export interface Quality {
  truePairs: number;
  found: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

export function quality(truth: Set<string>, found: Set<string>): Quality {
  let tp = 0;
  for (const pair of found) if (truth.has(pair)) tp++;
  const precision = found.size ? tp / found.size : 1;
  const recall = truth.size ? tp / truth.size : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { truePairs: truth.size, found: found.size, truePositives: tp, precision, recall, f1 };
}
