// Filling a template's placeholders from a contact, company and deal, the sending user and
// today's date: the subject as plain text, the body as sanitised HTML with every value
// escaped, and as plain text. The preview and the sending of email both come here.
import {
  type EmailPlaceholder,
  emailPlaceholders,
  type Formality,
  isEmailPlaceholder,
  placeholderName,
  placeholderPattern,
  type RenderedEmail,
} from '../../../contract/emailTemplates.ts';
import type { Db } from '../../platform/db/database.ts';
import { findLive } from '../../platform/db/records.ts';
import { AppError, notFound, referenced } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { companiesOfContacts, requireContact } from '../contacts/contacts.service.ts';
import { requireCompany } from '../companies/companies.service.ts';
import { workspaceTimeZone } from '../numbering/index.ts';
import { escapeHtml, htmlToText, sanitizeBody } from './emailTemplates.html.ts';
import { findVisibleTemplate } from './emailTemplates.repository.ts';
import { letterSalutation } from './salutation.ts';

/** A template to fill: a saved one's fields, or an unsaved one's (the editor's preview). */
export interface TemplateSource {
  language: 'de' | 'en';
  formality?: Formality;
  subject: string;
  body: string;
}

/** The records an email is about; each may be left out. */
export interface EmailRecords {
  /** Default: the deal's contact. */
  contactId?: string | null;
  /** Default: the deal's company, else the contact's primary company. */
  companyId?: string | null;
  dealId?: string | null;
}

/** What each placeholder is filled with; one left out had nothing to fill in. */
export type PlaceholderValues = Partial<Record<EmailPlaceholder, string>>;

/** English dates are written month first ("December 5, 2026"), amounts as "€12,500.00". */
const locales = { de: 'de-DE', en: 'en-US' } as const;

/** Today in the workspace's time zone, as a letter dates it: "5. Dezember 2026", "December 5, 2026". */
export function longDate(language: 'de' | 'en', at = new Date()): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'long', timeZone: workspaceTimeZone }).format(at);
}

/** An amount in its currency, in the letter's language: "12.500,00 €", "€12,500.00". */
export function moneyText(language: 'de' | 'en', amount: string, currency: string): string {
  // Intl reads a decimal string exactly; the lib types only say number.
  return new Intl.NumberFormat(locales[language], { style: 'currency', currency }).format(amount as unknown as number);
}

const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();

/**
 * The template with `values` filled in. A placeholder without a value is written as nothing
 * and listed in `missing`, except the salutation, which then greets whoever reads it. Names
 * between braces that are no placeholder stay as they are and are listed in `unknown`.
 */
export function fillTemplate(template: TemplateSource, values: PlaceholderValues): RenderedEmail {
  const missing = new Set<EmailPlaceholder>();
  const unknown = new Set<string>();
  const fallback: PlaceholderValues = {
    'contact.salutation': letterSalutation({}, { language: template.language, formality: template.formality }),
  };
  const filledIn = (name: EmailPlaceholder) => {
    const value = values[name];
    if (value !== undefined && value !== '') return value;
    missing.add(name);
    return fallback[name] ?? '';
  };
  const fill = (text: string, write: (value: string) => string) =>
    text.replace(placeholderPattern, (whole, inner: string) => {
      const name = placeholderName(inner);
      if (isEmailPlaceholder(name)) return write(filledIn(name));
      unknown.add(name);
      return whole;
    });
  const subject = oneLine(fill(template.subject, oneLine));
  const body = sanitizeBody(template.body);
  // Sanitised again once filled: a placeholder in a link's address must not make it a script's.
  const html = sanitizeBody(fill(body, escapeHtml));
  const text = fill(htmlToText(body), (value) => value);
  return {
    subject,
    html,
    text,
    missing: emailPlaceholders.filter((name) => missing.has(name)),
    unknown: [...unknown],
  };
}

/** A record a deal points at; one in the trash is as none. */
async function ifLive<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError && error.kind === 'not_found') return null;
    throw error;
  }
}

/** The values of every placeholder from the records, the caller and today. */
export async function placeholderValues(
  tx: Db,
  actor: Actor,
  template: Pick<TemplateSource, 'language' | 'formality'>,
  records: EmailRecords,
): Promise<PlaceholderValues> {
  const { language } = template;
  const deal = records.dealId ? await referenced('dealId', () => findLive(tx, 'deals', records.dealId!, 'deal')) : null;
  const contact = records.contactId
    ? await referenced('contactId', () => requireContact(tx, records.contactId!))
    : deal?.contact_id
      ? await ifLive(() => requireContact(tx, deal.contact_id!))
      : null;
  let companyName: string | null = null;
  if (records.companyId)
    companyName = (await referenced('companyId', () => requireCompany(tx, records.companyId!))).name;
  else if (deal?.company_id) companyName = (await ifLive(() => requireCompany(tx, deal.company_id!)))?.name ?? null;
  else if (contact) companyName = (await companiesOfContacts(tx, [contact.id])).get(contact.id)?.[0]?.name ?? null;
  const user = await findLive(tx, 'users', actor.userId, 'user');
  const values: PlaceholderValues = {
    'user.name': user.name,
    'user.email': user.email,
    'date.today': longDate(language),
  };
  if (contact) {
    values['contact.salutation'] = letterSalutation(
      {
        salutation: contact.salutation,
        title: contact.title,
        firstName: contact.first_name,
        lastName: contact.last_name,
      },
      { language, formality: template.formality },
    );
    values['contact.firstName'] = oneLine(contact.first_name ?? '');
    values['contact.lastName'] = oneLine(contact.last_name);
  }
  if (companyName) values['company.name'] = companyName;
  if (deal) {
    values['deal.title'] = deal.title;
    if (deal.amount !== null) values['deal.value'] = moneyText(language, String(deal.amount), deal.currency);
  }
  return values;
}

/**
 * A template filled in for an email about `records`, written by `actor`: a saved template by
 * its id (one the actor sees: the workspace's or their own, else 404), or an unsaved one.
 * Records named that are not there are 422 `missing_reference` at their field.
 */
export async function renderTemplate(
  tx: Db,
  actor: Actor,
  templateOrId: string | TemplateSource,
  records: EmailRecords = {},
): Promise<RenderedEmail> {
  let template: TemplateSource;
  if (typeof templateOrId === 'string') {
    const row = await findVisibleTemplate(tx, templateOrId, actor.userId);
    if (!row) throw notFound('email template');
    template = row;
  } else template = templateOrId;
  return fillTemplate(template, await placeholderValues(tx, actor, template, records));
}
