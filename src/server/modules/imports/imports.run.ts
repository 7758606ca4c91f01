// One pass over an import file: read (formats/), convert and build each row, write batches
// in their own tenant transactions, report progress and honour a cancel between batches.
// The same code serves the run (job or in-process), the dry run, the preview and the CLI.
import { createWriteStream } from 'node:fs';
import { sql } from 'kysely';
import { blockedAmong } from '../privacy/blocking.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { appRole, inTenant, type TenantScope } from '../../platform/db/tenant.ts';
import { AppError } from '../../platform/errors.ts';
import { fromDatabase } from '../../platform/http/problems.ts';
import type { ImportMapping, ImportRecordType } from '../../../contract/imports.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { skippableTriggers } from '../demo/demo.load.ts';
import type { CandidateInput } from '../duplicates/index.ts';
import { batchMemo, matchBatch } from '../duplicates/batch.ts';
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
import { orderKeyOf, writeOrderRows } from '../orders/orders.import.ts';
import {
  type MatchMode,
  type PipelineInfo,
  type RowIn,
  type RowOut,
  type WriteEnv,
  writeBatch,
} from './imports.write.ts';
import { writeProducts } from './imports.products.ts';

/** Rows per tenant transaction: well within its statement limit, few enough round trips per row. */
export const batchSize = 500;
/**
 * Rows per bulk transaction (see inBulk): the per-batch work (statements, lookups, the
 * company matching) spread over more rows; a batch still takes seconds, not minutes.
 */
export const bulkBatchSize = 5000;
/**
 * Rows per bulk transaction with duplicate matching: a batch's keys, the stored records they
 * find and the pairs scored grow with it, and at 5,000 rows the import went past its memory
 * bound (docs/performance.md).
 */
export const matchingBatchSize = 2000;
/** A bulk transaction's limits: its statements carry ten times the rows of a tenant one. */
const bulkLimits = { statementMs: 120_000, idleMs: 60_000 };
/** How many problems a summary lists (all of them are counted). */
export const errorsShown = 100;

export interface RunSettings {
  recordType: ImportRecordType;
  mapping: ImportMapping;
  match: MatchMode;
  update: 'fillEmpty' | 'overwrite';
  onInvalid: 'reject' | 'skipValue';
  /** Orders: an unknown customer number makes a new contact with it. */
  createCustomers?: boolean;
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
      createCustomers: settings.createCustomers ?? false,
      users,
      pipelines,
      companies: new Map(),
      uids: new Map(),
    };
    if (settings.match === 'duplicates') env.matchBatch = await duplicateMatcher();
    // Erased people stay erased: a row with an email or phone of the blocking list is refused.
    env.blocked = (tx, values) => blockedAmong(tx, ctx.secrets, workspaceId, values);
    return env;
  });
}

/** The tables an import writes whose triggers a bulk transaction switches off. */
const importTables = ['contacts', 'companies', 'affiliations', 'activities', 'activity_links', 'import_records'];
/** An orders import's tables, and the triggers whose work its bulk batch does itself. */
const orderTables = ['orders', 'order_lines'];
const orderTriggers = [
  'farley_audit',
  'farley_customer_products_lines',
  'farley_customer_products_orders',
  'farley_customer_products_order_gone',
  // The monthly order-line totals of the reports (0043): moved with customer_products' shares.
  'farley_order_line_months_lines',
  'farley_order_line_months_orders',
  'farley_order_line_months_order_gone',
  // The owner of an order made by a user who may change only their own (0064): given by the insert.
  'farley_default_owner_row',
];

/**
 * Whether batches may be written in bulk transactions: the login may set
 * session_replication_role (a superuser, as the embedded server's owner is) and the tables
 * the import writes have no trigger but the ones whose work the batch does itself (contacts
 * and companies: the search words and postings; orders: what customers bought) or need not be
 * done (the audit). Otherwise every batch runs in an ordinary tenant transaction, with every
 * trigger.
 */
