// Products come in through the importer (issue 21): the imports' record type `products`, and
// `product` among the records an import made or changed (for its undo).
//
// The allowed values are read from the constraints as they stand and `products`/`product`
// added to them, rather than written out in full: another migration of the same issue (the
// orders' import) widens the same constraints, and neither must take the other's value away,
// whichever of the two runs first.
import { type Kysely, sql } from 'kysely';

const widened = [
  { table: 'imports', value: 'products' },
  { table: 'import_mappings', value: 'products' },
  { table: 'import_records', value: 'product' },
] as const;

/** The values a `record_type in (…)` check of `table` allows, and the constraint's name. */
export async function recordTypeCheck(db: Kysely<any>, table: string): Promise<{ name: string; values: string[] }> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
     where conrelid = ${table}::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%record_type%'`.execute(
    db,
  );
  const check = rows[0];
  if (!check) throw new Error(`${table} has no record_type check`);
  return { name: check.name, values: [...check.definition.matchAll(/'([^']+)'/g)].map((m) => m[1]) };
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, value } of widened) {
    const check = await recordTypeCheck(db, table);
    if (check.values.includes(value)) continue;
    const values = [...check.values, value].map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
    await sql
      .raw(
        `alter table ${table} drop constraint ${check.name};
         alter table ${table} add constraint ${check.name} check (record_type in (${values}));`,
      )
      .execute(db);
  }
}
