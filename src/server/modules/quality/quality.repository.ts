// SQL of the data-quality score: the rows a score reads (with the facts from other tables),
// writing scores back, the overview's aggregates and the daily snapshots.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { QualityReason, QualityType } from '../../../contract/quality.ts';
import type { ScoredRow } from './quality.score.ts';

/** A pair of the duplicate matcher at least this likely makes both records suspect. */
export const duplicateScore = 0.8;

export interface FactRow extends ScoredRow {
  id: string;
  quality: number | null;
  quality_reasons: string[];
  has_company: boolean;
  possible_duplicate: boolean;
  bounced_email: boolean;
}

/** Whether mail to one of the record's addresses came back for good (a hard bounce, 0050). */
const bouncedFact = sql<boolean>`exists (select 1 from email_bounces b
    where b.workspace_id = r.workspace_id and b.address = any(r.email_list))`;

function duplicateFact(table: QualityType) {
  return sql<boolean>`exists (select 1 from duplicate_pairs p
    where p.workspace_id = r.workspace_id and p.type = ${table} and p.status = 'open'
      and p.score >= ${duplicateScore} and (p.a_id = r.id or p.b_id = r.id))`;
}

function companyFact(table: QualityType) {
  if (table === 'companies') return sql<boolean>`false`;
  return sql<boolean>`exists (select 1 from affiliations a
    join companies co on co.workspace_id = a.workspace_id and co.id = a.company_id and co.deleted_at is null
    where a.workspace_id = r.workspace_id and a.contact_id = r.id)`;
}

/** The live rows to score: by ids, or a page of the table after `afterId` in id order. */
export async function rowsToScore(
  tx: Db,
  table: QualityType,
  which: { ids: string[] } | { afterId: string | null; limit: number },
): Promise<FactRow[]> {
  const own =
    table === 'contacts'
      ? sql.raw('r.first_name, r.lifecycle_stage, null as website, null as industry')
      : sql.raw('null as first_name, null as lifecycle_stage, r.website, r.industry');
  const where =
    'ids' in which
      ? sql`r.id = any(${which.ids}::uuid[])`
      : which.afterId
        ? sql`r.id > ${which.afterId}::uuid`
        : sql`true`;
  const limit = 'ids' in which ? sql`` : sql`order by r.id limit ${which.limit}`;
  const { rows } = await sql<FactRow>`
    select r.id, ${own}, r.emails, r.phones, r.addresses, r.owner_id, r.last_activity_at, r.updated_at,
      r.quality, r.quality_reasons,
      ${companyFact(table)} as has_company, ${duplicateFact(table)} as possible_duplicate,
      ${bouncedFact} as bounced_email
    from ${sql.table(table)} r
    where r.deleted_at is null and ${where} ${limit}`.execute(tx);
  return rows;
}

/** Whether mail to one of these addresses came back for good. */
export async function anyBounced(tx: Db, addresses: string[]): Promise<boolean> {
  if (addresses.length === 0) return false;
  const row = await tx
    .selectFrom('email_bounces')
    .select('address')
    .where('address', 'in', addresses)
    .executeTakeFirst();
  return row !== undefined;
}

/** What a record's score reads from other tables. */
export async function factsOf(tx: Db, table: QualityType, id: string) {
  const { rows } = await sql<{ has_company: boolean; possible_duplicate: boolean }>`
    select ${companyFact(table)} as has_company, ${duplicateFact(table)} as possible_duplicate
    from ${sql.table(table)} r where r.id = ${id}`.execute(tx);
  return rows[0] ?? { has_company: false, possible_duplicate: false };
}

/** Writes scores; neither version nor updated_at change: a score is derived, not an edit. */
export async function writeScores(
  tx: Db,
  table: QualityType,
  scores: Array<{ id: string; quality: number; reasons: QualityReason[] }>,
): Promise<void> {
  if (scores.length === 0) return;
  await sql`
    update ${sql.table(table)} r set quality = s.quality, quality_reasons = s.reasons
    from (select * from jsonb_to_recordset(${JSON.stringify(scores)}::jsonb)
          as x(id uuid, quality smallint, reasons text[])) s
    where r.id = s.id`.execute(tx);
}

export interface Aggregates {
  records: number;
  scored: number;
  average: string | null;
  below_60: number;
  buckets: number[];
}

/** Count, average and the five buckets of a type's live records. */
export async function aggregates(tx: Db, table: QualityType): Promise<Aggregates> {
  const { rows } = await sql<Aggregates>`
    select count(*)::int as records, count(quality)::int as scored,
      round(avg(quality), 1)::text as average,
      count(*) filter (where quality < 60)::int as below_60,
      array[count(*) filter (where quality < 20), count(*) filter (where quality between 20 and 39),
            count(*) filter (where quality between 40 and 59), count(*) filter (where quality between 60 and 79),
            count(*) filter (where quality >= 80)]::int[] as buckets
    from ${sql.table(table)} where deleted_at is null`.execute(tx);
  return rows[0]!;
}

/** How many live records name each reason, most first. */
export async function reasonCounts(tx: Db, table: QualityType) {
  const { rows } = await sql<{ reason: QualityReason; count: number }>`
    select reason, count(*)::int as count
    from ${sql.table(table)}, unnest(quality_reasons) reason
    where deleted_at is null group by reason order by count desc, reason`.execute(tx);
  return rows;
}

export async function snapshots(tx: Db, table: QualityType, sinceDay: string) {
  return tx
    .selectFrom('quality_snapshots')
    .select(['day', 'average'])
    .where('type', '=', table)
    .where('day', '>=', sinceDay)
    .orderBy('day')
    .execute();
}

export async function saveSnapshot(tx: Db, workspaceId: string, table: QualityType, day: string, a: Aggregates) {
  if (a.average === null) return;
  await tx
    .insertInto('quality_snapshots')
    .values({
      workspace_id: workspaceId,
      type: table,
      day,
      average: a.average,
      records: a.scored,
      below_60: a.below_60,
    })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'type', 'day']).doUpdateSet({
        average: a.average as string,
        records: a.scored,
        below_60: a.below_60,
      }),
    )
    .execute();
}

export async function openDuplicatePairs(tx: Db): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from duplicate_pairs where status = 'open'`.execute(tx);
  return rows[0]?.count ?? 0;
}
