// The rules a quote follows that need no database: its language and tax treatment from the
// customer, the number with its revision suffix, the status as read (expiry), and the price a
// catalogue line starts with. docs/sales.md ("Quotes") describes them for users.
import type { QuoteStatus } from '../../../contract/quotes.ts';
import type { TaxTreatment } from '../../../contract/sales/index.ts';
import { unitPriceFor } from '../priceLists/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { countryCode } from '../../platform/countries.ts';
import type { AddressEntry } from '../../platform/db/schema.ts';

/** Countries whose customers get German quotes by default. */
const germanSpeaking = new Set(['DE', 'AT', 'CH', 'LI']);

/** EU member states by the prefix of their VAT IDs (Greece's is EL, not GR). */
const euVatPrefixes = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'EL',
  'ES',
  'FI',
  'FR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
]);

/** The country of a VAT ID as its ISO code (EL → GR), or null when it is no EU VAT ID. */
export function vatIdCountry(vatId: string | null | undefined): string | null {
  const prefix = (vatId ?? '')
    .replace(/[\s.-]/g, '')
    .slice(0, 2)
    .toUpperCase();
  if (!euVatPrefixes.has(prefix)) return null;
  return prefix === 'EL' ? 'GR' : prefix;
}

/** de for customers in Germany, Austria, Switzerland and Liechtenstein, else en. */
export function defaultLanguage(customerCountry: string | null): 'de' | 'en' {
  return customerCountry && !germanSpeaking.has(customerCountry) ? 'en' : 'de';
}

export type TaxFacts = {
  /** The workspace is a small business (§ 19 UStG). */
  smallBusiness: boolean;
  workspaceCountry: string;
  /** The customer company's VAT ID, if the quote has a company. */
  companyVatId: string | null;
};

/**
 * What the customer allows: § 19 for a small business, whatever the customer; reverse charge
 * for a company with a VAT ID of another EU member state than the workspace's (an EU business
 * customer, § 13b UStG); else standard.
 */
export function derivedTaxTreatment(facts: TaxFacts): TaxTreatment {
  if (facts.smallBusiness) return 'smallBusiness';
  const country = vatIdCountry(facts.companyVatId);
  if (country && euVatPrefixes.has(facts.workspaceCountry === 'GR' ? 'EL' : facts.workspaceCountry)) {
    if (country !== facts.workspaceCountry) return 'reverseCharge';
  }
  return 'standard';
}

/**
 * Whether a treatment the user chose is allowed: § 19 is the workspace's (on or off for all its
 * documents); reverse charge only where the customer qualifies; standard in place of reverse
 * charge (a customer who does not buy as a business), never in place of § 19.
 */
export function treatmentAllowed(chosen: TaxTreatment, derived: TaxTreatment): boolean {
  if (derived === 'smallBusiness') return chosen === 'smallBusiness';
  if (chosen === 'smallBusiness') return false;
  return chosen === 'standard' || derived === 'reverseCharge';
}

/** The number as printed: the suffix "-2", "-3" … from the second revision on. */
export function printedNumber(number: string | null, revision: number): string | null {
  if (number === null) return null;
  return revision > 1 ? `${number}-${revision}` : number;
}

/** A sent quote past its validity date reads as expired; nothing stores it (docs/sales.md). */
export function statusAsRead(stored: Exclude<QuoteStatus, 'expired'>, validUntil: string, today: string): QuoteStatus {
  return stored === 'sent' && validUntil < today ? 'expired' : stored;
}

/** The calendar day in the time zone (yyyy-mm-dd). */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The day `days` after `day` (yyyy-mm-dd). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * The unit price a catalogue line gets when none is given: the customer's price list's on the
 * quote's date (modules/priceLists decides: the list's own price, its percentage off, or the
 * list price), in the currency that price is in.
 */
export async function defaultUnitPrice(
  tx: Db,
  line: {
    product: { id: string; listPrice: string };
    companyId: string | null;
    contactId: string | null;
    date: string;
    currency: string;
    quantity: string;
  },
): Promise<{ unitPrice: string; currency: string }> {
  const price = await unitPriceFor(tx, {
    productId: line.product.id,
    companyId: line.companyId,
    contactId: line.contactId,
    date: line.date,
    currency: line.currency,
  });
  return { unitPrice: price.unitPrice, currency: price.currency };
}

/** The country of the primary (else first) address, as an ISO code. */
export function addressCountry(addresses: AddressEntry[] | null | undefined): string | null {
  const list = addresses ?? [];
  const address = list.find((a) => a.primary) ?? list[0];
  return address?.country ? countryCode(address.country) : null;
}
