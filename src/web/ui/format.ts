// Locale formatting of numbers, money and dates with Intl: one place, so every screen
// shows 1.234,50 € in German and €1,234.50 in English.

/** The Intl locale for a UI language: the browser's own region when it speaks that language. */
export function intlLocale(
  language: string,
  browserLanguages: readonly string[] = globalThis.navigator?.languages ?? [],
): string {
  const base = language.slice(0, 2).toLowerCase();
  const regional = browserLanguages.find((tag) => tag.toLowerCase().startsWith(`${base}-`));
  if (regional) return regional;
  return base === 'de' ? 'de-DE' : base === 'en' ? 'en-GB' : language;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = cache.get(key) as T | undefined;
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

export interface Money {
  amount: string;
  currency: string;
}

/** Money as the API sends it ({amount: "1234.50", currency: "EUR"}), e.g. "1.234,50 €". */
export function formatMoney(money: Money, locale: string): string {
  const format = cached(
    `money|${locale}|${money.currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }),
  );
  // Intl formats a decimal string exactly (no float rounding); the lib types only say number.
  return format.format(money.amount as unknown as number);
}

export function formatNumber(value: number, locale: string, options: Intl.NumberFormatOptions = {}): string {
  return cached(`number|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options)).format(
    value,
  );
}

/** A calendar date ('YYYY-MM-DD'), the same day in every time zone: "23.11.2025". */
export function formatDate(date: string, locale: string, style: 'short' | 'medium' | 'long' = 'medium'): string {
  const [year, month, day] = date.split('-').map(Number);
  const format = cached(
    `date|${locale}|${style}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        dateStyle: style === 'short' ? 'short' : style === 'long' ? 'long' : 'medium',
        timeZone: 'UTC',
      }),
  );
  return format.format(new Date(Date.UTC(year, month - 1, day)));
}

/** A moment (ISO 8601 time) in the user's time zone: "23.11.2025, 14:05". */
export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  const format = cached(
    `datetime|${locale}|${timeZone ?? ''}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  );
  return format.format(new Date(iso));
}
