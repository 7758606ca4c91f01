// Privacy tools (GDPR): erasure of a person (Art. 17) with its blocking list, legal holds,
// retention rules with preview and runs, and the record of processing activities (Art. 30).
import { z } from 'zod';
import { id } from './common.ts';
import { lifecycleStages } from './contacts.ts';

export const erasureModes = ['delete', 'anonymise'] as const;
export type ErasureMode = (typeof erasureModes)[number];

export const erasureRequest = z
  .object({
    mode: z
      .enum(erasureModes)
      .describe(
        'delete: the person and what is only about them go; anonymise: the record stays as "Anonymisiert" with its deals, orders and revenue, the timeline without their name',
      ),
  })
  .strict();

export const erasureReport = z
  .object({
    mode: z.enum(erasureModes),
    contacts: z.number().int().describe('Contacts erased: the one named and those merged into it'),
    activitiesDeleted: z.number().int(),
    activitiesKept: z.number().int().describe('Shared with other records (or anonymise): kept without the person'),
    tasksDeleted: z.number().int(),
    tasksKept: z.number().int(),
    emailsDeleted: z.number().int(),
    emailsKept: z.number().int(),
    blocked: z.number().int().describe('Email addresses and phone numbers newly on the blocking list'),
  })
  .meta({ id: 'ErasureReport' });
export type ErasureReport = z.infer<typeof erasureReport>;

export const blockedKinds = ['email', 'phone'] as const;

export const blockedValue = z
  .object({
    id: z.string(),
    kind: z.enum(blockedKinds),
    reason: z.enum(['erasure', 'retention', 'manual']),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'BlockedValue', description: 'An entry of the blocking list: only a hash of the value is stored' });

export const blockedQuery = z
  .object({
    value: z
      .string()
      .trim()
      .min(1)
      .max(320)
      .optional()
      .describe('Only the entries of this email address or phone number (E.164 or as typed)'),
    kind: z.enum(blockedKinds).optional().describe('With value: what it is (default: an @ makes it an email)'),
  })
  .strict();

export const blockedList = z.object({ data: z.array(blockedValue) }).meta({ id: 'BlockedValueList' });

export const holdRecordTypes = ['contact', 'company', 'deal'] as const;
export const legalHoldParams = z.object({ type: z.enum(holdRecordTypes), recordId: id }).strict();
export const legalHoldInput = z
  .object({ reason: z.string().trim().min(1).max(500).describe('Why the record must be kept (case, duty)') })
  .strict();
export const legalHold = z
  .object({
    recordType: z.enum(holdRecordTypes),
    recordId: z.string(),
    reason: z.string(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'LegalHold' });
export const legalHoldQuery = z
  .object({ recordType: z.enum(holdRecordTypes).optional(), recordId: id.optional() })
  .strict();
export const legalHoldList = z.object({ data: z.array(legalHold) }).meta({ id: 'LegalHoldList' });

export const retentionRecordTypes = ['contact', 'deal'] as const;
export const dealRetentionStatuses = ['open', 'won', 'lost'] as const;
export const retentionRuleInput = z
  .object({
    recordType: z.enum(retentionRecordTypes),
    status: z
      .enum([...lifecycleStages, ...dealRetentionStatuses])
      .nullable()
      .default(null)
      .describe('Contacts: a lifecycle stage; deals: open, won or lost; null: any'),
    months: z
      .number()
      .int()
      .min(1)
      .max(1200)
      .describe(
        'Contacts: months without activity (or change); deals: months since closed (open: since the last change)',
      ),
    action: z.enum(erasureModes),
    active: z.boolean().default(true),
  })
  .strict()
  .refine(
    (rule) =>
      rule.status === null ||
      (rule.recordType === 'contact'
        ? (lifecycleStages as readonly string[]).includes(rule.status)
        : (dealRetentionStatuses as readonly string[]).includes(rule.status)),
    { path: ['status'], message: 'not a status of this record type' },
  );
export type RetentionRuleInput = z.infer<typeof retentionRuleInput>;

export const retentionRule = z
  .object({
    id: z.string(),
    recordType: z.enum(retentionRecordTypes),
    status: z.string().nullable(),
    months: z.number().int(),
    action: z.enum(erasureModes),
    active: z.boolean(),
  })
  .meta({ id: 'RetentionRule' });
export type RetentionRule = z.infer<typeof retentionRule>;
export const retentionRuleList = z.object({ data: z.array(retentionRule) }).meta({ id: 'RetentionRuleList' });

export const retentionPreview = z
  .object({
    count: z.number().int().describe('Records the rule would erase now'),
    held: z.number().int().describe('Records it would take but a legal hold exempts'),
    sample: z.array(z.object({ id: z.string(), name: z.string() })).describe('Up to 20 of them'),
  })
  .meta({ id: 'RetentionPreview' });

export const retentionRunReport = z.object({
  rules: z
    .array(
      z.object({
        ruleId: z.string(),
        recordType: z.string(),
        status: z.string().nullable(),
        months: z.number(),
        action: z.string(),
        done: z.number(),
        held: z.number(),
      }),
    )
    .optional(),
  total: z.number().optional(),
  held: z.number().optional(),
  error: z.string().optional(),
});
export const retentionRun = z
  .object({
    id: z.string(),
    trigger: z.enum(['schedule', 'manual']),
    actorId: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    report: retentionRunReport,
  })
  .meta({ id: 'RetentionRun' });
export const retentionRunList = z.object({ data: z.array(retentionRun) }).meta({ id: 'RetentionRunList' });

export const processingRecord = z
  .object({
    document: z.string().describe('The record as Markdown: the edited one, else the generated one'),
    generated: z.string().describe('What Farley generates from the workspace configuration now'),
    edited: z.boolean(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'ProcessingRecord' });
export const processingRecordInput = z
  .object({
    document: z.string().max(200_000).describe('The edited record (Markdown); empty: back to the generated one'),
  })
  .strict();
