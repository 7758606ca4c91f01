// One pass over an import file: read (formats/), convert and build each row, write batches
// in their own tenant transactions, report progress and honour a cancel between batches.
// The same code serves the run (job or in-process), the dry run, the preview and the CLI.
import { createWriteStream } from 'node:fs';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { AppError } from '../../platform/errors.ts';
import { fromDatabase } from '../../platform/http/problems.ts';
import type { ImportMapping, ImportRecordType } from '../../../contract/imports.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { type CandidateInput, findCandidates } from '../duplicates/index.ts';
import {
  applyMapping,
  type Mapping,
  openSource,
  type ReadOptions,
  rejectedWriter,
  type RowProblem,
  type SourceRow,
} from './formats/index.ts';
import { build, type BuildEnv, type Problem } from './imports.build.ts';
import { auditOff } from './imports.repository.ts';
import {
  type MatchMode,
  type PipelineInfo,
  type RowIn,
  type RowOut,
  type WriteEnv,
  writeBatch,
} from './imports.write.ts';

/** Rows per transaction: well within the statement limit, few enough round trips per row. */
export const batchSize = 500;
/** How many problems a summary lists (all of them are counted). */
export const errorsShown = 100;

export interface RunSettings {
  recordType: ImportRecordType;
  mapping: ImportMapping;
  match: MatchMode;
  update: 'fillEmpty' | 'overwrite';
  onInvalid: 'reject' | 'skipValue';
  read: ReadOptions;
}

export interface RunOptions {
  workspaceId: string;
  userId: string | null;
  importId: string;
  filePath: string;
  settings: RunSettings;
  dryRun: boolean;
  /** Stop after this many rows (the preview). */
  limit?: number;
  /** Keep the outcome of the first this many rows (the preview). */
  keep?: number;
  /** Where to write the rejected rows. */
  rejectedPath?: string;
  /** Rows the file holds, as estimated on upload (for the time left). */
  rowsEstimate?: number | null;
  /** Called after each batch; true asks to stop. */
  progress?: (p: RunProgress) => Promise<boolean>;
}

export interface RunProgress {
  rowsDone: number;
  rowsTotal: number | null;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  rate: number | null;
  secondsLeft: number | null;
  newErrors: Problem[];
  errorsTotal: number;
}

export interface RunResult extends RunProgress {
  errors: Problem[];
  rows: RowOut[];
  cancelled: boolean;
  rejected: number;
}

/** Thrown to roll a dry run's batch back. */
class DryRun extends Error {
  constructor(readonly outs: RowOut[]) {
    super('dry run');
  }
}

async function loadEnv(ctx: AppContext, options: RunOptions): Promise<WriteEnv & BuildEnv> {
  const { workspaceId, settings } = options;
  return inTenant(ctx.db.app, { workspaceId }, async (tx) => {
    const ws = await workspaceSettings(tx, workspaceId);
    const users = new Map<string, string>();
    const { rows: people } = await sql<{ id: string; email: string; name: string }>`
      select id, email, name from users where workspace_id = ${workspaceId} and deleted_at is null and active
      order by created_at, id`.execute(tx);
    for (const user of people) {
      users.set(user.email.toLowerCase(), user.id);
      if (!users.has(user.name.toLowerCase())) users.set(user.name.toLowerCase(), user.id);
    }
    const { rows: stages } = await sql<{
      pipeline_id: string;
      pipeline_name: string;
      is_default: boolean;
      id: string;
      name: string;
      kind: 'open' | 'won' | 'lost';
      position: number;
    }>`
      select p.id as pipeline_id, p.name as pipeline_name, p.is_default, s.id, s.name, s.kind, s.position
      from pipelines p join pipeline_stages s on s.workspace_id = p.workspace_id and s.pipeline_id = p.id and s.removed_at is null
      where p.workspace_id = ${workspaceId} and p.deleted_at is null
      order by p.is_default desc, p.position, s.position`.execute(tx);
    const pipelines: PipelineInfo[] = [];
    for (const s of stages) {
      let p = pipelines.find((x) => x.id === s.pipeline_id);
      if (!p) {
        p = { id: s.pipeline_id, name: s.pipeline_name, isDefault: s.is_default, stages: [] };
        pipelines.push(p);
      }
      p.stages.push({ id: s.id, name: s.name, kind: s.kind, position: s.position });
    }
    const env: WriteEnv & BuildEnv = {
      workspaceId,
      userId: options.userId,
      importId: options.importId,
      recordType: settings.recordType,
      match: settings.match,
      update: settings.update,
      onInvalid: settings.onInvalid,
      defaultCountry: ws.defaultCountry,
      defaultCurrency: ws.defaultCurrency,
      numbered: true,
      users,
      pipelines,
      companies: new Map(),
      uids: new Map(),
    };
    if (settings.match === 'duplicates') env.findCandidates = await duplicateMatcher();
    return env;
  });
}

