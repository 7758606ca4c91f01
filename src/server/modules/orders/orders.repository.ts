// SQL of orders: the list's fields, reading an order with its lines, writing lines, and the
// names of the customers a page of orders shows.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Row } from '../../platform/presenting.ts';
import { type Fields, type ListQuery, listPage } from '../../platform/http/listing.ts';
import { orderKinds, orderSources, orderStatuses } from '../../../contract/orders.ts';

export const orderFields: Fields = {
  number: { column: 'number', kind: 'text', nullable: true },
  externalNumber: { column: 'external_number', kind: 'text', nullable: true },
  kind: { column: 'kind', kind: 'enum', values: orderKinds },
  status: { column: 'status', kind: 'enum', values: orderStatuses },
  orderDate: { column: 'order_date', kind: 'date' },
  companyId: { column: 'company_id', kind: 'uuid', nullable: true },
  contactId: { column: 'contact_id', kind: 'uuid', nullable: true },
  currency: { column: 'currency', kind: 'text' },
  netTotal: { column: 'net_total', kind: 'decimal' },
  dealId: { column: 'deal_id', kind: 'uuid', nullable: true },
  quoteId: { column: 'quote_id', kind: 'uuid', nullable: true },
  ownerId: { column: 'owner_id', kind: 'uuid', nullable: true },
  source: { column: 'source', kind: 'enum', values: orderSources },
};

/** The list's search: the start of the order's number or external number. */
function orderSearch(q: string | undefined) {
  const words = (q ?? '').trim();
  if (!words) return null;
  const pattern = `${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { where: sql<boolean>`(number ilike ${pattern} or external_number ilike ${pattern})` };
}

export async function listOrders(tx: Db, query: ListQuery) {
  return listPage(tx.selectFrom('orders').selectAll(), {
    fields: orderFields,
    query,
    defaultSort: '-orderDate',
    search: orderSearch(query.q),
  });
}

export async function linesOf(tx: Db, orderId: string): Promise<Row<'order_lines'>[]> {
  return tx.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('position').execute();
}

export async function replaceLines(
  tx: Db,
  workspaceId: string,
  orderId: string,
  lines: Omit<Row<'order_lines'>, 'workspace_id' | 'order_id'>[],
  existing: boolean,
) {
  if (existing) await tx.deleteFrom('order_lines').where('order_id', '=', orderId).execute();
  for (let from = 0; from < lines.length; from += 500) {
    const chunk = lines
      .slice(from, from + 500)
      .map((line) => ({ ...line, workspace_id: workspaceId, order_id: orderId }));
    await tx.insertInto('order_lines').values(chunk).execute();
  }
}

/** The name each order's customer goes by: its company's, else its contact's. */
export async function customerNames(tx: Db, rows: Row<'orders'>[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const companyIds = [...new Set(rows.flatMap((r) => (r.company_id ? [r.company_id] : [])))];
  const contactIds = [...new Set(rows.flatMap((r) => (!r.company_id && r.contact_id ? [r.contact_id] : [])))];
  if (companyIds.length) {
    for (const c of await tx.selectFrom('companies').select(['id', 'name']).where('id', 'in', companyIds).execute())
      names.set(c.id, c.name);
  }
  if (contactIds.length) {
    const people = await tx
      .selectFrom('contacts')
      .select(['id', sql<string>`trim(coalesce(first_name, '') || ' ' || last_name)`.as('name')])
      .where('id', 'in', contactIds)
      .execute();
    for (const c of people) names.set(c.id, c.name);
  }
  return names;
}

export const customerOf = (row: Row<'orders'>, names: Map<string, string>): string | null =>
  names.get(row.company_id ?? row.contact_id ?? '') || null;
