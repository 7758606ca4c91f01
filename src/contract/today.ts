// The start page ("Heute" / "Today") as the API shows it: the signed-in user's due tasks,
// open deals whose next step is due or missing, deals stuck in a stage, and recently viewed
// records; and the note a client sends when one of those records is opened.
import { z } from 'zod';
import { id, money } from './common.ts';
import { task } from './tasks.ts';

export const recentTypes = ['contact', 'company', 'deal'] as const;

const timeZone = z
  .string()
  .max(100)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone like Europe/Berlin' },
  );

export const todayQuery = z
  .object({
    tz: timeZone
      .optional()
      .describe("The caller's time zone (IANA, e.g. Europe/Berlin): where their today ends. Default UTC."),
  })
  .strict();

/** A deal as a line of the start page: enough to show and open it. */
export const todayDeal = z
  .object({
    id,
    version: z.number().int(),
    title: z.string(),
    companyId: z.string().nullable(),
    companyName: z.string().nullable(),
    contactId: z.string().nullable(),
    contactName: z.string().nullable(),
    stageId: z.string(),
    stageName: z.string(),
    amount: money.nullable(),
    expectedCloseDate: z.string().nullable(),
    stageEnteredAt: z.string(),
    nextTask: z
      .object({ id: z.string(), title: z.string(), dueAt: z.string().nullable() })
      .nullable()
      .describe("The deal's next step: its earliest open task (null: none)"),
  })
  .meta({ id: 'TodayDeal' });

export const stuckDeal = todayDeal
  .extend({
    daysInStage: z.number().int().describe('Whole days since the deal entered its stage'),
    usualDays: z
      .number()
      .int()
      .describe("How long deals usually stay in this stage (the 75th percentile of this workspace's history)"),
    usualFrom: z
      .enum(['history', 'default'])
      .describe('history: from the stage history; default: too little history, the default threshold'),
  })
  .meta({ id: 'StuckDeal' });

export const recentRecord = z
  .object({
    type: z.enum(recentTypes),
    id: z.string(),
    name: z.string().describe("A contact's full name, a company's name, a deal's title"),
    detail: z.string().nullable().describe("A contact's company, a company's city, a deal's company"),
    phone: z.string().nullable().describe('The primary (else first) phone number, as entered; deals have none'),
    viewedAt: z.string(),
  })
  .meta({ id: 'RecentRecord' });

export const today = z
  .object({
    tasks: z.object({
      data: z.array(task).describe('My open tasks due before the end of today, the longest overdue first (at most 50)'),
      overdue: z.number().int().describe('How many of my open tasks are overdue (due before now)'),
      dueToday: z.number().int().describe('How many of my open tasks are due from now until the end of today'),
    }),
    deals: z.object({
      data: z
        .array(todayDeal)
        .describe('My open deals whose next step is due today or earlier, or missing; the soonest to close first'),
      more: z.boolean().describe('There are more such deals than shown'),
    }),
    stuckDeals: z.object({
      data: z.array(stuckDeal).describe('My open deals in their stage for longer than usual, the most overdue first'),
      more: z.boolean(),
    }),
    recent: z.array(recentRecord).describe('Contacts, companies and deals I opened lately, newest first'),
  })
  .meta({ id: 'Today' });

export const recentViewCreate = z
  .object({ type: z.enum(recentTypes), id })
  .strict()
  .meta({ id: 'RecentViewCreate' });

export type TodayQuery = z.infer<typeof todayQuery>;
export type TodayDeal = z.infer<typeof todayDeal>;
export type StuckDeal = z.infer<typeof stuckDeal>;
export type RecentRecord = z.infer<typeof recentRecord>;
export type Today = z.infer<typeof today>;
export type RecentViewCreate = z.infer<typeof recentViewCreate>;
