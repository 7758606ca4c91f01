// Emails, phones and postal addresses of companies and contacts: validated, normalised
// (phones to E.164 with the workspace's default country) and turned into the derived
// columns that lookup, filters and search use.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { AddressEntry, EmailEntry, PhoneEntry } from './db/schema.ts';
import { invalid, type FieldError } from './errors.ts';
import type { Fields } from './http/listing.ts';
import type { FieldWarning } from '../../contract/problems.ts';
import { countryCode } from './countries.ts';
import { germanPostalProblem } from './postalcodes.ts';

/** Misspellings of the most common mail domains in Germany, and what was meant. */
const domainTypos: Record<string, string> = {
  'gmial.com': 'gmail.com',
  'gmai.com': 'gmail.com',
  'gmail.de': 'gmail.com',
  'gmail.con': 'gmail.com',
  'gmx.con': 'gmx.de',
  'gmx.dee': 'gmx.de',
  'web.dee': 'web.de',
  'wed.de': 'web.de',
  'googlemail.de': 'googlemail.com',
  't-onlin.de': 't-online.de',
  'tonline.de': 't-online.de',
  'hotmial.com': 'hotmail.com',
  'outlok.com': 'outlook.com',
  'yaho.com': 'yahoo.com',
};

const postalWarnings = {
  postal_code_unknown: 'no German postal code starts with 00',
  postal_code_city_mismatch: 'the postal code lies in another postal zone than',
};

const postalCodeRules: Record<string, [RegExp, string]> = {
  DE: [/^\d{5}$/, 'a German postal code has 5 digits'],
  AT: [/^\d{4}$/, 'an Austrian postal code has 4 digits'],
  CH: [/^\d{4}$/, 'a Swiss postal code has 4 digits'],
  LI: [/^\d{4}$/, 'a Liechtenstein postal code has 4 digits'],
  NL: [/^\d{4} ?[A-Z]{2}$/i, 'a Dutch postal code looks like 1234 AB'],
  FR: [/^\d{5}$/, 'a French postal code has 5 digits'],
};

function parsePhone(number: string, defaultCountry: string) {
  return parsePhoneNumberFromString(number.replace(/^00/, '+'), defaultCountry as CountryCode);
}

/** What search and the quality score read of a stored E.164 number (libphonenumber's reading of it). */
export interface E164Facts {
  /** The national significant number, when the E.164 form parses. */
  national: string | null;
  /** Whether such a number is assigned. */
  valid: boolean;
}

/**
 * The facts of E.164 numbers read lately. Writing a record reads each of its numbers for
 * the search text and again for its quality score, and an import writes thousands of records
 * before it scores them: parsing is the costly part of both, so each number is parsed once.
 * Oldest first out; the bound holds a bulk batch's numbers.
 */
const e164Read = new Map<string, E164Facts>();
const e164ReadMax = 32_768;

/** libphonenumber's reading of a stored E.164 number, parsed once for search and score. */
export function e164Facts(e164: string): E164Facts {
  let facts = e164Read.get(e164);
  if (facts) return facts;
  const parsed = parsePhoneNumberFromString(e164);
  facts = { national: parsed ? parsed.nationalNumber : null, valid: parsed ? parsed.isValid() : false };
  if (e164Read.size >= e164ReadMax) e164Read.delete(e164Read.keys().next().value as string);
  e164Read.set(e164, facts);
  return facts;
}

/** E.164 form of a phone number, or null when it cannot be a phone number. */
export function toE164(number: string, defaultCountry: string): string | null {
  const parsed = parsePhone(number, defaultCountry);
  return parsed?.isPossible() ? parsed.number : null;
}

export interface ReachInput {
  emails?: Array<{ email: string; label?: string | null; primary?: boolean }>;
  phones?: Array<{ number: string; label?: string | null; primary?: boolean }>;
  addresses?: Array<Omit<AddressEntry, 'primary'> & { primary?: boolean }>;
}

export interface ReachColumns {
  emails?: string;
  phones?: string;
  addresses?: string;
  email_list?: string[];
  phone_list?: string[];
  cities?: string[];
  postal_codes?: string[];
}

function onePrimary(list: Array<{ primary?: boolean }> | undefined, path: string, errors: FieldError[]) {
  if (list && list.filter((entry) => entry.primary).length > 1)
    errors.push({ path, code: 'duplicate', message: 'only one entry can be primary' });
}

/**
 * Validates and normalises what the input carries; returns the columns to write. What is
 * stored but looks wrong is added to `warnings` (a phone number no one has, a postal code
 * from another zone than its city); what cannot be stored is refused (422).
 */
export function normalizeReach(input: ReachInput, defaultCountry: string, warnings?: FieldWarning[]): ReachColumns {
  const lists = reachLists(input, defaultCountry, warnings);
  const out: ReachColumns = { ...lists } as ReachColumns;
  if (lists.emails) out.emails = JSON.stringify(lists.emails);
  if (lists.phones) out.phones = JSON.stringify(lists.phones);
  if (lists.addresses) out.addresses = JSON.stringify(lists.addresses);
  return out;
}

