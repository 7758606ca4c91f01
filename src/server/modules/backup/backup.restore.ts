// Restoring a backup (backup.service.ts): first the whole file is read and every entry checked
// against the manifest, so a damaged or truncated file is refused before anything is written;
// then the schema is brought to the backup's migrations, the rows go in with COPY … FROM
// STDIN in one transaction (all or nothing), and the migrations since run on top.
// A whole backup needs an empty database. A workspace backup may also go into a running
// installation: as the same workspace if it is not there, else as a new one beside it.
import crypto from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrations as knownMigrations } from '../../db/migrations/index.ts';
import { migrateToLatest, migrateUpTo, type Db } from '../../platform/db/database.ts';
import { filePath } from '../../platform/files.ts';
import { DamagedBackup, readArchive } from './backup.archive.ts';
import {
  BackupRefused,
  backupFormat,
  backupFormatVersion,
  type Manifest,
  type ManifestTable,
  manifestName,
} from './backup.service.ts';
import { listSequences, listTables, quoteIdent } from './backup.tables.ts';

export interface RestoreTarget {
  url: string;
  owner: Db;
  dataDir: string;
}

export interface RestoreResult {
  scope: Manifest['scope'];
  /** The workspace's id in this installation (a workspace backup restored beside its original gets a new one). */
  workspaceId?: string;
  tables: number;
  rows: number;
  files: number;
  /** Migrations run after the rows went in (the backup came from an older Farley). */
  migratedSince: string[];
  ms: number;
}

/** Reads the whole file, checking each entry's size and SHA-256; answers the manifest. */
export async function verifyBackup(file: string): Promise<Manifest> {
  const seen = new Map<string, { bytes: number; sha256: string }>();
  let manifestText: string | undefined;
  for await (const entry of readArchive(file)) {
    const hash = crypto.createHash('sha256');
    const parts: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of entry.body) {
      hash.update(chunk);
      bytes += chunk.length;
      if (entry.name === manifestName) parts.push(chunk);
    }
    seen.set(entry.name, { bytes, sha256: hash.digest('hex') });
    if (entry.name === manifestName) manifestText = Buffer.concat(parts).toString('utf8');
  }
  if (manifestText === undefined) throw new DamagedBackup('the backup file has no manifest: it is incomplete');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestText);
  } catch {
    throw new DamagedBackup('the manifest of the backup file is damaged');
  }
  if (manifest.format !== backupFormat) throw new DamagedBackup('this is not a Farley backup file');
  if (manifest.formatVersion > backupFormatVersion)
    throw new BackupRefused(
      `this backup has format ${manifest.formatVersion}, made by Farley ${manifest.farleyVersion}: restore it with that version or a newer one`,
    );
  for (const table of manifest.tables) {
    const entry = seen.get(table.entry);
    if (!entry) throw new DamagedBackup(`the backup file lacks the rows of ${table.name}: it is incomplete`);
    if (entry.bytes !== table.bytes || entry.sha256 !== table.sha256)
      throw new DamagedBackup(`the rows of ${table.name} in the backup file are damaged (checksum mismatch)`);
  }
  for (const stored of manifest.files) {
    const entry = seen.get(`files/${stored.sha256}`);
    if (!entry || entry.sha256 !== stored.sha256)
      throw new DamagedBackup(`the stored file ${stored.sha256} in the backup file is missing or damaged`);
  }
  return manifest;
}

/** Which migrations the target database has applied (none in a new one). */
async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  const { rows: exists } = await client.query(`select to_regclass('farley_migrations') is not null as exists`);
  if (!exists[0].exists) return [];
  const { rows } = await client.query<{ name: string }>('select name from farley_migrations order by name');
  return rows.map((row) => row.name);
}

