// What each list shows: its columns (in chooser order), the defaults, the fields the server
// filters by, the record page a row opens and the bulk actions it offers.
import { Link } from 'react-router';
import { lifecycleStages } from '../../../contract/contacts.ts';
import { dealStatuses } from '../../../contract/deals.ts';
import { formatDate, formatDateTime, formatMoney, formatNumber, type Money } from '../../ui/format.ts';
import classes from './VirtualGrid.module.css';
import type { CellContext, ColumnDef, FieldKind, FieldMeta, ListRecord, ResourceConfig } from './listTypes.ts';

type Entry = { primary?: boolean };
function primary<T extends Entry>(entries: unknown): T | undefined {
  if (!Array.isArray(entries)) return undefined;
  return (entries as T[]).find((entry) => entry.primary) ?? (entries as T[])[0];
}

export function contactName(contact: { readonly [key: string]: unknown }): string {
  return [contact.title, contact.firstName, contact.lastName].filter(Boolean).join(' ');
}

/** A field's value as text, by its kind; null for nothing to show. */
export function formatValue(value: unknown, kind: FieldKind, field: string, context: CellContext): string | null {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'integer':
      return typeof value === 'number' ? formatNumber(value, context.locale) : String(value);
    case 'decimal':
      if (typeof value === 'object' && value && 'amount' in value) return formatMoney(value as Money, context.locale);
      return formatNumber(Number(value), context.locale, { maximumFractionDigits: 2 });
    case 'date':
      return formatDate(String(value), context.locale);
    case 'timestamp':
      return formatDateTime(String(value), context.locale);
    case 'boolean':
      return context.t(value ? 'lists.yes' : 'lists.no');
    case 'enum':
      return context.t(`lists.values.${field}.${String(value)}`, { defaultValue: String(value) });
    case 'array':
      return Array.isArray(value) ? value.join(', ') : String(value);
    default:
      if (field === 'ownerId') return context.userName(String(value));
      if (field === 'stageId') return context.stageName(String(value));
      return String(value);
  }
}

/** The cell of a field without its own renderer. */
export function defaultCell(record: ListRecord, field: FieldMeta | undefined, key: string, context: CellContext) {
  return formatValue(record[key], field?.kind ?? 'text', key, context);
}

const col = (key: string, width = 160, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  key,
  width,
  sortBy: [key],
  ...extra,
});
const unsorted = (key: string, width = 160, extra: Partial<ColumnDef> = {}): ColumnDef => ({ key, width, ...extra });

const emailColumn = unsorted('email', 230, {
  render: (record) => {
    const email = primary<{ email: string } & Entry>(record.emails)?.email;
    return email ? (
      <a href={`mailto:${email}`} className={classes.link}>
        {email}
      </a>
    ) : null;
  },
});
const phoneColumn = unsorted('phone', 160, {
  render: (record) => {
    const phone = primary<{ number: string; e164: string | null } & Entry>(record.phones);
    return phone ? (
      <a href={`tel:${phone.e164 ?? phone.number}`} className={classes.link}>
        {phone.number}
      </a>
    ) : null;
  },
});
const cityColumn = unsorted('city', 140, {
  render: (record) => primary<{ city?: string | null } & Entry>(record.addresses)?.city ?? null,
});
const postalColumn = unsorted('postalCode', 110, {
  render: (record) => primary<{ postalCode?: string | null } & Entry>(record.addresses)?.postalCode ?? null,
});
const tagsColumn = unsorted('tags', 180);
const ownerColumn = col('ownerId', 160);
const timestamps = [col('lastActivityAt', 170), col('createdAt', 170), col('updatedAt', 170)];
/** A link to the record an id refers to, labelled with its name when the list carries it (nameKey). */
const refLink = (key: string, path: string, nameKey?: string) =>
  unsorted(key, nameKey ? 200 : 110, {
    render: (record, context) => {
      const id = record[key];
      const name = nameKey ? record[nameKey] : null;
      return typeof id === 'string' ? (
        <Link to={`/${path}/${id}`} className={classes.link}>
          {typeof name === 'string' ? name : context.t('lists.open')}
        </Link>
      ) : null;
    },
  });

const reachable = [
  { name: 'tags', kind: 'array' },
  { name: 'city', kind: 'array' },
  { name: 'postalCode', kind: 'array' },
  { name: 'email', kind: 'array' },
  { name: 'phone', kind: 'array' },
  { name: 'lastActivityAt', kind: 'timestamp', nullable: true },
  { name: 'createdAt', kind: 'timestamp' },
  { name: 'updatedAt', kind: 'timestamp' },
] as const;

