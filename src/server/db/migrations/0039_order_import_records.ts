// An orders import can be undone (issue 21): `order` among the records an import made or
// changed, so its undo trashes the orders it made and gives the ones it changed their header
// and lines back; the contacts it made for unknown customers are recorded as contacts.
import { type Kysely, sql } from 'kysely';
import { recordTypeCheck } from './0036_product_imports.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const check = await recordTypeCheck(db, 'import_records');
  if (check.values.includes('order')) return;
  const values = [...check.values, 'order'].map((v) => `'${v}'`).join(',');
  await sql
    .raw(
      `alter table import_records drop constraint ${check.name};
       alter table import_records add constraint ${check.name} check (record_type in (${values}));`,
    )
    .execute(db);
}
