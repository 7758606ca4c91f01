// How a report's cells read: a group's value in words (an id's name, a choice's label, a
// period as "März 2026" or "Q1 2026"), and numbers and money in the user's locale.
import type { TFunction } from 'i18next';
import type { ReportResult } from '../../../contract/reports.ts';
import { formatDate, formatNumber } from '../../ui/format.ts';

type Column = ReportResult['columns'][number];
type Cell = ReportResult['rows'][number][number];

function period(value: string, bucket: Column['bucket'], locale: string, t: TFunction): string {
  const [year, month] = value.split('-').map(Number);
  switch (bucket) {
    case 'year':
      return String(year);
    case 'quarter':
      return t('reports.quarter', { q: Math.floor((month - 1) / 3) + 1, year });
    case 'month':
      return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(Date.UTC(year, month - 1, 1)),
      );
    case 'week':
      return t('reports.weekOf', { date: formatDate(value, locale) });
    default:
      return formatDate(value, locale);
  }
}

/** A group cell as a person reads it. */
export function groupLabel(
  column: Column,
  value: Cell,
  labels: Record<string, string>,
  locale: string,
  t: TFunction,
): string {
  if (value === null || value === '') return t('reports.none');
  if (typeof value === 'boolean') return value ? t('lists.yes') : t('lists.no');
  if (typeof value === 'number') return formatNumber(value, locale);
  if (labels[value]) return labels[value];
  if (column.kind === 'date') return period(value, column.bucket, locale, t);
  const field = column.field ?? '';
  return t(`reports.values.${field}.${value}`, {
    defaultValue: t(`lists.values.${field}.${value}`, { defaultValue: value }),
  });
}

/** A measure cell: money with two decimals, other numbers with up to two. */
export function measureLabel(column: Column, value: Cell, locale: string): string {
  if (value === null) return '–';
  if (typeof value !== 'number') return String(value);
  return column.kind === 'money'
    ? formatNumber(value, locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : formatNumber(value, locale, { maximumFractionDigits: 2 });
}

/** A column's heading: "Summe Netto", "Anzahl", "Auftragsdatum (Monat)". */
export function columnLabel(column: Column, t: TFunction): string {
  const field = column.field ? fieldLabel(column.field, t) : '';
  if (column.fn === 'count') return t('reports.fn.count');
  if (column.fn) return t('reports.measureOf', { fn: t(`reports.fn.${column.fn}`), field });
  return column.bucket ? `${field} (${t(`reports.bucket.${column.bucket}`)})` : field;
}

/** A field's name: the report's own words, else the lists'. */
export function fieldLabel(name: string, t: TFunction): string {
  return t(`reports.fields.${name}`, { defaultValue: t(`lists.fields.${name}`, { defaultValue: name }) });
}
