// The columns lists share: how a field's value reads by its kind, and the columns of reach
// (email, phone, city, postal code), tags, owner, timestamps and links to other records. Each
// domain's list (contacts/contactsList.tsx, …) picks from them and adds its own.
import { Link } from 'react-router';
import { formatDate, formatDateTime, formatMoney, formatNumber, type Money } from '../../ui/format.ts';
import classes from './VirtualGrid.module.css';
import type { CellContext, ColumnDef, FieldKind, FieldMeta, ListRecord } from './listTypes.ts';

type Entry = { primary?: boolean };
function primary<T extends Entry>(entries: unknown): T | undefined {
  if (!Array.isArray(entries)) return undefined;
  return (entries as T[]).find((entry) => entry.primary) ?? (entries as T[])[0];
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

export const col = (key: string, width = 160, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  key,
  width,
  sortBy: [key],
  ...extra,
});
export const unsorted = (key: string, width = 160, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  key,
  width,
  ...extra,
});

export const emailColumn = unsorted('email', 230, {
  render: (record) => {
    const email = primary<{ email: string } & Entry>(record.emails)?.email;
    return email ? (
      <a href={`mailto:${email}`} className={classes.link}>
        {email}
      </a>
    ) : null;
  },
});
export const phoneColumn = unsorted('phone', 160, {
  render: (record) => {
    const phone = primary<{ number: string; e164: string | null } & Entry>(record.phones);
    return phone ? (
      <a href={`tel:${phone.e164 ?? phone.number}`} className={classes.link}>
        {phone.number}
      </a>
    ) : null;
  },
});
export const cityColumn = unsorted('city', 140, {
  render: (record) => primary<{ city?: string | null } & Entry>(record.addresses)?.city ?? null,
});
/**
 * The city of the record's own address, else the city `fallback` finds elsewhere (a contact's
 * company), muted and marked as borrowed (`hint`, a translation key), so that nobody takes a
 * company's address for the person's own.
 */
export const cityOr = (fallback: (record: ListRecord) => string | null, hint: string) =>
  unsorted('city', 190, {
    render: (record, context) => {
      const own = primary<{ city?: string | null } & Entry>(record.addresses)?.city;
      if (own) return own;
      const borrowed = fallback(record);
      if (!borrowed) return null;
      const note = context.t(hint);
      return (
        <span className={classes.borrowed} title={note} data-testid="city-fallback">
          {borrowed} <span className={classes.borrowedNote}>· {note}</span>
        </span>
      );
    },
  });

/** A link to another record the row names (a contact's company), by its name. */
export const linkColumn = (
  key: string,
  path: string,
  target: (record: ListRecord) => { id: string; name: string } | null,
) =>
  unsorted(key, 200, {
    render: (record) => {
      const linked = target(record);
      return linked ? (
        <Link to={`/${path}/${linked.id}`} className={classes.link}>
          {linked.name}
        </Link>
      ) : null;
    },
  });

export const postalColumn = unsorted('postalCode', 110, {
  render: (record) => primary<{ postalCode?: string | null } & Entry>(record.addresses)?.postalCode ?? null,
});
export const tagsColumn = unsorted('tags', 180);
export const ownerColumn = col('ownerId', 160);
export const timestamps = [col('lastActivityAt', 170), col('createdAt', 170), col('updatedAt', 170)];
/** A link to the record an id refers to, labelled with its name when the list carries it (nameKey). */
export const refLink = (key: string, path: string, nameKey?: string) =>
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

export const reachable = [
  { name: 'tags', kind: 'array' },
  { name: 'city', kind: 'array' },
  { name: 'postalCode', kind: 'array' },
  { name: 'email', kind: 'array' },
  { name: 'phone', kind: 'array' },
  { name: 'lastActivityAt', kind: 'timestamp', nullable: true },
  { name: 'createdAt', kind: 'timestamp' },
  { name: 'updatedAt', kind: 'timestamp' },
] as const;
