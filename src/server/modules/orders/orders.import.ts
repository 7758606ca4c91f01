// The import of orders and their lines (record type `orders`, docs/import-export.md): a row
// is an order (its number, customer, date, net total), a line of the order its number names
// (product number, quantity, net amount), or both. Rows are matched to stored orders by their
// external number, so importing the same file again changes nothing, and a changed file
// changes what it changed.
//
// A batch is written set-based: customers, products and stored orders looked up once per
// batch, new orders and lines inserted with one statement each. The first rows of an order
// in a run replace its stored lines; later rows of it in the same run add to them (a file
// whose line rows of one order are apart still gives the whole order). What the run learnt of
// an order (its id, the next line position) is kept for the run's later batches.
import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/records.ts';
import { reachLists } from '../../platform/contactdata.ts';
import { contactSearchText } from '../contacts/contacts.service.ts';
import { scoreOfWrite } from '../quality/quality.service.ts';
import type { Built, Problem } from '../imports/imports.rows.ts';
import { addImportRecords, type ImportRecordRow } from '../imports/imports.repository.ts';
import { nameKey, type RowIn, type RowOut, setTriggers, type WriteEnv } from '../imports/imports.write.ts';
import type { OrderKind, OrderStatus } from '../../../contract/orders.ts';

/** One row of an orders file as built: the order's part, the line's part, or both. */
export interface OrderRow {
  externalNumber: string;
  header: {
    customerNumber: string | null;
    externalId: string | null;
    email: string | null;
    customerName: string | null;
    orderDate: string | null;
    netTotal: string | null;
    currency: string | null;
    status: OrderStatus | null;
    kind: OrderKind | null;
  } | null;
  line: {
    productNumber: string | null;
    name: string | null;
    quantity: string;
    unitPrice: string | null;
    netAmount: string;
    vatRate: string | null;
  } | null;
}

type Values = Record<string, unknown>;

const textOf = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const text = (Array.isArray(value) ? value.join(' ') : String(value)).trim();
  return text === '' ? null : text;
};

const headerKeys = [
  'customerNumber',
  'externalId',
  'email',
  'customerName',
  'orderDate',
  'netTotal',
  'status',
  'kind',
] as const;
const lineKeys = ['productNumber', 'productName', 'quantity', 'netAmount', 'unitPrice'] as const;

/** The order key of a built row (to keep an order's rows in one batch). */
export const orderKeyOf = (built: Built | null): string | null =>
  (built?.input as { order?: OrderRow } | undefined)?.order?.externalNumber ?? null;

/** Builds one row of an orders file; null when it fails (its problems say why). */
export function buildOrderRow(values: Values, line: number, problems: Problem[]): Built | null {
  const externalNumber = textOf(values.externalNumber);
  if (!externalNumber) {
    problems.push({ line, field: 'externalNumber', code: 'required', message: 'externalNumber is required' });
    return null;
  }
  if (externalNumber.length > 100) {
    problems.push({ line, field: 'externalNumber', code: 'too_long', message: 'at most 100 characters' });
    return null;
  }
  const isHeader = headerKeys.some((key) => textOf(values[key]) !== null);
  const isLine = lineKeys.some((key) => textOf(values[key]) !== null);
  let ok = true;
  const fail = (field: string, code: 'required' | 'invalid' | 'too_long', message: string) => {
    problems.push({ line, field, code, message });
    ok = false;
  };
  const row: OrderRow = { externalNumber, header: null, line: null };
  if (isHeader) {
    const currency = textOf(values.currency)?.toUpperCase() ?? null;
    if (currency && !/^[A-Z]{3}$/.test(currency))
      fail('currency', 'invalid', `"${currency}" is no ISO 4217 code like EUR`);
    row.header = {
      customerNumber: textOf(values.customerNumber),
      externalId: textOf(values.externalId),
      email: textOf(values.email)?.toLowerCase() ?? null,
      customerName: textOf(values.customerName),
      orderDate: textOf(values.orderDate),
      netTotal: textOf(values.netTotal),
      currency,
      status: textOf(values.status) as OrderStatus | null,
      kind: textOf(values.kind) as OrderKind | null,
    };
  }
  if (isLine) {
    const quantity = textOf(values.quantity) ?? '1';
    const unitPrice = textOf(values.unitPrice);
    let netAmount = textOf(values.netAmount);
    if (netAmount === null && unitPrice !== null)
      netAmount = new Decimal(quantity).times(unitPrice).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
    if (netAmount === null) fail('netAmount', 'required', 'a line needs netAmount (or unitPrice)');
    const productNumber = textOf(values.productNumber);
    const name = textOf(values.productName);
    if (productNumber && productNumber.length > 64) fail('productNumber', 'too_long', 'at most 64 characters');
    if (name && name.length > 500) fail('productName', 'too_long', 'at most 500 characters');
    const vatRate = textOf(values.vatRate);
    if (vatRate && !(Number(vatRate) >= 0 && Number(vatRate) <= 100))
      fail('vatRate', 'invalid', 'a rate from 0 to 100');
    row.line = { productNumber, name, quantity, unitPrice, netAmount: netAmount ?? '0', vatRate };
  }
  if (!isHeader && !isLine)
    fail(
      'orderDate',
      'required',
      'the row has neither an order (date, customer, net total) nor a line (product, quantity, amount)',
    );
  if (!ok) return null;
  return { input: { order: row }, refs: {}, note: null, customerNumber: null, externalId: null, sources: {} };
}

