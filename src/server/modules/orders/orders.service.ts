// Orders: checking an order's input against the workspace (customer, products, VAT rates, the
// sign of quantities), computing its totals, storing it (with a number when it is made in
// Farley), the idempotent upsert by external number, and the record routes' service.
import { Decimal } from 'decimal.js';
import type {
  Order,
  OrderCreate,
  OrderKind,
  OrderPatch,
  OrderSource,
  OrderStatus,
  OrderUpsert,
} from '../../../contract/orders.ts';
import { computeSalesTotals, normalVatRate, SalesTotalsError, vatRatesFor } from '../../../contract/sales/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { ensureOrderPdf } from '../salesDocuments/index.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { assertExists, findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import { AppError, type FieldError, invalid } from '../../platform/errors.ts';
import type { ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import type { Row } from '../../platform/presenting.ts';
import { nextNumber } from '../numbering/index.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { presentOrder } from './orders.presenter.ts';
import * as repo from './orders.repository.ts';

export interface NewOrderLine {
  productId: string | null;
  sku: string | null;
  name: string | null;
  quantity: string;
  unit: string | null;
  unitPrice: string | null;
  /** The line's net amount, rounded to the currency's minor unit. */
  netAmount: string;
  vatRate: string | null;
}

/** An order ready to be stored: checked, with its totals (see prepareOrder, or a quote's). */
export interface NewOrder {
  kind: OrderKind;
  status: OrderStatus;
  orderDate: string;
  companyId: string | null;
  contactId: string | null;
  currency: string;
  externalNumber: string | null;
  quoteId: string | null;
  dealId: string | null;
  ownerId: string | null;
  source: OrderSource;
  /** Take a number of the workspace's order confirmation counter (orders made in Farley). */
  numbered: boolean;
  lines: NewOrderLine[];
  netTotal: string;
  /** null when only net amounts are known (an ERP's or an import's order). */
  vatTotal: string | null;
  grossTotal: string | null;
}

/** Who stores the order: the workspace it belongs to. */
export type OrderWriter = { workspaceId: string };

export function externalNumberTaken(externalNumber: string) {
  return new AppError(
    'conflict',
    `Another order has the external number "${externalNumber}".`,
    [{ path: 'externalNumber', code: 'duplicate', message: 'belongs to another order' }],
    undefined,
    'external_number_taken',
  );
}

const isUniqueViolation = (error: unknown, index: string) =>
  (error as { code?: string }).code === '23505' && (error as { constraint?: string }).constraint === index;

/**
 * Stores a checked order with its lines in the caller's transaction and returns its row. With
 * `numbered`, the order takes the next order confirmation number of its date's year, so the
 * number is committed with the order or not at all. The quote → order conversion calls this
 * with the quote's lines and totals.
 */
export async function createOrder(tx: Db, writer: OrderWriter, input: NewOrder): Promise<Row<'orders'>> {
  const number = input.numbered
    ? (await nextNumber(tx, { workspaceId: writer.workspaceId, kind: 'order', date: input.orderDate })).number
    : null;
  const id = newId();
  let row: Row<'orders'>;
  try {
    row = await tx
      .insertInto('orders')
      .values({ ...orderColumns(input), id, workspace_id: writer.workspaceId, number })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error, 'orders_external_number') && input.externalNumber)
      throw externalNumberTaken(input.externalNumber);
    throw error;
  }
  await repo.replaceLines(tx, writer.workspaceId, id, lineRows(input.lines), false);
  return row;
}

function orderColumns(input: NewOrder) {
  return {
    kind: input.kind,
    status: input.status,
    order_date: input.orderDate,
    company_id: input.companyId,
    contact_id: input.contactId,
    currency: input.currency,
    external_number: input.externalNumber,
    quote_id: input.quoteId,
    deal_id: input.dealId,
    owner_id: input.ownerId,
    source: input.source,
    net_total: input.netTotal,
    vat_total: input.vatTotal,
    gross_total: input.grossTotal,
  };
}

const lineRows = (lines: NewOrderLine[]) =>
  lines.map((line, i) => ({
    position: i + 1,
    product_id: line.productId,
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unit: line.unit,
    unit_price: line.unitPrice,
    net_amount: line.netAmount,
    vat_rate: line.vatRate,
  }));

