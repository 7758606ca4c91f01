// The duplicate matcher's entry points for other modules: candidates for one record (the check
// while typing, an import's matching) and the model a workspace has learned.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { onePlan } from '../../platform/db/intent.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { type CandidateInput, type Prepared, prepare, type RecordType } from './compare.ts';
import { checkedModel, comparePair, type Model, priorModel, probability, reasonsOf, scorePair } from './model.ts';

export type { CandidateInput, RecordType } from './compare.ts';

export interface Candidate {
  id: string;
  score: number;
  reasons: string[];
}

export interface CandidateOptions {
  /** Lowest match probability returned (default 0.5). */
  minScore?: number;
  /** Most candidates returned, best first (default 10). */
  limit?: number;
  excludeIds?: string[];
}

/** The stored row a record is compared by, as the blocking and scan queries select it. */
export interface MatchRow {
  id: string;
  first_name?: string | null;
  last_name?: string | null;
  name?: string | null;
  website?: string | null;
  email_list: string[];
  phone_list: string[];
  addresses: Array<{ street?: string | null; postalCode?: string | null; city?: string | null }> | null;
  birthday?: string | null;
  customer_number: string | null;
  external_id: string | null;
}

/** A record's blocking keys (migration 0023), the same for a record in any workspace. */
export const keyExpression: Record<RecordType, string> = {
  contacts:
    'farley_contact_match_keys(first_name, last_name, email_list, phone_list, addresses, birthday, customer_number, external_id)',
  companies:
    'farley_company_match_keys(name, website, email_list, phone_list, addresses, customer_number, external_id)',
};

/**
 * The keys exactly as the indexes hold them (migration 0029): each prefixed with the record's
 * workspace id. A query finds the records sharing a key through the index with
 * `${indexedKeys[type]} && scopedKeys(workspaceId, keys)`; the bare keyExpression cannot use it.
 */
export const indexedKeys: Record<RecordType, string> = {
  contacts: `farley_scoped(workspace_id, ${keyExpression.contacts})`,
  companies: `farley_scoped(workspace_id, ${keyExpression.companies})`,
};

/** Keys (an SQL text[]) in the form the match-key indexes hold them for the workspace. */
export function scopedKeys(workspaceId: string, keys: RawBuilder<unknown>) {
  return sql`farley_scoped(${workspaceId}::uuid, ${keys})`;
}

export const matchColumns: Record<RecordType, string> = {
  contacts: 'id, first_name, last_name, email_list, phone_list, addresses, birthday, customer_number, external_id',
  companies: 'id, name, website, email_list, phone_list, addresses, customer_number, external_id',
};

export function prepareRow(type: RecordType, row: MatchRow): Prepared {
  return prepare(row.id, {
    firstName: row.first_name,
    lastName: row.last_name,
    name: type === 'companies' ? row.name : null,
    website: row.website,
    emails: row.email_list,
    phones: row.phone_list,
    addresses: row.addresses,
    birthday: row.birthday,
    customerNumber: row.customer_number,
    externalId: row.external_id,
  });
}

const modelCache = new Map<string, { model: Model; at: number }>();
const modelTtlMs = 60_000;

/** The workspace's learned model (from its last scan), or the priors. */
export async function modelOf(tx: Db, workspaceId: string, type: RecordType): Promise<Model> {
  const cacheKey = `${workspaceId}:${type}`;
  const cached = modelCache.get(cacheKey);
  if (cached && Date.now() - cached.at < modelTtlMs) return cached.model;
  const row = await tx
    .selectFrom('duplicate_models')
    .select('model')
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', type)
    .executeTakeFirst();
  const stored = row?.model as Model | undefined;
  const model = stored ? checkedModel(stored) : priorModel(type);
  modelCache.set(cacheKey, { model, at: Date.now() });
  return model;
}

export function rememberModel(workspaceId: string, type: RecordType, model: Model): void {
  modelCache.set(`${workspaceId}:${type}`, { model, at: Date.now() });
}

const text = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/**
 * Key kinds (the first letter of a key, see migration 0023) that identify a record by
 * themselves: email, phone, customer number, external id, a company's domain. Shared by more
 * than identifyingCap records, such a key is a switchboard or a role address and blocks
 * nothing: the scan leaves its block out, the check reads no more of it.
 */
export const identifyingKinds = ['e', 'p', 'c', 'x', 'd'];
export const identifyingCap = 30;

