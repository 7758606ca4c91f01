// The columns of a CSV or Excel export per list: headed by the labels Farley shows (German or
// English), so that the importer's mapping guess maps them back to the same fields, and read
// from the records as the API shows them (what the list's pages return).
import type { Activity } from '../../../contract/activities.ts';
import type { Company } from '../../../contract/companies.ts';
import type { Contact } from '../../../contract/contacts.ts';
import type { Deal } from '../../../contract/deals.ts';
import type { Task } from '../../../contract/tasks.ts';

export type ExportLanguage = 'de' | 'en';

/** How a value is written: text as is, numbers and dates typed (Excel), money as a decimal. */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'date' | 'timestamp' | 'boolean';

export type Cell = string | number | boolean | null;

/** What the records refer to by id, in words: users by email, stages and pipelines by name. */
export interface Lookups {
  userEmail(id: string | null | undefined): string | null;
  stage(id: string | null | undefined): { name: string; pipeline: string } | null;
  /** The language of the headers, for values written in words (a product's unit). */
  language?: ExportLanguage;
}

export interface ExportColumn<R> {
  /** The import field key (formats/fields.ts) the column maps back to. */
  key: string;
  label: Record<ExportLanguage, string>;
  kind: ColumnKind;
  /** The list's column names (columns=, saved views) that bring this column along. */
  lists: string[];
  /**
   * A field that the records carry only in some versions of the API (customer numbers): the
   * column is written when the first record has it.
   */
  optional?: string;
  value(record: R, lookups: Lookups): Cell;
}

type Entry = { primary?: boolean; label?: string | null };
type Email = Entry & { email: string };
type Phone = Entry & { number: string; e164: string | null };
type Address = Entry & {
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
};

/** Primary first, the rest in their order: the order the import gives them back. */
function primaryFirst<T extends Entry>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => Number(Boolean(b.primary)) - Number(Boolean(a.primary)));
}

/**
 * The n-th entry of a multi-valued field; the last column takes every further one, joined
 * with "; " (the importer splits email and phone cells at ";"), so that none is lost.
 */
function nth(values: string[], index: number, last: boolean): string | null {
  if (index >= values.length) return null;
  return last ? values.slice(index).join('; ') : values[index];
}

interface Reach {
  emails: string[];
  landline: string[];
  mobile: string[];
  fax: string[];
  address: Address;
}

const isMobile = (label: string | null | undefined) => /mobil|handy|cell/i.test(label ?? '');
const isFax = (label: string | null | undefined) => /fax/i.test(label ?? '');

// A record's emails, phones and address as the columns split them, worked out once per record
// rather than once per column.
const reachOf = new WeakMap<object, Reach>();

function reach(record: { emails: readonly Email[]; phones: readonly Phone[]; addresses: readonly Address[] }): Reach {
  let found = reachOf.get(record);
  if (!found) {
    const phones = primaryFirst(record.phones);
    found = {
      emails: primaryFirst(record.emails).map((e) => e.email),
      // Phones as the import's fields take them: landlines (phone, phone2), mobile, fax.
      landline: phones.filter((p) => !isMobile(p.label) && !isFax(p.label)).map((p) => p.number),
      mobile: phones.filter((p) => isMobile(p.label)).map((p) => p.number),
      fax: phones.filter((p) => isFax(p.label)).map((p) => p.number),
      address: primaryFirst(record.addresses)[0] ?? {},
    };
    reachOf.set(record, found);
  }
  return found;
}

/** Tags joined as the importer splits a multi field. */
const joinTags = (tags: readonly string[]) => (tags.length ? tags.join('; ') : null);

