// How the KPI page writes its figures: money in the workspace currency, shares as per cent,
// days with one decimal, months and quarters by name — all in the user's locale.
import { formatMoney, formatNumber } from '../../ui/format.ts';

export function kpiFormats(locale: string, currency: string, dash: string) {
  return {
    money: (amount: string | null) => (amount === null ? dash : formatMoney({ amount, currency }, locale)),
    share: (value: number | null) =>
      value === null ? dash : formatNumber(value, locale, { style: 'percent', maximumFractionDigits: 0 }),
    change: (value: number | null) =>
      value === null
        ? dash
        : formatNumber(value, locale, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }),
    days: (value: number | null) => (value === null ? dash : formatNumber(value, locale, { maximumFractionDigits: 1 })),
    count: (value: number) => formatNumber(value, locale),
    month: (day: string) =>
      new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${day}T00:00:00Z`),
      ),
  };
}

export type KpiFormats = ReturnType<typeof kpiFormats>;

/** The quarter (1–4) and year of its first day. */
export function quarterOf(day: string) {
  return { quarter: Math.ceil(Number(day.slice(5, 7)) / 3), year: day.slice(0, 4) };
}
