// Between what a person types and what the API takes: blank text as null, whole numbers,
// money typed the local way ("1.234,50"), dates and local times; and loading the record an
// edit form starts from.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import { parseAmount } from './money.ts';
import type { Resource } from './useRecordForm.ts';

/** Currencies offered for money fields; the workspace's default comes first where it is set. */
export const currencies = ['EUR', 'CHF', 'USD', 'GBP', 'PLN', 'CZK', 'DKK', 'SEK', 'NOK'];

export const blankToNull = (value: string): string | null => (value.trim() === '' ? null : value);

/** A whole number, null when blank; anything else stays unparseable so the schema reports it. */
export function wholeNumber(value: string): number | null {
  const compact = value.replace(/[\s.]/g, '');
  if (compact === '') return null;
  return /^-?\d+$/.test(compact) ? Number(compact) : Number.NaN;
}

export function moneyOrNull(amount: string, currency: string): { amount: string; currency: string } | null {
  const decimal = parseAmount(amount);
  return decimal === null ? null : { amount: decimal, currency };
}

/**
 * An amount from the API ("224000000.5") as this locale writes it, grouped with two decimals
 * ("224.000.000,50"); parseAmount reads it back exactly. Intl formats the decimal string
 * itself, so no float rounds it (an input of numbers would: it keeps 14 digits, an amount has 18).
 */
export function amountText(amount: string | undefined | null, locale: string): string {
  if (!amount) return '';
  const format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // The lib types say number; Intl takes a decimal string and formats it exactly.
  return format.format(amount as unknown as number);
}

/** A typed amount written the locale's way once the field is left ("1234,5" → "1.234,50"); unreadable text stays. */
export function tidyAmount(text: string, locale: string): string {
  const decimal = parseAmount(text);
  return decimal !== null && /^-?\d+(\.\d{1,2})?$/.test(decimal) ? amountText(decimal, locale) : text;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO time as the value of <input type="datetime-local"> in the browser's time zone. */
export function localDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of a datetime-local input as an ISO time; an incomplete value stays as typed so the schema reports it. */
export function isoFromLocal(value: string): string | null {
  if (value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** The record an edit form starts from; shares the cache key with the record's page. */
export function useRecord<R>(resource: Resource, id: string | undefined) {
  return useQuery({
    queryKey: [resource, 'detail', id],
    queryFn: ({ signal }) => api<R>(`/${resource}/${id}`, { signal }),
    enabled: Boolean(id),
    // An edit starts from the current version, not a cached one: fewer 412s.
    staleTime: 0,
  });
}

interface LinkLists {
  contactIds: string[];
  companyIds: string[];
  dealIds: string[];
}

/** Links of a new task or activity from the address: ?contactId=…&companyId=…&dealId=… */
export function linksFromQuery(params: URLSearchParams): LinkLists {
  return {
    contactIds: params.getAll('contactId'),
    companyIds: params.getAll('companyId'),
    dealIds: params.getAll('dealId'),
  };
}

/** The page of the first record a task or activity belongs to (a contact first), else the fallback list. */
export function linkedPage(links: LinkLists, fallback: string): string {
  if (links.contactIds[0]) return `/contacts/${links.contactIds[0]}`;
  if (links.companyIds[0]) return `/companies/${links.companyIds[0]}`;
  if (links.dealIds[0]) return `/deals/${links.dealIds[0]}`;
  return fallback;
}
