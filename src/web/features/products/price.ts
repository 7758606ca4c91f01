// Prices as people type and read them: "1.234,5678" in German, "1,234.5678" in English, up to
// four decimals (a catalogue price may be 0,0125 € per piece), into the API's exact decimal
// string and back. No floats on the way: Intl formats the decimal string itself.

const decimalPattern = /^\d+(\.\d+)?$/;

/**
 * A typed price as the API's decimal string ("1234.5"), or null when blank. Which mark is the
 * decimal one: the last of two different marks; a single comma in German (and a single dot in
 * English) unless exactly three digits follow a mark the language uses for grouping
 * ("1.234" is 1234 in German, "1,234" is 1234 in English). Text that is no number comes back
 * as it is, so that the schema names the problem.
 */
export function parsePrice(input: string, locale: string): string | null {
  const compact = input.replace(/[\s'’€]/g, '');
  if (compact === '') return null;
  const german = !locale.toLowerCase().startsWith('en');
  const grouping = german ? '.' : ',';
  const lastComma = compact.lastIndexOf(',');
  const lastDot = compact.lastIndexOf('.');
  let mark: string | null = null;
  if (lastComma >= 0 && lastDot >= 0) mark = lastComma > lastDot ? ',' : '.';
  else if (lastComma >= 0 || lastDot >= 0) {
    const only = lastComma >= 0 ? ',' : '.';
    const count = compact.split(only).length - 1;
    const after = compact.length - compact.lastIndexOf(only) - 1;
    mark = count > 1 || (only === grouping && after === 3) ? null : only;
  }
  const at = mark ? compact.lastIndexOf(mark) : -1;
  const whole = (at >= 0 ? compact.slice(0, at) : compact).replace(/[.,]/g, '');
  const fraction = at >= 0 ? compact.slice(at + 1) : '';
  const decimal = fraction ? `${whole}.${fraction}` : whole;
  return decimalPattern.test(decimal) ? decimal.replace(/^0+(?=\d)/, '') : input.trim();
}

/** A price from the API ("1234.5") as this locale writes it in an input: "1.234,50", at least 2 and at most 4 decimals. */
export function priceInputText(amount: string | null | undefined, locale: string): string {
  if (!amount) return '';
  const format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 4 });
  // The lib types say number; Intl takes a decimal string and formats it exactly.
  return format.format(amount as unknown as number);
}

/** A typed price written the locale's way once the field is left; unreadable text stays. */
export function tidyPrice(text: string, locale: string): string {
  const decimal = parsePrice(text, locale);
  return decimal !== null && /^\d+(\.\d{1,4})?$/.test(decimal) ? priceInputText(decimal, locale) : text;
}

/** A price with its currency: "1.234,50 €", "€0.0125". */
export function formatPrice(amount: string, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  });
  return format.format(amount as unknown as number);
}

/** A VAT rate ("19", "8.1") as the locale writes a percentage: "19 %", "8,1 %". */
export function formatVatRate(rate: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  // Percent style multiplies by 100: the rate is given as the fraction it stands for.
  return format.format(Number(rate) / 100);
}
