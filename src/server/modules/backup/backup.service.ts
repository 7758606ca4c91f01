// Taking a backup while Farley runs: one read-only REPEATABLE READ transaction, so every
// table is read as of the same instant (PostgreSQL's snapshot, as pg_dump takes it), and a
// COPY … TO STDOUT per table into a gzip'd tar archive (backup.archive.ts) with a manifest.
// The embedded PostgreSQL ships no pg_dump; COPY is what pg_dump itself uses for the rows.
import crypto from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { filePath } from '../../platform/files.ts';
import { ArchiveWriter } from './backup.archive.ts';
import { type BackupTable, fileColumns, listSequences, listTables, quoteIdent } from './backup.tables.ts';

export const manifestName = 'manifest.json';
export const backupFormat = 'farley-backup';
export const backupFormatVersion = 1;

export interface ManifestTable {
  name: string;
  /** The archive entry holding the table's rows in COPY text format. */
  entry: string;
  columns: string[];
  scope: BackupTable['scope'];
  rows: number;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof backupFormat;
  formatVersion: number;
  farleyVersion: string;
  postgresVersion: string;
  createdAt: string;
  /** The whole installation, or one workspace's rows. */
  scope: { kind: 'all' } | { kind: 'workspace'; workspaceId: string; name: string };
  /** The schema the rows fit: the migrations applied when the snapshot was taken. */
  migrations: string[];
  /** In restore order: parents before the tables that refer to them. */
  tables: ManifestTable[];
  /** Tables with no rows of any one workspace, left out of a workspace backup. */
  skippedTables: string[];
  /** Where identity columns' sequences stood (a whole backup). */
  sequences: Array<{ name: string; table: string; column: string; lastValue: string; isCalled: boolean }>;
  /** Stored files (attachments, PDFs, logos) the rows refer to, under files/<sha256>. */
  files: Array<{ sha256: string; bytes: number }>;
  /** Files the rows refer to that were not in the data directory. */
  missingFiles: string[];
}

export interface BackupTarget {
  /** The owner's connection URL (openDatabases' `url`). */
  url: string;
  /** The data directory holding stored files. */
  dataDir: string;
}

export interface BackupResult {
  file: string;
  bytes: number;
  scope: Manifest['scope'];
  tables: number;
  rows: number;
  files: number;
  missingFiles: number;
  ms: number;
}

export const farleyVersion: string = JSON.parse(
  readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8'),
).version;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A mistake of the operator's (no such workspace): the CLI shows it as a usage error. */
export class BackupRefused extends Error {}

/** A file name with the time in it, sortable: farley-backup-20261206-020000[-name].tar.gz. */
export function backupFileName(now = new Date(), label?: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const suffix = label
    ? `-${label
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}`
    : '';
  return `farley-backup-${stamp}${suffix}.tar.gz`;
}

async function findWorkspace(client: pg.ClientBase, wanted: string): Promise<{ id: string; name: string }> {
  const { rows } = uuidPattern.test(wanted)
    ? await client.query<{ id: string; name: string }>('select id, name from workspaces where id = $1', [wanted])
    : await client.query<{ id: string; name: string }>(
        'select id, name from workspaces where lower(name) = lower($1) order by created_at',
        [wanted.trim()],
      );
  if (rows.length === 0) throw new BackupRefused(`no workspace ${wanted}`);
  if (rows.length > 1) throw new BackupRefused(`${rows.length} workspaces are called "${wanted}": give the id instead`);
  return rows[0];
}