function reachColumns<R extends { emails: Email[]; phones: Phone[]; addresses: Address[] }>(): ExportColumn<R>[] {
  const address = (key: keyof Address & string, de: string, en: string, lists: string[]): ExportColumn<R> => ({
    key,
    label: { de, en },
    kind: 'text',
    lists,
    value: (r) => (reach(r).address[key] as string | null | undefined) ?? null,
  });
  return [
    {
      key: 'email',
      label: { de: 'E-Mail', en: 'Email' },
      kind: 'text',
      lists: ['email'],
      value: (r) => nth(reach(r).emails, 0, false),
    },
    {
      key: 'email2',
      label: { de: 'E-Mail 2', en: 'Email 2' },
      kind: 'text',
      lists: ['email'],
      value: (r) => nth(reach(r).emails, 1, false),
    },
    {
      key: 'email3',
      label: { de: 'E-Mail 3', en: 'Email 3' },
      kind: 'text',
      lists: ['email'],
      value: (r) => nth(reach(r).emails, 2, true),
    },
    {
      key: 'phone',
      label: { de: 'Telefon', en: 'Phone' },
      kind: 'text',
      lists: ['phone'],
      value: (r) => nth(reach(r).landline, 0, false),
    },
    {
      key: 'phone2',
      label: { de: 'Telefon 2', en: 'Phone 2' },
      kind: 'text',
      lists: ['phone'],
      value: (r) => nth(reach(r).landline, 1, true),
    },
    {
      key: 'mobile',
      label: { de: 'Mobil', en: 'Mobile' },
      kind: 'text',
      lists: ['phone'],
      value: (r) => nth(reach(r).mobile, 0, true),
    },
    {
      key: 'fax',
      label: { de: 'Fax', en: 'Fax' },
      kind: 'text',
      lists: ['phone'],
      value: (r) => nth(reach(r).fax, 0, true),
    },
    address('street', 'Straße', 'Street', ['city']),
    address('postalCode', 'PLZ', 'Postal code', ['postalCode', 'city']),
    address('city', 'Ort', 'City', ['city']),
    address('region', 'Region', 'Region', ['city']),
    address('country', 'Land', 'Country', ['city']),
  ];
}

function optionalText<R>(key: string, de: string, en: string): ExportColumn<R> {
  return {
    key,
    label: { de, en },
    kind: 'text',
    lists: [key],
    optional: key,
    value: (r) => {
      const value = (r as Record<string, unknown>)[key];
      return typeof value === 'string' ? value : null;
    },
  };
}

export function timestamps<
  R extends { createdAt: string; updatedAt: string; lastActivityAt?: string | null },
>(): ExportColumn<R>[] {
  return [
    {
      key: 'lastActivityAt',
      label: { de: 'Letzte Aktivität', en: 'Last activity' },
      kind: 'timestamp',
      lists: ['lastActivityAt'],
      optional: 'lastActivityAt',
      value: (r) => r.lastActivityAt ?? null,
    },
    {
      key: 'createdAt',
      label: { de: 'Angelegt', en: 'Created' },
      kind: 'timestamp',
      lists: ['createdAt'],
      value: (r) => r.createdAt,
    },
    {
      key: 'updatedAt',
      label: { de: 'Geändert', en: 'Updated' },
      kind: 'timestamp',
      lists: ['updatedAt'],
      value: (r) => r.updatedAt,
    },
  ];
}

const owner = <R extends { ownerId: string | null }>(): ExportColumn<R> => ({
  key: 'owner',
  label: { de: 'Zuständig', en: 'Owner' },
  kind: 'text',
  lists: ['ownerId'],
  value: (r, lookups) => lookups.userEmail(r.ownerId),
});

export const tagsColumn = <R extends { tags: string[] }>(): ExportColumn<R> => ({
  key: 'tags',
  label: { de: 'Schlagwörter', en: 'Tags' },
  kind: 'text',
  lists: ['tags'],
  value: (r) => joinTags(r.tags),
});

export const text = <R>(
  key: string,
  de: string,
  en: string,
  lists: string[],
  read: (r: R) => string | null,
): ExportColumn<R> => ({
  key,
  label: { de, en },
  kind: 'text',
  lists,
  value: read,
});

type Analysed = Pick<Contact, 'abcClass' | 'rfmSegment' | 'pAlive' | 'clv' | 'churnSignal' | 'windowRevenue'>;

/** The newest analytics run's results (read-only fields: an import leaves them alone). */
function analyticsColumns<R extends Analysed>(): ExportColumn<R>[] {
  const decimal = (key: keyof Analysed, de: string, en: string, read: (r: R) => string | null): ExportColumn<R> => ({
    key,
    label: { de, en },
    kind: 'decimal',
    lists: [key],
    value: read,
  });
  return [
    text('abcClass', 'ABC-Klasse', 'ABC class', ['abcClass'], (r) => r.abcClass),
    text('rfmSegment', 'RFM-Segment', 'RFM segment', ['rfmSegment'], (r) => r.rfmSegment),
    decimal('pAlive', 'Noch Kunde', 'Still a customer', (r) => (r.pAlive === null ? null : r.pAlive.toFixed(4))),
    decimal('clv', 'Kundenwert (CLV)', 'Lifetime value (CLV)', (r) => r.clv),
    decimal('windowRevenue', 'Umsatz im Zeitraum', 'Revenue in window', (r) => r.windowRevenue),
    text('churnSignal', 'Abwanderungssignal', 'Churn signal', ['churnSignal'], (r) => r.churnSignal),
  ];
}