/**
 * The most rows one name or address key of the check brings. A GIN index answers a key with
 * its whole block, in no useful order: in a large workspace the sound of a common surname
 * holds thousands of records, and one bound for all keys let such a block crowd out the record
 * sharing the email address. Each key gets its own bound instead (identifyingCap for the
 * identifying kinds). What a record in such a block shares besides the name (email, phone,
 * street, birthday) has a key of its own, which finds it; sharing a name this common and
 * nothing else, it rarely scores high enough to show.
 */
const blockLimit = 50;

/**
 * Records of the workspace that may be the same as `record`, best first: the blocking keys of
 * the record (computed by the same SQL function the index holds) find the rows sharing one,
 * each key through its own index scan with its own bound, then each row is scored.
 */
export async function findCandidates(
  tx: Db,
  workspaceId: string,
  type: RecordType,
  record: CandidateInput,
  options: CandidateOptions = {},
): Promise<Candidate[]> {
  const needsCountry = (record.phones ?? []).some((p) =>
    typeof p === 'string' ? !p.startsWith('+') : !p.e164 && !p.number.startsWith('+'),
  );
  const country = needsCountry ? (await workspaceSettings(tx, workspaceId)).defaultCountry : 'DE';
  const probe = prepare('', record, country);
  const addresses = JSON.stringify(
    (record.addresses ?? []).map((a) => ({ street: a.street ?? null, postalCode: a.postalCode ?? null })),
  );
  const keys =
    type === 'contacts'
      ? sql`farley_contact_match_keys(${text(record.firstName)}::text, ${text(record.lastName)}::text,
          ${probe.emails}::text[], ${probe.phones}::text[], ${addresses}::jsonb, ${text(record.birthday)}::date,
          ${text(record.customerNumber)}::text, ${text(record.externalId)}::text)`
      : sql`farley_company_match_keys(${text(record.name)}::text, ${text(record.website)}::text,
          ${probe.emails}::text[], ${probe.phones}::text[], ${addresses}::jsonb,
          ${text(record.customerNumber)}::text, ${text(record.externalId)}::text)`;
  const exclude = options.excludeIds ?? [];
  const model = await modelOf(tx, workspaceId, type);
  const block = (limit: number) => sql`cross join lateral (
      select ${sql.raw(matchColumns[type])} from ${sql.table(type)}
       where workspace_id = ${workspaceId} and deleted_at is null
         and ${sql.raw(indexedKeys[type])} && ${scopedKeys(workspaceId, sql`array[k.key]`)}
         and id <> all(${exclude}::uuid[])
       limit ${limit}) m`;
  // One statement, the same plan whatever the values: planned once per connection.
  const { rows: found } = await onePlan(sql<MatchRow>`
    with k as materialized (select key from unnest(${keys}) key)
    select m.* from k ${block(identifyingCap)} where left(k.key, 1) = any(${identifyingKinds}::text[])
    union all
    select m.* from k ${block(blockLimit)} where left(k.key, 1) <> all(${identifyingKinds}::text[])`).execute(tx);
  const seen = new Set<string>();
  const rows = found.filter((row) => !seen.has(row.id) && seen.add(row.id));
  const minScore = options.minScore ?? 0.5;
  const candidates: Candidate[] = [];
  for (const row of rows) {
    const { score, reasons } = scorePair(model, probe, prepareRow(type, row));
    if (score >= minScore) candidates.push({ id: row.id, score: round(score), reasons });
  }
  candidates.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
  return candidates.slice(0, options.limit ?? 10);
}

export function round(score: number): number {
  return Math.round(score * 10_000) / 10_000;
}

/** Pairs scoring below this are not kept by a scan: too unlikely to show even with a low minimum score. */
export const keepFloor = 0.3;

export interface ScoredPair {
  a: string;
  b: string;
  score: number;
  reasons: string[];
}

/**
 * Scores candidate pairs in bulk (a scan's batch, or an import matching many records at once):
 * `rows` holds every record the pairs name; pairs from `minScore` (default keepFloor) up come back.
 */
export function scoreBatch(
  type: RecordType,
  model: Model,
  pairs: Array<{ a_id: string; b_id: string }>,
  rows: MatchRow[],
  minScore = keepFloor,
): ScoredPair[] {
  const prepared = new Map<string, Prepared>();
  for (const row of rows) prepared.set(row.id, prepareRow(type, row));
  const found: ScoredPair[] = [];
  for (const pair of pairs) {
    const a = prepared.get(pair.a_id);
    const b = prepared.get(pair.b_id);
    if (!a || !b) continue;
    const result = comparePair(model, a, b);
    const score = probability(result.weight);
    if (score >= minScore)
      found.push({
        a: pair.a_id,
        b: pair.b_id,
        score: round(score),
        reasons: reasonsOf(type, result.levels, result.swapped),
      });
  }
  return found;
}
