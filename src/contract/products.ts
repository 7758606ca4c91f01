// The product or service of the catalogue as the API shows and accepts it (issue 21).
import { z } from 'zod';
import { currency, multilineText, recordMeta, requiredText, tags, text } from './common.ts';
import { salesAmount } from './sales/index.ts';

/** Units a product is sold in; the web app labels them (Stück, Stunde, Tag, Pauschal, …). */
export const productUnits = ['piece', 'hour', 'day', 'flat', 'kg', 'm', 'm2', 'l', 'month'] as const;

export const productUnit = z.enum(productUnits).meta({ id: 'ProductUnit' });

/** A VAT rate as a decimal string ("19", "7", "8.1"); which ones are allowed is the workspace's country's. */
export const vatRate = z
  .string({ message: 'must be a VAT rate like "19" or "7"' })
  .regex(/^\d{1,3}(\.\d{1,2})?$/, { message: 'must be a VAT rate like "19" or "7"' });

const productInput = z
  .object({
    sku: requiredText(64),
    name: requiredText(200),
    description: multilineText(10_000).nullable(),
    unit: productUnit,
    listPrice: salesAmount,
    costPrice: salesAmount.nullable().describe('What one unit costs the business (net); for margins in the analyses'),
    currency,
    vatRate,
    productGroup: text(100).nullable(),
    active: z.boolean(),
    tags,
  })
  .strict();

export const productCreate = productInput
  .partial()
  .required({ sku: true, name: true, unit: true, listPrice: true })
  .meta({
    id: 'ProductCreate',
    description:
      "A new product; currency defaults to the workspace's, vatRate to its country's standard rate, active to true.",
  });
export const productPatch = productInput.partial().meta({ id: 'ProductPatch' });

export const product = z
  .object({
    ...recordMeta,
    sku: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    unit: productUnit,
    listPrice: z.string().describe('Exact decimal string, net, at most 4 decimals'),
    costPrice: z.string().nullable().describe('Cost of one unit, net; null when unknown'),
    currency: z.string(),
    vatRate: z.string().describe('Percent, e.g. "19"'),
    productGroup: z.string().nullable(),
    active: z.boolean(),
    tags: z.array(z.string()),
  })
  .meta({ id: 'Product' });

export type ProductCreate = z.infer<typeof productCreate>;
export type ProductPatch = z.infer<typeof productPatch>;
export type Product = z.infer<typeof product>;