export async function bulkAllowed(ctx: AppContext, recordType: ImportRecordType): Promise<boolean> {
  const [tables, triggers] =
    recordType === 'orders'
      ? [orderTables, orderTriggers]
      : recordType === 'contacts' || recordType === 'companies'
        ? [importTables, skippableTriggers]
        : [null, null];
  if (!tables) return false;
  return ctx.db.owner.connection().execute(async (conn) => {
    await sql.raw('begin').execute(conn);
    try {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_trigger t join pg_proc p on p.oid = t.tgfoid
         where not t.tgisinternal and p.proname <> all(${triggers}::text[])
           and t.tgrelid = any(${tables}::regclass[])`.execute(conn);
      if ((rows[0]?.n ?? 1) > 0) return false;
      await sql.raw('set local session_replication_role = replica').execute(conn);
      return true;
    } catch {
      return false;
    } finally {
      await sql.raw('rollback').execute(conn);
    }
  });
}

/**
 * A bulk transaction: on an owner connection, as the application role with the workspace
 * set, like a tenant transaction (inTenant), so row-level security binds it the same way;
 * what the owner connection adds is the right to switch the row triggers off (setTriggers
 * in imports.write.ts) and longer limits for its bigger batches.
 */
async function inBulk<T>(ctx: AppContext, scope: TenantScope, work: (tx: Db) => Promise<T>): Promise<T> {
  return ctx.db.owner.connection().execute(async (conn) => {
    await sql.raw(`begin; set local role ${appRole}`).execute(conn);
    try {
      await sql`select set_config('farley.workspace_id', ${scope.workspaceId}, true),
        set_config('farley.user_id', ${scope.userId ?? ''}, true),
        set_config('statement_timeout', ${String(bulkLimits.statementMs)}, true),
        set_config('idle_in_transaction_session_timeout', ${String(bulkLimits.idleMs)}, true)`.execute(conn);
      const result = await work(conn);
      await sql.raw('commit').execute(conn);
      return result;
    } catch (error) {
      await sql
        .raw('rollback')
        .execute(conn)
        .catch(() => {});
      throw error;
    }
  });
}

/**
 * Keeps the planner's statistics of the table being matched against close to what the
 * workspace holds. The look-ups of a matching import (match keys, emails, customer numbers,
 * company keys) are planned from them; right after a workspace was filled (by this import's
 * own batches or one before it, before autovacuum came round) the planner takes it for a
 * handful of rows and reads all of them for every key looked up instead of using the key's
 * index: a batch of 2,000 rows then ran for 100 s. So before a batch, when the workspace holds
 * four times what the planner believes, the tables are analysed (as the owner: the application
 * role may not), which takes well under a second at a million rows. Checked at the start and
 * then each time the run has written as many rows as the table held at the last check, and
 * once more at the end of every import (matching or not): the lists join each contact and
 * company to its row of scores, and a planner that believes a workspace holds one such row
 * joins them by reading all of the workspace's scores for each record, seconds for a page
 * (docs/performance.md, "Record access").
 */
function statisticsKeeper(ctx: AppContext, env: WriteEnv) {
  const tables =
    env.recordType === 'contacts'
      ? ['contacts', 'contact_scores', 'companies', 'company_scores']
      : env.recordType === 'companies'
        ? ['companies', 'company_scores']
        : [env.recordType];
  const table = tableOfType(env.recordType);
  let nextCheck = 0;
  return async (written: number, final = false): Promise<void> => {
    if ((env.match === 'none' && !final) || !table || (written < nextCheck && !final)) return;
    const { count, estimate } = await inTenant(ctx.db.app, { workspaceId: env.workspaceId }, async (tx) => {
      const { rows: plan } = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`
        explain (format json) select 1 from ${sql.table(table)}
         where workspace_id = ${env.workspaceId} and deleted_at is null`.execute(tx);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
        where workspace_id = ${env.workspaceId} and deleted_at is null`.execute(tx);
      return { count: rows[0].n, estimate: plan[0]['QUERY PLAN'][0].Plan['Plan Rows'] };
    });
    nextCheck = written + Math.max(1000, count);
    if (count > 500 && estimate * 4 < count) await sql.raw(`analyze ${tables.join(', ')}`).execute(ctx.db.owner);
  };
}

const tableOfType = (type: ImportRecordType): string | null =>
  type === 'contacts' || type === 'companies' || type === 'deals' ? type : null;

