// What a report can read: per record type the table it starts from, the live rows, and its
// fields — the lists' own field maps (the same names, operators and value parsing), plus the
// order lines' fields, which reach into their order and product. Only these fields ever
// become SQL: a definition names them, it never carries SQL.
import { sql, type RawBuilder } from 'kysely';
import type { ReportType } from '../../../contract/reports.ts';
import type { Field, Fields } from '../../platform/http/listing.ts';
import { listFields } from '../meta/meta.service.ts';
import { orderFields } from '../orders/index.ts';
import { quoteFields } from '../quotes/index.ts';

export interface Source {
  /** The FROM clause, its tables aliased so that the fields' columns resolve. */
  from: RawBuilder<unknown>;
  /** The alias the fields' columns are relative to ('' when they carry their own). */
  alias: string;
  /**
   * Rows a report counts: the workspace's (said again beside row-level security: with the id
   * as a constant PostgreSQL checks the policy once, not on every row), not in the trash.
   */
  live(workspaceId: string): RawBuilder<boolean>;
  fields: Fields;
}

const timestamps: Fields = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};

const table = (name: string, fields: Fields): Source => ({
  from: sql`${sql.table(name)} as t`,
  alias: 't',
  live: (workspaceId) => sql<boolean>`t.workspace_id = ${workspaceId}::uuid and t.deleted_at is null`,
  fields: { ...fields, ...Object.fromEntries(Object.entries(timestamps).filter(([k]) => !fields[k])) },
});

/** The order's fields as an order line's: the same names, "order…" where a line has its own. */
function orderSide(): Fields {
  const renamed: Record<string, string> = {
    number: 'orderNumber',
    externalNumber: 'orderExternalNumber',
    kind: 'orderKind',
    status: 'orderStatus',
    source: 'orderSource',
    netTotal: 'orderNetTotal',
  };
  return Object.fromEntries(
    Object.entries(orderFields).map(([name, field]): [string, Field] => [
      renamed[name] ?? name,
      { ...field, column: `o.${field.column}` },
    ]),
  );
}

const orderLineFields: Fields = {
  productId: { column: 'l.product_id', kind: 'uuid', nullable: true },
  sku: { column: 'l.sku', kind: 'text', nullable: true },
  name: { column: 'l.name', kind: 'text', nullable: true },
  quantity: { column: 'l.quantity', kind: 'decimal' },
  unitPrice: { column: 'l.unit_price', kind: 'decimal', nullable: true },
  netAmount: { column: 'l.net_amount', kind: 'decimal' },
  vatRate: { column: 'l.vat_rate', kind: 'decimal', nullable: true },
  productGroup: { column: 'p.product_group', kind: 'text', nullable: true },
  ...orderSide(),
};

export const sources: Record<ReportType, Source> = {
  // With their analytics scores beside them (migration 0048), as their lists have them.
  contacts: table('contacts_listed', listFields.contacts),
  companies: table('companies_listed', listFields.companies),
  deals: table('deals', listFields.deals),
  activities: table('activities', listFields.activities),
  tasks: table('tasks', listFields.tasks),
  orders: table('orders', { ...orderFields, createdAt: timestamps.createdAt }),
  quotes: table('quotes', quoteFields),
  orderLines: {
    from: sql`order_lines l
      join orders o on o.workspace_id = l.workspace_id and o.id = l.order_id
      left join products p on p.workspace_id = l.workspace_id and p.id = l.product_id`,
    alias: '',
    live: (workspaceId) =>
      sql<boolean>`l.workspace_id = ${workspaceId}::uuid and o.workspace_id = ${workspaceId}::uuid and o.deleted_at is null`,
    fields: orderLineFields,
  },
};

/** Money fields: shown with two decimals (a report does not convert currencies). */
export const moneyFields = new Set([
  'amount',
  'netTotal',
  'grossTotal',
  'netAmount',
  'unitPrice',
  'annualRevenue',
  'listPrice',
  'orderNetTotal',
]);

export const isDate = (field: Field) => field.kind === 'date' || field.kind === 'timestamp';
export const isNumber = (field: Field) => field.kind === 'integer' || field.kind === 'decimal';
/** Arrays and fields that are links in another table (a contact's companies) are not grouped by. */
export const isGroupable = (field: Field) => field.kind !== 'array' && !field.linked;

/** A field of a source by name, own keys only ("constructor" is no field). */
export function fieldOf(source: Source, name: string): Field | undefined {
  return Object.hasOwn(source.fields, name) ? source.fields[name] : undefined;
}

/** A field's column as SQL. */
export function columnOf(source: Source, field: Field): RawBuilder<unknown> {
  return sql.ref(source.alias ? `${source.alias}.${field.column}` : field.column);
}

/**
 * Groups that sort by a rank of what they name rather than by their value: a deal's stage by
 * its position in the pipeline, as the board shows them.
 */
export const groupRanks: Record<string, (column: RawBuilder<unknown>) => RawBuilder<unknown>> = {
  stageId: (column) => sql`(select s.position from pipeline_stages s where s.id = ${column})`,
};

/**
 * The names of ids in a group column: the table and the expression of its name, by field.
 * Read in the same tenant transaction, so another workspace's names cannot appear.
 */
export const labelTables: Record<string, { table: string; name: string }> = {
  ownerId: { table: 'users', name: 'name' },
  assigneeId: { table: 'users', name: 'name' },
  authorId: { table: 'users', name: 'name' },
  companyId: { table: 'companies', name: 'name' },
  parentCompanyId: { table: 'companies', name: 'name' },
  contactId: { table: 'contacts', name: "concat_ws(' ', first_name, last_name)" },
  pipelineId: { table: 'pipelines', name: 'name' },
  stageId: { table: 'pipeline_stages', name: 'name' },
  lostReasonId: { table: 'lost_reasons', name: 'name' },
  productId: { table: 'products', name: 'name' },
  priceListId: { table: 'price_lists', name: 'name' },
  dealId: { table: 'deals', name: 'title' },
};