/** The first table of the target that holds rows, if any. */
async function firstNonEmptyTable(client: pg.ClientBase): Promise<string | undefined> {
  await client.query('begin');
  try {
    await client.query(`set local farley.maintenance = 'on'`);
    for (const table of await listTables(client)) {
      const { rows } = await client.query(`select exists (select from ${quoteIdent(table.name)}) as some`);
      if (rows[0].some) return table.name;
    }
    return undefined;
  } finally {
    await client.query('rollback');
  }
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((name, i) => name === b[i]);

/**
 * Gives each COPY text line the new workspace id: every field that is the old id (the
 * workspace_id column, the workspaces table's id, and ids defined to equal it, like a
 * letterhead's). Tabs and newlines inside values are escaped in this format, so splitting
 * on them is exact; a UUID never occurs as a whole field by chance.
 */
class NewWorkspaceId extends Transform {
  #rest = '';
  // A character's bytes may be split between two chunks.
  readonly #decoder = new StringDecoder('utf8');
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super();
  }
  #line(line: string): string {
    if (!line.includes(this.from)) return line;
    return line
      .split('\t')
      .map((field) => (field === this.from ? this.to : field))
      .join('\t');
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: string) => void) {
    const lines = (this.#rest + this.#decoder.write(chunk)).split('\n');
    this.#rest = lines.pop()!;
    done(null, lines.length ? `${lines.map((line) => this.#line(line)).join('\n')}\n` : '');
  }
  override _flush(done: (error?: Error | null, data?: string) => void) {
    const rest = this.#rest + this.#decoder.end();
    done(null, rest ? this.#line(rest) : '');
  }
}

/** Tables a workspace restored beside its original leaves out: its sign-ins are the original's. */
const signInTables = ['sessions', 'api_tokens'];

/**
 * Restores `file` into the database of `target`. Refuses a whole backup unless the database
 * is empty, and a backup made by a newer Farley (migrations this one does not know).
 */
export async function restoreBackup(
  target: RestoreTarget,
  file: string,
  options: { name?: string; verified?: Manifest } = {},
): Promise<RestoreResult> {
  const started = Date.now();
  const manifest = options.verified ?? (await verifyBackup(file));
  const unknown = manifest.migrations.filter((name) => !(name in knownMigrations));
  if (unknown.length > 0)
    throw new BackupRefused(
      `this backup comes from a newer Farley (${manifest.farleyVersion}, migration ${unknown.at(-1)}): install that version or a newer one to restore it`,
    );

  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const applied = await appliedMigrations(client);
    const occupied = applied.length > 0 ? await firstNonEmptyTable(client) : undefined;
    let workspaceId: string | undefined;
    if (manifest.scope.kind === 'workspace') {
      workspaceId = manifest.scope.workspaceId;
      if (occupied) {
        if (!sameList(applied, manifest.migrations))
          throw new BackupRefused(
            `this installation's schema (migration ${applied.at(-1)}) differs from the backup's (${manifest.migrations.at(-1)}, Farley ${manifest.farleyVersion}): a workspace backup goes into an installation of the same version only; restore it into an empty data directory or database instead, which upgrades it`,
          );
        const { rows } = await client.query(`select exists (select from workspaces where id = $1) as taken`, [
          workspaceId,
        ]);
        if (rows[0].taken) workspaceId = crypto.randomUUID();
      }
    } else if (occupied) {
      throw new BackupRefused(
        `the target database is not empty (table ${occupied} has rows): restore a whole backup into an empty data directory (FARLEY_DATA_DIR) or an empty database (DATABASE_URL)`,
      );
    }
    if (!occupied) {
      const ahead = applied.filter((name) => !manifest.migrations.includes(name));
      if (ahead.length > 0 || !sameList(applied, manifest.migrations.slice(0, applied.length)))
        throw new BackupRefused(
          `the target database is already migrated past the backup (migration ${applied.at(-1)}, the backup's is ${manifest.migrations.at(-1)}): restore into a new empty data directory or database`,
        );
      await migrateUpTo(target.owner, manifest.migrations.at(-1)!);
    }

    const rename =
      manifest.scope.kind === 'workspace' && workspaceId && workspaceId !== manifest.scope.workspaceId
        ? { from: manifest.scope.workspaceId, to: workspaceId }
        : undefined;
    const renamed = rename !== undefined;
    const tables = manifest.tables.filter((table) => !(renamed && signInTables.includes(table.name)));
    const rows = await loadRows(client, target.dataDir, file, manifest, tables, rename);
    if (renamed && options.name)
      await client.query('update workspaces set name = $2 where id = $1', [workspaceId, options.name]);
    const migratedSince = await migrateToLatest(target.owner);
    return {
      scope: manifest.scope,
      ...(workspaceId ? { workspaceId } : {}),
      tables: tables.length,
      rows,
      files: manifest.files.length,
      migratedSince,
      ms: Date.now() - started,
    };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The rows and files, in one transaction on the owner's connection. The backup's rows are
 * taken as they are: triggers that would derive rows (search words, scores, the audit) are
 * skipped, since their rows are in the backup too. As a superuser (the embedded server) by
 * session_replication_role, which skips the foreign-key checks as well; otherwise each table's
 * own triggers are disabled until commit (which locks those tables meanwhile) and the foreign
 * keys are checked, the tables going in parents first. COPY into a table whose policies bind
 * the role is refused, so a non-superuser owner lifts the forcing of row-level security for
 * the transaction, as the demo loader does.
 */
async function loadRows(
  client: pg.ClientBase,
  dataDir: string,
  file: string,
  manifest: Manifest,
  tables: ManifestTable[],
  /** A workspace restored beside its original: its old id and its new one. */
  rename: { from: string; to: string } | undefined,
): Promise<number> {
  const byEntry = new Map(tables.map((table) => [table.entry, table]));
  await client.query('begin');
  try {
    await client.query(
      `select set_config('farley.maintenance', 'on', true), set_config('farley.audit', 'off', true),
              set_config('statement_timeout', '0', true), set_config('idle_in_transaction_session_timeout', '0', true)`,
    );
    const { rows: roles } = await client.query<{ mighty: boolean }>(
      'select rolsuper or rolbypassrls as mighty from pg_roles where rolname = current_user',
    );
    const superuser = roles[0]?.mighty === true;
    const undo: string[] = [];
    if (superuser) await client.query('set local session_replication_role = replica');
    else {
      for (const table of tables) {
        const name = quoteIdent(table.name);
        await client.query(`alter table ${name} disable trigger user`);
        undo.push(`alter table ${name} enable trigger user`);
        const { rows } = await client.query(
          `select relforcerowsecurity as forced from pg_class where oid = $1::regclass`,
          [table.name],
        );
        if (rows[0].forced) {
          await client.query(`alter table ${name} no force row level security`);
          undo.push(`alter table ${name} force row level security`);
        }
      }
    }
    let total = 0;
    for await (const entry of readArchive(file)) {
      const table = byEntry.get(entry.name);
      if (table) {
        const copy = client.query(
          copyFrom(`copy ${quoteIdent(table.name)} (${table.columns.map(quoteIdent).join(', ')}) from stdin`),
        );
        const rows = Readable.from(entry.body);
        if (rename) await pipeline(rows, new NewWorkspaceId(rename.from, rename.to), copy);
        else await pipeline(rows, copy);
        if (copy.rowCount !== table.rows)
          throw new DamagedBackup(`${table.name}: ${copy.rowCount} rows went in, the manifest says ${table.rows}`);
        total += copy.rowCount;
      } else if (entry.name.startsWith('files/')) {
        await storeFile(dataDir, entry.name.slice('files/'.length), entry.body);
      }
    }
    for (const sequence of manifest.sequences)
      await client.query('select setval($1::regclass, $2::bigint, $3)', [
        sequence.name,
        sequence.lastValue,
        sequence.isCalled,
      ]);
    if (manifest.scope.kind === 'workspace') {
      // Ids of identity columns must stay ahead of the rows that came in.
      for (const sequence of await listSequences(client)) {
        await client.query(
          `select setval($1::regclass, greatest((select last_value from ${quoteIdent(sequence.name)}),
                  (select coalesce(max(${quoteIdent(sequence.column)}), 1) from ${quoteIdent(sequence.table)})))`,
          [sequence.name],
        );
      }
    }
    for (const statement of undo.reverse()) await client.query(statement);
    await client.query('commit');
    return total;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

/** A stored file from the archive, checked against its name, written as putFile does. */
async function storeFile(dataDir: string, sha256: string, body: AsyncIterable<Buffer>): Promise<void> {
  const target = filePath(dataDir, sha256);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${crypto.randomUUID()}.tmp`;
  const hash = crypto.createHash('sha256');
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(Readable.from(body), check, createWriteStream(temporary, { mode: 0o600 }));
  if (hash.digest('hex') !== sha256) {
    await fs.rm(temporary, { force: true });
    throw new DamagedBackup(`the stored file ${sha256} in the backup file is damaged`);
  }
  await fs.rename(temporary, target);
}
