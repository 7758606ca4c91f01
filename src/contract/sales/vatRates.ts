// The VAT rates a workspace may put on sales lines, decided by its country.
import { Decimal } from 'decimal.js';

// Standard, reduced and zero rates as of 2026; a country not listed here sells at 0 % until
// the workspace passes its own rates.
const ratesByCountry: Record<string, readonly string[]> = {
  DE: ['19', '7', '0'],
  AT: ['20', '13', '10', '0'],
  CH: ['8.1', '2.6', '3.8', '0'],
};

/** A VAT rate written one way ("19.0" and "19" are the same rate, written "19"). */
export function normalVatRate(rate: string): string {
  return new Decimal(rate).toString();
}

/**
 * The VAT rates allowed on lines for a workspace in `country` (ISO 3166 code); `custom` rates,
 * when given, replace the country's (a workspace setting, e.g. for a country not listed).
 */
export function vatRatesFor(country: string, custom?: readonly string[]): string[] {
  if (custom && custom.length > 0) return [...new Set(custom.map(normalVatRate))];
  return [...(ratesByCountry[country.toUpperCase()] ?? ['0'])];
}
