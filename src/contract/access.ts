// Record- and field-level access as the API shows and accepts it: per role and record type
// the scope of records a role sees and changes, and per role the sensitive fields it may not
// see (hidden) or not change (read). Admins always have everything; an absent rule is `all`
// (partners: their partner organisation, `team`).
import { z } from 'zod';

export const accessRecordTypes = [
  'contact',
  'company',
  'deal',
  'quote',
  'order',
  'task',
  'appointment',
  'activity',
] as const;
export type AccessRecordType = (typeof accessRecordTypes)[number];

/** The roles rules apply to: admins are not restricted. */
export const restrictableRoles = ['manager', 'agent', 'viewer', 'partner'] as const;
export type RestrictableRole = (typeof restrictableRoles)[number];

export const scopes = ['all', 'team', 'own'] as const;
export type Scope = (typeof scopes)[number];

/**
 * The sensitive fields rules can hide or make read-only, by record type, with the keys of the
 * API answers they stand for. `privatePhones` are the phone entries labelled private or home;
 * `activity.confidential` stands for whole activities marked confidential, hidden by the
 * database (migration 0063) rather than by leaving keys out.
 */
export const sensitiveFields = {
  contact: { birthday: ['birthday'], privatePhones: [] },
  company: {
    annualRevenue: ['annualRevenue'],
    employeeCount: ['employeeCount'],
    potential: ['potential', 'shareOfWallet'],
  },
  activity: { confidential: [] },
} as const satisfies Record<string, Record<string, readonly string[]>>;
export type FieldRecordType = keyof typeof sensitiveFields;
export const fieldRecordTypes = Object.keys(sensitiveFields) as FieldRecordType[];

/** Phone labels that mark a private number (German and English, as people type them). */
export const privatePhoneLabel = /^\s*(privat|private|home|zuhause|zu hause|daheim)\b/i;

export const accessRule = z
  .object({
    role: z.enum(restrictableRoles),
    recordType: z.enum(accessRecordTypes),
    read: z
      .enum(scopes)
      .describe('Which records the role sees: all, its teams’ (owner in one of its teams) or its own'),
    write: z.enum(scopes).describe('Which of them it may change, trash and restore; never more than it sees'),
  })
  .strict();

export const fieldRule = z
  .object({
    role: z.enum(restrictableRoles),
    recordType: z.enum(fieldRecordTypes as [FieldRecordType, ...FieldRecordType[]]),
    field: z.string().min(1).max(100),
    access: z.enum(['hidden', 'read']).describe('hidden: absent from every answer; read: shown, not changed'),
  })
  .strict();

export const accessRules = z
  .object({
    rules: z.array(accessRule).max(200).describe('Only the rules that differ from `all` need to be sent'),
    fields: z.array(fieldRule).max(200),
  })
  .strict()
  .meta({ id: 'AccessRules' });

export type AccessRule = z.infer<typeof accessRule>;
export type FieldRule = z.infer<typeof fieldRule>;
export type AccessRules = z.infer<typeof accessRules>;

/**
 * The caller's own scopes, as the database applies them, and their team mates: what the web
 * app offers as owner (an owner outside the write scope is refused, 403 `outside_scope`).
 */
export const myAccess = z
  .object({
    scopes: z.array(
      z.object({
        recordType: z.enum(accessRecordTypes),
        read: z.enum([...scopes, 'none']),
        write: z.enum([...scopes, 'none']),
      }),
    ),
    teamUserIds: z
      .array(z.string())
      .describe('The caller and everyone sharing a team with them (partners: their partner organisations)'),
  })
  .meta({ id: 'MyAccess' });
export type MyAccess = z.infer<typeof myAccess>;