export const contactColumns: ExportColumn<Contact>[] = [
  optionalText('customerNumber', 'Kundennummer', 'Customer number'),
  optionalText('externalId', 'Externe ID', 'External ID'),
  text('salutation', 'Anrede', 'Salutation', ['salutation', 'lastName'], (r) => r.salutation),
  text('title', 'Titel', 'Title', ['title', 'lastName'], (r) => r.title),
  text('firstName', 'Vorname', 'First name', ['firstName', 'lastName'], (r) => r.firstName),
  text('lastName', 'Nachname', 'Last name', ['lastName'], (r) => r.lastName),
  text('company', 'Firma', 'Company', ['companyId'], (r) => r.companies[0]?.name ?? null),
  text('jobTitle', 'Position', 'Job title', ['jobTitle'], (r) => r.jobTitle),
  ...reachColumns<Contact>(),
  {
    key: 'birthday',
    label: { de: 'Geburtstag', en: 'Birthday' },
    kind: 'date',
    lists: ['birthday'],
    value: (r) => r.birthday,
  },
  text('lifecycleStage', 'Lebenszyklusphase', 'Lifecycle stage', ['lifecycleStage'], (r) => r.lifecycleStage),
  text('source', 'Quelle', 'Source', ['source'], (r) => r.source),
  tagsColumn<Contact>(),
  owner<Contact>(),
  ...analyticsColumns<Contact>(),
  ...timestamps<Contact>(),
];

export const companyColumns: ExportColumn<Company>[] = [
  optionalText('customerNumber', 'Kundennummer', 'Customer number'),
  optionalText('externalId', 'Externe ID', 'External ID'),
  text('name', 'Name', 'Name', ['name'], (r) => r.name),
  text('legalForm', 'Rechtsform', 'Legal form', ['legalForm'], (r) => r.legalForm),
  text('industry', 'Branche', 'Industry', ['industry'], (r) => r.industry),
  {
    key: 'employeeCount',
    label: { de: 'Mitarbeitende', en: 'Employees' },
    kind: 'integer',
    lists: ['employeeCount'],
    value: (r) => r.employeeCount,
  },
  {
    key: 'annualRevenue',
    label: { de: 'Jahresumsatz', en: 'Annual revenue' },
    kind: 'decimal',
    lists: ['annualRevenue'],
    value: (r) => r.annualRevenue?.amount ?? null,
  },
  text('website', 'Website', 'Website', ['website'], (r) => r.website),
  text('vatId', 'USt-IdNr.', 'VAT ID', ['vatId'], (r) => r.vatId),
  text('description', 'Beschreibung', 'Description', ['description'], (r) => r.description),
  ...reachColumns<Company>(),
  tagsColumn<Company>(),
  owner<Company>(),
  ...analyticsColumns<Company>(),
  ...timestamps<Company>(),
];

export const dealColumns: ExportColumn<Deal>[] = [
  optionalText('externalId', 'Externe ID', 'External ID'),
  text('title', 'Titel', 'Title', ['title'], (r) => r.title),
  {
    key: 'value',
    label: { de: 'Betrag', en: 'Amount' },
    kind: 'decimal',
    lists: ['amount'],
    value: (r) => r.amount?.amount ?? null,
  },
  text('currency', 'Währung', 'Currency', ['amount', 'currency'], (r) => r.amount?.currency ?? null),
  {
    key: 'pipeline',
    label: { de: 'Pipeline', en: 'Pipeline' },
    kind: 'text',
    lists: ['stageId', 'pipelineId'],
    value: (r, lookups) => lookups.stage(r.stageId)?.pipeline ?? null,
  },
  {
    key: 'stage',
    label: { de: 'Phase', en: 'Stage' },
    kind: 'text',
    lists: ['stageId'],
    value: (r, lookups) => lookups.stage(r.stageId)?.name ?? null,
  },
  text('status', 'Status', 'Status', ['status'], (r) => r.status),
  {
    key: 'probability',
    label: { de: 'Wahrscheinlichkeit (%)', en: 'Probability (%)' },
    kind: 'integer',
    lists: ['probability'],
    value: (r) => r.probability,
  },
  {
    key: 'expectedCloseDate',
    label: { de: 'Erwarteter Abschluss', en: 'Expected close' },
    kind: 'date',
    lists: ['expectedCloseDate'],
    value: (r) => r.expectedCloseDate,
  },
  text('company', 'Firma', 'Company', ['companyId'], (r) => r.companyName),
  text('contact', 'Kontakt', 'Contact', ['contactId'], (r) => r.contactName),
  text('lostReason', 'Verlustgrund', 'Lost reason', ['lostReason'], (r) => r.lostReason),
  tagsColumn<Deal>(),
  owner<Deal>(),
  {
    key: 'closedAt',
    label: { de: 'Abgeschlossen', en: 'Closed' },
    kind: 'timestamp',
    lists: ['closedAt'],
    value: (r) => r.closedAt,
  },
  ...timestamps<Deal>(),
];

