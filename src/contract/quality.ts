// The data-quality score of contacts and companies and the workspace's overview of it.
import { z } from 'zod';

export const qualityTypes = ['contacts', 'companies'] as const;
export type QualityType = (typeof qualityTypes)[number];

/** Why a record's score is lower: stable keys, shown translated and filtered by. */
export const qualityReasons = [
  'missing_name',
  'missing_email_or_phone',
  'missing_company',
  'missing_address',
  'missing_owner',
  'missing_lifecycle_stage',
  'missing_website',
  'missing_industry',
  'invalid_phone',
  'invalid_email',
  'postal_code_implausible',
  'stale',
  'possible_duplicate',
] as const;
export type QualityReason = (typeof qualityReasons)[number];

/** A record's score as contacts and companies show it. */
export const qualityFields = {
  quality: z
    .number()
    .int()
    .nullable()
    .describe('Read-only: the data-quality score 0–100 (null until first scored); see docs/data-quality.md'),
  qualityReasons: z.array(z.enum(qualityReasons)).describe('Read-only: why the score is lower'),
};

const typeOverview = z.object({
  records: z.number().int().describe('Live records of the type'),
  scored: z.number().int().describe('Of them, how many have a score yet'),
  average: z.number().nullable().describe('The average score, one decimal'),
  belowSixty: z.number().int(),
  buckets: z
    .array(z.object({ from: z.number().int(), to: z.number().int(), count: z.number().int() }))
    .describe('How many records score 0–19, 20–39, 40–59, 60–79 and 80–100'),
  problems: z
    .array(z.object({ reason: z.enum(qualityReasons), count: z.number().int() }))
    .describe('The reasons, most frequent first'),
  trend: z
    .array(z.object({ day: z.string(), average: z.number() }))
    .describe('The daily average of the last 90 days, oldest first (today live)'),
});

export const qualityOverview = z
  .object({
    contacts: typeOverview,
    companies: typeOverview,
    openDuplicatePairs: z
      .number()
      .int()
      .nullable()
      .describe('Open pairs of likely duplicates (0 before the first scan; null only from older servers)'),
  })
  .meta({ id: 'QualityOverview' });

export type QualityOverview = z.infer<typeof qualityOverview>;
export type TypeOverview = z.infer<typeof typeOverview>;
