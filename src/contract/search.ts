// Search across records and caller/sender lookup, as the API accepts and shows them.
import { z } from 'zod';
import { buyingRoles } from './affiliations.ts';
import { id, money } from './common.ts';

export const searchTypes = ['contact', 'company', 'deal'] as const;
export type SearchType = (typeof searchTypes)[number];

export const searchQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(1, { message: 'must not be empty' })
      .max(200, { message: 'at most 200 characters' })
      .describe(
        'What to look for: names, emails, phone numbers (any format), cities; accent-, case- and typo-tolerant',
      ),
    types: z
      .string()
      .max(100)
      .transform((value) => [
        ...new Set(
          value
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ])
      .refine((list) => list.length > 0 && list.every((t) => (searchTypes as readonly string[]).includes(t)), {
        message: `comma-separated list of ${searchTypes.join(', ')}`,
      })
      .optional()
      .describe(`Record types to search (comma-separated): ${searchTypes.join(', ')}; default all`),
    limit: z.coerce.number().int().min(1).max(100).default(20).describe('Most hits to return (1–100, default 20)'),
  })
  .strict();

export const searchHit = z
  .object({
    type: z.enum(searchTypes),
    id,
    title: z.string(),
    subtitle: z.string().nullable(),
    score: z.number().describe('Relevance from 0 to 1; hits are sorted by it'),
  })
  .meta({ id: 'SearchHit' });

export const searchResponse = z.object({ data: z.array(searchHit) });

export const lookupQuery = z
  .object({
    // Not trimmed here: a leading space is an unencoded "+" (see the lookup service).
    phone: z
      .string()
      .min(1)
      .max(60)
      .optional()
      .describe('A phone number in any common format, e.g. 030/1234567 or +49 30 1234567'),
    email: z.string().trim().max(254).optional().describe('An email address (case-insensitive)'),
  })
  .strict();

const ownerRef = z.object({ id, name: z.string() }).nullable();

const keyFacts = {
  id,
  name: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()).describe('E.164'),
  owner: ownerRef,
  openDeals: z.object({
    count: z.number().int(),
    sum: z.array(money).describe("The open deals' amounts summed, one entry per currency"),
  }),
  openTasks: z.number().int(),
  lastActivity: z.object({ id, type: z.string(), subject: z.string().nullable(), occurredAt: z.string() }).nullable(),
};

export const lookupContact = z
  .object({
    type: z.literal('contact'),
    ...keyFacts,
    jobTitle: z.string().nullable(),
    lifecycleStage: z.string(),
    companies: z.array(
      z.object({
        id,
        name: z.string(),
        jobTitle: z.string().nullable(),
        buyingRole: z.enum(buyingRoles).nullable(),
        isPrimary: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'LookupContact' });

export const lookupCompany = z
  .object({
    type: z.literal('company'),
    ...keyFacts,
    industry: z.string().nullable(),
    city: z.string().nullable(),
  })
  .meta({ id: 'LookupCompany' });

export const lookupResponse = z.object({ data: z.array(z.union([lookupContact, lookupCompany])) });

export type SearchQuery = z.infer<typeof searchQuery>;
export type SearchHit = z.infer<typeof searchHit>;
export type LookupQuery = z.infer<typeof lookupQuery>;
export type LookupContact = z.infer<typeof lookupContact>;
export type LookupCompany = z.infer<typeof lookupCompany>;
