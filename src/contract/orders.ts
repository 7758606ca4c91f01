// Orders (Aufträge) and returns as the API shows and accepts them, and a customer's purchase
// history (issue 21). Amounts are exact decimal strings; a return's amounts are negative.
import { z } from 'zod';
import { currency, id, isoDate, recordMeta, requiredText, text } from './common.ts';
import { salesAmount, salesQuantity } from './sales/index.ts';

export const orderKinds = ['order', 'return'] as const;
export const orderStatuses = ['open', 'delivered', 'invoiced', 'cancelled'] as const;
export const orderSources = ['farley', 'import', 'api'] as const;

export type OrderKind = (typeof orderKinds)[number];
export type OrderStatus = (typeof orderStatuses)[number];
export type OrderSource = (typeof orderSources)[number];

/** A signed amount with at most 2 decimals ("-49.90"): the totals of a return are negative. */
export const signedAmount = z
  .string({ message: 'must be a decimal string like "1234.50"' })
  .regex(/^-?\d{1,14}(\.\d{1,2})?$/, { message: 'must be a decimal string with at most 2 decimals, like "1234.50"' });

const vatRateText = z
  .string({ message: 'must be a VAT rate in percent like "19"' })
  .regex(/^\d{1,2}(\.\d{1,2})?$/, { message: 'must be a VAT rate in percent like "19" or "8.1"' });

export const orderLineInput = z
  .object({
    productId: id
      .nullable()
      .optional()
      .describe('A product of the catalogue; its SKU, name, unit, price and VAT rate fill what the line leaves out'),
    sku: text(64).nullable().optional(),
    name: text(500).nullable().optional().describe('Required for a free-text line (no productId)'),
    quantity: salesQuantity.describe('Negative only on returns'),
    unit: text(20).nullable().optional(),
    unitPrice: salesAmount.optional().describe("Net; the product's list price when left out"),
    vatRate: vatRateText.optional().describe("The product's rate, else the country's standard rate"),
  })
  .strict();

const orderFields = {
  kind: z.enum(orderKinds).describe('return: a return or credit note, with negative quantities and amounts'),
  status: z.enum(orderStatuses),
  orderDate: isoDate,
  companyId: id.nullable(),
  contactId: id.nullable(),
  currency,
  externalNumber: text(100).nullable().describe('The number in the ERP or web shop; unique among live orders'),
  dealId: id.nullable(),
  quoteId: id.nullable(),
  ownerId: id.nullable(),
};

export const orderCreate = z
  .object({
    ...orderFields,
    lines: z.array(orderLineInput).max(1000, { message: 'at most 1000 lines' }),
    netTotal: signedAmount.describe('Only for an order without lines (net only, as an ERP may send it)'),
  })
  .partial()
  .required({ orderDate: true })
  .strict()
  .meta({
    id: 'OrderCreate',
    description:
      "A new order: a company and/or a contact, a date, and lines (or only a net total). Defaults: kind order, status open, the workspace's currency.",
  });

/** The body of PUT /orders/by-external-number/{externalNumber}: the order as the other system has it. */
export const orderUpsert = orderCreate.omit({ externalNumber: true }).meta({ id: 'OrderUpsert' });

export const orderPatch = z
  .object({
    status: orderFields.status,
    orderDate: orderFields.orderDate,
    companyId: orderFields.companyId,
    contactId: orderFields.contactId,
    externalNumber: orderFields.externalNumber,
    dealId: orderFields.dealId,
    ownerId: orderFields.ownerId,
  })
  .partial()
  .strict()
  .meta({ id: 'OrderPatch' });

export const orderLine = z
  .object({
    position: z.number().int(),
    productId: z.string().nullable(),
    sku: z.string().nullable(),
    name: z.string().nullable(),
    quantity: z.string(),
    unit: z.string().nullable(),
    unitPrice: z.string().nullable(),
    netAmount: z.string(),
    vatRate: z.string().nullable(),
  })
  .meta({ id: 'OrderLine' });

export const order = z
  .object({
    ...recordMeta,
    number: z.string().nullable().describe('The order confirmation number (AB-2026-0007); none for imported orders'),
    externalNumber: z.string().nullable(),
    kind: z.enum(orderKinds),
    status: z.enum(orderStatuses),
    orderDate: z.string(),
    companyId: z.string().nullable(),
    contactId: z.string().nullable(),
    customerName: z.string().nullable().describe("The company's name, else the contact's"),
    currency: z.string(),
    netTotal: z.string(),
    vatTotal: z.string().nullable().describe('null when the order came with net amounts only'),
    grossTotal: z.string().nullable(),
    quoteId: z.string().nullable(),
    dealId: z.string().nullable(),
    ownerId: z.string().nullable(),
    source: z.enum(orderSources),
    lines: z.array(orderLine).optional().describe('When one order is read'),
  })
  .meta({ id: 'Order' });

export const externalNumberParams = z.object({ externalNumber: requiredText(100) }).strict();

export const purchasesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional().describe('nextCursor of the previous page of orders'),
  })
  .strict();

const moneyFigure = z.object({ amount: z.string(), currency: z.string() });

export const purchaseHistory = z
  .object({
    orders: z.array(order).describe('Newest first, without lines'),
    nextCursor: z.string().nullable(),
    currency: z.string().describe("The currency the figures are in: the customer's most used one"),
    revenueByYear: z.array(z.object({ year: z.number().int(), revenue: z.string(), orders: z.number().int() })),
    products: z
      .array(
        z.object({
          productId: z.string().nullable(),
          sku: z.string().nullable(),
          name: z.string().nullable(),
          quantity: z.string(),
          revenue: z.string(),
        }),
      )
      .describe('What the customer bought most, by net revenue, at most 10'),
    figures: z.object({
      revenueThisYear: moneyFigure,
      revenueLastYear: moneyFigure,
      orders: z.number().int().describe('Orders (not returns, not cancelled)'),
      averageOrderValue: moneyFigure.nullable(),
      lastOrderDate: z.string().nullable(),
      daysSinceLastOrder: z.number().int().nullable(),
    }),
  })
  .meta({
    id: 'PurchaseHistory',
    description: 'Net of returns; cancelled orders left out. Figures in the main currency only.',
  });

export type OrderCreate = z.infer<typeof orderCreate>;
export type OrderUpsert = z.infer<typeof orderUpsert>;
export type OrderPatch = z.infer<typeof orderPatch>;
export type OrderLineInput = z.infer<typeof orderLineInput>;
export type Order = z.infer<typeof order>;
export type OrderLine = z.infer<typeof orderLine>;
export type PurchaseHistory = z.infer<typeof purchaseHistory>;
