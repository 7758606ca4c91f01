// The data-quality score: kept on each contact and company by every write (refreshQuality,
// in the writing transaction), for a whole workspace by the daily job and after an import
// (refreshWorkspaceQuality), and summed up for the workspace's overview.
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import type { Actor } from '../../platform/http/actor.ts';
import {
  qualityTypes,
  type QualityOverview,
  type QualityReason,
  type QualityType,
  type TypeOverview,
} from '../../../contract/quality.ts';
import type { FieldWarning } from '../../../contract/problems.ts';
import { scoreRecord, type Score, type ScoredRow } from './quality.score.ts';
import * as repo from './quality.repository.ts';

/** Records scored per transaction when a whole workspace is scored. */
const chunkSize = 1000;

/** Scores rows and writes those whose score changed; returns every row's score. */
async function scoreRows(tx: Db, table: QualityType, rows: repo.FactRow[], now: Date) {
  const scores = new Map<string, Score>();
  const changed: Array<{ id: string; quality: number; reasons: QualityReason[] }> = [];
  for (const row of rows) {
    const score = scoreRecord(table, row, {
      hasCompany: row.has_company,
      possibleDuplicate: row.possible_duplicate,
      bouncedEmail: row.bounced_email,
      now,
    });
    scores.set(row.id, score);
    if (row.quality !== score.quality || row.quality_reasons.join(',') !== score.reasons.join(','))
      changed.push({ id: row.id, ...score });
  }
  await repo.writeScores(tx, table, changed);
  return scores;
}

/**
 * Scores the given records of the caller's workspace anew, in the caller's transaction: after
 * a write of the record, or of what its score reads (a contact's companies). Returns the
 * scores, for the answer to the write.
 */
export async function refreshQuality(
  tx: Db,
  table: QualityType,
  ids: string[],
  now = new Date(),
): Promise<Map<string, Score>> {
  if (ids.length === 0) return new Map();
  return scoreRows(tx, table, await repo.rowsToScore(tx, table, { ids }), now);
}

type Listed<T> = T[] | string | undefined;

/** A list column as a write carries it (JSON text, see normalizeReach) or as it was read. */
function listOf<T>(written: Listed<T>, current: T[] | undefined): T[] {
  if (typeof written === 'string') return JSON.parse(written) as T[];
  return written ?? current ?? [];
}

/**
 * The score columns of a write, computed before it so that one statement writes the record
 * with its score: from the record as it will be (`current` with `values` over it) and, for
 * a record that exists already, its companies and duplicate pairs.
 */
export async function scoreOfWrite(
  tx: Db,
  table: QualityType,
  current: Partial<ScoredRow> & { id?: string },
  values: Record<string, unknown>,
  now = new Date(),
): Promise<{ quality: number; quality_reasons: QualityReason[] }> {
  const facts = current.id
    ? await repo.factsOf(tx, table, current.id)
    : { has_company: false, possible_duplicate: false };
  const merged = { ...current, ...values } as Partial<ScoredRow>;
  const row: ScoredRow = {
    ...merged,
    emails: listOf(values.emails as Listed<ScoredRow['emails'][number]>, current.emails),
    phones: listOf(values.phones as Listed<ScoredRow['phones'][number]>, current.phones),
    addresses: listOf(values.addresses as Listed<ScoredRow['addresses'][number]>, current.addresses),
    owner_id: merged.owner_id ?? null,
    last_activity_at: merged.last_activity_at ?? null,
    updated_at: now,
  };
  const score = scoreRecord(table, row, {
    hasCompany: facts.has_company,
    possibleDuplicate: facts.possible_duplicate,
    // Against the addresses as written: a changed address is a new chance.
    bouncedEmail: await repo.anyBounced(
      tx,
      row.emails.map((e) => e.email.toLowerCase()),
    ),
    now,
  });
  return { quality: score.quality, quality_reasons: score.reasons };
}