/** The duplicate matcher (modules/duplicates), for match 'duplicates'. */
export async function duplicateMatcher(): Promise<WriteEnv['matchBatch']> {
  // What one batch learns of the workspace's blocks serves the import's later batches.
  const memos = { contacts: batchMemo(), companies: batchMemo() };
  return (tx, workspaceId, type, records, options) =>
    matchBatch(tx, workspaceId, type, records as CandidateInput[], { ...options, memo: memos[type] });
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
  const transaction = <T>(work: (tx: Db) => Promise<T>) =>
    env.bulk ? inBulk(ctx, scope, work) : inTenant(ctx.db.app, scope, work);
  const attempt = (work: (tx: Db) => Promise<RowOut[]>) =>
    transaction(async (tx) => {
      await auditOff(tx);
      const outs = await work(tx);
      if (dryRun) throw new DryRun(outs);
      return outs;
    }).catch((error: unknown) => {
      if (error instanceof DryRun) return error.outs;
      throw error;
    });
  // Products have a write of their own (matched by SKU); every other type the shared one.
  const write =
    env.recordType === 'products' ? writeProducts : env.recordType === 'orders' ? writeOrderRows : writeBatch;
  try {
    return await attempt((tx) => write(tx, env, rows));
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
        outs.push(...(await write(tx, env, [row])));
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

/**
 * Where an orders file's batch is cut (0: not yet): an order's rows that follow each other stay
 * in one batch, as its lines are compared and replaced whole. A full batch is cut before the
 * first row of the next order; an order of very many rows is cut where it is.
 */
function orderCut(batch: Array<{ row: RowIn }>, size: number): number {
  if (batch.length <= size) return 0;
  if (batch.length >= 2 * bulkBatchSize) return batch.length;
  const last = orderKeyOf(batch[batch.length - 1].row.built);
  return last === orderKeyOf(batch[batch.length - 2].row.built) ? 0 : batch.length - 1;
}

/** Runs the import over the file (or its first `limit` rows) and sums it up. */
export async function runImport(ctx: AppContext, options: RunOptions): Promise<RunResult> {
  const { settings } = options;
  const env = await loadEnv(ctx, options);
  env.bulk = await bulkAllowed(ctx, settings.recordType);
  // Batches start small, so that the first progress shows (and a cancel takes) early, and a
  // bulk run's grow to bulkBatchSize.
  let size = batchSize;
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
  type Batch = Array<{ row: RowIn; source: SourceRow }>;
  let batch: Batch = [];

  const keepStatistics = statisticsKeeper(ctx, env);
  const flush = async (batch: Batch): Promise<boolean> => {
    if (batch.length === 0) return false;
    await keepStatistics(result.rowsDone);
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
    const seconds = (performance.now() - started) / 1000;
    result.rate = seconds > 0 ? Math.round(result.rowsDone / seconds) : null;
    if (result.rowsTotal !== null && result.rowsDone > result.rowsTotal) result.rowsTotal = null;
    result.secondsLeft =
      result.rate && result.rowsTotal !== null
        ? Math.max(0, Math.round((result.rowsTotal - result.rowsDone) / result.rate))
        : null;
    return (await options.progress?.(result)) ?? false;
  };

  // The batch being written while the next one is read and built: the database and
  // JavaScript work at the same time (on two cores). Batches are written one after another.
  let writing: Promise<boolean> | null = null;
  const written = async (): Promise<boolean> => {
    const stop = writing ? await writing : false;
    writing = null;
    return stop;
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
      const cut = settings.recordType === 'orders' ? orderCut(batch, size) : batch.length >= size ? batch.length : 0;
      if (cut > 0) {
        // The one before must be done: a cancel it was told of stops the run before this one.
        if (await written()) {
          result.cancelled = true;
          break;
        }
        writing = flush(batch.slice(0, cut));
        if (settings.recordType === 'orders') size = Math.min(bulkBatchSize, size * 2);
        else if (env.bulk) size = Math.min(env.match === 'duplicates' ? matchingBatchSize : bulkBatchSize, size * 2);
        // Its failure is awaited (and thrown) with it; meanwhile it is no unhandled rejection.
        writing.catch(() => {});
        batch = batch.slice(cut);
      }
    }
    if (!result.cancelled && (await written())) result.cancelled = true;
    if (!result.cancelled) {
      // The last batch: a cancel asked for now comes too late to save anything.
      await flush(batch);
      if (!options.dryRun) await keepStatistics(result.rowsDone, true);
      result.rowsTotal = result.rowsDone;
      result.secondsLeft = 0;
    }
  } finally {
    // A failure while reading leaves the batch in flight to finish before the file closes.
    await (writing as Promise<boolean> | null)?.catch(() => {});
    await rejected?.end();
  }
  return result;
}
