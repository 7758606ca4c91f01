// GDPR (issue 25) as the API shows and takes it: consents and legal bases per contact (an
// append-only history, the current state per purpose derived from it), the purposes a workspace
// records them for, the restriction of processing (Art. 18), and the access export (Art. 15/20).
import { z } from 'zod';
import { id, timestamp } from './common.ts';

export const consentChannels = ['email', 'phone', 'post', 'sms', 'messenger', 'in_person', 'any'] as const;
/** Art. 6(1) GDPR: a consent, b contract, c legal obligation, d vital interests, e public task, f legitimate interests. */
export const legalBases = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export const consentStatuses = ['granted', 'withdrawn'] as const;
/** How a consent (or its withdrawal) reached the company. */
export const consentMethods = ['form', 'email', 'phone', 'paper', 'in_person', 'import', 'api', 'other'] as const;

export type ConsentChannel = (typeof consentChannels)[number];
export type LegalBasis = (typeof legalBases)[number];

/**
 * The purposes every workspace has; the web app names them in German and English
 * (privacy.purpose.<key>), and a workspace adds its own with a label.
 */
export const builtInPurposes = [
  { key: 'newsletter', channel: 'email', legalBasis: 'a' },
  { key: 'email_marketing', channel: 'email', legalBasis: 'a' },
  { key: 'phone_marketing', channel: 'phone', legalBasis: 'a' },
  { key: 'sms_marketing', channel: 'sms', legalBasis: 'a' },
  { key: 'postal_marketing', channel: 'post', legalBasis: 'f' },
  { key: 'contract', channel: 'any', legalBasis: 'b' },
] as const satisfies ReadonlyArray<{ key: string; channel: ConsentChannel; legalBasis: LegalBasis }>;

export const purposeKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, { message: 'must be 2–40 lower-case letters, digits or _, starting with a letter' });

export const consentPurpose = z
  .object({
    key: z.string(),
    label: z.string().nullable().describe('The name a workspace gave its own purpose; null for a built-in one'),
    description: z.string().nullable(),
    builtIn: z.boolean(),
    channel: z.enum(consentChannels).describe('The channel a consent for it is usually given for'),
    legalBasis: z.enum(legalBases).describe('The usual legal basis (Art. 6(1) letter)'),
  })
  .meta({ id: 'ConsentPurpose' });

export const consentPurposeCreate = z
  .object({
    key: purposeKey,
    label: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).optional(),
    channel: z.enum(consentChannels).default('any'),
    legalBasis: z.enum(legalBases).default('a'),
  })
  .strict()
  .meta({ id: 'ConsentPurposeCreate' });

export const consentEntry = z
  .object({
    id,
    contactId: id.describe('The contact it was recorded for (a contact merged into this one keeps its own id)'),
    purpose: z.string(),
    channel: z.enum(consentChannels),
    legalBasis: z.enum(legalBases),
    status: z.enum(consentStatuses),
    effectiveAt: z.string().describe('From when it holds: when the person consented or withdrew'),
    method: z.enum(consentMethods),
    wording: z.string().nullable().describe('The text the person agreed to'),
    source: z.string().nullable().describe('Where: the form, campaign, letter or call'),
    ipAddress: z.string().nullable().describe('The IP address the form was sent from, where it applies'),
    note: z.string().nullable(),
    importId: z.string().nullable().describe('The import that brought it in'),
    recordedBy: z.string().nullable().describe('The user who recorded it (null: an import or the system)'),
    recordedByName: z.string().nullable(),
    recordedAt: z.string().describe('When Farley recorded it (set by the database)'),
  })
  .meta({ id: 'Consent', description: 'One entry of the append-only consent history' });

export const consentState = z
  .object({
    purpose: z.string(),
    status: z.enum(consentStatuses),
    legalBasis: z.enum(legalBases),
    channel: z.enum(consentChannels),
    since: z.string().describe('effectiveAt of the entry that decides'),
    consentId: id.describe('The entry that decides: the latest by effectiveAt, then by recordedAt'),
  })
  .meta({ id: 'ConsentState', description: 'The current state of one purpose, derived from the history' });

export const consentCreate = z
  .object({
    purpose: purposeKey.describe('A built-in purpose or one of the workspace (GET /consent-purposes)'),
    status: z.enum(consentStatuses).default('granted'),
    channel: z.enum(consentChannels).optional().describe("Default: the purpose's channel"),
    legalBasis: z.enum(legalBases).optional().describe("Default: the purpose's legal basis"),
    effectiveAt: timestamp.optional().describe('Default: now; not in the future'),
    method: z.enum(consentMethods),
    wording: z.string().trim().max(20000).optional(),
    source: z.string().trim().max(1000).optional(),
    ipAddress: z.union([z.ipv4(), z.ipv6()]).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .meta({ id: 'ConsentCreate' });

export const contactConsents = z
  .object({
    current: z.array(consentState).describe('Per purpose with any entry, its latest'),
    history: z.array(consentEntry).describe('Every entry, newest first'),
  })
  .meta({ id: 'ContactConsents' });

export const restriction = z
  .object({
    reason: z.string(),
    restrictedAt: z.string(),
    restrictedBy: z.string(),
  })
  .meta({ id: 'Restriction', description: 'Art. 18 restriction of processing: no marketing, no edits' });

export const restrictionSet = z
  .object({ reason: z.string().trim().min(1, { message: 'must not be empty' }).max(2000) })
  .strict()
  .meta({ id: 'RestrictionSet' });

export const privacyExportQuery = z
  .object({ language: z.enum(['de', 'en']).default('de').describe('The language of summary.html') })
  .strict();

export type ConsentPurpose = z.infer<typeof consentPurpose>;
export type ConsentPurposeCreate = z.infer<typeof consentPurposeCreate>;
export type ConsentEntry = z.infer<typeof consentEntry>;
export type ConsentState = z.infer<typeof consentState>;
export type ConsentCreate = z.infer<typeof consentCreate>;
export type ContactConsents = z.infer<typeof contactConsents>;
export type Restriction = z.infer<typeof restriction>;
