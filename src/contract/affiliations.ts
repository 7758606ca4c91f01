// Affiliations: a contact's membership in a company, with job title and buying-centre role;
// and a company's people as listed through them.
import { z } from 'zod';
import { emailEntry, id, phoneOut, text } from './common.ts';

export const buyingRoles = ['decision_maker', 'influencer', 'user', 'gatekeeper', 'buyer', 'champion'] as const;

export const affiliationParams = z.object({ id, affiliationId: id }).strict();

const affiliationFields = {
  jobTitle: text(200).nullable(),
  buyingRole: z.enum(buyingRoles).nullable(),
  isPrimary: z
    .boolean()
    .describe("The contact's main company; setting it clears it on the contact's other affiliations"),
};

export const affiliationCreate = z
  .object({ companyId: id, ...affiliationFields })
  .partial()
  .required({ companyId: true })
  .strict()
  .describe('The first affiliation of a contact becomes primary unless isPrimary is false')
  .meta({ id: 'AffiliationCreate' });

export const affiliationPatch = z.object(affiliationFields).partial().strict().meta({ id: 'AffiliationPatch' });

export const affiliation = z
  .object({
    id,
    version: z.number().int(),
    contactId: id,
    companyId: id,
    companyName: z.string(),
    jobTitle: z.string().nullable(),
    buyingRole: z.enum(buyingRoles).nullable(),
    isPrimary: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Affiliation' });

/** One person of a company: the contact with their affiliation to that company. */
export const companyPerson = z
  .object({
    id,
    salutation: z.string().nullable(),
    title: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string(),
    emails: z.array(emailEntry),
    phones: z.array(phoneOut),
    lifecycleStage: z.string(),
    ownerId: z.string().nullable(),
    lastActivityAt: z.string().nullable(),
    affiliation: z.object({
      id,
      jobTitle: z.string().nullable(),
      buyingRole: z.enum(buyingRoles).nullable(),
      isPrimary: z.boolean(),
    }),
  })
  .meta({ id: 'CompanyPerson' });

export type AffiliationCreate = z.infer<typeof affiliationCreate>;
export type AffiliationPatch = z.infer<typeof affiliationPatch>;
export type Affiliation = z.infer<typeof affiliation>;
export type CompanyPerson = z.infer<typeof companyPerson>;