/** The linked records of an activity of one type, by name, joined as a multi field. */
const linkedNames = (r: Activity | Task, type: 'contact' | 'company' | 'deal') =>
  r.linked
    .filter((l) => l.type === type)
    .map((l) => l.name)
    .join('; ') || null;

export const activityColumns: ExportColumn<Activity>[] = [
  text('type', 'Typ', 'Type', ['type'], (r) => r.type),
  text('subject', 'Betreff', 'Subject', ['subject'], (r) => r.subject),
  text('body', 'Inhalt', 'Body', ['body'], (r) => r.body),
  {
    key: 'occurredAt',
    label: { de: 'Zeitpunkt', en: 'Occurred at' },
    kind: 'timestamp',
    lists: ['occurredAt'],
    value: (r) => r.occurredAt,
  },
  {
    key: 'durationMinutes',
    label: { de: 'Dauer (Minuten)', en: 'Duration (minutes)' },
    kind: 'integer',
    lists: ['durationMinutes'],
    value: (r) => r.durationMinutes,
  },
  text('direction', 'Richtung', 'Direction', ['direction'], (r) => r.direction),
  text('outcome', 'Ergebnis', 'Outcome', ['outcome'], (r) => r.outcome),
  text('contact', 'Kontakt', 'Contact', ['contactId'], (r) => linkedNames(r, 'contact')),
  text('company', 'Firma', 'Company', ['companyId'], (r) => linkedNames(r, 'company')),
  text('deal', 'Verkaufschance', 'Deal', ['dealId'], (r) => linkedNames(r, 'deal')),
  {
    key: 'owner',
    label: { de: 'Zuständig', en: 'Owner' },
    kind: 'text',
    lists: ['authorId'],
    value: (r, lookups) => lookups.userEmail(r.authorId),
  },
  ...timestamps<Activity>(),
];

const timestamp = <R>(key: string, de: string, en: string, read: (r: R) => string | null): ExportColumn<R> => ({
  key,
  label: { de, en },
  kind: 'timestamp',
  lists: [key],
  value: read,
});

export const taskColumns: ExportColumn<Task>[] = [
  text('title', 'Titel', 'Title', ['title'], (r) => r.title),
  text('description', 'Beschreibung', 'Description', ['description'], (r) => r.description),
  timestamp('dueAt', 'Fällig', 'Due', (r) => r.dueAt),
  timestamp('remindAt', 'Erinnerung', 'Reminder', (r) => r.remindAt),
  text('priority', 'Priorität', 'Priority', ['priority'], (r) => r.priority),
  text('status', 'Status', 'Status', ['status'], (r) => r.status),
  {
    key: 'owner',
    label: { de: 'Zuständig', en: 'Owner' },
    kind: 'text',
    lists: ['assigneeId'],
    value: (r, lookups) => lookups.userEmail(r.assigneeId),
  },
  text('contact', 'Kontakt', 'Contact', ['contactId'], (r) => linkedNames(r, 'contact')),
  text('company', 'Firma', 'Company', ['companyId'], (r) => linkedNames(r, 'company')),
  text('deal', 'Verkaufschance', 'Deal', ['dealId'], (r) => linkedNames(r, 'deal')),
  timestamp('completedAt', 'Erledigt', 'Completed', (r) => r.completedAt),
  ...timestamps<Task>(),
];
