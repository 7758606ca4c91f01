// Building blocks of the API contract shared by every resource: ids, money, contact data.
import { z } from 'zod';

// Lower-cased on the way in: PostgreSQL compares UUIDs case-insensitively, JavaScript strings
// do not, so rules like "not yourself" or de-duplication must see one spelling.
export const id = z.uuid({ message: 'must be an id (UUID)' }).toLowerCase();
export const idParams = z.object({ id }).strict();

/** Trimmed single-line text; blank becomes null so "clearing" a field is easy. */
export const text = (max = 200) =>
  z
    .string()
    .max(max, { message: `at most ${max} characters` })
    .transform((value) => value.trim())
    .transform((value) => (value === '' ? null : value));

export const requiredText = (max = 200) =>
  z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `at most ${max} characters` });

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  .refine((value) => !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value), {
    message: 'is not a real date',
  });

export const timestamp = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time like 2026-03-01T09:30:00Z' })
  .transform((value) => new Date(value).toISOString());

export const currency = z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code like EUR' });

export const decimalAmount = z
  .string({ message: 'must be a decimal string like "1234.50"' })
  .regex(/^-?\d{1,16}(\.\d{1,2})?$/, { message: 'must be a decimal string with at most 2 decimals, like "1234.50"' });

export const money = z.object({ amount: decimalAmount, currency }).strict().meta({ id: 'Money' });

/** One tag as records keep it: trimmed, 1–50 characters. */
export const tag = z.string().trim().min(1).max(50, { message: 'a tag has at most 50 characters' });

export const tags = z
  .array(tag)
  .max(50, { message: 'at most 50 tags' })
  .transform((list) => [...new Set(list)]);

const label = z.string().trim().max(50).nullable().optional();

export const emailEntry = z
  .object({
    email: z
      .email({ message: 'is not a valid email address' })
      .max(254)
      .transform((value) => value.trim()),
    label,
    primary: z.boolean().optional(),
  })
  .strict();

export const phoneEntry = z
  .object({
    number: z
      .string()
      .trim()
      .min(3, { message: 'is too short for a phone number' })
      .max(40)
      .regex(/^[0-9+()\-./\s]+$/, { message: 'may hold only digits, spaces and + ( ) - / .' }),
    label,
    primary: z.boolean().optional(),
  })
  .strict();

export const addressEntry = z
  .object({
    street: text(200).nullable().optional(),
    postalCode: text(20).nullable().optional(),
    city: text(100).nullable().optional(),
    region: text(100).nullable().optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 country code like DE' })
      .nullable()
      .optional(),
    label,
    primary: z.boolean().optional(),
  })
  .strict();

export const reachability = {
  emails: z.array(emailEntry).max(20),
  phones: z.array(phoneEntry).max(20),
  addresses: z.array(addressEntry).max(20),
};

/** Phone entries as the API shows them: as entered, plus E.164. */
export const phoneOut = z.object({
  number: z.string(),
  e164: z.string().nullable(),
  label: z.string().nullable().optional(),
  primary: z.boolean().optional(),
});

/**
 * The workspace's own number of a customer (unique among its live records) and the id the
 * record has in another system (not unique): both shown and matched as written, trimmed.
 */
export const recordKeys = {
  customerNumber: text(100)
    .nullable()
    .describe('The customer number: unique among the live records of its type in the workspace'),
  externalId: text(100).nullable().describe('The id the record has in another system (ERP, shop, old CRM)'),
};

export const recordKeysOut = {
  customerNumber: z.string().nullable(),
  externalId: z.string().nullable(),
};

export const recordMeta = {
  id,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
};

/** At most this many records make up a list searched (q) without filters. */
export const listSearchLimit = 300;

/** A list counts its records exactly up to this many, and says "more than" beyond. */
export const listCountLimit = 10_000;

export const listCount = z
  .object({
    total: z.number().int().describe(`How many records the list holds, exactly up to ${listCountLimit}`),
    more: z
      .boolean()
      .describe(
        `true when there are more than total: the list holds more than ${listCountLimit} records, or its search (q without filters) stopped at its limit`,
      ),
  })
  .meta({ id: 'ListCount' });

export type ListCount = z.infer<typeof listCount>;

export const listResponse = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    nextCursor: z.string().nullable(),
    searchLimited: z
      .boolean()
      .optional()
      .describe(
        `true when the list's search (q, without filters) found as many records as a list takes (${listSearchLimit}): there may be more; another word or a filter narrows it`,
      ),
  });
