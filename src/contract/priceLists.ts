// Price lists as the API shows and accepts them (issue 21): a default list and others with a
// percentage off the products' list prices and/or their own prices per product, valid between
// two dates; companies and contacts name theirs (priceListId), quotes ask which price applies.
import { z } from 'zod';
import { currency, id, isoDate, recordMeta, requiredText } from './common.ts';
import { salesAmount, salesPercent } from './sales/index.ts';

const priceListInput = z
  .object({
    name: requiredText(100),
    currency,
    discountPercent: salesPercent
      .nullable()
      .describe('Percent off the list price of every product without an entry; null: none'),
    validFrom: isoDate.nullable().describe('First day the list applies; null: since always'),
    validUntil: isoDate.nullable().describe('Last day the list applies (inclusive); null: open-ended'),
  })
  .strict();

/** The validity dates in order (where both are sent; a patch sending one is checked by the server). */
const datesInOrder = (v: { validFrom?: string | null; validUntil?: string | null }) =>
  !v.validFrom || !v.validUntil || v.validFrom <= v.validUntil;
const datesMessage = { path: ['validUntil'], message: 'must not be before validFrom' };

export const priceListCreate = priceListInput
  .partial()
  .required({ name: true })
  .refine(datesInOrder, datesMessage)
  .meta({
    id: 'PriceListCreate',
    description: "A new price list; currency defaults to the workspace's. It is never the default list.",
  });
export const priceListPatch = priceListInput
  .partial()
  .refine(datesInOrder, datesMessage)
  .meta({ id: 'PriceListPatch' });

export const priceListEntry = z
  .object({
    productId: id,
    sku: z.string(),
    name: z.string().describe("The product's name"),
    unit: z.string(),
    listPrice: z.string().describe("The product's list price, in the product's currency"),
    productCurrency: z.string(),
    price: z.string().describe("The list's price, in the list's currency"),
  })
  .meta({ id: 'PriceListEntry' });

export const priceList = z
  .object({
    ...recordMeta,
    name: z.string(),
    currency: z.string(),
    isDefault: z.boolean().describe('The list for customers without one of their own (one per workspace)'),
    discountPercent: z.string().nullable(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    entryCount: z.number().int().describe('How many products have a price of their own in this list'),
    entries: z
      .array(priceListEntry)
      .optional()
      .describe('Only when one list is read: its products with their prices, by SKU'),
  })
  .meta({ id: 'PriceList' });

export const priceListEntryInput = z
  .object({ price: salesAmount.describe("Net, in the list's currency, at most 4 decimals") })
  .strict()
  .meta({ id: 'PriceListEntryPrice' });

export const priceListEntryParams = z.object({ id, productId: id }).strict();

export const priceSources = ['entry', 'percent', 'list'] as const;

export const unitPriceQuery = z
  .object({
    productId: id,
    companyId: id.optional(),
    contactId: id.optional(),
    date: isoDate.optional().describe('The day the price is for (a quote: its date); today when left out'),
    currency: currency.optional().describe("The document's currency; the product's when left out"),
  })
  .strict();

export const unitPrice = z
  .object({
    unitPrice: z.string().describe('Net, exact to 4 decimals'),
    currency: z.string(),
    priceListId: id.nullable().describe('The list the price came from; null: no list applies'),
    source: z
      .enum(priceSources)
      .describe(
        "entry: the list's own price; percent: the list price less the list's percentage; list: the list price",
      ),
  })
  .meta({ id: 'UnitPrice' });

export type PriceListCreate = z.infer<typeof priceListCreate>;
export type PriceListPatch = z.infer<typeof priceListPatch>;
export type PriceList = z.infer<typeof priceList>;
export type PriceListEntry = z.infer<typeof priceListEntry>;
export type UnitPriceQuery = z.infer<typeof unitPriceQuery>;
export type UnitPrice = z.infer<typeof unitPrice>;
export type PriceSource = (typeof priceSources)[number];
