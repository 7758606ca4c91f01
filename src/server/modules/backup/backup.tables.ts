// What a backup holds, read from the database's own catalogue rather than listed by hand, so
// that a table a later migration adds is backed up without anyone remembering to: the tables
// of Farley's schema in foreign-key order, their columns, and the sequences behind them.
import type pg from 'pg';

export interface BackupTable {
  name: string;
  /** The stored columns in order (generated ones are computed again on restore). */
  columns: string[];
  /**
   * How a workspace backup takes its rows: `workspace` tables by their workspace_id, the
   * `workspaces` table by its id; `global` tables (sign-in throttling) belong to no workspace.
   */
  scope: 'workspace' | 'workspaces' | 'global';
}

export interface BackupSequence {
  name: string;
  table: string;
  column: string;
}

/** Kysely's bookkeeping: the restore's migrations write it, a backup names its content. */
const bookkeeping = ['farley_migrations', 'farley_migrations_lock'];

export async function listTables(client: pg.ClientBase): Promise<BackupTable[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(
    `
    select c.relname as name,
           array_agg(a.attname::text order by a.attnum) as columns
      from pg_class c
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
       and c.relname <> all($1::text[])
     group by c.relname`,
    [bookkeeping],
  );
  const { rows: references } = await client.query<{ child: string; parent: string }>(
    `
    select distinct k.conrelid::regclass::text as child, k.confrelid::regclass::text as parent
      from pg_constraint k
     where k.contype = 'f' and k.connamespace = current_schema()::regnamespace and k.conrelid <> k.confrelid`,
  );
  const tables = rows.map(
    (row): BackupTable => ({
      name: row.name,
      columns: row.columns,
      scope: row.name === 'workspaces' ? 'workspaces' : row.columns.includes('workspace_id') ? 'workspace' : 'global',
    }),
  );
  return inReferenceOrder(
    tables,
    references.map((r) => [r.child, r.parent]),
  );
}

/**
 * Parents before children (Kahn's algorithm, names in alphabetical order where the order is
 * free, so that two backups of one schema list tables alike). A table's references to itself
 * need no order: PostgreSQL checks them at the end of its COPY statement. A cycle between
 * tables, which Farley's schema does not have, would leave them at the end in name order,
 * and a restore that cannot skip foreign-key checks (restore.ts) would refuse them.
 */
export function inReferenceOrder<T extends { name: string }>(tables: T[], references: Array<[string, string]>): T[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const parents = new Map(tables.map((table) => [table.name, new Set<string>()]));
  for (const [child, parent] of references) {
    if (byName.has(child) && byName.has(parent)) parents.get(child)!.add(parent);
  }
  const ordered: T[] = [];
  const placed = new Set<string>();
  const names = [...byName.keys()].sort();
  for (;;) {
    const ready = names.filter((name) => !placed.has(name) && [...parents.get(name)!].every((p) => placed.has(p)));
    if (ready.length === 0) break;
    for (const name of ready) {
      placed.add(name);
      ordered.push(byName.get(name)!);
    }
  }
  for (const name of names) if (!placed.has(name)) ordered.push(byName.get(name)!);
  return ordered;
}

/** The sequences owned by a column (identity or serial), e.g. the audit log's ids. */
export async function listSequences(client: pg.ClientBase): Promise<BackupSequence[]> {
  const { rows } = await client.query<BackupSequence>(
    `
    select s.relname as name, t.relname as table, a.attname as column
      from pg_depend d
      join pg_class s on s.oid = d.objid and s.relkind = 'S'
      join pg_class t on t.oid = d.refobjid
      join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
     where s.relnamespace = current_schema()::regnamespace and d.deptype in ('a', 'i')
     order by 1`,
  );
  return rows;
}

/**
 * The columns naming a file of the data directory's file store (platform/files.ts) by its
 * SHA-256: an email's raw message and attachments (emails.store.ts), and the raw message a
 * failed sync keeps for its retry. Other `…sha256` columns (a letterhead logo's) hash bytes
 * kept in the row itself. A new user of the file store adds its column here.
 */
const storedFileColumns: Record<string, string[]> = {
  emails: ['raw_sha256'],
  email_attachments: ['sha256'],
  mail_sync_log: ['raw_sha256'],
};

export function fileColumns(table: BackupTable): string[] {
  return (storedFileColumns[table.name] ?? []).filter((column) => table.columns.includes(column));
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
