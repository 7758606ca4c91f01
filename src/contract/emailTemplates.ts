// Email templates as the API accepts and shows them: a workspace's templates (for everyone,
// kept by managers and admins) and each user's own, with placeholders such as
// {{contact.salutation}} that a preview or an email fills in from a contact, company and deal.
import { z } from 'zod';
import { id, requiredText } from './common.ts';

export const emailTemplateLanguages = ['de', 'en'] as const;
export type EmailTemplateLanguage = (typeof emailTemplateLanguages)[number];

export const emailTemplateScopes = ['personal', 'workspace'] as const;
export type EmailTemplateScope = (typeof emailTemplateScopes)[number];

export const formalities = ['formal', 'informal'] as const;

/** Every placeholder a template may use, by the record it is filled from. */
export const emailPlaceholders = [
  'contact.salutation',
  'contact.firstName',
  'contact.lastName',
  'company.name',
  'deal.title',
  'deal.value',
  'user.name',
  'user.email',
  'date.today',
] as const;
export type EmailPlaceholder = (typeof emailPlaceholders)[number];

export function isEmailPlaceholder(name: string): name is EmailPlaceholder {
  return (emailPlaceholders as readonly string[]).includes(name);
}

/** How a placeholder is written into a template. */
export const placeholderText = (name: EmailPlaceholder) => `{{${name}}}`;

/**
 * A placeholder in a subject or body: `{{` and `}}` around a name, spaces allowed inside. Its
 * group is what stands between the braces (in a body possibly with formatting tags in it).
 */
export const placeholderPattern = /\{\{([^{}]{0,200}?)\}\}/g;

/** What a placeholder's braces hold, as a name: formatting tags and spaces taken out. */
export const placeholderName = (inner: string) => inner.replace(/<[^>]*>/g, '').trim();

/** The names between braces in `texts` that are no placeholder, each once, in order. */
export function unknownPlaceholders(...texts: string[]): string[] {
  const unknown = texts.flatMap((text) =>
    [...text.matchAll(placeholderPattern)]
      .map((match) => placeholderName(match[1]!))
      .filter((name) => !isEmailPlaceholder(name)),
  );
  return [...new Set(unknown)];
}

/** The placeholders `texts` use, each once, in the order of the catalogue. */
export function usedPlaceholders(...texts: string[]): EmailPlaceholder[] {
  const names = new Set(
    texts.flatMap((text) => [...text.matchAll(placeholderPattern)].map((match) => placeholderName(match[1]!))),
  );
  return emailPlaceholders.filter((name) => names.has(name));
}

/** The longest body taken, in characters of HTML. */
export const maxBodyLength = 100_000;

const fields = {
  name: requiredText(100).describe('What the template is called in the list ("Angebot nachfassen")'),
  language: z
    .enum(emailTemplateLanguages)
    .describe('The language of the email: the salutation, dates and amounts are written in it'),
  formality: z
    .enum(formalities)
    .describe('formal: "Sehr geehrte Frau Dr. Schmidt," / "Dear Dr Schmidt,"; informal: "Hallo Anna," / "Hi Anna,"'),
  scope: z
    .enum(emailTemplateScopes)
    .describe("personal: the caller's own (only they see it); workspace: everyone's (managers and admins keep them)"),
  subject: requiredText(300).describe('Plain text with placeholders'),
  body: z
    .string()
    .max(maxBodyLength, { message: `at most ${maxBodyLength} characters` })
    .describe(
      'HTML with placeholders, as a rich-text editor writes it; sanitised when saved (paragraphs, line breaks, ' +
        'bold, italic, underline, strike, lists, headings, quotes, links; no scripts, styles or images)',
    ),
};

export const emailTemplateCreate = z
  .object({
    name: fields.name,
    language: fields.language.default('de'),
    formality: fields.formality.default('formal'),
    scope: fields.scope.default('personal'),
    subject: fields.subject,
    body: fields.body,
  })
  .strict()
  .meta({
    id: 'EmailTemplateCreate',
    description: 'A placeholder the catalogue does not know is 422 unknown_placeholder',
  });

export const emailTemplatePatch = z.object(fields).partial().strict().meta({ id: 'EmailTemplatePatch' });

export const emailTemplateListQuery = z.object({
  language: z.enum(emailTemplateLanguages).optional().describe('Only the templates in this language'),
});

export const emailTemplate = z
  .object({
    id,
    name: z.string(),
    language: z.enum(emailTemplateLanguages),
    formality: z.enum(formalities),
    scope: z.enum(emailTemplateScopes),
    ownerId: z.string().nullable().describe('The user whose template it is; null for a workspace template'),
    subject: z.string(),
    body: z.string().describe('Sanitised HTML'),
    placeholders: z.array(z.enum(emailPlaceholders)).describe('The placeholders it uses'),
    editable: z.boolean().describe('Whether the caller may change and delete it'),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'EmailTemplate' });

export const emailTemplateList = z.object({ data: z.array(emailTemplate) }).meta({ id: 'EmailTemplateList' });

const records = {
  contactId: id.optional().describe("The contact written to; default: the deal's contact"),
  companyId: id.optional().describe("The company; default: the deal's company, else the contact's primary company"),
  dealId: id.optional(),
};

export const emailPreviewRecords = z
  .object(records)
  .strict()
  .meta({ id: 'EmailPreviewRecords', description: 'The records the placeholders are filled from' });

export const emailDraftPreview = z
  .object({
    language: fields.language.default('de'),
    formality: fields.formality.default('formal'),
    subject: z.string().max(300, { message: 'at most 300 characters' }),
    body: fields.body,
    ...records,
  })
  .strict()
  .meta({ id: 'EmailDraftPreview', description: 'An unsaved template and the records to fill it from' });

export const renderedEmail = z
  .object({
    subject: z.string().describe('Plain text, on one line'),
    html: z.string().describe('The body, sanitised, every value HTML-escaped'),
    text: z.string().describe('The body as plain text'),
    missing: z
      .array(z.enum(emailPlaceholders))
      .describe(
        'Placeholders used that had nothing to fill in (no such record given, or its field empty): written as ' +
          'nothing, except contact.salutation, which greets "Sehr geehrte Damen und Herren," / "Dear Sir or Madam,"',
      ),
    unknown: z
      .array(z.string())
      .describe('Names between braces that are no placeholder (only an unsaved template has any)'),
  })
  .meta({ id: 'RenderedEmail' });

export type EmailTemplate = z.infer<typeof emailTemplate>;
export type EmailTemplateCreate = z.infer<typeof emailTemplateCreate>;
export type EmailTemplatePatch = z.infer<typeof emailTemplatePatch>;
export type EmailPreviewRecords = z.infer<typeof emailPreviewRecords>;
export type EmailDraftPreview = z.infer<typeof emailDraftPreview>;
export type RenderedEmail = z.infer<typeof renderedEmail>;
export type Formality = (typeof formalities)[number];
