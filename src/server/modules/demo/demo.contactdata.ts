// Phone numbers, mail addresses, postal addresses and VAT ids of demo records, produced in
// the exact shape the API stores (PhoneEntry with E.164, search parts of phones) without
// parsing each number again: the generator knows how it built them. demo.test.ts checks
// the result against libphonenumber-js.
import type { AddressEntry, EmailEntry, PhoneEntry } from '../../platform/db/schema.ts';
import type { Rand } from './demo.random.ts';
import { countryCallingCodes, mobilePrefixes, streets, type City } from './demo.names.ts';

export interface Reach {
  emails: EmailEntry[];
  phones: PhoneEntry[];
  addresses: AddressEntry[];
  /** phone_list (E.164) and, for search_text, what phoneSearchParts() would return. */
  e164: string[];
  phoneParts: string[];
}

export function emptyReach(): Reach {
  return { emails: [], phones: [], addresses: [], e164: [], phoneParts: [] };
}

/** "1234567" → "123 45 67", the way many people write a number down. */
function grouped(digits: string): string {
  let out = '';
  let rest = digits;
  while (rest.length > 3) {
    out = ` ${rest.slice(-2)}${out}`;
    rest = rest.slice(0, -2);
  }
  return rest + out;
}

function push(reach: Reach, number: string, cc: string, national: string, label: string) {
  const e164 = `+${cc}${national}`;
  reach.phones.push({ number, e164, label, primary: reach.phones.length === 0 });
  if (!reach.e164.includes(e164)) {
    reach.e164.push(e164);
    reach.phoneParts.push(`${cc}${national}`, `0${national}`);
  }
}

/**
 * A landline: `area` and `subscriber` without the trunk 0, an optional direct-dial
 * extension (German numbers only), written in one of the ways people enter numbers.
 */
export function addLandline(
  reach: Reach,
  r: Rand,
  country: string,
  area: string,
  subscriber: string,
  extension: string,
  label: string,
) {
  const cc = countryCallingCodes[country] ?? '49';
  // Abroad the number plan fixes the length: no room for a direct-dial extension.
  if (country !== 'DE') extension = '';
  const ext = extension ? `-${extension}` : '';
  let number: string;
  if (country !== 'DE') number = `+${cc} ${area} ${subscriber}${ext}`;
  else {
    switch (r.int(0, extension ? 2 : 4)) {
      case 0:
        number = `0${area} ${subscriber}${ext}`;
        break;
      case 1:
        number = `0${area}/${subscriber}${ext}`;
        break;
      case 2:
        number = `+49 ${area} ${subscriber}${ext}`;
        break;
      case 3:
        number = `(0${area}) ${grouped(subscriber)}`;
        break;
      default:
        number = `0${area}-${subscriber}`;
    }
  }
  push(reach, number, cc, area + subscriber + extension, label);
}

export function addMobile(reach: Reach, r: Rand, label: string) {
  const [prefix, length] = r.pick(mobilePrefixes);
  const subscriber = String(r.int(1, 9)) + r.digits(length - 1);
  const formats = [
    `0${prefix} ${subscriber}`,
    `+49 ${prefix} ${subscriber}`,
    `0${prefix}/${subscriber}`,
    `0${prefix} ${grouped(subscriber)}`,
  ];
  push(reach, formats[r.int(0, formats.length - 1)], '49', prefix + subscriber, label);
}

export function addEmail(reach: Reach, email: string, label: string) {
  reach.emails.push({ email, label, primary: reach.emails.length === 0 });
}

export function addAddress(reach: Reach, r: Rand, city: City, label: string) {
  reach.addresses.push({
    street: `${r.pick(streets)} ${r.int(1, 180)}${r.chance(0.08) ? r.pick(['a', 'b', 'c']) : ''}`,
    postalCode: r.pick(city.postalCodes),
    city: city.city,
    region: city.region,
    country: city.country,
    label,
    primary: reach.addresses.length === 0,
  });
}

/** email_list, cities and postal_codes as normalizeReach() derives them. */
export function derived(reach: Reach) {
  return {
    emailList: [...new Set(reach.emails.map((e) => e.email.toLowerCase()))],
    cities: [...new Set(reach.addresses.map((a) => a.city).filter((v): v is string => Boolean(v)))],
    postalCodes: [...new Set(reach.addresses.map((a) => a.postalCode).filter((v): v is string => Boolean(v)))],
  };
}

/** A German VAT id (USt-IdNr.) with a correct check digit (ISO 7064 MOD 11,10). */
export function germanVatId(r: Rand): string {
  const digits = String(r.int(1, 9)) + r.digits(7);
  let product = 10;
  for (const ch of digits) {
    let sum = (Number(ch) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product === 10 ? 0 : 11 - product;
  return `DE${digits}${check}`;
}