const same = (a: string | null, b: string | null) =>
  a === null || b === null ? a === b : new Decimal(a).equals(new Decimal(b));

/** Whether the stored order already is what `input` describes (the upsert then writes nothing). */
export function sameOrder(row: Row<'orders'>, lines: Row<'order_lines'>[], input: NewOrder): boolean {
  const header =
    row.kind === input.kind &&
    row.status === input.status &&
    row.order_date === input.orderDate &&
    row.company_id === input.companyId &&
    row.contact_id === input.contactId &&
    row.currency === input.currency &&
    row.quote_id === input.quoteId &&
    row.deal_id === input.dealId &&
    row.owner_id === input.ownerId &&
    same(row.net_total, input.netTotal) &&
    same(row.vat_total, input.vatTotal) &&
    same(row.gross_total, input.grossTotal);
  return (
    header &&
    lines.length === input.lines.length &&
    input.lines.every((line, i) => {
      const stored = lines[i];
      return (
        stored.product_id === line.productId &&
        stored.sku === line.sku &&
        stored.name === line.name &&
        stored.unit === line.unit &&
        same(stored.quantity, line.quantity) &&
        same(stored.unit_price, line.unitPrice) &&
        same(stored.net_amount, line.netAmount) &&
        same(stored.vat_rate, line.vatRate)
      );
    })
  );
}

/** Replaces a stored order's fields and lines with `input`'s, bumping its version. */
export async function replaceOrder(tx: Db, writer: OrderWriter, id: string, input: NewOrder): Promise<Row<'orders'>> {
  const { source: _kept, ...columns } = orderColumns(input);
  const row = await updateLive(tx, 'orders', id, columns, undefined, 'order');
  await repo.replaceLines(tx, writer.workspaceId, id, lineRows(input.lines), true);
  return row;
}

const defaults = { kind: 'order', status: 'open' } as const;

/**
 * Checks an order's input against the workspace and computes its totals: the customer and
 * the referenced records exist, products are the catalogue's (filling what the line leaves
 * out), quantities are not negative on an order (nor positive on a return), VAT rates are the
 * country's. Every problem is a field error of one 422; nothing is written.
 */
