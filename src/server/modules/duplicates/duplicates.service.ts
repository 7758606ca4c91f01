// Duplicates for the API and the CLI: the check while typing, the pairs of the last scan,
// dismissing a pair, and starting a scan (a pg-boss job, or in-process when jobs are off).
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant, type TenantScope } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/db/records.ts';
import { conflict, invalidCursor, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { DuplicatePair, DuplicateScan, DuplicateType, RecordSummary } from '../../../contract/duplicates.ts';
import { type CandidateInput, findCandidates } from './index.ts';
import { scanWorkspace } from './scan.ts';

/** Name, emails, phones and city of records, for showing candidates and pairs side by side. */
export async function summaries(tx: Db, type: DuplicateType, ids: string[]): Promise<Map<string, RecordSummary>> {
  if (ids.length === 0) return new Map();
  const { rows } =
    type === 'contacts'
      ? await sql<{
          id: string;
          name: string;
          email_list: string[];
          phones: Array<{ number: string }>;
          city: string | null;
          company_name: string | null;
        }>`
          select c.id, btrim(coalesce(c.first_name, '') || ' ' || c.last_name) as name, c.email_list, c.phones,
                 c.cities[1] as city,
                 (select co.name from affiliations a join companies co
                     on co.workspace_id = a.workspace_id and co.id = a.company_id
                   where a.workspace_id = c.workspace_id and a.contact_id = c.id
                   order by a.is_primary desc, a.created_at limit 1) as company_name
            from contacts c where c.id = any(${ids}::uuid[])`.execute(tx)
      : await sql<{
          id: string;
          name: string;
          email_list: string[];
          phones: Array<{ number: string }>;
          city: string | null;
          company_name: null;
        }>`
          select id, name, email_list, phones, cities[1] as city, null as company_name
            from companies where id = any(${ids}::uuid[])`.execute(tx);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        name: row.name,
        emails: row.email_list,
        phones: (row.phones ?? []).map((p) => p.number),
        city: row.city,
        companyName: row.company_name,
      },
    ]),
  );
}

export async function checkDuplicates(tx: Db, workspaceId: string, type: DuplicateType, input: CandidateInput) {
  const candidates = await findCandidates(tx, workspaceId, type, input, { minScore: 0.5, limit: 5 });
  const shown = await summaries(
    tx,
    type,
    candidates.map((c) => c.id),
  );
  return {
    candidates: candidates.flatMap((c) => {
      const record = shown.get(c.id);
      return record ? [{ ...c, record }] : [];
    }),
  };
}

interface Cursor {
  score: number;
  a: string;
  b: string;
}

function readCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value.score === 'number' && typeof value.a === 'string' && typeof value.b === 'string') {
      if (/^[0-9a-f-]{36}$/.test(value.a) && /^[0-9a-f-]{36}$/.test(value.b)) return value;
    }
  } catch {
    // falls through to the error below
  }
  throw invalidCursor();
}

/** Open pairs of live records, best first. */
export async function listPairs(
  tx: Db,
  workspaceId: string,
  query: { type: DuplicateType; minScore: number; limit: number; cursor?: string },
): Promise<{ pairs: Array<Omit<DuplicatePair, 'records'>>; nextCursor: string | null }> {
  const after = readCursor(query.cursor);
  const table = sql.table(query.type);
  const { rows } = await sql<{ a_id: string; b_id: string; score: number; reasons: string[] }>`
    select p.a_id, p.b_id, p.score, p.reasons from duplicate_pairs p
     where p.workspace_id = ${workspaceId} and p.type = ${query.type} and p.status = 'open'
       and p.score >= ${query.minScore}
       ${after ? sql`and (p.score, p.a_id, p.b_id) < (${after.score}::real, ${after.a}::uuid, ${after.b}::uuid)` : sql``}
       and exists (select 1 from ${table} r where r.workspace_id = p.workspace_id and r.id = p.a_id and r.deleted_at is null)
       and exists (select 1 from ${table} r where r.workspace_id = p.workspace_id and r.id = p.b_id and r.deleted_at is null)
     order by p.score desc, p.a_id desc, p.b_id desc
     limit ${query.limit + 1}`.execute(tx);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? Buffer.from(JSON.stringify({ score: last.score, a: last.a_id, b: last.b_id })).toString('base64url')
      : null;
  return {
    pairs: page.map((row) => ({
      ids: [row.a_id, row.b_id] as [string, string],
      score: Math.round(row.score * 10_000) / 10_000,
      reasons: row.reasons,
    })),
    nextCursor,
  };
}

export async function withSummaries<P extends { ids: [string, string] }>(tx: Db, type: DuplicateType, pairs: P[]) {
  const shown = await summaries(
    tx,
    type,
    pairs.flatMap((p) => p.ids),
  );
  return pairs.flatMap((pair) => {
    const a = shown.get(pair.ids[0]);
    const b = shown.get(pair.ids[1]);
    return a && b ? [{ ...pair, records: [a, b] as [RecordSummary, RecordSummary] }] : [];
  });
}