/** The duplicate matcher (modules/duplicates), for match 'duplicates'. */
export async function duplicateMatcher(): Promise<WriteEnv['findCandidates']> {
  return (tx, workspaceId, type, record, options) =>
    findCandidates(tx, workspaceId, type, record as CandidateInput, options);
}

/** A database error of one row, as a problem on that row. */
function rowFailure(error: unknown, line: number): Problem {
  if (error instanceof AppError) {
    const first = error.errors?.[0];
    return {
      line,
      field: first?.path ?? null,
      // A field's own code says more than the request's (`too_long` rather than `invalid`).
      ...(first?.code ? { code: first.code } : { code: error.code }),
      message: first ? `${first.path}: ${first.message}` : error.detail,
    } as Problem;
  }
  const db = error as { code?: string; constraint?: string; message?: string };
  if (db.code === '23505' && /customer_number/.test(db.constraint ?? ''))
    return {
      line,
      field: 'customerNumber',
      code: 'duplicate',
      params: { reason: 'customer_number' },
      message: 'the customer number belongs to another record',
    };
  const known = fromDatabase(db);
  if (known) return { line, field: null, code: known[1], message: known[2] };
  throw error;
}

/**
 * Writes a batch in one transaction; if the database refuses it, writes it again a row at a
 * time (each behind a savepoint) so that only the rows at fault fail.
 */
async function writeSafely(ctx: AppContext, env: WriteEnv, rows: RowIn[], dryRun: boolean): Promise<RowOut[]> {
  const scope = { workspaceId: env.workspaceId, userId: env.userId };
  const uids = new Map(env.uids);
  const attempt = (work: (tx: Db) => Promise<RowOut[]>) =>
    inTenant(ctx.db.app, scope, async (tx) => {
      await auditOff(tx);
      const outs = await work(tx);
      if (dryRun) throw new DryRun(outs);
      return outs;
    }).catch((error: unknown) => {
      if (error instanceof DryRun) return error.outs;
      throw error;
    });
  try {
    return await attempt((tx) => writeBatch(tx, env, rows));
  } catch (error) {
    if (rows.length === 1 && !(error instanceof AppError) && !fromDatabase(error as object)) throw error;
    // Worth an operator's look when it happens often: each such batch is written a row at a time.
    process.stderr.write(
      `import ${env.importId}: batch from line ${rows[0].line} written row by row: ${(error as Error).message}\n`,
    );
    // What the failed batch made is gone: forget what it remembered.
    env.companies.clear();
    env.uids.clear();
    for (const [k, v] of uids) env.uids.set(k, v);
  }
  return attempt(async (tx) => {
    const outs: RowOut[] = [];
    for (const row of rows) {
      await sql`savepoint import_row`.execute(tx);
      const companies = new Map(env.companies);
      const before = new Map(env.uids);
      try {
        outs.push(...(await writeBatch(tx, env, [row])));
        await sql`release savepoint import_row`.execute(tx);
      } catch (error) {
        await sql`rollback to savepoint import_row`.execute(tx);
        env.companies.clear();
        for (const [k, v] of companies) env.companies.set(k, v);
        env.uids.clear();
        for (const [k, v] of before) env.uids.set(k, v);
        outs.push({
          line: row.line,
          action: 'fail',
          problems: [...row.problems, rowFailure(error, row.line)],
          recordId: null,
          values: {},
        });
      }
    }
    return outs;
  });
}

