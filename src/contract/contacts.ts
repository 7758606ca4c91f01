// The contact (a person) as the API shows and accepts it.
import { z } from 'zod';
import { fieldWarning } from './problems.ts';
import { qualityFields } from './quality.ts';
import { analyticsFields } from './analytics.ts';
import { consentState, restriction } from './consents.ts';
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
    lastName: text(100)
      .nullable()
      // Stored as '' when there is none: lists sort and index the column as it always was.
      .transform((value) => value ?? '')
      .describe(
        'Not required, but a contact needs at least a first or last name, an email, a phone, an address with a street, a customer number or an external id (else 422 at lastName); blank or null stores none, read as ""',
      ),
    ...reachability,
    birthday: birthday.nullable(),
    jobTitle: text(200).nullable(),
    lifecycleStage: z.enum(lifecycleStages),
    source: text(100).nullable().describe('Where the contact came from, e.g. trade fair, website'),
    tags,
    ownerId: id.nullable(),
    priceListId: id
      .nullable()
      .describe("The contact's own price list; null: its company's list applies, else the workspace's default"),
  })
  .strict();

export const contactCreate = contactInput.partial().meta({ id: 'ContactCreate' });
export const contactPatch = contactInput.partial().meta({ id: 'ContactPatch' });

/** What a contact is checked for being someone: the fields that tell who it is or how to reach them. */
export interface ContactIdentity {
  firstName?: string | null;
  lastName?: string | null;
  emails?: ReadonlyArray<{ email?: string | null }> | null;
  phones?: ReadonlyArray<{ number?: string | null }> | null;
  addresses?: ReadonlyArray<{ street?: string | null }> | null;
  customerNumber?: string | null;
  externalId?: string | null;
}

const filled = (value: string | null | undefined) => typeof value === 'string' && value.trim() !== '';

/**
 * Whether a contact is someone: it has a first or last name, an email, a phone, a street
 * address (a letter reaches them), a customer number or an external id (a record of another
 * system). A salutation, a birthday, tags or a city alone are no one; a company affiliation
 * does not count either, as it lives beside the contact and can be removed on its own.
 */
export function contactIdentified(contact: ContactIdentity): boolean {
  return (
    filled(contact.firstName) ||
    filled(contact.lastName) ||
    (contact.emails ?? []).some((entry) => filled(entry.email)) ||
    (contact.phones ?? []).some((entry) => filled(entry.number)) ||
    (contact.addresses ?? []).some((entry) => filled(entry.street)) ||
    filled(contact.customerNumber) ||
    filled(contact.externalId)
  );
}

/** The field a contact that is no one is refused at, and the words (the web app translates by code). */
export const contactUnidentified = {
  path: 'lastName',
  code: 'required',
  message:
    'a contact needs at least a first or last name, an email, a phone, a street address, a customer number or an external id',
} as const;

/** A create or whole edit body checked for being someone (the web form's check before sending). */
export function identifiedContact<T extends z.ZodType<ContactIdentity>>(schema: T) {
  return schema.refine(contactIdentified, { path: [contactUnidentified.path], message: contactUnidentified.message });
}

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
    lastName: z.string().describe('"" when the contact has none'),
    emails: z.array(emailEntry),
    phones: z.array(phoneOut),
    addresses: z.array(addressEntry),
    birthday: z.string().nullable(),
    jobTitle: z.string().nullable(),
    lifecycleStage: z.enum(lifecycleStages),
    source: z.string().nullable(),
    tags: z.array(z.string()),
    ownerId: z.string().nullable(),
    priceListId: z.string().nullable(),
    ...qualityFields,
    ...analyticsFields,
    warnings: z
      .array(fieldWarning)
      .optional()
      .describe('Only in the answer to a write: values that were stored but look wrong'),
    lastActivityAt: z.string().nullable().describe('Read-only: when the latest activity with this contact happened'),
    companies: z
      .array(contactCompany)
      .describe(
        'Read-only: the companies the contact belongs to (edit via /contacts/{id}/affiliations), primary first',
      ),
    restriction: restriction
      .nullable()
      .describe('Read-only: the Art. 18 restriction of processing (set and lifted via /contacts/{id}/restriction)'),
    consents: z
      .array(consentState)
      .optional()
      .describe('Read-only, only when one contact is read: the current consent state per purpose'),
  })
  .meta({ id: 'Contact' });

export type ContactCreate = z.infer<typeof contactCreate>;
export type ContactPatch = z.infer<typeof contactPatch>;
export type Contact = z.infer<typeof contact>;
export type ContactCompany = z.infer<typeof contactCompany>;