/** What a run learnt of an order: its id and the position its next line takes. */
type Known = { id: string; next: number };
const runs = new WeakMap<WriteEnv, Map<string, Known>>();

/** A customer's key in a batch's look-ups. */
type Customer = { companyId: string | null; contactId: string | null };

/** Several records answer to the name a row gives: it must say which one by another key. */
const ambiguous = Symbol('ambiguous');

async function findCustomers(tx: Db, env: WriteEnv, rows: OrderRow[]) {
  const numbers = new Set<string>();
  const ids = new Set<string>();
  const emails = new Set<string>();
  const names = new Set<string>();
  for (const row of rows) {
    if (row.header?.customerNumber) numbers.add(row.header.customerNumber);
    if (row.header?.externalId) ids.add(row.header.externalId);
    if (row.header?.email) emails.add(row.header.email);
    if (row.header?.customerName) names.add(row.header.customerName);
  }
  const byNumber = new Map<string, Customer>();
  const byExternalId = new Map<string, Customer>();
  const byEmail = new Map<string, Customer>();
  // Companies first: a company beats a contact with the same key; the oldest record of a table wins.
  for (const table of ['companies', 'contacts'] as const) {
    for (const [column, keys, map] of [
      ['customer_number', numbers, byNumber],
      ['external_id', ids, byExternalId],
      ['email_list', emails, byEmail],
    ] as const) {
      if (keys.size === 0) continue;
      const wanted = [...keys];
      const { rows: found } = await sql<{ id: string; key: string }>`
        select t.id, ${column === 'email_list' ? sql`e` : sql.ref(`t.${column}`)} as key
          from ${sql.table(table)} t${column === 'email_list' ? sql`, unnest(t.email_list) e` : sql``}
         where t.workspace_id = ${env.workspaceId} and t.deleted_at is null
           and ${column === 'email_list' ? sql`t.email_list && ${wanted}::text[] and e` : sql.ref(`t.${column}`)} = any(${wanted}::text[])
         order by t.created_at, t.id`.execute(tx);
      for (const f of found)
        if (!map.has(f.key))
          map.set(
            f.key,
            table === 'companies' ? { companyId: f.id, contactId: null } : { companyId: null, contactId: f.id },
          );
    }
  }
  const byName = names.size ? await findByName(tx, env, [...names]) : new Map<string, Customer | typeof ambiguous>();
  return (header: NonNullable<OrderRow['header']>): Customer | typeof ambiguous | null =>
    (header.customerNumber && byNumber.get(header.customerNumber)) ||
    (header.externalId && byExternalId.get(header.externalId)) ||
    (header.email && byEmail.get(header.email)) ||
    (header.customerName && byName.get(nameKey(header.customerName))) ||
    null;
}

/**
 * Customers by name: a company by its name (case and spaces aside, the import's company key),
 * else a contact by first and last name, its last name spelt as stored (looked up by the
 * name's last words, so "Ursula von der Leyen" finds the last name "von der Leyen"). A name
 * that several companies, or (with no such company) several contacts, bear is ambiguous.
 */
