// The numbering patterns of sales documents, as the API shows and accepts them.
import { z } from 'zod';

const pattern = z
  .string()
  .max(40)
  .describe(
    'Literal text with placeholders: {YYYY} or {YY} (the year, required), {MM} (the month), and one ' +
      '{NNNN} (the number, at least as many digits as N; more when it outgrows them). At most 40 characters.',
  );

export const numberingPatterns = z
  .object({
    quote: pattern.describe('Pattern of quote numbers (default AN-{YYYY}-{NNNN})'),
    order: pattern.describe('Pattern of order confirmation numbers (default AB-{YYYY}-{NNNN})'),
  })
  .meta({ id: 'NumberingPatterns' });

export const numbering = z
  .object({ patterns: numberingPatterns })
  .meta({ id: 'Numbering', description: "The workspace's numbering of quotes and orders" });

export const numberingPatch = z
  .object({ patterns: numberingPatterns.partial().strict() })
  .strict()
  .meta({ id: 'NumberingPatch', description: 'The patterns to change; numbers already given keep their text' });

export type Numbering = z.infer<typeof numbering>;
export type NumberingPatch = z.infer<typeof numberingPatch>;
