// Quotes (Angebote) and the workspace's sales settings, as the API shows and accepts them
// (issue 21). The numbers in lines are exact decimal strings; which VAT rates, signs and
// discounts are allowed depends on the workspace, so the body's shape only checks the form and
// the server checks the rules (salesDocumentInput), answering 422 with the line's field.
import { z } from 'zod';
import { currency, id, isoDate, multilineText, recordMeta, requiredText, text } from './common.ts';
import { productUnit } from './products.ts';
import type { SalesTotals } from './sales/index.ts';

export const quoteStatuses = ['draft', 'sent', 'accepted', 'declined', 'expired', 'superseded'] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];
export const quoteLanguages = ['de', 'en'] as const;

/** The most lines a quote has. */
export const maxQuoteLines = 500;

// The form only; the rules (not negative, 4 decimals, the country's VAT rates) are the server's.
const decimalText = z
  .string({ message: 'must be a decimal string like "12.50"' })
  .regex(/^-?\d{1,16}(\.\d{1,8})?$/, { message: 'must be a decimal string like "12.50"' });

const discountInput = z
  .object({ kind: z.enum(['percent', 'amount']), value: decimalText })
  .strict()
  .describe('A discount in percent (0–100) or as an amount');

export const quoteLineInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('item'),
      productId: id
        .nullable()
        .optional()
        .describe('A live product of the catalogue; its SKU, name, unit, price and VAT rate fill what is left out'),
      sku: text(64).nullable().optional(),
      name: text(300).optional().describe('Required for a line without a product'),
      description: multilineText(10_000).nullable().optional(),
      quantity: decimalText.describe('Not negative on a quote; at most 4 decimals'),
      unit: productUnit.nullable().optional(),
      unitPrice: decimalText
        .optional()
        .describe("Net or gross as the quote's pricesEntered; default: the product's price"),
      discount: discountInput.nullable().optional(),
      vatRate: z
        .string()
        .max(10)
        .optional()
        .describe("One of the country's rates; default: the product's. Ignored (0 %) under reverse charge and § 19"),
      optional: z.boolean().optional().describe('Shown with its amount, not added up'),
    })
    .strict(),
  z.object({ kind: z.literal('heading'), text: requiredText(500) }).strict(),
  z
    .object({
      kind: z.literal('text'),
      text: z
        .string()
        .min(1)
        .max(10_000)
        .transform((v) => v.trim()),
    })
    .strict(),
]);

const quoteInput = z
  .object({
    companyId: id.nullable().describe('The customer company; a quote needs a company or a contact'),
    contactId: id.nullable().describe('The customer contact (the recipient when there is no company)'),
    dealId: id.nullable().describe("Optional; without a customer, the deal's company and contact are taken"),
    language: z.enum(quoteLanguages).describe('Default: de for customers in DE, AT, CH, LI, else en'),
    currency: currency.describe("Default: the workspace's currency"),
    pricesEntered: z.enum(['net', 'gross']).describe('Whether unit prices include VAT (default net)'),
    taxTreatment: z
      .enum(['standard', 'reverseCharge', 'smallBusiness'])
      .describe(
        'Default: derived (§ 19 setting → smallBusiness; company with a VAT ID of another EU country → reverseCharge; ' +
          'else standard). reverseCharge only where derived so; standard may replace it.',
      ),
    quoteDate: isoDate.describe('Default: today'),
    validUntil: isoDate.describe("Default: quoteDate + the workspace's validity days (30)"),
    subject: requiredText(300),
    introduction: multilineText(10_000).nullable(),
    terms: multilineText(10_000).nullable().describe("Default: the workspace's quote terms"),
    closing: multilineText(10_000).nullable().describe("Default: the workspace's closing text"),
    customerReference: text(200).nullable(),
    discount: discountInput.nullable().describe('On the whole quote, after the line discounts'),
    ownerId: id.nullable().describe('The contact person; default: the creating user'),
    lines: z.array(quoteLineInput).max(2000).describe(`At most ${maxQuoteLines} lines; replaced as a whole`),
  })
  .strict();

export const quoteCreate = quoteInput.partial().required({ subject: true }).meta({
  id: 'QuoteCreate',
  description: 'A new draft quote; it has no number until it is issued.',
});
export const quotePatch = quoteInput.partial().meta({
  id: 'QuotePatch',
  description: 'Changes a draft (only drafts change); `lines` replaces all lines.',
});

const discountOut = z.object({ kind: z.enum(['percent', 'amount']), value: z.string() }).nullable();

export const quoteLine = z
  .object({
    kind: z.enum(['item', 'heading', 'text']),
    productId: z.string().nullable(),
    sku: z.string().nullable(),
    name: z.string().nullable(),
    description: z.string().nullable(),
    quantity: z.string().nullable(),
    unit: productUnit.nullable(),
    unitPrice: z.string().nullable(),
    discount: discountOut,
    vatRate: z.string().nullable(),
    optional: z.boolean(),
    text: z.string().nullable().describe('Of a heading or text line'),
  })
  .meta({ id: 'QuoteLine' });

