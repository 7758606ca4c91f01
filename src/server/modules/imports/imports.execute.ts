// The run of a started import, to its end: what the job does, and the start route in this
// process when jobs are off, and the CLI.
import path from 'node:path';
import type { AppContext } from '../../platform/context.ts';
import { inTenant, type TenantScope } from '../../platform/db/tenant.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { ImportSettings } from '../../../contract/imports.ts';
import type { ReadOptions } from './formats/index.ts';
import { absolute } from './imports.files.ts';
import * as repo from './imports.repository.ts';
import { errorsShown, runImport, type RunSettings } from './imports.run.ts';

export const rejectedName = (format: string) => `rejected.${format}`;

export function readOptionsOf(settings: Partial<ImportSettings>, source: Record<string, unknown>): ReadOptions {
  return {
    format: (settings.format ?? source.format) as ReadOptions['format'],
    encoding: (settings.encoding ?? source.encoding) as ReadOptions['encoding'],
    delimiter: (settings.delimiter ?? source.delimiter) as string | undefined,
    sheet: settings.sheet,
    fileName: source.fileName as string | undefined,
  };
}

export function runSettings(body: ImportSettings, source: Record<string, unknown>): RunSettings {
  return {
    recordType: body.recordType,
    mapping: body.mapping,
    match: body.match,
    update: body.update,
    onInvalid: body.onInvalid,
    createCustomers: body.createCustomers,
    read: readOptionsOf(body, source),
  };
}

/** The run of a started import, to its end: the job's and the in-process runner's work. */
export async function executeImport(ctx: AppContext, workspaceId: string, importId: string): Promise<void> {
  const row = await inTenant(ctx.db.app, { workspaceId }, (tx) => repo.findImport(tx, workspaceId, importId));
  if (!row) throw notFound('import');
  if (row.status !== 'running') return;
  const scope: TenantScope = { workspaceId, userId: row.created_by };
  const settings = row.settings as unknown as ImportSettings;
  const folder = path.dirname(row.file_path);
  const rejectedRelative = path.join(folder, rejectedName(row.format));
  try {
    const result = await runImport(ctx, {
      workspaceId,
      userId: row.created_by,
      importId,
      filePath: absolute(ctx.config.dataDir, row.file_path),
      settings: runSettings(settings, row.source),
      dryRun: row.dry_run,
      rejectedPath: absolute(ctx.config.dataDir, rejectedRelative),
      rowsEstimate: (row.source.rowsEstimate as number | null | undefined) ?? null,
      progress: (p) =>
        inTenant(ctx.db.app, scope, (tx) => repo.writeProgress(tx, workspaceId, importId, p, errorsShown)),
    });
    await inTenant(ctx.db.app, scope, async (tx) => {
      await repo.writeProgress(tx, workspaceId, importId, { ...result, newErrors: [] }, errorsShown);
      await repo.finishRun(tx, workspaceId, importId, {
        status: result.cancelled ? 'cancelled' : 'done',
        rejectedPath: result.rejected > 0 ? rejectedRelative : null,
      });
      if (!row.dry_run) {
        await repo.auditImport(tx, workspaceId, importId, 'create', {
          fileName: [null, row.file_name],
          recordType: [null, settings.recordType],
          status: [null, result.cancelled ? 'cancelled' : 'done'],
          created: [null, result.created],
          updated: [null, result.updated],
          skipped: [null, result.skipped],
          failed: [null, result.failed],
        });
      }
    });
  } catch (error) {
    const failure = error instanceof AppError ? error.detail : error instanceof Error ? error.message : String(error);
    await inTenant(ctx.db.app, scope, (tx) => repo.finishRun(tx, workspaceId, importId, { status: 'failed', failure }));
    if (!(error instanceof AppError)) throw error;
  }
}
