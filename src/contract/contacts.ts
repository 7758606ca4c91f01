// The contact (a person) as the API shows and accepts it.
import { z } from 'zod';
import {
  addressEntry,
  emailEntry,
  id,
  isoDate,
  phoneOut,
  reachability,
  recordKeys,
  recordKeysOut,
  recordMeta,
  requiredText,
  tags,
  text,
} from './common.ts';
import { buyingRoles } from './affiliations.ts';

export const lifecycleStages = ['lead', 'prospect', 'customer', 'former', 'other'] as const;

/** Today's date where the day starts last (UTC−12 … UTC+14): a birthday "today" anywhere is accepted. */
function latestToday(): string {
  return new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);
}

export const birthday = isoDate
  .refine((value) => value <= latestToday(), { message: 'a birthday cannot be in the future' })
  .refine((value) => value >= '1900-01-01', { message: 'a birthday before 1900 is not plausible' });

export const contactInput = z
  .object({
    ...recordKeys,
    salutation: text(50).nullable().describe('Herr, Frau, Divers or any form of address'),
    title: text(50).nullable().describe('Academic title like Dr. or Prof.'),
    firstName: text(100).nullable(),
    lastName: requiredText(100),
    ...reachability,
    birthday: birthday.nullable(),
    jobTitle: text(200).nullable(),
    lifecycleStage: z.enum(lifecycleStages),
    source: text(100).nullable().describe('Where the contact came from, e.g. trade fair, website'),
    tags,
    ownerId: id.nullable(),
  })
  .strict();

export const contactCreate = contactInput.partial().required({ lastName: true }).meta({ id: 'ContactCreate' });
export const contactPatch = contactInput.partial().meta({ id: 'ContactPatch' });

/** A company the contact belongs to, as shown on the contact. */
export const contactCompany = z
  .object({
    affiliationId: id,
    companyId: id,
    name: z.string(),
    city: z
      .string()
      .nullable()
      .describe("The city of the company's primary address: lists show it for a contact without an address"),
    jobTitle: z.string().nullable(),
    buyingRole: z.enum(buyingRoles).nullable(),
    isPrimary: z.boolean(),
  })
  .meta({ id: 'ContactCompany' });

export const contact = z
  .object({
    ...recordMeta,
    salutation: z.string().nullable(),
    ...recordKeysOut,
    title: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string(),
    emails: z.array(emailEntry),
    phones: z.array(phoneOut),
    addresses: z.array(addressEntry),
    birthday: z.string().nullable(),
    jobTitle: z.string().nullable(),
    lifecycleStage: z.enum(lifecycleStages),
    source: z.string().nullable(),
    tags: z.array(z.string()),
    ownerId: z.string().nullable(),
    lastActivityAt: z.string().nullable().describe('Read-only: when the latest activity with this contact happened'),
    companies: z
      .array(contactCompany)
      .describe(
        'Read-only: the companies the contact belongs to (edit via /contacts/{id}/affiliations), primary first',
      ),
  })
  .meta({ id: 'Contact' });

export type ContactCreate = z.infer<typeof contactCreate>;
export type ContactPatch = z.infer<typeof contactPatch>;
export type Contact = z.infer<typeof contact>;
export type ContactCompany = z.infer<typeof contactCompany>;
