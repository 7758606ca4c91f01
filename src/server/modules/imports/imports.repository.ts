// SQL of import runs: the imports row (settings, progress, outcome), the records each run
// created or changed (import_records), and saved mappings. Every query names the workspace
// besides relying on row-level security, so an id of another workspace finds nothing.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { ImportProblem } from '../../../contract/imports.ts';

export interface ImportRow {
  workspace_id: string;
  id: string;
  created_by: string | null;
  file_name: string;
  file_path: string;
  file_size: string;
  format: 'csv' | 'xlsx' | 'vcf' | 'json';
  source: Record<string, unknown>;
  record_type: string | null;
  settings: Record<string, unknown>;
  dry_run: boolean;
  status: 'uploaded' | 'running' | 'done' | 'failed' | 'cancelled' | 'undone';
  cancel_requested: boolean;
  rows_total: number | null;
  rows_done: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  rate: number | null;
  seconds_left: number | null;
  errors: ImportProblem[];
  errors_total: number;
  rejected_path: string | null;
  failure: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  undone_at: Date | null;
}

export interface NewImport {
  workspace_id: string;
  id: string;
  created_by: string | null;
  file_name: string;
  file_path: string;
  file_size: number;
  format: string;
  source: Record<string, unknown>;
}

export async function insertImport(tx: Db, row: NewImport): Promise<void> {
  await sql`
    insert into imports (workspace_id, id, created_by, file_name, file_path, file_size, format, source)
    values (${row.workspace_id}, ${row.id}, ${row.created_by}, ${row.file_name}, ${row.file_path},
            ${row.file_size}, ${row.format}, ${JSON.stringify(row.source)}::jsonb)`.execute(tx);
}

export async function findImport(
  tx: Db,
  workspaceId: string,
  id: string,
  lock = false,
): Promise<ImportRow | undefined> {
  const { rows } = await sql<ImportRow>`
    select * from imports where workspace_id = ${workspaceId} and id = ${id} ${lock ? sql`for update` : sql``}`.execute(
    tx,
  );
  return rows[0];
}

export async function listImports(tx: Db, workspaceId: string, limit: number): Promise<ImportRow[]> {
  const { rows } = await sql<ImportRow>`
    select * from imports where workspace_id = ${workspaceId}
    order by created_at desc, id desc limit ${limit}`.execute(tx);
  return rows;
}

/** Marks the run started with its settings; false when it is running or finished already. */
export async function startRun(
  tx: Db,
  workspaceId: string,
  id: string,
  run: { recordType: string; settings: Record<string, unknown>; dryRun: boolean },
): Promise<boolean> {
  const result = await sql`
    update imports set status = 'running', record_type = ${run.recordType}, settings = ${JSON.stringify(run.settings)}::jsonb,
      dry_run = ${run.dryRun}, started_at = now(), cancel_requested = false, rows_done = 0, created = 0, updated = 0,
      skipped = 0, failed = 0, errors = '[]', errors_total = 0, rate = null, seconds_left = null, failure = null,
      finished_at = null
    where workspace_id = ${workspaceId} and id = ${id} and status = 'uploaded'`.execute(tx);
  return Number(result.numAffectedRows ?? 0) === 1;
}

export interface Progress {
  rowsDone: number;
  rowsTotal: number | null;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  rate: number | null;
  secondsLeft: number | null;
  /** Problems to append (the stored list is capped at `cap`). */
  newErrors: ImportProblem[];
  errorsTotal: number;
}

/** Writes the run's progress; returns whether a cancel was asked for meanwhile. */
export async function writeProgress(
  tx: Db,
  workspaceId: string,
  id: string,
  p: Progress,
  cap: number,
): Promise<boolean> {
  const { rows } = await sql<{ cancel_requested: boolean }>`
    update imports set rows_done = ${p.rowsDone}, rows_total = coalesce(${p.rowsTotal}::int, rows_total),
      created = ${p.created}, updated = ${p.updated}, skipped = ${p.skipped}, failed = ${p.failed},
      rate = ${p.rate}, seconds_left = ${p.secondsLeft}, errors_total = ${p.errorsTotal},
      errors = case when jsonb_array_length(errors) >= ${cap} then errors
        else (select coalesce(jsonb_agg(e), '[]') from (
          select e from jsonb_array_elements(errors || ${JSON.stringify(p.newErrors)}::jsonb) e limit ${cap}) x) end
    where workspace_id = ${workspaceId} and id = ${id}
    returning cancel_requested`.execute(tx);
  return rows[0]?.cancel_requested ?? true;
}

