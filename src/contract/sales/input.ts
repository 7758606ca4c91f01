// The zod shapes of what a sales document's totals are computed from, as the API accepts them.
// The rules depend on the document and the workspace (negative quantities only on credit notes
// and returns, the country's VAT rates), so the shapes are made by functions taking them.
import { z } from 'zod';
import { currency } from '../common.ts';
import { computeSalesTotals, SalesTotalsError } from './totals.ts';
import { normalVatRate } from './vatRates.ts';

export type SalesDocumentRules = {
  /** Credit notes and returns: quantities may be negative. False for quotes. */
  allowNegative: boolean;
  /** The rates lines may carry: vatRatesFor(country) or the workspace's own. */
  vatRates: readonly string[];
};

export const salesAmount = z
  .string({ message: 'must be a decimal string like "1234.50"' })
  .regex(/^\d{1,12}(\.\d{1,4})?$/, {
    message: 'must be a decimal string, not negative, with at most 4 decimals, like "1234.50"',
  });

export const salesQuantity = z
  .string({ message: 'must be a decimal string like "2" or "1.5"' })
  .regex(/^-?\d{1,12}(\.\d{1,4})?$/, { message: 'must be a decimal string with at most 4 decimals, like "1.5"' });

export const salesPercent = z
  .string({ message: 'must be a percentage like "10" or "2.5"' })
  .regex(/^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$/, {
    message: 'must be a percentage from 0 to 100 with at most 4 decimals, like "2.5"',
  });

export const salesDiscount = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('percent'), value: salesPercent }).strict(),
    z
      .object({
        kind: z.literal('amount'),
        value: salesAmount.describe('Net or gross as the prices are entered; at most the amount it discounts'),
      })
      .strict(),
  ])
  .meta({ id: 'SalesDiscount', description: 'A discount in percent or as an amount' });

export const taxTreatments = ['standard', 'reverseCharge', 'smallBusiness'] as const;

const vatRateText = z
  .string({ message: 'must be a VAT rate in percent like "19"' })
  .regex(/^\d{1,2}(\.\d{1,2})?$/, { message: 'must be a VAT rate in percent like "19" or "8.1"' });

/** One line of a sales document: an item with an amount, a section heading, or a text line. */
export function salesLineInput(rules: SalesDocumentRules) {
  const allowed = [...new Set(rules.vatRates.map(normalVatRate))];
  const quantity = rules.allowNegative
    ? salesQuantity
    : salesQuantity.refine((value) => !value.startsWith('-'), {
        message: 'must not be negative (only credit notes and returns take negative quantities)',
      });
  const vatRate = vatRateText.refine((value) => allowed.includes(normalVatRate(value)), {
    message: `must be one of the workspace's VAT rates: ${allowed.join(', ')} %`,
  });
  return z.discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('item'),
        quantity,
        unitPrice: salesAmount.describe('Net or gross as the document says (pricesEntered)'),
        discount: salesDiscount.nullable().optional(),
        vatRate,
        optional: z.boolean().optional().describe('An optional item is shown with its amount but not added up'),
      })
      .strict(),
    z.object({ kind: z.literal('heading'), text: z.string().max(500) }).strict(),
    z.object({ kind: z.literal('text'), text: z.string().max(10_000) }).strict(),
  ]);
}

/**
 * A sales document's lines and the settings its totals depend on. A discount larger than what
 * it discounts is reported at its path, as the totals computation finds it.
 */
export function salesDocumentInput(rules: SalesDocumentRules) {
  return z
    .object({
      currency,
      pricesEntered: z.enum(['net', 'gross']),
      taxTreatment: z
        .enum(taxTreatments)
        .describe('reverseCharge: EU business customer with a VAT ID, 0 %; smallBusiness: § 19 UStG, no VAT'),
      discount: salesDiscount.nullable().optional().describe('On the whole document, after the line discounts'),
      lines: z.array(salesLineInput(rules)).max(1000, { message: 'at most 1000 lines' }),
    })
    .strict()
    .superRefine((document, context) => {
      try {
        computeSalesTotals(document);
      } catch (error) {
        if (!(error instanceof SalesTotalsError)) throw error;
        context.addIssue({ code: 'custom', path: error.path, message: error.message });
      }
    });
}

export type SalesDocumentInput = z.infer<ReturnType<typeof salesDocumentInput>>;
