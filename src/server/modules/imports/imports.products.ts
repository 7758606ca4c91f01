// Writing a batch of product rows: matched by SKU, the one key a product has. With match `sku`
// a row whose SKU the catalogue holds changes that product (fillEmpty or overwrite, the old
// values kept for undo), so importing the same price list twice changes nothing the second
// time; without it such a row fails with the SKU named. Rows of the same SKU in one file are
// one product. New products get the workspace's currency and standard VAT rate unless the row
// says otherwise, as the API's create does.
import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import { vatRatesFor } from '../../../contract/sales/vatRates.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';
import { addImportRecords, type ImportRecordRow } from './imports.repository.ts';
import {
  insertRows,
  mergeInput,
  type RowIn,
  type RowOut,
  startOuts,
  updateRows,
  type WriteEnv,
} from './imports.write.ts';

type Columns = Record<string, unknown>;

/** The fields of a product (the API's names) and the columns that store them. */
const columnOf = {
  sku: 'sku',
  name: 'name',
  description: 'description',
  unit: 'unit',
  listPrice: 'list_price',
  costPrice: 'cost_price',
  currency: 'currency',
  vatRate: 'vat_rate',
  productGroup: 'product_group',
  active: 'active',
  tags: 'tags',
} as const;

type Field = keyof typeof columnOf;
const fields = Object.keys(columnOf) as Field[];
/** What a new product cannot be without besides its SKU. */
const neededNew = ['name', 'unit', 'listPrice'] as const;

interface Target {
  id: string;
  isNew: boolean;
  input: Columns;
  current?: Columns;
  outs: RowOut[];
}

/** Numbers compare by value ("120.0000" as stored is "120" as imported), the rest as JSON. */
function same(field: Field, stored: unknown, next: unknown): boolean {
  if ((field === 'listPrice' || field === 'costPrice' || field === 'vatRate') && stored != null && next != null)
    return new Decimal(String(stored)).eq(new Decimal(String(next)));
  return JSON.stringify(stored ?? null) === JSON.stringify(next ?? null);
}

function inputOf(row: Columns): Columns {
  return Object.fromEntries(fields.map((field) => [field, row[columnOf[field]]]));
}

function skuTaken(out: RowOut, sku: string) {
  out.problems.push({
    line: out.line,
    field: 'sku',
    code: 'duplicate',
    params: { reason: 'sku', value: sku },
    message: `the SKU "${sku}" belongs to another product (match by SKU to change it)`,
  });
  out.action = 'fail';
}

export async function writeProducts(tx: Db, env: WriteEnv, rows: RowIn[]): Promise<RowOut[]> {
  const outs = startOuts(rows);
  const live = rows.flatMap((row, i) => (row.built ? [{ input: row.built.input, out: outs[i] }] : []));
  const skus = [...new Set(live.map(({ input }) => String(input.sku)))];
  const { rows: stored } = skus.length
    ? await sql<Columns>`
        select * from products where workspace_id = ${env.workspaceId} and deleted_at is null
           and sku = any(${skus}::text[])
        for update`.execute(tx)
    : { rows: [] };
  const bySku = new Map(stored.map((row) => [String(row.sku), row]));

  const targets = new Map<string, Target>();
  for (const { input, out } of live) {
    const sku = String(input.sku);
    let target = targets.get(sku);
    if (env.match !== 'sku' && (target || bySku.has(sku))) {
      skuTaken(out, sku);
      continue;
    }
    if (!target) {
      const current = bySku.get(sku);
      target = current
        ? { id: String(current.id), isNew: false, current, input: inputOf(current), outs: [] }
        : { id: newId(), isNew: true, input: {}, outs: [] };
      targets.set(sku, target);
    }
    target.input = mergeInput(target.input, input, target.isNew ? 'fillEmpty' : env.update);
    target.outs.push(out);
    out.recordId = target.id;
  }

  const records: ImportRecordRow[] = [];
  const inserts: Columns[] = [];
  const updates: Array<{ id: string; columns: Columns }> = [];
  for (const target of targets.values()) {
    for (const out of target.outs) out.values = target.input;
    if (target.isNew) {
      const missing = neededNew.filter((field) => target.input[field] === undefined);
      if (missing.length) {
        for (const out of target.outs) {
          for (const field of missing)
            out.problems.push({
              line: out.line,
              field,
              code: 'required',
              params: { reason: 'new_product' },
              message: `${field} is required for a new product`,
            });
          out.action = 'fail';
          out.recordId = null;
        }
        continue;
      }
      const input = target.input;
      inserts.push({
        workspace_id: env.workspaceId,
        id: target.id,
        sku: input.sku,
        name: input.name,
        description: input.description ?? null,
        unit: input.unit,
        list_price: input.listPrice,
        cost_price: input.costPrice ?? null,
        currency: input.currency ?? env.defaultCurrency,
        vat_rate: input.vatRate ?? vatRatesFor(env.defaultCountry)[0],
        product_group: input.productGroup ?? null,
        active: input.active ?? true,
        tags: input.tags ?? [],
      });
      records.push({ record_type: 'product', record_id: target.id, action: 'created', previous: null });
      target.outs.forEach((out, i) => {
        out.action = i === 0 ? 'create' : 'skip';
      });
    } else {
      const current = target.current as Columns;
      const changed: Columns = {};
      const previous: Columns = {};
      for (const field of fields) {
        const column = columnOf[field];
        if (!same(field, current[column], target.input[field])) {
          changed[column] = target.input[field];
          previous[column] = current[column];
        }
      }
      const anything = Object.keys(changed).length > 0;
      for (const out of target.outs) out.action = anything ? 'update' : 'skip';
      if (anything) {
        updates.push({ id: target.id, columns: changed });
        records.push({ record_type: 'product', record_id: target.id, action: 'updated', previous });
      }
    }
  }
  await updateRows(tx, env, 'products', updates);
  await insertRows(tx, 'products', inserts);
  await addImportRecords(tx, env.workspaceId, env.importId, records);
  return outs;
}