async function findByName(tx: Db, env: WriteEnv, names: string[]): Promise<Map<string, Customer | typeof ambiguous>> {
  const found = new Map<string, Customer | typeof ambiguous>();
  const keys = [...new Set(names.map(nameKey))];
  const { rows: companies } = await sql<{ id: string; key: string }>`
    select id, farley_name_key(name) as key from companies
     where workspace_id = ${env.workspaceId} and deleted_at is null and farley_name_key(name) = any(${keys}::text[])`.execute(
    tx,
  );
  for (const c of companies) found.set(c.key, found.has(c.key) ? ambiguous : { companyId: c.id, contactId: null });
  const lastNames = new Set<string>();
  for (const name of names) {
    if (found.has(nameKey(name))) continue;
    const words = name.trim().split(/\s+/);
    for (let i = 0; i < words.length; i++) lastNames.add(words.slice(i).join(' '));
  }
  if (lastNames.size === 0) return found;
  const { rows: contacts } = await sql<{ id: string; first_name: string | null; last_name: string }>`
    select id, first_name, last_name from contacts
     where workspace_id = ${env.workspaceId} and deleted_at is null
       and (last_name collate "und-x-icu") = any(${[...lastNames]}::text[])
       and farley_name_key(coalesce(first_name, '') || ' ' || last_name) = any(${keys}::text[])`.execute(tx);
  const people = new Map<string, Customer | typeof ambiguous>();
  for (const c of contacts) {
    const key = nameKey(`${c.first_name ?? ''} ${c.last_name}`);
    people.set(key, people.has(key) ? ambiguous : { companyId: null, contactId: c.id });
  }
  for (const [key, customer] of people) if (!found.has(key)) found.set(key, customer);
  return found;
}

/** A new contact for an unknown customer number (`createCustomers`), as the API would make it. */
async function newCustomer(tx: Db, env: WriteEnv, header: NonNullable<OrderRow['header']>): Promise<string> {
  const id = newId();
  const reach = reachLists(
    header.email ? { emails: [{ email: header.email, primary: true }] } : {},
    env.defaultCountry,
  );
  const row = {
    ...reach,
    id,
    workspace_id: env.workspaceId,
    last_name: '',
    customer_number: header.customerNumber,
    lifecycle_stage: 'customer' as const,
  };
  const score = await scoreOfWrite(tx, 'contacts', {}, row);
  await tx
    .insertInto('contacts')
    .values({ ...row, ...score, search_text: contactSearchText(row), owner_id: sql`farley_default_owner('contact')` })
    .execute();
  return id;
}

/** A stored line as compared with a file's. */
type StoredLine = {
  position: number;
  sku: string | null;
  name: string | null;
  quantity: string;
  unit_price: string | null;
  net_amount: string;
  vat_rate: string | null;
  product_id: string | null;
  unit: string | null;
};

type Group = { key: string; rows: Array<{ row: RowIn; order: OrderRow; index: number }> };

const same = (a: string | null, b: string | null) =>
  a === null || b === null ? a === b : new Decimal(a).equals(new Decimal(b));

