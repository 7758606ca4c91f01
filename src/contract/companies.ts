// The company (account) as the API shows and accepts it.
import { z } from 'zod';
import { fieldWarning } from './problems.ts';
import { qualityFields } from './quality.ts';
import { analyticsFields } from './analytics.ts';
import {
  addressEntry,
  emailEntry,
  id,
  money,
  phoneOut,
  reachability,
  recordKeys,
  recordKeysOut,
  recordMeta,
  requiredText,
  tags,
  multilineText,
  text,
} from './common.ts';

export const legalForms = [
  'GmbH',
  'AG',
  'UG',
  'KG',
  'OHG',
  'GbR',
  'e.K.',
  'GmbH & Co. KG',
  'e.V.',
  'Ltd',
  'Inc',
  'LLC',
  'SE',
  'other',
] as const;

export const companyInput = z
  .object({
    ...recordKeys,
    name: requiredText(200),
    legalForm: text(50).nullable(),
    industry: text(100).nullable(),
    employeeCount: z.number().int().min(0).max(10_000_000).nullable(),
    annualRevenue: money.nullable(),
    website: text(300)
      .nullable()
      .refine((v) => v === null || /^(https?:\/\/)?[\p{L}\p{N}.-]+\.[\p{L}]{2,}(\/\S*)?$/u.test(v), {
        message: 'is not a web address',
      }),
    vatId: text(20)
      .nullable()
      .transform((v) => (v === null ? null : v.replace(/[\s.-]/g, '').toUpperCase()))
      .refine((v) => v === null || /^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(v), {
        message: 'is not a VAT id like DE123456789',
      })
      .refine((v) => v === null || !v.startsWith('DE') || /^DE\d{9}$/.test(v), {
        message: 'a German VAT id is DE and 9 digits',
      }),
    description: multilineText(10_000).nullable(),
    ...reachability,
    tags,
    ownerId: id.nullable(),
    parentCompanyId: id.nullable(),
    priceListId: id.nullable().describe("The company's price list; null: the workspace's default list applies"),
  })
  .strict();

export const companyCreate = companyInput.partial().required({ name: true }).meta({ id: 'CompanyCreate' });
export const companyPatch = companyInput.partial().meta({ id: 'CompanyPatch' });

export const company = z
  .object({
    ...recordMeta,
    name: z.string(),
    ...recordKeysOut,
    legalForm: z.string().nullable(),
    industry: z.string().nullable(),
    employeeCount: z.number().nullable(),
    annualRevenue: money.nullable(),
    website: z.string().nullable(),
    vatId: z.string().nullable(),
    description: z.string().nullable(),
    emails: z.array(emailEntry),
    phones: z.array(phoneOut),
    addresses: z.array(addressEntry),
    tags: z.array(z.string()),
    ownerId: z.string().nullable(),
    parentCompanyId: z.string().nullable(),
    priceListId: z.string().nullable(),
    ...qualityFields,
    ...analyticsFields,
    warnings: z
      .array(fieldWarning)
      .optional()
      .describe('Only in the answer to a write: values that were stored but look wrong'),
    lastActivityAt: z.string().nullable(),
  })
  .meta({ id: 'Company' });

export type CompanyCreate = z.infer<typeof companyCreate>;
export type CompanyPatch = z.infer<typeof companyPatch>;
export type Company = z.infer<typeof company>;
