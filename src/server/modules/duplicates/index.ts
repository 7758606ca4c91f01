// The duplicate matcher's entry points for other modules: candidates for one record (the check
// while typing, an import's matching) and the model a workspace has learned.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { type CandidateInput, type Prepared, prepare, type RecordType } from './compare.ts';
import { comparePair, type Model, priorModel, probability, reasonsOf, scorePair } from './model.ts';

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

/** The key expressions exactly as the indexes of migration 0023 hold them. */
export const keyExpression: Record<RecordType, string> = {
  contacts:
    'farley_contact_match_keys(first_name, last_name, email_list, phone_list, addresses, birthday, customer_number, external_id)',
  companies:
    'farley_company_match_keys(name, website, email_list, phone_list, addresses, customer_number, external_id)',
};

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
  const model = (row?.model as Model | undefined) ?? priorModel(type);
  modelCache.set(cacheKey, { model, at: Date.now() });
  return model;
}

export function rememberModel(workspaceId: string, type: RecordType, model: Model): void {
  modelCache.set(`${workspaceId}:${type}`, { model, at: Date.now() });
}

const text = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/** The most rows one check compares; blocking keys are narrow enough that real matches come first. */
const blockLimit = 400;

/**
 * Records of the workspace that may be the same as `record`, best first: the blocking keys of
 * the record (computed by the same SQL function the index holds) find the rows sharing one in
 * one index scan, then each is scored.
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
  const { rows } = await sql<MatchRow>`select ${sql.raw(matchColumns[type])} from ${sql.table(type)}
       where workspace_id = ${workspaceId} and deleted_at is null
         and ${sql.raw(keyExpression[type])} && ${keys}
         ${exclude.length ? sql`and id <> all(${exclude}::uuid[])` : sql``}
       limit ${blockLimit}`.execute(tx);
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