/** Runs the import over the file (or its first `limit` rows) and sums it up. */
export async function runImport(ctx: AppContext, options: RunOptions): Promise<RunResult> {
  const { settings } = options;
  const env = await loadEnv(ctx, options);
  const source = await openSource(options.filePath, settings.read);
  const rejectedOut = options.rejectedPath ? createWriteStream(options.rejectedPath) : null;
  const rejected = rejectedOut ? rejectedWriter(source, rejectedOut) : null;
  const result: RunResult = {
    rowsDone: 0,
    rowsTotal: options.rowsEstimate ?? null,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    rate: null,
    secondsLeft: null,
    newErrors: [],
    errorsTotal: 0,
    errors: [],
    rows: [],
    cancelled: false,
    rejected: 0,
  };
  const started = performance.now();
  let batch: Array<{ row: RowIn; source: SourceRow }> = [];

  const flush = async (): Promise<boolean> => {
    if (batch.length === 0) return false;
    const outs = await writeSafely(
      ctx,
      env,
      batch.map((b) => b.row),
      options.dryRun,
    );
    result.newErrors = [];
    for (const [i, out] of outs.entries()) {
      result.rowsDone++;
      if (out.action === 'create') result.created++;
      else if (out.action === 'update') result.updated++;
      else if (out.action === 'skip') result.skipped++;
      else result.failed++;
      for (const p of out.problems) {
        result.errorsTotal++;
        const shown = { ...p };
        if (result.errors.length < errorsShown) result.errors.push(shown);
        if (result.newErrors.length < errorsShown) result.newErrors.push(shown);
      }
      if (out.action === 'fail' && rejected) {
        rejected.write(batch[i].source, out.problems as RowProblem[]);
        result.rejected++;
      }
      if (options.keep && result.rows.length < options.keep) result.rows.push(out);
    }
    batch = [];
    const seconds = (performance.now() - started) / 1000;
    result.rate = seconds > 0 ? Math.round(result.rowsDone / seconds) : null;
    if (result.rowsTotal !== null && result.rowsDone > result.rowsTotal) result.rowsTotal = null;
    result.secondsLeft =
      result.rate && result.rowsTotal !== null
        ? Math.max(0, Math.round((result.rowsTotal - result.rowsDone) / result.rate))
        : null;
    return (await options.progress?.(result)) ?? false;
  };

  try {
    let seen = 0;
    for await (const sourceRow of source.rows()) {
      if (options.limit !== undefined && seen >= options.limit) break;
      seen++;
      const problems: Problem[] = sourceRow.problems.map((p) => ({ ...p }));
      // A row the reader could not read (a malformed card) is rejected with the reader's words.
      let built = null;
      if (problems.length === 0) {
        const mapped = applyMapping(settings.recordType, settings.mapping as Mapping, sourceRow, {
          defaultCountry: env.defaultCountry,
          onInvalid: settings.onInvalid,
          locale: source.locale,
        });
        problems.push(...mapped.problems.map((p) => ({ ...p })));
        if (!mapped.rejected) built = build(settings.recordType, mapped.values, env, sourceRow.line, problems);
      }
      const uid = source.format === 'vcf' ? sourceRow.values.UID?.trim() || null : null;
      batch.push({ row: { line: sourceRow.line, built, problems, uid }, source: sourceRow });
      if (batch.length >= batchSize && (await flush())) {
        result.cancelled = true;
        break;
      }
    }
    if (!result.cancelled) {
      // The last batch: a cancel asked for now comes too late to save anything.
      await flush();
      result.rowsTotal = result.rowsDone;
      result.secondsLeft = 0;
    }
  } finally {
    await rejected?.end();
  }
  return result;
}
