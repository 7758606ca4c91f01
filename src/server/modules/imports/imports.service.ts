// Import runs as the API and the CLI use them: upload (streamed to disk), preview, start
// (a pg-boss job, or in this process when jobs are off), progress, cancel, undo within
// 30 days, the rejected rows, saved mappings. Every read names the caller's workspace.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';
import { inTenant, type TenantScope } from '../../platform/db/tenant.ts';
import { AppError, conflict, type FieldError, invalid, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { fieldAccessFor, fieldReadOnly } from '../../platform/fieldAccess.ts';
import type {
  ImportMapping,
  ImportPreview,
  ImportRecordType,
  ImportRun,
  ImportSettings,
  ImportStart,
  ImportUploaded,
  SavedMapping,
} from '../../../contract/imports.ts';
import {
  detectFormat,
  guessMapping,
  type Mapping,
  openSource,
  type ReadOptions,
  unknownFields,
} from './formats/index.ts';
import { sampleValues } from './imports.samples.ts';
import { absolute, head, importFolder, removeFolder, storeUpload, uploadName } from './imports.files.ts';
import * as repo from './imports.repository.ts';
import { duplicateMatcher, errorsShown, runImport } from './imports.run.ts';
import { executeImport, runSettings } from './imports.execute.ts';
import { importQueue } from './imports.jobs.ts';
import { restoreImportedOrders } from '../orders/orders.import.ts';

/** How long an import can be undone. */
export const undoDays = 30;

function present(row: repo.ImportRow): ImportRun {
  const finished = row.finished_at;
  const undoable =
    finished && !row.dry_run && (row.status === 'done' || row.status === 'cancelled')
      ? new Date(finished.getTime() + undoDays * 86_400_000).toISOString()
      : null;
  return {
    id: row.id,
    fileName: row.file_name,
    format: row.format,
    recordType: (row.record_type as ImportRecordType | null) ?? null,
    status: row.status,
    dryRun: row.dry_run,
    settings: row.settings,
    rowsTotal: row.rows_total,
    rowsDone: row.rows_done,
    created: row.created,
    updated: row.updated,
    skipped: row.skipped,
    failed: row.failed,
    rate: row.rate,
    secondsLeft: row.seconds_left,
    // Code and params as well: the web app shows each problem in the user's language by them.
    errors: row.errors
      .slice(0, errorsShown)
      .map(({ line, field, message, code, params }) => ({ line, field, message, code, params })),
    errorsTotal: row.errors_total,
    hasRejected: Boolean(row.rejected_path) && row.failed > 0,
    failure: row.failure,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: finished?.toISOString() ?? null,
    undoableUntil: undoable,
    createdBy: row.created_by,
  };
}

/**
 * A mapping names fields of the record type and columns of the file: anything else is a
 * mistake of the caller (422 naming each), found before a row is read.
 */
export function checkMapping(
  recordType: ImportRecordType,
  mapping: ImportMapping,
  columns: string[] | null,
  match?: ImportSettings['match'],
) {
  const errors: FieldError[] = unknownFields(recordType, mapping as Mapping).map((key) => ({
    path: `mapping.${key}`,
    code: 'unknown_field',
    message: `${recordType} have no field "${key}"`,
  }));
  // A product's one key is its SKU; the SKU is no key of anything else.
  if (match && (recordType === 'products') !== (match === 'sku') && match !== 'none')
    errors.push({
      path: 'match',
      code: 'invalid_choice',
      message:
        recordType === 'products'
          ? 'products are matched by sku or not at all'
          : `${recordType} have no sku to match by`,
    });
  if (columns) {
    const known = new Set(columns);
    for (const [key, value] of Object.entries(mapping)) {
      if (key === 'constants') continue;
      for (const column of Array.isArray(value) ? value : [value]) {
        if (typeof column === 'string' && !known.has(column))
          errors.push({
            path: `mapping.${key}`,
            code: 'invalid_choice',
            message: `the file has no column "${column}"`,
          });
      }
    }
  }
  if (errors.length) throw invalid(errors, 'The mapping does not fit the record type or the file.');
}

/** A file no reader can read is the uploader's problem, never a 500. */
function unreadable(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return invalid(
    [{ path: 'file', code: 'invalid_format', message }],
    `The file cannot be read as an import: ${message}`,
  );
}

async function estimateRows(file: string, size: number, format: string): Promise<number | null> {
  if (format === 'xlsx') return null;
  const start = await head(file, 262_144);
  const text = start.toString('latin1');
  const marks = format === 'vcf' ? (text.match(/^BEGIN:VCARD/gim) ?? []).length : (text.match(/\n/g) ?? []).length;
  if (marks === 0) return format === 'vcf' ? 0 : 1;
  if (start.length >= size) return format === 'csv' ? Math.max(0, marks - (text.endsWith('\n') ? 1 : 0)) : marks;
  return Math.round((marks * size) / start.length);
}

async function loadImport(tx: Db, workspaceId: string, id: string, lock = false) {
  const row = await repo.findImport(tx, workspaceId, id, lock);
  if (!row) throw notFound('import');
  return row;
}

/** Runs in this process in the background (jobs off): failures are on the import, and logged. */
function runInBackground(ctx: AppContext, workspaceId: string, importId: string) {
  executeImport(ctx, workspaceId, importId).catch((error: unknown) => {
    process.stderr.write(`import ${importId} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  });
}

export interface UploadInput {
  body: Readable;
  fileName: string;
  contentLength?: number;
  read: ReadOptions;
  recordType?: ImportRecordType;
}

export function importService(ctx: AppContext) {
  const db = ctx.db.app;
  const limit = ctx.config.importMaxBytes;

  /** Upload: the file to disk, then what the reader sees in it. */
  async function upload(actor: Actor | TenantScope, input: UploadInput): Promise<ImportUploaded> {
    const workspaceId = actor.workspaceId;
    const id = newId();
    const folder = importFolder(workspaceId, id);
    const relative = path.join(folder, uploadName);
    const file = absolute(ctx.config.dataDir, relative);
    const size = await storeUpload(input.body, file, limit);
    try {
      const format = input.read.format ?? detectFormat(input.fileName, await head(file));
      let source: Awaited<ReturnType<typeof openSource>>;
      try {
        source = await openSource(file, { ...input.read, format, fileName: input.fileName });
      } catch (error) {
        throw unreadable(error);
      }
      const rowsEstimate = await estimateRows(file, size, format);
      const info = {
        fileName: input.fileName,
        format,
        columns: source.columns,
        encoding: source.encoding ?? null,
        delimiter: source.delimiter ?? null,
        sheets: source.sheets ?? null,
        rowsEstimate,
      };
      await inTenant(db, actor, (tx) =>
        repo.insertImport(tx, {
          workspace_id: workspaceId,
          id,
          created_by: actor.userId ?? null,
          file_name: input.fileName,
          file_path: relative,
          file_size: size,
          format,
          source: info,
        }),
      );
      const { fileName: _, ...shown } = info;
      return {
        id,
        fileName: input.fileName,
        ...shown,
        guessedMapping: guessMapping(input.recordType ?? 'contacts', source.columns) as Record<string, unknown>,
        samples: await sampleValues(source),
      };
    } catch (error) {
      await removeFolder(ctx.config.dataDir, folder);
      throw error;
    }
  }

  /**
   * A role that may not change a sensitive field (docs/security.md, "Field access") may not
   * import it either: a mapping that names one is refused before a row is read.
   */
  async function checkFieldAccess(actor: Actor, recordType: ImportRecordType, mapping: ImportMapping) {
    const type = ({ contacts: 'contact', companies: 'company', deals: 'deal' } as const)[
      recordType as 'contacts' | 'companies' | 'deals'
    ];
    if (!type) return;
    const { locked } = await fieldAccessFor(db, actor);
    const refused = Object.keys(mapping).filter((field) => locked.has(`${type}.${field}`));
    if (refused.length > 0)
      throw fieldReadOnly(
        `Your role may not change ${refused.join(', ')} of ${recordType}: leave ${refused.length === 1 ? 'it' : 'them'} out of the mapping.`,
      );
  }

  async function preview(actor: Actor, id: string, body: ImportSettings): Promise<ImportPreview> {
    await checkFieldAccess(actor, body.recordType, body.mapping);
    const row = await inTenant(db, actor, (tx) => loadImport(tx, actor.workspaceId, id));
    checkMapping(body.recordType, body.mapping, (row.source.columns as string[] | undefined) ?? null, body.match);
    if (body.match === 'duplicates') await duplicateMatcher();
    const result = await runImport(ctx, {
      workspaceId: actor.workspaceId,
      userId: actor.userId,
      importId: id,
      filePath: absolute(ctx.config.dataDir, row.file_path),
      settings: runSettings(body, row.source),
      dryRun: true,
      limit: 1000,
      keep: 20,
    }).catch((error: unknown) => {
      throw error instanceof AppError ? error : unreadable(error);
    });
    return {
      rows: result.rows.map((out) => ({
        line: out.line,
        values: out.values,
        action: out.action === 'fail' ? 'skip' : out.action,
        problems: out.problems.map((problem) => ({ ...problem })),
      })),
      summary: {
        rows: result.rowsDone,
        created: result.created,
        updated: result.updated,
        skipped: result.skipped,
        failed: result.failed,
        errorsTotal: result.errorsTotal,
      },
    };
  }

  async function start(
    actor: Actor,
    id: string,
    body: ImportStart,
  ): Promise<{ id: string; status: ImportRun['status'] }> {
    const { dryRun = false, saveMappingAs, ...settings } = body;
    await checkFieldAccess(actor, settings.recordType, settings.mapping);
    if (body.match === 'duplicates') await duplicateMatcher();
    await inTenant(db, actor, async (tx) => {
      const row = await loadImport(tx, actor.workspaceId, id, true);
      checkMapping(
        settings.recordType,
        settings.mapping,
        (row.source.columns as string[] | undefined) ?? null,
        settings.match,
      );
      if (!(await repo.startRun(tx, actor.workspaceId, id, { recordType: settings.recordType, settings, dryRun })))
        throw conflict(`The import is ${row.status}; upload the file again to run it once more.`);
      if (saveMappingAs)
        await repo.saveMapping(tx, {
          workspace_id: actor.workspaceId,
          id: newId(),
          name: saveMappingAs,
          record_type: settings.recordType,
          mapping: settings.mapping,
          created_by: actor.userId,
        });
    });
    const queue = importQueue(ctx);
    if (queue) await queue.send('imports', { workspaceId: actor.workspaceId, importId: id });
    else runInBackground(ctx, actor.workspaceId, id);
    return { id, status: 'running' };
  }

  async function get(actor: Actor, id: string): Promise<ImportRun> {
    return present(await inTenant(db, actor, (tx) => loadImport(tx, actor.workspaceId, id)));
  }

  async function list(actor: Actor): Promise<{ data: ImportRun[] }> {
    const rows = await inTenant(db, actor, (tx) => repo.listImports(tx, actor.workspaceId, 100));
    return { data: rows.map(present) };
  }

  async function cancel(actor: Actor, id: string): Promise<ImportRun> {
    return inTenant(db, actor, async (tx) => {
      const row = await loadImport(tx, actor.workspaceId, id, true);
      if (row.status !== 'running')
        throw conflict(`Only a running import can be cancelled; this one is ${row.status}.`);
      await repo.requestCancel(tx, actor.workspaceId, id);
      return present({ ...row, cancel_requested: true });
    });
  }

  async function undo(actor: Actor, id: string): Promise<ImportRun> {
    const row = await inTenant(db, actor, (tx) => loadImport(tx, actor.workspaceId, id));
    const until = present(row).undoableUntil;
    if (!until)
      throw conflict(
        `Only a finished import can be undone; this one is ${row.status}${row.dry_run ? ' (a dry run)' : ''}.`,
      );
    if (Date.parse(until) < Date.now())
      throw conflict(`An import can be undone within ${undoDays} days; this one is older.`);
    await refuseAbsorbedMerges(actor, id);
    await undoRecords(ctx, actor, id);
    return inTenant(db, actor, async (tx) => {
      await repo.markUndone(tx, actor.workspaceId, id);
      await repo.auditImport(tx, actor.workspaceId, id, 'update', { status: [row.status, 'undone'] });
      return present(await loadImport(tx, actor.workspaceId, id));
    });
  }

  /**
   * Undo trashes what the import created: a record of it that another record was merged into
   * since holds that record's data too, and trashing it would take the other record's history
   * with it. Such merges are undone first (the merge's own undo gives the other record back).
   */
  async function refuseAbsorbedMerges(actor: Actor, id: string): Promise<void> {
    const { rows } = await inTenant(db, actor, (tx) =>
      sql<{ id: string; type: string; survivor_id: string }>`
        select m.id, m.type, m.survivor_id from merges m
        join import_records r on r.workspace_id = m.workspace_id and r.import_id = ${id}
          and r.record_id = m.survivor_id and r.action = 'created'
         where m.workspace_id = ${actor.workspaceId} and m.undone_at is null
           and exists (
             select from unnest(m.merged_ids) merged
              where not exists (
                select from import_records o
                 where o.workspace_id = m.workspace_id and o.import_id = ${id}
                   and o.record_id = merged and o.action = 'created'))
         order by m.created_at limit 6`.execute(tx),
    );
    if (rows.length === 0) return;
    const named = rows.slice(0, 5).map((m) => `merge ${m.id} into ${m.type} ${m.survivor_id}`);
    throw conflict(
      `Other records were merged into records of this import since; undo ${rows.length > 5 ? 'these and more' : 'these'} merges first (POST /api/v1/merges/{id}/undo): ${named.join(', ')}.`,
      'import_merged_into',
    );
  }

  async function rejected(actor: Actor, id: string) {
    const row = await inTenant(db, actor, (tx) => loadImport(tx, actor.workspaceId, id));
    if (!row.rejected_path) throw notFound('file of rejected rows');
    const file = absolute(ctx.config.dataDir, row.rejected_path);
    const size = (await stat(file).catch(() => null))?.size;
    if (size === undefined) throw notFound('file of rejected rows');
    const base = row.file_name.replace(/\.[^.]*$/, '');
    return { stream: createReadStream(file), size, fileName: `${base}-rejected.${row.format}`, format: row.format };
  }

  async function mappings(actor: Actor, recordType?: ImportRecordType): Promise<{ data: SavedMapping[] }> {
    const rows = await inTenant(db, actor, (tx) => repo.listMappings(tx, actor.workspaceId, recordType));
    return {
      data: rows.map((r) => ({
        id: r.id,
        name: r.name,
        recordType: r.record_type as ImportRecordType,
        mapping: r.mapping as ImportMapping,
      })),
    };
  }

  return { upload, preview, start, get, list, cancel, undo, rejected, mappings };
}

const undoTables = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  activity: 'activities',
  product: 'products',
  order: 'orders',
} as const;

/**
 * Puts what the import created into the trash and gives what it changed its old values back,
 * a page of records per transaction (the audit has one entry for the whole undo).
 */
async function undoRecords(ctx: AppContext, actor: Actor, importId: string): Promise<void> {
  let after: { type: string; id: string } | null = null;
  for (;;) {
    const page: repo.ImportRecordRow[] = await inTenant(ctx.db.app, actor, async (tx) => {
      await repo.auditOff(tx);
      const records = await repo.importRecordsPage(tx, actor.workspaceId, importId, after, 1000);
      for (const type of ['affiliation', 'activity', 'order', 'deal', 'contact', 'company', 'product'] as const) {
        const created = records.filter((r) => r.record_type === type && r.action === 'created').map((r) => r.record_id);
        if (created.length === 0) continue;
        if (type === 'affiliation')
          await sql`delete from affiliations where workspace_id = ${actor.workspaceId} and id = any(${created}::uuid[])`.execute(
            tx,
          );
        else
          await sql`
            update ${sql.table(undoTables[type])} set deleted_at = now(), version = version + 1, updated_at = now()
            where workspace_id = ${actor.workspaceId} and id = any(${created}::uuid[]) and deleted_at is null`.execute(
            tx,
          );
      }
      await restoreImportedOrders(
        tx,
        actor.workspaceId,
        records.flatMap((r) =>
          r.record_type === 'order' && r.action === 'updated' && r.previous
            ? [{ id: r.record_id, previous: r.previous }]
            : [],
        ),
      );
      for (const type of ['contact', 'company', 'product'] as const) {
        // A record a merge passed this import's claim to has nothing to revert (previous `{}`).
        const changed = records.filter(
          (r) => r.record_type === type && r.action === 'updated' && r.previous && Object.keys(r.previous).length > 0,
        );
        const groups = new Map<string, repo.ImportRecordRow[]>();
        for (const r of changed) {
          const key = Object.keys(r.previous as object)
            .sort()
            .join(',');
          groups.set(key, [...(groups.get(key) ?? []), r]);
        }
        for (const [key, group] of groups) {
          const columns = key.split(',');
          const sets = sql.join(columns.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
          const data = group.map((r) => ({ ...(r.previous as object), id: r.record_id }));
          const table = sql.table(undoTables[type]);
          await sql`
            update ${table} as t set ${sets}, version = t.version + 1, updated_at = now()
            from jsonb_populate_recordset(null::${table}, ${JSON.stringify(data)}::jsonb) as v
            where t.workspace_id = ${actor.workspaceId} and t.id = v.id`.execute(tx);
        }
      }
      return records;
    });
    if (page.length < 1000) return;
    const last = page[page.length - 1];
    after = { type: last.record_type, id: last.record_id };
  }
}

export interface CliImport {
  workspaceId: string;
  recordType: ImportRecordType;
  file: string;
  read: ReadOptions;
  mapping?: ImportMapping;
  match: ImportSettings['match'];
  update: ImportSettings['update'];
  onInvalid: ImportSettings['onInvalid'];
  createCustomers?: boolean;
  dryRun: boolean;
}

/**
 * `farley import`: the file goes the API's way (copied into the data directory, so the run
 * can be undone and its rejected rows fetched like any other), then runs in this process.
 */
export async function importFromCli(ctx: AppContext, input: CliImport) {
  const exists = await inTenant(ctx.db.app, { workspaceId: input.workspaceId }, (tx) =>
    tx.selectFrom('workspaces').select('id').where('id', '=', input.workspaceId).executeTakeFirst(),
  );
  if (!exists) throw notFound('workspace');
  if (input.match === 'duplicates') await duplicateMatcher();
  const scope = { workspaceId: input.workspaceId, userId: null };
  const uploaded = await importService(ctx).upload(scope, {
    body: createReadStream(input.file),
    fileName: path.basename(input.file),
    read: input.read,
    recordType: input.recordType,
  });
  checkMapping(input.recordType, input.mapping ?? {}, uploaded.columns, input.match);
  const settings: ImportSettings = {
    recordType: input.recordType,
    mapping: input.mapping ?? (uploaded.guessedMapping as ImportMapping),
    match: input.match,
    update: input.update,
    onInvalid: input.onInvalid,
    ...(input.createCustomers && { createCustomers: true }),
    ...input.read,
  };
  await inTenant(ctx.db.app, scope, (tx) =>
    repo.startRun(tx, input.workspaceId, uploaded.id, { recordType: input.recordType, settings, dryRun: input.dryRun }),
  );
  await executeImport(ctx, input.workspaceId, uploaded.id);
  const row = await inTenant(ctx.db.app, scope, (tx) => loadImport(tx, input.workspaceId, uploaded.id));
  if (row.status === 'failed') throw new Error(row.failure ?? 'the import failed');
  if (input.dryRun) await removeFolder(ctx.config.dataDir, path.dirname(row.file_path));
  return {
    importId: row.id,
    dryRun: input.dryRun,
    created: row.created,
    updated: row.updated,
    skipped: row.skipped,
    failed: row.failed,
    errors: row.errors.map(({ line, field, message }) => ({ line, field, message })),
    errorsTotal: row.errors_total,
  };
}