export const contactsConfig: ResourceConfig = {
  resource: 'contacts',
  title: 'contacts.title',
  href: (record) => `/contacts/${record.id}`,
  primary: 'lastName',
  columns: [
    // The whole name, under the last name's field (what views save and the server sorts by).
    unsorted('lastName', 220, {
      label: 'lists.fields.name',
      sortBy: ['lastName', 'firstName'],
      render: (record) => contactName(record),
    }),
    emailColumn,
    phoneColumn,
    cityColumn,
    col('lifecycleStage', 140),
    ownerColumn,
    col('jobTitle', 180),
    tagsColumn,
    col('salutation', 110),
    col('title', 100),
    col('firstName', 140),
    col('birthday', 130),
    col('source', 140),
    postalColumn,
    ...timestamps,
  ],
  defaultColumns: ['lastName', 'email', 'phone', 'city', 'lifecycleStage', 'ownerId'],
  defaultSort: 'lastName,firstName',
  fields: [
    { name: 'salutation', kind: 'text', nullable: true },
    { name: 'title', kind: 'text', nullable: true },
    { name: 'firstName', kind: 'text', nullable: true },
    { name: 'lastName', kind: 'text' },
    { name: 'birthday', kind: 'date', nullable: true },
    { name: 'jobTitle', kind: 'text', nullable: true },
    { name: 'lifecycleStage', kind: 'enum', values: lifecycleStages },
    { name: 'source', kind: 'text', nullable: true },
    { name: 'ownerId', kind: 'uuid', nullable: true },
    ...reachable,
  ],
  bulk: ['assignOwner', 'addTag', 'trash'],
  newHref: '/contacts/new',
};

export const companiesConfig: ResourceConfig = {
  resource: 'companies',
  title: 'lists.titles.companies',
  href: (record) => `/companies/${record.id}`,
  primary: 'name',
  columns: [
    col('name', 240),
    cityColumn,
    phoneColumn,
    emailColumn,
    col('industry', 160),
    ownerColumn,
    col('employeeCount', 120),
    col('annualRevenue', 150),
    col('legalForm', 120),
    col('website', 180),
    col('vatId', 140),
    tagsColumn,
    postalColumn,
    refLink('parentCompanyId', 'companies'),
    ...timestamps,
  ],
  defaultColumns: ['name', 'city', 'phone', 'industry', 'ownerId'],
  defaultSort: 'name',
  fields: [
    { name: 'name', kind: 'text' },
    { name: 'legalForm', kind: 'text', nullable: true },
    { name: 'industry', kind: 'text', nullable: true },
    { name: 'employeeCount', kind: 'integer', nullable: true },
    { name: 'annualRevenue', kind: 'decimal', nullable: true },
    { name: 'website', kind: 'text', nullable: true },
    { name: 'vatId', kind: 'text', nullable: true },
    { name: 'ownerId', kind: 'uuid', nullable: true },
    { name: 'parentCompanyId', kind: 'uuid', nullable: true },
    ...reachable,
  ],
  bulk: ['assignOwner', 'addTag', 'trash'],
  newHref: '/companies/new',
};

export const dealsConfig: ResourceConfig = {
  resource: 'deals',
  title: 'lists.titles.deals',
  href: (record) => `/deals/${record.id}`,
  primary: 'title',
  columns: [
    col('title', 240),
    col('amount', 140),
    col('status', 100),
    col('stageId', 150),
    col('probability', 110),
    col('expectedCloseDate', 140),
    ownerColumn,
    refLink('companyId', 'companies', 'companyName'),
    refLink('contactId', 'contacts', 'contactName'),
    tagsColumn,
    col('currency', 90),
    col('lostReason', 180),
    col('probabilityOverridden', 120),
    col('stageEnteredAt', 170),
    col('closedAt', 170),
    ...timestamps,
  ],
  defaultColumns: ['title', 'amount', 'status', 'stageId', 'companyId', 'expectedCloseDate', 'ownerId'],
  fields: [
    { name: 'title', kind: 'text' },
    { name: 'companyId', kind: 'uuid', nullable: true },
    { name: 'contactId', kind: 'uuid', nullable: true },
    { name: 'pipelineId', kind: 'uuid' },
    { name: 'stageId', kind: 'uuid' },
    { name: 'amount', kind: 'decimal', nullable: true },
    { name: 'currency', kind: 'text' },
    { name: 'expectedCloseDate', kind: 'date', nullable: true },
    { name: 'probability', kind: 'integer' },
    { name: 'probabilityOverridden', kind: 'boolean' },
    { name: 'status', kind: 'enum', values: dealStatuses },
    { name: 'lostReason', kind: 'text', nullable: true },
    { name: 'ownerId', kind: 'uuid', nullable: true },
    { name: 'tags', kind: 'array' },
    { name: 'stageEnteredAt', kind: 'timestamp' },
    { name: 'closedAt', kind: 'timestamp', nullable: true },
    { name: 'lastActivityAt', kind: 'timestamp', nullable: true },
    { name: 'createdAt', kind: 'timestamp' },
    { name: 'updatedAt', kind: 'timestamp' },
  ],
  bulk: ['assignOwner', 'trash'],
  newHref: '/deals/new',
};