const lineTotal = z.union([
  z.object({
    kind: z.literal('item'),
    optional: z.boolean(),
    vatRate: z.string(),
    listAmount: z.string(),
    discountAmount: z.string(),
    amount: z.string(),
    net: z.string(),
    gross: z.string().nullable(),
  }),
  z.object({ kind: z.enum(['heading', 'text']) }),
]);

const salesTotals: z.ZodType<SalesTotals> = z
  .object({
    currency: z.string(),
    minorUnits: z.number().int(),
    lines: z.array(lineTotal).describe('lines[i] belongs to the quote line i'),
    subtotal: z.object({ net: z.string(), gross: z.string().nullable() }),
    documentDiscount: z.object({ net: z.string(), gross: z.string().nullable() }),
    netTotal: z.string(),
    vat: z.array(z.object({ rate: z.string(), base: z.string(), tax: z.string(), gross: z.string() })),
    vatTotal: z.string(),
    grossTotal: z.string(),
    note: z.enum(['reverseCharge', 'smallBusiness']).nullable(),
  })
  .meta({ id: 'SalesTotals', description: 'The exact totals of a sales document (docs/sales.md)' });

export const quote = z
  .object({
    ...recordMeta,
    number: z
      .string()
      .nullable()
      .describe('The printed number with a revision suffix from revision 2 on (AN-2026-0042-2); null on a new draft'),
    revision: z.number().int(),
    rootId: z.string().describe('The first revision; all revisions of the quote share it'),
    status: z.enum(quoteStatuses).describe('expired: sent and past validUntil'),
    companyId: z.string().nullable(),
    companyName: z.string().nullable(),
    contactId: z.string().nullable(),
    contactName: z.string().nullable(),
    dealId: z.string().nullable(),
    dealTitle: z.string().nullable(),
    language: z.enum(quoteLanguages),
    currency: z.string(),
    pricesEntered: z.enum(['net', 'gross']),
    taxTreatment: z.enum(['standard', 'reverseCharge', 'smallBusiness']),
    quoteDate: z.string(),
    validUntil: z.string(),
    subject: z.string(),
    introduction: z.string().nullable(),
    terms: z.string().nullable(),
    closing: z.string().nullable(),
    customerReference: z.string().nullable(),
    discount: discountOut,
    netTotal: z.string(),
    vatTotal: z.string(),
    grossTotal: z.string(),
    issuedAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    declineReason: z.string().nullable(),
    ownerId: z.string().nullable(),
    /** Only on a single quote, not in lists. */
    lines: z.array(quoteLine).optional(),
    totals: salesTotals.optional().describe('Live for a draft, as stored at issue for the others; not in lists'),
  })
  .meta({ id: 'Quote' });

export const quoteAccept = z
  .object({
    winDeal: z
      .boolean()
      .optional()
      .describe("Moves the quote's deal to its pipeline's won stage with the quote's net total as amount"),
  })
  .strict()
  .meta({ id: 'QuoteAccept' });

export const quoteDecline = z
  .object({ reason: text(500).nullable().optional() })
  .strict()
  .meta({ id: 'QuoteDecline' });

export const salesSettings = z
  .object({
    smallBusiness: z.boolean().describe('Kleinunternehmer (§ 19 UStG): no VAT on documents, its note printed'),
    quoteValidityDays: z.number().int().describe('Days a new quote is valid'),
    quoteTerms: z.string().nullable().describe('Default terms of a new quote'),
    quoteClosing: z.string().nullable().describe('Default closing text of a new quote'),
    version: z.number().int(),
  })
  .meta({ id: 'SalesSettings' });

export const salesSettingsPatch = z
  .object({
    smallBusiness: z.boolean(),
    quoteValidityDays: z.number().int().min(1, { message: 'at least 1' }).max(365, { message: 'at most 365' }),
    quoteTerms: multilineText(10_000).nullable(),
    quoteClosing: multilineText(10_000).nullable(),
  })
  .partial()
  .strict()
  .meta({ id: 'SalesSettingsPatch' });

export type QuoteLineInput = z.infer<typeof quoteLineInput>;
export type QuoteCreate = z.infer<typeof quoteCreate>;
export type QuotePatch = z.infer<typeof quotePatch>;
export type QuoteLine = z.infer<typeof quoteLine>;
export type Quote = z.infer<typeof quote>;
export type QuoteAccept = z.infer<typeof quoteAccept>;
export type QuoteDecline = z.infer<typeof quoteDecline>;
export type SalesSettings = z.infer<typeof salesSettings>;
export type SalesSettingsPatch = z.infer<typeof salesSettingsPatch>;