/** Marks a pair as not a duplicate; it stays so through later scans. */
export async function dismissPair(
  tx: Db,
  actor: Actor,
  ids: [string, string],
): Promise<{ ids: [string, string]; status: 'dismissed' }> {
  const [a, b] = ids[0] < ids[1] ? ids : [ids[1], ids[0]];
  let type: DuplicateType | null = null;
  for (const candidate of ['contacts', 'companies'] as const) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(candidate)}
      where workspace_id = ${actor.workspaceId} and id in (${a}::uuid, ${b}::uuid)`.execute(tx);
    if (rows[0].n === 2) type = candidate;
  }
  if (!type) throw notFound('pair of records');
  await sql`insert into duplicate_pairs (workspace_id, type, a_id, b_id, score, reasons, status, dismissed_by, dismissed_at)
    values (${actor.workspaceId}, ${type}, ${a}, ${b}, 0, '{}', 'dismissed', ${actor.userId}, now())
    on conflict (workspace_id, type, a_id, b_id)
      do update set status = 'dismissed', dismissed_by = excluded.dismissed_by, dismissed_at = now()`.execute(tx);
  return { ids: [a, b], status: 'dismissed' };
}

type ScanRow = {
  id: string;
  type: DuplicateType;
  status: DuplicateScan['status'];
  records: number | null;
  candidate_pairs: number | null;
  pairs: number | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
};

export function presentScan(row: ScanRow): DuplicateScan {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    records: row.records,
    candidatePairs: row.candidate_pairs === null ? null : Number(row.candidate_pairs),
    pairs: row.pairs,
    error: row.error,
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

export async function latestScan(tx: Db, workspaceId: string, type: DuplicateType): Promise<DuplicateScan | null> {
  const row = await tx
    .selectFrom('duplicate_scans')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', type)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? presentScan(row as ScanRow) : null;
}

/** Runs a queued scan: its status moves to running, then done (with counts) or failed. */
export async function runScan(ctx: AppContext, workspaceId: string, scanId: string): Promise<DuplicateScan> {
  const scope: TenantScope = { workspaceId };
  const scan = await inTenant(ctx.db.app, scope, (tx) =>
    tx
      .updateTable('duplicate_scans')
      .set({ status: 'running', started_at: new Date().toISOString() })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', scanId)
      .returningAll()
      .executeTakeFirst(),
  );
  if (!scan) throw notFound('scan');
  try {
    const result = await inTenant(ctx.db.app, scope, (tx) => scanWorkspace(tx, workspaceId, scan.type));
    return await inTenant(ctx.db.app, scope, async (tx) =>
      presentScan(
        (await tx
          .updateTable('duplicate_scans')
          .set({
            status: 'done',
            records: result.records,
            candidate_pairs: result.candidatePairs,
            pairs: result.pairs,
            finished_at: new Date().toISOString(),
          })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', scanId)
          .returningAll()
          .executeTakeFirstOrThrow()) as ScanRow,
      ),
    );
  } catch (error) {
    await inTenant(ctx.db.app, scope, (tx) =>
      tx
        .updateTable('duplicate_scans')
        .set({
          status: 'failed',
          error: String((error as Error).message ?? error).slice(0, 500),
          finished_at: new Date().toISOString(),
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', scanId)
        .execute(),
    );
    throw error;
  }
}

/** Set by the job runner (jobs.ts) when pg-boss runs: scans then go to the queue. */
let enqueue: ((job: { workspaceId: string; scanId: string }) => Promise<unknown>) | null = null;

export function useScanQueue(send: typeof enqueue): void {
  enqueue = send;
}

export async function createScan(ctx: AppContext, scope: TenantScope, type: DuplicateType): Promise<DuplicateScan> {
  const row = await inTenant(ctx.db.app, scope, async (tx) => {
    const running = await tx
      .selectFrom('duplicate_scans')
      .select('id')
      .where('workspace_id', '=', scope.workspaceId)
      .where('type', '=', type)
      .where('status', 'in', ['queued', 'running'])
      .where('created_at', '>', new Date(Date.now() - 3600_000))
      .executeTakeFirst();
    if (running) throw conflict('A scan of these records is already running.');
    return tx
      .insertInto('duplicate_scans')
      .values({ workspace_id: scope.workspaceId, id: newId(), type, requested_by: scope.userId ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return presentScan(row as ScanRow);
}

/** Queues a scan, or starts it in this process in the background when jobs are off. */
export async function startScan(
  ctx: AppContext,
  scope: TenantScope,
  type: DuplicateType,
  log: (message: string, error: unknown) => void,
): Promise<DuplicateScan> {
  const scan = await createScan(ctx, scope, type);
  if (ctx.config.jobs && enqueue) await enqueue({ workspaceId: scope.workspaceId, scanId: scan.id });
  else void runScan(ctx, scope.workspaceId, scan.id).catch((error) => log('duplicate scan failed', error));
  return scan;
}

/** For operators and tests (`farley duplicates`): scans now, then every open pair from `minScore` up. */
export async function scanAndList(
  ctx: AppContext,
  workspaceId: string,
  type: DuplicateType,
  minScore: number,
): Promise<{ pairs: Array<{ ids: [string, string]; score: number; reasons: string[] }> }> {
  const exists = await inTenant(ctx.db.app, { workspaceId }, (tx) =>
    tx.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst(),
  );
  if (!exists) throw notFound('workspace');
  const scan = await createScan(ctx, { workspaceId }, type);
  await runScan(ctx, workspaceId, scan.id);
  const pairs: Array<{ ids: [string, string]; score: number; reasons: string[] }> = [];
  let cursor: string | undefined;
  do {
    const page = await inTenant(ctx.db.app, { workspaceId }, (tx) =>
      listPairs(tx, workspaceId, { type, minScore, limit: 1000, cursor }),
    );
    pairs.push(...page.pairs);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { pairs };
}