/** What normalizeReach derives, with the entries as objects rather than JSON text. */
export interface ReachLists extends Omit<ReachColumns, 'emails' | 'phones' | 'addresses'> {
  emails?: EmailEntry[];
  phones?: PhoneEntry[];
  addresses?: AddressEntry[];
}

/**
 * normalizeReach with the entries as objects, for writers that serialise them themselves
 * (the import). Without `warnings` the checks that can only warn are skipped: whether a
 * possible number is assigned, whether a postal code fits its city.
 */
export function reachLists(input: ReachInput, defaultCountry: string, warnings?: FieldWarning[]): ReachLists {
  const errors: FieldError[] = [];
  const out: ReachLists = {};
  if (input.emails) {
    onePrimary(input.emails, 'emails', errors);
    const emails: EmailEntry[] = input.emails.map((e, i) => {
      const domain = e.email.slice(e.email.lastIndexOf('@') + 1).toLowerCase();
      if (warnings && domainTypos[domain])
        warnings.push({
          path: `emails.${i}.email`,
          code: 'email_domain_typo',
          message: `"${domain}" looks like a typo of ${domainTypos[domain]}`,
        });
      return { email: e.email, label: e.label ?? null, primary: e.primary ?? false };
    });
    out.emails = emails;
    out.email_list = [...new Set(emails.map((e) => e.email.toLowerCase()))];
  }
  if (input.phones) {
    onePrimary(input.phones, 'phones', errors);
    const phones: PhoneEntry[] = input.phones.map((p, i) => {
      const parsed = parsePhone(p.number, defaultCountry);
      const e164 = parsed?.isPossible() ? parsed.number : null;
      if (!e164)
        errors.push({
          path: `phones.${i}.number`,
          code: 'invalid_phone',
          message: `"${p.number}" is not a valid phone number`,
        });
      else if (warnings && !parsed?.isValid())
        warnings.push({
          path: `phones.${i}.number`,
          code: 'phone_unlikely',
          message: `"${p.number}" has the shape of a phone number, but no such number is assigned`,
        });
      return { number: p.number, e164, label: p.label ?? null, primary: p.primary ?? false };
    });
    out.phones = phones;
    out.phone_list = [...new Set(phones.map((p) => p.e164).filter((v): v is string => Boolean(v)))];
  }
  if (input.addresses) {
    onePrimary(input.addresses, 'addresses', errors);
    const addresses: AddressEntry[] = input.addresses.map((a, i) => {
      const given = a.country?.trim() ? a.country.trim() : null;
      const code = given === null ? defaultCountry : countryCode(given);
      if (code === null)
        errors.push({
          path: `addresses.${i}.country`,
          code: 'invalid_choice',
          message: `"${given}" is not a country Farley knows: use an ISO 3166 code like DE or the country's German or English name`,
        });
      const country = code ?? defaultCountry;
      const rule = postalCodeRules[country];
      if (a.postalCode && rule && !rule[0].test(a.postalCode)) {
        errors.push({
          path: `addresses.${i}.postalCode`,
          code: 'invalid_format',
          message: `"${a.postalCode}": ${rule[1]}`,
        });
      }
      const postalProblem =
        warnings && country === 'DE' && a.postalCode ? germanPostalProblem(a.postalCode, a.city) : null;
      if (postalProblem)
        warnings?.push({
          path: `addresses.${i}.postalCode`,
          code: postalProblem,
          message:
            postalProblem === 'postal_code_unknown'
              ? `"${a.postalCode}": ${postalWarnings[postalProblem]}`
              : `"${a.postalCode}": ${postalWarnings[postalProblem]} ${a.city}`,
        });
      return {
        street: a.street ?? null,
        postalCode: a.postalCode ?? null,
        city: a.city ?? null,
        region: a.region ?? null,
        country,
        label: a.label ?? null,
        primary: a.primary ?? false,
      };
    });
    out.addresses = addresses;
    out.cities = [...new Set(addresses.map((a) => a.city).filter((v): v is string => Boolean(v)))];
    out.postal_codes = [...new Set(addresses.map((a) => a.postalCode).filter((v): v is string => Boolean(v)))];
  }
  if (errors.length) throw invalid(errors);
  return out;
}

/** Digits of phone numbers for search: international (4930123) and national (030123) forms. */
export function phoneSearchParts(e164List: string[]): string[] {
  const parts: string[] = [];
  for (const e164 of e164List) {
    const { national } = e164Facts(e164);
    parts.push(e164.replace(/\D/g, ''));
    if (national !== null) parts.push(`0${national}`);
  }
  return parts;
}

/** List filters over the derived columns that companies and contacts share. */
export const reachableFields: Fields = {
  tags: { column: 'tags', kind: 'array' },
  city: { column: 'cities', kind: 'array' },
  postalCode: { column: 'postal_codes', kind: 'array' },
  email: { column: 'email_list', kind: 'array' },
  phone: { column: 'phone_list', kind: 'array' },
  lastActivityAt: { column: 'last_activity_at', kind: 'timestamp', nullable: true },
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
};
