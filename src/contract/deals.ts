// Deals (opportunities) in a pipeline, and their stage history, as the API shows and accepts them.
import { z } from 'zod';
import { currency, decimalAmount, id, isoDate, recordMeta, requiredText, tags, text } from './common.ts';

export const dealStatuses = ['open', 'won', 'lost'] as const;

export const dealAmount = z
  .object({
    amount: decimalAmount.refine((value) => !value.startsWith('-'), { message: 'must not be negative' }),
    currency,
  })
  .strict()
  .meta({
    id: 'DealAmount',
    description: 'Exact money: a decimal string with at most 2 decimals and an ISO 4217 currency',
  });

const dealInput = z
  .object({
    title: requiredText(200),
    companyId: id.nullable(),
    contactId: id.nullable().describe('The primary contact'),
    pipelineId: id.describe("Default: the workspace's default pipeline"),
    stageId: id.describe(
      'Must be a stage of the pipeline (422 otherwise). Default: the first open stage. ' +
        'Entering a won or lost stage closes the deal (status, closedAt); an open stage reopens it.',
    ),
    amount: dealAmount.nullable().describe("Currency default: the workspace's default currency"),
    expectedCloseDate: isoDate.nullable(),
    probability: z
      .number()
      .int()
      .min(0, { message: 'at least 0' })
      .max(100, { message: 'at most 100' })
      .nullable()
      .describe(
        "Overrides the stage's default probability; null goes back to the stage's. Closing a deal drops the override.",
      ),
    lostReasonId: id
      .nullable()
      .describe(
        "One of the workspace's active lost reasons (GET /lost-reasons). Only for lost deals; cleared when the deal leaves a lost stage",
      ),
    lostReason: text(500)
      .nullable()
      .describe(
        'A note on why the deal was lost, beside or instead of lostReasonId. Only for lost deals; cleared like it',
      ),
    ownerId: id.nullable().describe('Default on create: the creating user'),
    tags,
  })
  .strict();

export const dealCreate = dealInput.partial().required({ title: true }).meta({ id: 'DealCreate' });
export const dealPatch = dealInput.partial().meta({ id: 'DealPatch' });

export const deal = z
  .object({
    ...recordMeta,
    title: z.string(),
    companyId: z.string().nullable(),
    companyName: z.string().nullable().describe('Read-only: the name of the company (also when it is in the trash)'),
    contactId: z.string().nullable(),
    contactName: z.string().nullable().describe('Read-only: salutation, title, first and last name of the contact'),
    pipelineId: z.string(),
    stageId: z.string(),
    amount: dealAmount.nullable(),
    expectedCloseDate: z.string().nullable(),
    probability: z
      .number()
      .int()
      .describe(
        "The effective win probability in percent: the deal's own value if probabilityOverridden, else the stage's default",
      ),
    probabilityOverridden: z
      .boolean()
      .describe("true when the deal has its own probability instead of the stage's default"),
    status: z.enum(dealStatuses).describe('Read-only: follows the kind of the stage'),
    lostReasonId: z.string().nullable(),
    lostReason: z.string().nullable(),
    ownerId: z.string().nullable(),
    tags: z.array(z.string()),
    stageEnteredAt: z.string().describe('Read-only: when the deal entered its current stage'),
    closedAt: z.string().nullable().describe('Read-only: when the deal was won or lost'),
    lastActivityAt: z.string().nullable(),
    nextTask: z
      .object({ id: z.string(), title: z.string(), dueAt: z.string().nullable() })
      .nullable()
      .describe('Read-only: the open task linked to the deal that is due first (undated ones last)'),
  })
  .meta({ id: 'Deal' });

/** Whose deals a list shows, beside the plain ownerId filters. */
export const dealOwnerScopes = ['me', 'myTeams'] as const;
export const dealOwnedBy = z
  .enum(dealOwnerScopes)
  .describe(
    "me: the caller's own deals; myTeams: deals owned by the caller or by anyone in a team the caller is a member of",
  );

/** What the board's column figures count: the same owner and period filters as its cards. */
export const pipelineTotalsQuery = z
  .object({
    ownedBy: dealOwnedBy.optional(),
    ownerId: id.optional().describe('Only deals of this owner'),
    closedFrom: isoDate
      .optional()
      .describe('Won and lost deals closed on or after this day (UTC); open deals all count'),
    closedBefore: isoDate.optional().describe('Won and lost deals closed before this day (UTC)'),
  })
  .strict();

export const dealStageChange = z
  .object({
    id,
    fromStageId: z.string().nullable().describe('null for the stage a deal was created in'),
    fromStageName: z.string().nullable(),
    toStageId: z.string(),
    toStageName: z.string(),
    toStageKind: z.enum(['open', 'won', 'lost']),
    changedAt: z.string(),
    changedBy: z.string().nullable().describe('The user who moved the deal'),
  })
  .meta({ id: 'DealStageChange' });

export const dealStageHistory = z.object({ data: z.array(dealStageChange) });

/** The figures of a pipeline's board columns, over all its live deals (not only those shown). */
export const pipelineTotals = z
  .object({
    data: z
      .array(
        z.object({
          stageId: id,
          count: z.number().int().describe('Live deals in the stage'),
          totals: z
            .array(
              z.object({
                currency: z.string(),
                amount: z.string().describe('Sum of the amounts in this currency'),
                weighted: z.string().describe('Sum of amount × effective probability, rounded to cents'),
              }),
            )
            .describe('One entry per currency present; deals without an amount only count'),
        }),
      )
      .describe('Only stages that have deals'),
  })
  .meta({ id: 'PipelineTotals' });

export type DealCreate = z.infer<typeof dealCreate>;
export type DealPatch = z.infer<typeof dealPatch>;
export type Deal = z.infer<typeof deal>;
export type DealStageChange = z.infer<typeof dealStageChange>;
export type PipelineTotals = z.infer<typeof pipelineTotals>;
export type PipelineTotalsQuery = z.infer<typeof pipelineTotalsQuery>;