/** Counts and hashes the bytes passing through. */
class Tally extends Transform {
  readonly hash = crypto.createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/**
 * Writes a backup of the whole database, or of one workspace (`workspace`: its id or name),
 * to `file`. The archive is written as `file.partial` and renamed when complete, so a file
 * with the final name is always whole. Table rows are spooled to a temporary file each
 * before they go into the archive (a tar entry states its size first).
 */
export async function takeBackup(
  target: BackupTarget,
  options: { file: string; workspace?: string },
): Promise<BackupResult> {
  const started = Date.now();
  const file = path.resolve(options.file);
  const partial = `${file}.partial`;
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  const spoolDir = await fs.mkdtemp(path.join(path.dirname(file), '.farley-backup-')).catch(async (error) => {
    await client.end();
    throw error;
  });
  const archive = new ArchiveWriter(partial);
  try {
    // The snapshot: every statement below sees the database as of the first one. READ ONLY
    // and no statement limit: a backup of a large database may take long, and blocks no writer.
    await client.query('begin isolation level repeatable read read only');
    await client.query(
      `select set_config('farley.maintenance', 'on', true), set_config('statement_timeout', '0', true),
              set_config('idle_in_transaction_session_timeout', '0', true)`,
    );
    const workspace = options.workspace === undefined ? null : await findWorkspace(client, options.workspace);
    const scope: Manifest['scope'] = workspace
      ? { kind: 'workspace', workspaceId: workspace.id, name: workspace.name }
      : { kind: 'all' };
    const migrations = (
      await client.query<{ name: string }>('select name from farley_migrations order by name').catch(() => ({
        rows: [],
      }))
    ).rows.map((row) => row.name);
    if (migrations.length === 0) throw new BackupRefused('this database has no Farley schema: nothing to back up');
    const all = await listTables(client);
    const tables = workspace ? all.filter((table) => table.scope !== 'global') : all;
    const where = (table: BackupTable) =>
      !workspace ? '' : ` where ${table.scope === 'workspaces' ? 'id' : 'workspace_id'} = '${workspace.id}'`;

    const manifestTables: ManifestTable[] = [];
    for (const [index, table] of tables.entries()) {
      const entry = `tables/${String(index + 1).padStart(3, '0')}-${table.name}.copy`;
      const spool = path.join(spoolDir, 'table');
      const tally = new Tally();
      const copy = client.query(
        copyTo(
          `copy (select ${table.columns.map(quoteIdent).join(', ')} from ${quoteIdent(table.name)}${where(table)}) to stdout`,
        ),
      );
      await pipeline(copy, tally, createWriteStream(spool));
      await archive.addFile(entry, spool, tally.bytes);
      await fs.rm(spool);
      manifestTables.push({
        name: table.name,
        entry,
        columns: table.columns,
        scope: table.scope,
        rows: copy.rowCount,
        bytes: tally.bytes,
        sha256: tally.hash.digest('hex'),
      });
    }

    // Stored files are written once under their hash and never changed, so the files the
    // snapshot's rows name are the right ones whenever they are read.
    const hashes = new Set<string>();
    for (const table of tables) {
      for (const column of fileColumns(table)) {
        const { rows } = await client.query<{ sha: string }>(
          `select distinct ${quoteIdent(column)} as sha from ${quoteIdent(table.name)}${where(table)}`,
        );
        for (const { sha } of rows) if (sha && /^[0-9a-f]{64}$/.test(sha)) hashes.add(sha);
      }
    }
    const files: Manifest['files'] = [];
    const missingFiles: string[] = [];
    for (const sha256 of [...hashes].sort()) {
      const stored = filePath(target.dataDir, sha256);
      const stat = await fs.stat(stored).catch(() => null);
      if (!stat) {
        missingFiles.push(sha256);
        continue;
      }
      await archive.addFile(`files/${sha256}`, stored, stat.size);
      files.push({ sha256, bytes: stat.size });
    }

    const sequences: Manifest['sequences'] = [];
    if (!workspace) {
      for (const sequence of await listSequences(client)) {
        const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
          `select last_value::text, is_called from ${quoteIdent(sequence.name)}`,
        );
        sequences.push({ ...sequence, lastValue: rows[0].last_value, isCalled: rows[0].is_called });
      }
    }
    const { rows: version } = await client.query<{ server_version: string }>('show server_version');
    await client.query('commit');

    const manifest: Manifest = {
      format: backupFormat,
      formatVersion: backupFormatVersion,
      farleyVersion,
      postgresVersion: version[0].server_version,
      createdAt: new Date(started).toISOString(),
      scope,
      migrations,
      tables: manifestTables,
      skippedTables: all.filter((table) => !tables.includes(table)).map((table) => table.name),
      sequences,
      files,
      missingFiles,
    };
    await archive.add(manifestName, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await archive.close();
    await fs.rename(partial, file);
    const { size } = await fs.stat(file);
    return {
      file,
      bytes: size,
      scope,
      tables: manifestTables.length,
      rows: manifestTables.reduce((sum, table) => sum + table.rows, 0),
      files: files.length,
      missingFiles: missingFiles.length,
      ms: Date.now() - started,
    };
  } catch (error) {
    archive.destroy();
    await fs.rm(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => {});
    await fs.rm(spoolDir, { recursive: true, force: true });
  }
}
