// Email templates' entry points for other modules: a template filled in for an email (the
// sending of email calls renderTemplate in its tenant transaction) and the letter salutation.
export {
  type EmailRecords,
  fillTemplate,
  longDate,
  moneyText,
  type PlaceholderValues,
  placeholderValues,
  renderTemplate,
  type TemplateSource,
} from './emailTemplates.render.ts';
export { escapeHtml, htmlToText, sanitizeBody } from './emailTemplates.html.ts';
export {
  type Addressee,
  type Formality,
  type LetterLanguage,
  letterSalutation,
  type SalutationOptions,
} from './salutation.ts';