/** Writes a batch of order rows in the caller's transaction. */
export async function writeOrderRows(tx: Db, env: WriteEnv, rows: RowIn[]): Promise<RowOut[]> {
  const known = runs.get(env) ?? new Map<string, Known>();
  runs.set(env, known);
  const outs: RowOut[] = rows.map((row) => ({
    line: row.line,
    action: row.built ? 'skip' : 'fail',
    problems: row.problems,
    recordId: null,
    values: {},
  }));
  const groups = new Map<string, Group>();
  for (const [index, row] of rows.entries()) {
    const order = (row.built?.input as { order?: OrderRow } | undefined)?.order;
    if (!order) continue;
    const group = groups.get(order.externalNumber) ?? { key: order.externalNumber, rows: [] };
    groups.set(order.externalNumber, group);
    group.rows.push({ row, order, index });
  }
  if (groups.size === 0) return outs;
  const orders = [...groups.values()].flatMap((g) => g.rows.map((r) => r.order));
  const customerOf = await findCustomers(tx, env, orders);
  const skus = [...new Set(orders.flatMap((o) => (o.line?.productNumber ? [o.line.productNumber] : [])))];
  const products = new Map<string, { id: string; name: string; unit: string; vat_rate: string }>();
  if (skus.length) {
    const { rows: found } = await sql<{ id: string; sku: string; name: string; unit: string; vat_rate: string }>`
      select id, sku, name, unit, vat_rate::text from products
       where workspace_id = ${env.workspaceId} and deleted_at is null and sku = any(${skus}::text[])`.execute(tx);
    for (const p of found) products.set(p.sku, p);
  }
  const keys = [...groups.keys()];
  const { rows: storedRows } = await sql<{
    id: string;
    external_number: string;
    kind: OrderKind;
    status: OrderStatus;
    order_date: string;
    company_id: string | null;
    contact_id: string | null;
    currency: string;
    net_total: string;
  }>`
    select id, external_number, kind, status, order_date::text, company_id, contact_id, currency, net_total::text
      from orders where workspace_id = ${env.workspaceId} and deleted_at is null
       and external_number = any(${keys}::text[])`.execute(tx);
  const stored = new Map(storedRows.map((r) => [r.external_number, r]));
  // The stored lines of orders this run meets for the first time: compared, then replaced.
  const firstSeen = storedRows.filter((r) => known.get(r.external_number)?.id !== r.id).map((r) => r.id);
  const storedLines = new Map<string, StoredLine[]>();
  if (firstSeen.length) {
    const { rows: lines } = await sql<StoredLine & { order_id: string }>`
      select order_id, position, sku, name, quantity::text, unit_price::text, net_amount::text, vat_rate::text,
             product_id, unit
        from order_lines where workspace_id = ${env.workspaceId} and order_id = any(${firstSeen}::uuid[])
       order by order_id, position`.execute(tx);
    for (const l of lines) {
      const list = storedLines.get(l.order_id) ?? [];
      list.push(l);
      storedLines.set(l.order_id, list);
    }
  }

  const newOrders: Array<Record<string, unknown>> = [];
  const updates: Array<Record<string, unknown>> = [];
  const replaced: string[] = [];
  const recount: string[] = [];
  const newLines: Array<Record<string, unknown>> = [];
  const mark = (group: Group, action: RowOut['action'], id: string | null) => {
    for (const { index } of group.rows) {
      outs[index].action = action;
      outs[index].recordId = id;
    }
  };
  const failGroup = (group: Group, field: string, code: Problem['code'], reason: string | null, message: string) => {
    for (const { index, row } of group.rows) {
      outs[index].action = 'fail';
      outs[index].problems = [
        ...outs[index].problems,
        { line: row.line, field, code, ...(reason ? { params: { reason } } : {}), message } as Problem,
      ];
    }
  };

  // Contacts made in this batch for unknown customer numbers: a number's later orders find the
  // same one (later batches find it stored).
  const madeHere = new Map<string, Customer>();
  // What the batch made or changed, for the import's undo (an order's header and lines as they were).
  const records: ImportRecordRow[] = [];
  for (const group of groups.values()) {
    const header = group.rows.map((r) => r.order.header).find((h) => h !== null) ?? null;
    const lines = group.rows.flatMap((r) => (r.order.line ? [r.order.line] : []));
    const current = stored.get(group.key);
    // What an earlier batch of the run learnt, unless that batch was undone (a dry run's are).
    const memo = current && known.get(group.key)?.id === current.id ? known.get(group.key) : undefined;
    let customer: Customer | null = null;
    if (header && (header.customerNumber || header.externalId || header.email || header.customerName)) {
      const found = customerOf(header);
      if (found === ambiguous) {
        failGroup(
          group,
          'customerName',
          'duplicate',
          'customer_name',
          'several companies or contacts have this name: give the customer number, external id or email',
        );
        continue;
      }
      customer = found;
      if (!customer && header.customerNumber) customer = madeHere.get(header.customerNumber) ?? null;
      if (!customer && env.createCustomers && header.customerNumber) {
        customer = { companyId: null, contactId: await newCustomer(tx, env, header) };
        records.push({
          record_type: 'contact',
          record_id: customer.contactId as string,
          action: 'created',
          previous: null,
        });
        madeHere.set(header.customerNumber, customer);
      }
      if (!customer) {
        failGroup(
          group,
          'customerNumber',
          'not_found',
          'customer',
          'no contact or company has this customer number, external id, email or name (--create-customers makes one)',
        );
        continue;
      }
    }
    const lineRows = lines.map((l) => {
      const product = l.productNumber ? products.get(l.productNumber) : undefined;
      return {
        product_id: product?.id ?? null,
        sku: l.productNumber,
        name: l.name ?? product?.name ?? null,
        quantity: new Decimal(l.quantity).toString(),
        unit: product?.unit ?? null,
        unit_price: l.unitPrice,
        net_amount: new Decimal(l.netAmount).toFixed(2),
        vat_rate: l.vatRate ?? product?.vat_rate ?? null,
      };
    });
    const lineSum = lineRows.reduce((sum, l) => sum.plus(l.net_amount), new Decimal(0));
    if (!current) {
      if (!header?.orderDate || !customer) {
        failGroup(
          group,
          header?.orderDate ? 'customerNumber' : 'orderDate',
          'required',
          null,
          `order ${group.key} is not in Farley yet: its rows need the customer and orderDate`,
        );
        continue;
      }
      const net = header.netTotal !== null ? new Decimal(header.netTotal) : lineSum;
      const id = newId();
      newOrders.push({
        id,
        external_number: group.key,
        kind: header.kind ?? (net.isNegative() ? 'return' : 'order'),
        status: header.status ?? 'open',
        order_date: header.orderDate,
        company_id: customer.companyId,
        contact_id: customer.contactId,
        currency: header.currency ?? env.defaultCurrency,
        net_total: net.toFixed(2),
      });
      for (const [i, l] of lineRows.entries()) newLines.push({ ...l, order_id: id, position: i + 1 });
      known.set(group.key, { id, next: lineRows.length + 1 });
      records.push({ record_type: 'order', record_id: id, action: 'created', previous: null });
      mark(group, 'create', id);
      continue;
    }
    // A stored order: its header as the file says, its lines replaced (first rows of the run) or added to.
    const first = !memo;
    const before = storedLines.get(current.id) ?? [];
    const linesSame =
      lines.length === 0 ||
      (first &&
        before.length === lineRows.length &&
        lineRows.every(
          (l, i) =>
            before[i].sku === l.sku &&
            before[i].name === l.name &&
            before[i].product_id === l.product_id &&
            same(before[i].quantity, l.quantity) &&
            same(before[i].unit_price, l.unit_price) &&
            same(before[i].net_amount, l.net_amount) &&
            same(before[i].vat_rate, l.vat_rate),
        ));
    const wanted = header
      ? {
          kind: header.kind ?? current.kind,
          status: header.status ?? current.status,
          order_date: header.orderDate ?? current.order_date,
          company_id: customer ? customer.companyId : current.company_id,
          contact_id: customer ? customer.contactId : current.contact_id,
          currency: header.currency ?? current.currency,
          net_total: header.netTotal !== null ? new Decimal(header.netTotal).toFixed(2) : null,
        }
      : null;
    const headerSame =
      !wanted ||
      (wanted.kind === current.kind &&
        wanted.status === current.status &&
        wanted.order_date === current.order_date &&
        wanted.company_id === current.company_id &&
        wanted.contact_id === current.contact_id &&
        wanted.currency === current.currency &&
        (wanted.net_total === null || same(wanted.net_total, current.net_total)));
    if (linesSame && headerSame) {
      if (first) known.set(group.key, { id: current.id, next: before.length + 1 });
      mark(group, 'skip', current.id);
      continue;
    }
    let next = memo?.next ?? 1;
    if (!linesSame || (lines.length > 0 && !first)) {
      if (first) {
        replaced.push(current.id);
        next = 1;
      }
      for (const l of lineRows) newLines.push({ ...l, order_id: current.id, position: next++ });
      if (wanted?.net_total == null) recount.push(current.id);
    } else if (first) next = before.length + 1;
    known.set(group.key, { id: current.id, next });
    updates.push({ id: current.id, ...(wanted ?? {}) });
    if (first) {
      const { id: _id, external_number: _number, ...header } = current;
      records.push({
        record_type: 'order',
        record_id: current.id,
        action: 'updated',
        previous: { ...header, lines: before },
      });
    }
    mark(group, 'update', current.id);
  }

  // A bulk batch writes with the row triggers off (imports.run.ts: bulkAllowed): the audit
  // is off for imports anyway, the foreign keys hold by construction (customers, products and
  // stored orders were read or made in this transaction), and what customers bought moves
  // here: the changed orders' share taken away before, every written order's share added after.
  const changed = updates.map((u) => u.id as string);
  if (env.bulk) {
    if (changed.length) await sql`select farley_customer_products_share(${changed}::uuid[], -1)`.execute(tx);
    await setTriggers(tx, 'replica');
  }
  if (newOrders.length) {
    await sql`
      insert into orders (workspace_id, id, external_number, kind, status, order_date, company_id, contact_id, currency, net_total, source, owner_id)
      select ${env.workspaceId}, v.id, v.external_number, v.kind, v.status, v.order_date, v.company_id, v.contact_id, v.currency, v.net_total, 'import',
        farley_default_owner('order')
        from jsonb_to_recordset(${JSON.stringify(newOrders)}::jsonb) as v(
          id uuid, external_number text, kind text, status text, order_date date, company_id uuid, contact_id uuid,
          currency text, net_total numeric)`.execute(tx);
  }
  if (replaced.length)
    await sql`delete from order_lines where workspace_id = ${env.workspaceId} and order_id = any(${replaced}::uuid[])`.execute(
      tx,
    );
  if (newLines.length) {
    const column = (key: string) => newLines.map((l) => l[key] ?? null);
    await sql`
      insert into order_lines (workspace_id, order_id, position, product_id, sku, name, quantity, unit, unit_price, net_amount, vat_rate)
      select ${env.workspaceId}, * from unnest(
        ${column('order_id')}::uuid[], ${column('position')}::int[], ${column('product_id')}::uuid[], ${column('sku')}::text[],
        ${column('name')}::text[], ${column('quantity')}::numeric[], ${column('unit')}::text[], ${column('unit_price')}::numeric[],
        ${column('net_amount')}::numeric[], ${column('vat_rate')}::numeric[])`.execute(tx);
  }
  if (updates.length) {
    await sql`
      update orders o set
        kind = coalesce(v.kind, o.kind), status = coalesce(v.status, o.status), order_date = coalesce(v.order_date, o.order_date),
        company_id = case when v.company_id is null and v.contact_id is null then o.company_id else v.company_id end,
        contact_id = case when v.company_id is null and v.contact_id is null then o.contact_id else v.contact_id end,
        currency = coalesce(v.currency, o.currency), net_total = coalesce(v.net_total, o.net_total),
        version = o.version + 1, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as v(
        id uuid, kind text, status text, order_date date, company_id uuid, contact_id uuid, currency text, net_total numeric)
      where o.workspace_id = ${env.workspaceId} and o.id = v.id`.execute(tx);
  }
  if (recount.length) {
    await sql`
      update orders o set net_total = s.total,
        kind = case when s.total < 0 then 'return' when s.total > 0 then 'order' else o.kind end
      from (select order_id, sum(net_amount) as total from order_lines
             where workspace_id = ${env.workspaceId} and order_id = any(${recount}::uuid[]) group by order_id) s
      where o.workspace_id = ${env.workspaceId} and o.id = s.order_id`.execute(tx);
  }
  await addImportRecords(tx, env.workspaceId, env.importId, records);
  if (env.bulk) {
    await setTriggers(tx, 'origin');
    const written = [...newOrders.map((o) => o.id as string), ...changed];
    if (written.length) await sql`select farley_customer_products_share(${written}::uuid[], 1)`.execute(tx);
  }
  return outs;
}