/** A written row with its new score (what refreshQuality found), for the answer to the write. */
export async function scored<R extends { id: string; quality: number | null; quality_reasons: string[] }>(
  tx: Db,
  table: QualityType,
  row: R,
): Promise<R> {
  const score = (await refreshQuality(tx, table, [row.id])).get(row.id);
  return score ? { ...row, quality: score.quality, quality_reasons: score.reasons } : row;
}

/** The warnings of a write beside the record it answers with, when there are any. */
export function withWarnings<T extends object>(record: T, warnings: FieldWarning[]): T & { warnings?: FieldWarning[] } {
  return warnings.length ? { ...record, warnings } : record;
}

/**
 * Scores every live record of a workspace (or of one type) anew, a chunk per transaction,
 * and keeps today's snapshot of the averages. The daily job calls it; so may an import when
 * it is done. Returns how many records were scored.
 */
export async function refreshWorkspaceQuality(
  ctx: AppContext,
  workspaceId: string,
  types: readonly QualityType[] = qualityTypes,
  now = new Date(),
): Promise<number> {
  let scored = 0;
  for (const table of types) {
    let afterId: string | null = null;
    for (;;) {
      const count: { rows: number; last: string | null } = await inTenant(ctx.db.app, { workspaceId }, async (tx) => {
        const rows = await repo.rowsToScore(tx, table, { afterId, limit: chunkSize });
        await scoreRows(tx, table, rows, now);
        return { rows: rows.length, last: rows.at(-1)?.id ?? null };
      });
      scored += count.rows;
      if (count.rows < chunkSize || !count.last) break;
      afterId = count.last;
    }
    await inTenant(ctx.db.app, { workspaceId }, async (tx) => {
      await repo.saveSnapshot(tx, workspaceId, table, now.toISOString().slice(0, 10), await repo.aggregates(tx, table));
    });
  }
  return scored;
}

/** The daily job: every workspace's records scored for freshness, and the day's snapshot kept. */
export async function refreshAllQuality(ctx: AppContext, now = new Date()): Promise<number> {
  const workspaces = await acrossWorkspaces(ctx.db.owner, (tx) => tx.selectFrom('workspaces').select('id').execute());
  let scored = 0;
  for (const { id } of workspaces) scored += await refreshWorkspaceQuality(ctx, id, qualityTypes, now);
  return scored;
}

const bucketBounds: Array<[number, number]> = [
  [0, 19],
  [20, 39],
  [40, 59],
  [60, 79],
  [80, 100],
];

/** The days of the trend: this many back from today. */
const trendDays = 90;

async function typeOverview(tx: Db, table: QualityType, today: string, since: string): Promise<TypeOverview> {
  const a = await repo.aggregates(tx, table);
  const history = await repo.snapshots(tx, table, since);
  const trend = history
    .filter((row) => String(row.day) !== today)
    .map((row) => ({ day: String(row.day), average: Number(row.average) }));
  if (a.average !== null) trend.push({ day: today, average: Number(a.average) });
  return {
    records: a.records,
    scored: a.scored,
    average: a.average === null ? null : Number(a.average),
    belowSixty: a.below_60,
    buckets: bucketBounds.map(([from, to], i) => ({ from, to, count: a.buckets[i] ?? 0 })),
    problems: await repo.reasonCounts(tx, table),
    trend,
  };
}

export function qualityService(ctx: AppContext) {
  return {
    overview: (actor: Actor, now = new Date()): Promise<QualityOverview> =>
      inTenant(ctx.db.app, actor, async (tx) => {
        const today = now.toISOString().slice(0, 10);
        const since = new Date(now.getTime() - trendDays * 86_400_000).toISOString().slice(0, 10);
        return {
          contacts: await typeOverview(tx, 'contacts', today, since),
          companies: await typeOverview(tx, 'companies', today, since),
          openDuplicatePairs: await repo.openDuplicatePairs(tx),
        };
      }),
  };
}
