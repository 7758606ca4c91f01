// Order-line reports from the monthly totals (order_line_months, migration 0043): when a
// report over order lines groups and filters only by what the totals keep (the order's month,
// quarter or year, currency, status and kind, the product and its group) and measures only
// counts and sums (or averages of them), it reads one row per month and product instead of
// every line. Anything else reads the lines.
import { sql, type RawBuilder } from 'kysely';
import type { DateRange, ReportDefinition } from '../../../contract/reports.ts';
import { filterConditions, type Fields } from '../../platform/http/listing.ts';
import { filterQuery, orderOf, periodOf, rangeConditions } from './reports.clauses.ts';
import { sources } from './reports.sources.ts';

const noProduct = '00000000-0000-0000-0000-000000000000';

/** The order-line fields the totals keep, on the totals' columns (m) and the product (p). */
const rollupFields: Fields = {
  orderDate: { column: 'm.month', kind: 'date' },
  currency: { column: 'm.currency', kind: 'text' },
  orderStatus: { ...sources.orderLines.fields.orderStatus, column: 'm.status' },
  orderKind: { ...sources.orderLines.fields.orderKind, column: 'm.kind' },
  productId: { column: 'm.product_id', kind: 'uuid' },
  productGroup: { column: 'p.product_group', kind: 'text', nullable: true },
};

/** Measures the totals answer, by function and field. */
const rollupMeasures: Record<string, { sum: string; count?: true }> = {
  'count:': { sum: 'm.lines', count: true },
  'sum:quantity': { sum: 'm.quantity' },
  'sum:netAmount': { sum: 'm.net_amount' },
  'avg:quantity': { sum: 'm.quantity' },
  'avg:netAmount': { sum: 'm.net_amount' },
};

const firstOfMonth = (day: string) => day.endsWith('-01');
const lastOfMonth = (day: string) => {
  const next = new Date(Date.parse(day) + 86_400_000);
  return next.getUTCDate() === 1;
};

export interface RollupPlan {
  kind: 'months';
}

/** Whether the monthly totals answer the report exactly; null when they do not. */
export function planRollup(definition: ReportDefinition, range: DateRange | undefined): RollupPlan | null {
  if (definition.type !== 'orderLines') return null;
  const kept = (name: string) => Object.hasOwn(rollupFields, name);
  for (const g of definition.groups) {
    if (!kept(g.field)) return null;
    if (g.field === 'orderDate' && g.bucket && !['month', 'quarter', 'year'].includes(g.bucket)) return null;
    if (g.field === 'orderDate' && !g.bucket) continue;
  }
  for (const m of definition.measures) if (!rollupMeasures[`${m.fn}:${m.field ?? ''}`]) return null;
  for (const f of definition.filters) {
    if (!kept(f.field)) return null;
    // Months hold whole months: a date filter must fall on a month's boundary.
    if (f.field === 'orderDate') {
      if (f.op === 'gte' || f.op === 'lt') {
        if (!firstOfMonth(f.value)) return null;
      } else if (f.op !== 'empty') return null;
    }
    // The totals keep lines without a product under the nil id: only eq, ne and in mean the same.
    if (f.field === 'productId' && !['eq', 'ne', 'in'].includes(f.op)) return null;
  }
  if (definition.dateField === 'orderDate') {
    if (range?.from && !firstOfMonth(range.from)) return null;
    if (range?.to && !lastOfMonth(range.to)) return null;
  } else if (definition.dateField && (range?.from || range?.to)) return null;
  return { kind: 'months' };
}

/** The SELECT over the monthly totals, with the same columns as over the lines. */
export function rollupColumns(
  _plan: RollupPlan,
  workspaceId: string,
  definition: ReportDefinition,
  range: DateRange | undefined,
) {
  // A month is kept as its first day: grouped as it is; quarters and years from it.
  const group = (
    field: string,
    bucket: string | undefined,
  ): { key: RawBuilder<unknown>; shown: RawBuilder<unknown> } => {
    if (field === 'orderDate') {
      if (!bucket || bucket === 'month') return { key: sql`m.month`, shown: sql`to_char(m.month, 'YYYY-MM-DD')` };
      return periodOf(sql`m.month::timestamp`, bucket);
    }
    if (field === 'productId') {
      const key = sql`nullif(m.product_id, ${noProduct}::uuid)`;
      return { key, shown: key };
    }
    const column = sql.ref(rollupFields[field].column);
    return { key: column, shown: column };
  };
  const groups = definition.groups.map((g) => group(g.field, g.bucket));
  const selects = [
    ...groups.map((g, i) => sql`${g.shown} as ${sql.ref(`group${i}`)}`),
    ...definition.measures.map((m, i) => {
      const measure = rollupMeasures[`${m.fn}:${m.field ?? ''}`];
      const total = sql`sum(${sql.ref(measure.sum)})`;
      const value = m.fn === 'avg' ? sql`round(${total} / nullif(sum(m.lines), 0), 2)::float8` : sql`${total}::float8`;
      return sql`${value} as ${sql.ref(`measure${i}`)}`;
    }),
  ];
  const where = [
    // Said again beside row-level security: with the id as a constant the policy is checked once.
    sql<boolean>`m.workspace_id = ${workspaceId}::uuid`,
    ...filterConditions(rollupFields, filterQuery(definition), ''),
    ...(definition.dateField === 'orderDate' ? rangeConditions(sql.ref('m.month'), rollupFields.orderDate, range) : []),
  ];
  const from = sql`order_line_months m left join products p on p.workspace_id = m.workspace_id and p.id = m.product_id`;
  return { selects, groupKeys: groups.map((g) => g.key), from, where, orderKeys: orderOf(definition, () => null) };
}