/**
 * An import's undo for the orders it changed: each gets the header and lines it had before
 * (`previous` as writeOrderRows recorded it). The triggers move what the customers bought.
 */
export async function restoreImportedOrders(
  tx: Db,
  workspaceId: string,
  changed: Array<{ id: string; previous: Record<string, unknown> }>,
): Promise<void> {
  if (changed.length === 0) return;
  const headers = changed.map(({ id, previous }) => ({ ...previous, id, lines: undefined }));
  await sql`
    update orders o set kind = v.kind, status = v.status, order_date = v.order_date, company_id = v.company_id,
      contact_id = v.contact_id, currency = v.currency, net_total = v.net_total, version = o.version + 1, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(headers)}::jsonb) as v(
      id uuid, kind text, status text, order_date date, company_id uuid, contact_id uuid, currency text, net_total numeric)
    where o.workspace_id = ${workspaceId} and o.id = v.id`.execute(tx);
  const ids = changed.map((c) => c.id);
  await sql`delete from order_lines where workspace_id = ${workspaceId} and order_id = any(${ids}::uuid[])`.execute(tx);
  const lines = changed.flatMap(({ id, previous }) =>
    ((previous.lines as StoredLine[] | undefined) ?? []).map((l) => ({ ...l, order_id: id })),
  );
  if (lines.length === 0) return;
  await sql`
    insert into order_lines (workspace_id, order_id, position, product_id, sku, name, quantity, unit, unit_price, net_amount, vat_rate)
    select ${workspaceId}, v.order_id, v.position, v.product_id, v.sku, v.name, v.quantity, v.unit, v.unit_price, v.net_amount, v.vat_rate
      from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as v(order_id uuid, position int, product_id uuid, sku text, name text,
        quantity numeric, unit text, unit_price numeric, net_amount numeric, vat_rate numeric)`.execute(tx);
}
