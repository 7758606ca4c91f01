// Next best actions as the API shows them: what to do next with a customer, why, what it may
// be worth, and what was done with it; and per kind how often suggestions were taken up and
// what followed.
import { z } from 'zod';
import { id, timestamp } from './common.ts';

export const nextActionKinds = ['retain', 'revive', 'crossSell', 'followUpQuote', 'completeData'] as const;
export type NextActionKind = (typeof nextActionKinds)[number];

export const nextActionStatuses = ['open', 'done', 'dismissed'] as const;

export const nextAction = z
  .object({
    id: z.string(),
    kind: z
      .enum(nextActionKinds)
      .describe(
        'retain: an A or B customer at risk; revive: bought in the window before, nothing since; crossSell: the product customers like them bought; followUpQuote: a sent quote without an answer; completeData: a valuable customer missing contact data',
      ),
    customer: z.object({
      type: z.enum(['company', 'contact']),
      id: z.string(),
      name: z.string(),
    }),
    ownerId: z.string().nullable().describe("The customer's owner (the quote's for followUpQuote)"),
    score: z
      .number()
      .describe('The rank: the expected value, or a small share of the revenue where none can be estimated'),
    expectedValue: z
      .string()
      .nullable()
      .describe('What the action may be worth, in `currency`; null where it cannot be estimated'),
    currency: z.string(),
    reason: z
      .record(z.string(), z.unknown())
      .describe(
        'The figures the suggestion rests on, by kind: abcClass, pAlive, churnSignal, revenue, previous, product {id, name}, because {id, name}, confidence, quote {id, number, netTotal, sentAt}, days, probability, missing',
      ),
    subjectId: z.string().nullable().describe('The product (crossSell) or quote (followUpQuote) it is about'),
    status: z.enum(nextActionStatuses),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
    taskId: z.string().nullable().describe('The task made from it, if any'),
  })
  .meta({ id: 'NextAction' });

export const nextActions = z.object({ data: z.array(nextAction) }).meta({ id: 'NextActions' });

export const nextActionsQuery = z
  .object({
    owner: z.enum(['me', 'all']).default('all').describe("me: the actions on the caller's customers"),
    customerId: id.optional().describe("Only this customer's actions"),
    status: z.enum(nextActionStatuses).default('open'),
    limit: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();

export const nextActionDecision = z
  .object({ status: z.enum(['done', 'dismissed']) })
  .strict()
  .meta({ id: 'NextActionDecision' });

export const nextActionTask = z
  .object({
    title: z.string().trim().min(1).max(300),
    dueAt: timestamp.nullable().optional(),
  })
  .strict()
  .meta({ id: 'NextActionTask' });

export const nextActionStats = z
  .object({
    data: z.array(
      z.object({
        kind: z.enum(nextActionKinds),
        open: z.number().int(),
        done: z.number().int(),
        dismissed: z.number().int(),
        acceptanceRate: z.number().nullable().describe('done / (done + dismissed); null before any decision'),
        followed: z
          .number()
          .int()
          .describe('Of the done ones, how many customers ordered within 60 days after the decision'),
        outcomeRate: z.number().nullable().describe('followed / done'),
      }),
    ),
  })
  .meta({ id: 'NextActionStats' });

export type NextAction = z.infer<typeof nextAction>;
export type NextActionStats = z.infer<typeof nextActionStats>;
