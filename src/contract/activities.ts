// Activities (the contact history) as the API shows and accepts them, and the record links
// that activities and tasks share: which contacts, companies and deals an entry belongs to.
import { z } from 'zod';
import { id, recordMeta, multilineText, text, timestamp } from './common.ts';

export const activityTypes = [
  'note',
  'call',
  'email',
  'meeting',
  'letter',
  'fax',
  'chat',
  'social',
  'visit',
  'sms',
] as const;
export const directions = ['inbound', 'outbound', 'internal'] as const;
/**
 * The outcomes of a call as the web app records them: stable keys it translates. The field
 * stays free text, so API clients may store their own words (shown as written).
 */
export const callOutcomes = ['reached', 'not_reached', 'voicemail', 'busy', 'wrong_number'] as const;
export const linkTypes = ['contact', 'company', 'deal'] as const;
export type LinkType = (typeof linkTypes)[number];

const linkIds = z
  .array(id)
  .max(100, { message: 'at most 100 links of one kind' })
  .transform((list) => [...new Set(list.map((value) => value.toLowerCase()))]);

/** Accepted on create; on update each given list replaces that kind of link. */
export const linkInput = {
  contactIds: linkIds,
  companyIds: linkIds,
  dealIds: linkIds,
};

/** A linked record named, so that a client can show it without fetching it. */
export const linkedRecord = z
  .object({
    type: z.enum(linkTypes),
    id: z.string(),
    name: z.string().describe("A contact's salutation, title, first and last name; a company's name; a deal's title"),
    trashed: z
      .boolean()
      .describe('The record is in the trash (the link stays; it is shown without a link to the record)'),
  })
  .meta({ id: 'LinkedRecord' });

export const linkOutput = {
  contactIds: z.array(z.string()),
  companyIds: z.array(z.string()),
  dealIds: z.array(z.string()),
  linked: z.array(linkedRecord).describe('The linked records with their names: contacts, then companies, then deals'),
};

/** POST /{activities|tasks}/{id}/links */
export const linkCreate = z
  .object({
    type: z.enum(linkTypes),
    id,
  })
  .strict()
  .meta({ id: 'LinkCreate' });

/** DELETE /{activities|tasks}/{id}/links/{type}/{recordId} */
export const linkParams = z.object({ id, type: z.enum(linkTypes), recordId: id }).strict();

export const activityInput = z
  .object({
    type: z.enum(activityTypes),
    direction: z.enum(directions),
    subject: text(300).nullable(),
    body: multilineText(100_000).nullable(),
    occurredAt: timestamp,
    durationMinutes: z.number().int().min(0).max(100_000).nullable(),
    outcome: text(200)
      .nullable()
      .describe(`Free text; the web app records calls as one of ${callOutcomes.join(', ')} and translates those`),
    authorId: id.nullable(),
    confidential: z
      .boolean()
      .describe(
        'A confidential note: absent from every answer for roles whose field rule activity.confidential is hidden, not changeable for those with read (403 field_read_only). Not for the entries of emails and appointments (422)',
      ),
    ...linkInput,
  })
  .strict();

export const activityCreate = activityInput.partial().required({ type: true }).meta({ id: 'ActivityCreate' });
export const activityPatch = activityInput.partial().meta({ id: 'ActivityPatch' });

export const activity = z
  .object({
    ...recordMeta,
    type: z.enum(activityTypes),
    direction: z.enum(directions),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    occurredAt: z.string(),
    durationMinutes: z.number().nullable(),
    outcome: z.string().nullable(),
    authorId: z.string().nullable(),
    emailId: z
      .string()
      .nullable()
      .describe('The email this activity stands for (GET /emails/{id}); null for one logged by hand'),
    appointmentId: z
      .string()
      .nullable()
      .describe('The appointment this meeting stands for (GET /appointments/{id}); null for one logged by hand'),
    confidential: z
      .boolean()
      .describe('Marked confidential: only roles without a hidden rule for activity.confidential ever see it'),
    ...linkOutput,
  })
  .meta({ id: 'Activity' });

export type ActivityCreate = z.infer<typeof activityCreate>;
export type ActivityPatch = z.infer<typeof activityPatch>;
export type Activity = z.infer<typeof activity>;
export type LinkCreate = z.infer<typeof linkCreate>;
export type LinkedRecord = z.infer<typeof linkedRecord>;