export async function finishRun(
  tx: Db,
  workspaceId: string,
  id: string,
  outcome: { status: 'done' | 'failed' | 'cancelled'; failure?: string | null; rejectedPath?: string | null },
): Promise<void> {
  await sql`
    update imports set status = ${outcome.status}, failure = ${outcome.failure ?? null},
      rejected_path = ${outcome.rejectedPath ?? null}, finished_at = now(), seconds_left = 0
    where workspace_id = ${workspaceId} and id = ${id}`.execute(tx);
}

export async function requestCancel(tx: Db, workspaceId: string, id: string): Promise<void> {
  await sql`update imports set cancel_requested = true where workspace_id = ${workspaceId} and id = ${id}`.execute(tx);
}

export async function markUndone(tx: Db, workspaceId: string, id: string): Promise<void> {
  await sql`update imports set status = 'undone', undone_at = now() where workspace_id = ${workspaceId} and id = ${id}`.execute(
    tx,
  );
}

export interface ImportRecordRow {
  record_type: 'contact' | 'company' | 'deal' | 'activity' | 'affiliation' | 'product' | 'order';
  record_id: string;
  action: 'created' | 'updated';
  previous: Record<string, unknown> | null;
}

/** Records what a batch created or changed (an update of a record created by the same run stays "created"). */
export async function addImportRecords(
  tx: Db,
  workspaceId: string,
  importId: string,
  records: ImportRecordRow[],
): Promise<void> {
  if (records.length === 0) return;
  await sql`
    insert into import_records (workspace_id, import_id, record_type, record_id, action, previous)
    select ${workspaceId}, ${importId}, r.record_type, r.record_id, r.action, r.previous
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(record_type text, record_id uuid, action text, previous jsonb)
    on conflict (workspace_id, import_id, record_type, record_id) do nothing`.execute(tx);
}

/** A page of a run's records, in key order after `after` (record_type:record_id). */
export async function importRecordsPage(
  tx: Db,
  workspaceId: string,
  importId: string,
  after: { type: string; id: string } | null,
  limit: number,
): Promise<ImportRecordRow[]> {
  const { rows } = await sql<ImportRecordRow>`
    select record_type, record_id, action, previous from import_records
    where workspace_id = ${workspaceId} and import_id = ${importId}
      ${after ? sql`and (record_type, record_id) > (${after.type}, ${after.id}::uuid)` : sql``}
    order by record_type, record_id limit ${limit}`.execute(tx);
  return rows;
}

export interface MappingRow {
  id: string;
  name: string;
  record_type: string;
  mapping: Record<string, unknown>;
}

export async function listMappings(tx: Db, workspaceId: string, recordType: string | undefined): Promise<MappingRow[]> {
  const { rows } = await sql<MappingRow>`
    select id, name, record_type, mapping from import_mappings where workspace_id = ${workspaceId}
    ${recordType ? sql`and record_type = ${recordType}` : sql``}
    order by name, id`.execute(tx);
  return rows;
}

/** Saves a mapping by name (a second save under the same name replaces it). */
export async function saveMapping(
  tx: Db,
  row: {
    workspace_id: string;
    id: string;
    name: string;
    record_type: string;
    mapping: unknown;
    created_by: string | null;
  },
): Promise<void> {
  await sql`
    insert into import_mappings (workspace_id, id, name, record_type, mapping, created_by)
    values (${row.workspace_id}, ${row.id}, ${row.name}, ${row.record_type}, ${JSON.stringify(row.mapping)}::jsonb, ${row.created_by})
    on conflict (workspace_id, record_type, name) do update set mapping = excluded.mapping, updated_at = now()`.execute(
    tx,
  );
}

/** One audit entry for a whole run (the per-record entries are off while it writes). */
export async function auditImport(
  tx: Db,
  workspaceId: string,
  importId: string,
  action: 'create' | 'update',
  changes: Record<string, [unknown, unknown]>,
): Promise<void> {
  await sql`
    insert into audit_log (workspace_id, actor_id, record_type, record_id, action, changes)
    values (${workspaceId}, nullif(current_setting('farley.user_id', true), '')::uuid, 'import', ${importId}, ${action},
            ${JSON.stringify(changes)}::jsonb)`.execute(tx);
}

/** Tells the audit trigger to stand aside for the rest of the transaction (the run is audited as a whole). */
export async function auditOff(tx: Db): Promise<void> {
  await sql`select set_config('farley.audit', 'off', true)`.execute(tx);
}