export async function prepareOrder(
  tx: Db,
  workspaceId: string,
  body: OrderCreate,
  how: { source: OrderSource; numbered: boolean },
): Promise<NewOrder> {
  const settings = await workspaceSettings(tx, workspaceId);
  const kind = body.kind ?? defaults.kind;
  const currency = body.currency ?? settings.defaultCurrency;
  const errors: FieldError[] = [];
  const companyId = body.companyId ?? null;
  const contactId = body.contactId ?? null;
  if (!companyId && !contactId)
    errors.push({ path: 'companyId', code: 'required', message: 'an order needs a company or a contact' });
  await assertExists(tx, 'companies', [companyId], 'companyId');
  await assertExists(tx, 'contacts', [contactId], 'contactId');
  await assertExists(tx, 'deals', [body.dealId], 'dealId');
  await assertExists(tx, 'users', [body.ownerId], 'ownerId');

  const lines = body.lines ?? [];
  const productIds = [...new Set(lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const products = new Map(
    productIds.length === 0
      ? []
      : (
          await tx
            .selectFrom('products')
            .selectAll()
            .where('id', 'in', productIds)
            .where('deleted_at', 'is', null)
            .execute()
        ).map((p) => [p.id, p]),
  );
  const allowed = vatRatesFor(settings.defaultCountry);
  const items: Array<Omit<NewOrderLine, 'netAmount'>> = [];
  for (const [i, line] of lines.entries()) {
    const at = (field: string) => `lines.${i}.${field}`;
    const product = line.productId ? products.get(line.productId) : undefined;
    if (line.productId && !product)
      errors.push({ path: at('productId'), code: 'not_found', message: 'no such product in the catalogue' });
    const quantity = new Decimal(line.quantity);
    if (kind === 'order' && quantity.isNegative())
      errors.push({ path: at('quantity'), code: 'too_small', message: 'must not be negative on an order' });
    if (kind === 'return' && quantity.isPositive() && !quantity.isZero())
      errors.push({ path: at('quantity'), code: 'too_big', message: 'must be negative or zero on a return' });
    const name = line.name ?? product?.name ?? null;
    if (!name && !line.productId)
      errors.push({ path: at('name'), code: 'required', message: 'a free-text line needs a name' });
    const unitPrice = line.unitPrice ?? product?.list_price ?? null;
    if (unitPrice === null && !line.productId)
      errors.push({ path: at('unitPrice'), code: 'required', message: 'a free-text line needs a unit price' });
    const vatRate = normalVatRate(line.vatRate ?? product?.vat_rate ?? allowed[0]);
    if (!allowed.includes(vatRate))
      errors.push({
        path: at('vatRate'),
        code: 'invalid_choice',
        message: `is not a VAT rate of ${settings.defaultCountry}; allowed: ${allowed.join(', ')}`,
      });
    items.push({
      productId: line.productId ?? null,
      sku: line.sku ?? product?.sku ?? null,
      name,
      quantity: quantity.toString(),
      unit: line.unit ?? product?.unit ?? null,
      unitPrice: unitPrice === null ? null : new Decimal(unitPrice).toString(),
      vatRate,
    });
  }
  if (lines.length === 0 && body.netTotal === undefined)
    errors.push({ path: 'lines', code: 'required', message: 'an order needs lines or a net total' });
  if (lines.length > 0 && body.netTotal !== undefined)
    errors.push({
      path: 'netTotal',
      code: 'invalid',
      message: 'only for an order without lines; lines make the total',
    });
  if (body.netTotal !== undefined) {
    const net = new Decimal(body.netTotal);
    if (kind === 'order' ? net.isNegative() : net.isPositive() && !net.isZero())
      errors.push({
        path: 'netTotal',
        code: kind === 'order' ? 'too_small' : 'too_big',
        message: kind === 'order' ? 'must not be negative on an order' : 'must be negative or zero on a return',
      });
  }
  if (errors.length) throw invalid(errors, 'The order has invalid fields; nothing was saved.');

  const common = {
    kind,
    status: body.status ?? defaults.status,
    orderDate: body.orderDate,
    companyId,
    contactId,
    currency,
    externalNumber: body.externalNumber ?? null,
    quoteId: body.quoteId ?? null,
    dealId: body.dealId ?? null,
    ownerId: body.ownerId ?? null,
    ...how,
  };
  if (lines.length === 0)
    return {
      ...common,
      lines: [],
      netTotal: new Decimal(body.netTotal ?? '0').toFixed(2),
      vatTotal: null,
      grossTotal: null,
    };
  let totals: ReturnType<typeof computeSalesTotals>;
  try {
    totals = computeSalesTotals({
      currency,
      pricesEntered: 'net',
      taxTreatment: 'standard',
      lines: items.map((item) => ({
        kind: 'item' as const,
        quantity: item.quantity,
        unitPrice: item.unitPrice ?? '0',
        vatRate: item.vatRate ?? '0',
      })),
    });
  } catch (error) {
    if (!(error instanceof SalesTotalsError)) throw error;
    throw invalid([{ path: error.path.join('.'), message: error.message }]);
  }
  return {
    ...common,
    lines: items.map((item, i) => {
      const total = totals.lines[i];
      return { ...item, netAmount: total.kind === 'item' ? total.net : '0' };
    }),
    netTotal: totals.netTotal,
    vatTotal: totals.vatTotal,
    grossTotal: totals.grossTotal,
  };
}

async function presented(tx: Db, row: Row<'orders'>, withLines: boolean): Promise<Order> {
  const names = await repo.customerNames(tx, [row]);
  return presentOrder(row, repo.customerOf(row, names), withLines ? await repo.linesOf(tx, row.id) : undefined);
}

export type UpsertResult = { order: Order; created: boolean };

export function orderService(ctx: AppContext): RecordService<Order, OrderCreate, OrderPatch> & {
  upsert(
    actor: { workspaceId: string; userId: string },
    externalNumber: string,
    body: OrderUpsert,
  ): Promise<UpsertResult>;
} {
  const db = ctx.db.app;

  async function upsertOnce(actor: { workspaceId: string; userId: string }, externalNumber: string, body: OrderUpsert) {
    return inTenant(db, actor, async (tx) => {
      const input = await prepareOrder(
        tx,
        actor.workspaceId,
        { ...body, externalNumber },
        { source: 'api', numbered: false },
      );
      const stored = await tx
        .selectFrom('orders')
        .selectAll()
        .where('external_number', '=', externalNumber)
        .where('deleted_at', 'is', null)
        .forUpdate()
        .executeTakeFirst();
      if (!stored) return { order: await presented(tx, await createOrder(tx, actor, input), true), created: true };
      const lines = await repo.linesOf(tx, stored.id);
      if (sameOrder(stored, lines, input))
        return {
          order: presentOrder(stored, repo.customerOf(stored, await repo.customerNames(tx, [stored])), lines),
          created: false,
        };
      return { order: await presented(tx, await replaceOrder(tx, actor, stored.id, input), true), created: false };
    });
  }

  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        const page = await repo.listOrders(tx, query);
        const names = await repo.customerNames(tx, page.rows);
        return {
          data: page.rows.map((row) => presentOrder(row, repo.customerOf(row, names))),
          nextCursor: page.nextCursor,
        };
      }),
    get: (actor, id) =>
      inTenant(db, actor, async (tx) => presented(tx, await findLive(tx, 'orders', id, 'order'), true)),
    create: async (actor, body) => {
      const order = await inTenant(db, actor, async (tx) => {
        const input = await prepareOrder(tx, actor.workspaceId, body, { source: 'farley', numbered: true });
        return presented(tx, await createOrder(tx, actor, input), true);
      });
      // The confirmation is printed once the number is committed; a failure here is retried by
      // the first download, which reports it.
      await inTenant(db, actor, (tx) => ensureOrderPdf(tx, actor.workspaceId, order.id)).catch(() => undefined);
      return order;
    },
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'orders', id, 'order');
        const companyId = patch.companyId === undefined ? current.company_id : patch.companyId;
        const contactId = patch.contactId === undefined ? current.contact_id : patch.contactId;
        if (!companyId && !contactId)
          throw invalid([{ path: 'companyId', code: 'required', message: 'an order needs a company or a contact' }]);
        await assertExists(tx, 'companies', [patch.companyId], 'companyId');
        await assertExists(tx, 'contacts', [patch.contactId], 'contactId');
        await assertExists(tx, 'deals', [patch.dealId], 'dealId');
        await assertExists(tx, 'users', [patch.ownerId], 'ownerId');
        const values = {
          ...(patch.status !== undefined && { status: patch.status }),
          ...(patch.orderDate !== undefined && { order_date: patch.orderDate }),
          ...(patch.companyId !== undefined && { company_id: patch.companyId }),
          ...(patch.contactId !== undefined && { contact_id: patch.contactId }),
          ...(patch.externalNumber !== undefined && { external_number: patch.externalNumber }),
          ...(patch.dealId !== undefined && { deal_id: patch.dealId }),
          ...(patch.ownerId !== undefined && { owner_id: patch.ownerId }),
        };
        try {
          return await presented(tx, await updateLive(tx, 'orders', id, values, version, 'order'), true);
        } catch (error) {
          if (isUniqueViolation(error, 'orders_external_number') && patch.externalNumber)
            throw externalNumberTaken(patch.externalNumber);
          throw error;
        }
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        await trash(tx, 'orders', id, version, 'order');
      }),
    restore: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        try {
          return await presented(tx, await restore(tx, 'orders', id, 'order'), true);
        } catch (error) {
          if (isUniqueViolation(error, 'orders_external_number')) {
            const row = await tx.selectFrom('orders').select('external_number').where('id', '=', id).executeTakeFirst();
            throw externalNumberTaken(row?.external_number ?? '');
          }
          throw error;
        }
      }),
    async upsert(actor, externalNumber, body) {
      try {
        return await upsertOnce(actor, externalNumber, body);
      } catch (error) {
        // Two pushes of a new order at once: the one that lost the race finds the other's order.
        if (error instanceof AppError && error.code === 'external_number_taken')
          return upsertOnce(actor, externalNumber, body);
        throw error;
      }
    },
  };
}
