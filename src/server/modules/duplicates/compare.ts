// Records prepared for comparing, and the comparisons: each field pair falls into one level
// (exact, close, phonetically equal, different) or is missing (null: no evidence either way).
// The model (model.ts) turns levels into Fellegi–Sunter weights.
import {
  colognePhonetic,
  companyWords,
  foldKey,
  foldWords,
  normalEmail,
  organisationDomain,
  phoneInfo,
  sameNickname,
  streetParts,
} from './normalize.ts';
import { jaroWinkler, transposed, withinOneEdit } from './similarity.ts';

export type RecordType = 'contacts' | 'companies';

/** What the matcher reads of a record: the API's create body or a stored row, both fit. */
export interface CandidateInput {
  firstName?: string | null;
  lastName?: string | null;
  /** A company's name. */
  name?: string | null;
  emails?: Array<string | { email: string }> | null;
  phones?: Array<string | { number: string; e164?: string | null }> | null;
  addresses?: Array<{ street?: string | null; postalCode?: string | null; city?: string | null }> | null;
  birthday?: string | null;
  customerNumber?: string | null;
  externalId?: string | null;
  website?: string | null;
}

export interface PreparedAddress {
  street: string;
  number: string;
  postcode: string;
  city: string;
}

export interface Prepared {
  id: string;
  first: string;
  /** All words of the first name (`Marie-Luise`: marie, luise). */
  firstWords: string[];
  firstPhonetic: string;
  last: string;
  lastWords: string[];
  lastPhonetic: string;
  name: string;
  nameWords: string[];
  namePhonetic: string;
  emails: string[];
  domains: string[];
  phones: string[];
  /** Each address folded: street name and house number apart, postal code, city ('' where missing). */
  addresses: PreparedAddress[];
  birthday: string;
  customerNumber: string;
  externalId: string;
}

const uniq = <T>(values: T[]) => [...new Set(values)];

export function prepare(id: string, input: CandidateInput, defaultCountry = 'DE'): Prepared {
  const firstWords = foldWords(input.firstName);
  const first = firstWords[0] ?? '';
  const last = foldKey(input.lastName);
  const nameWords = companyWords(input.name);
  const name = nameWords.join('');
  const emails = uniq(
    (input.emails ?? []).map((e) => normalEmail(typeof e === 'string' ? e : e.email)).filter((e) => e.includes('@')),
  );
  const phones = uniq(
    (input.phones ?? [])
      .map((p) => {
        if (typeof p === 'string') return p.startsWith('+') ? p : (phoneInfo(p, defaultCountry)?.e164 ?? '');
        return p.e164 ?? phoneInfo(p.number, defaultCountry)?.e164 ?? '';
      })
      .filter((p) => p.length > 0),
  );
  const addresses = input.addresses ?? [];
  const domains = uniq([input.website, ...emails].map((v) => organisationDomain(v)).filter((d) => d.length > 0));
  return {
    id,
    first,
    firstWords,
    firstPhonetic: colognePhonetic(first),
    last,
    lastWords: foldWords(input.lastName),
    lastPhonetic: colognePhonetic(last),
    name,
    nameWords,
    namePhonetic: colognePhonetic(name),
    emails,
    domains,
    phones,
    addresses: addresses
      .map((a) => {
        const street = streetParts(a.street);
        return { street: street.name, number: street.number, postcode: foldKey(a.postalCode), city: foldKey(a.city) };
      })
      .filter((a) => a.street || a.number || a.postcode || a.city),
    birthday: input.birthday?.slice(0, 10) ?? '',
    customerNumber: (input.customerNumber ?? '').trim().toLowerCase(),
    externalId: (input.externalId ?? '').trim().toLowerCase(),
  };
}

/** One comparison: its name, its levels (best first, the last one "different"), and how to place a pair. */
export interface Comparison {
  key: string;
  levels: string[];
  compare(a: Prepared, b: Prepared, swapped: boolean): number | null;
}

/**
 * Male and female forms of one first name, folded: a couple, not a typo. A list rather than a
 * rule (`+a`, `+e`), because a typo adds such a letter just as often.
 */
const genderForms: ReadonlyArray<readonly [string, string]> = [
  ['andreas', 'andrea'],
  ['michael', 'michaela'],
  ['christian', 'christiane'],
  ['christian', 'christina'],
  ['daniel', 'daniela'],
  ['stefan', 'stefanie'],
  ['stephan', 'stephanie'],
  ['paul', 'paula'],
  ['martin', 'martina'],
  ['alexander', 'alexandra'],
  ['gabriel', 'gabriele'],
  ['jan', 'jana'],
  ['karl', 'karla'],
  ['carl', 'carla'],
  ['frank', 'franka'],
  ['simon', 'simone'],
  ['manuel', 'manuela'],
  ['marcel', 'marcella'],
  ['michel', 'michelle'],
  ['nikolai', 'nikola'],
  ['patrick', 'patricia'],
  ['friedrich', 'friederike'],
  ['heinrich', 'henriette'],
  ['wilhelm', 'wilhelmine'],
  ['jens', 'jenny'],
  ['johann', 'johanna'],
  ['josef', 'josefine'],
  ['julius', 'julia'],
  ['robert', 'roberta'],
  ['antonio', 'antonia'],
  ['anton', 'antonia'],
];
const genderIndex = new Set(
  genderForms.flatMap(([m, f]) => [`${foldKey(m)}|${foldKey(f)}`, `${foldKey(f)}|${foldKey(m)}`]),
);

/** Whether two folded first names are the male and female form of one name. */
export function genderPair(a: string, b: string): boolean {
  return genderIndex.has(`${a}|${b}`);
}

function firstLevel(a: string, aPh: string, b: string, bPh: string): number | null {
  if (!a || !b) return null;
  if (a === b) return 0;
  if (sameNickname(a, b)) return 1;
  // `Andreas`/`Andrea`, `Michael`/`Michaela`, `Christian`/`Christiane`: a couple, not a typo.
  if (genderPair(a, b)) return 5;
  // One side only an initial ("H." against "Hans"): compatible, weak evidence.
  if ((a.length === 1 || b.length === 1) && a[0] === b[0]) return 4;
  const jw = jaroWinkler(a, b);
  if (jw >= 0.92) return 2;
  if (jw >= 0.8 || (aPh !== '' && aPh === bPh)) return 3;
  return 5;
}

function lastLevel(a: Prepared, b: Prepared): number | null {
  if (!a.last || !b.last) return null;
  if (a.last === b.last) return 0;
  const jw = jaroWinkler(a.last, b.last);
  if (jw >= 0.92) return 1;
  if (
    jw >= 0.8 ||
    (a.lastPhonetic !== '' && a.lastPhonetic === b.lastPhonetic) ||
    // Double names: `Müller-Lüdenscheidt` against `Müller`.
    (a.lastWords.length !== b.lastWords.length && a.lastWords.some((w) => w.length > 2 && b.lastWords.includes(w)))
  )
    return 2;
  return 3;
}

/** First and last name read the other way round: what a swapped-names pair compares. */
function swappedLast(b: Prepared): Prepared {
  return {
    ...b,
    first: b.last,
    firstPhonetic: b.lastPhonetic,
    last: b.first,
    lastWords: [b.first],
    lastPhonetic: b.firstPhonetic,
  };
}

export function orient(b: Prepared, swapped: boolean): Prepared {
  return swapped ? swappedLast(b) : b;
}

function birthdayLevel(a: string, b: string): number | null {
  if (!a || !b) return null;
  if (a === b) return 0;
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  const same = (ya === yb ? 1 : 0) + (ma === mb ? 1 : 0) + (da === db ? 1 : 0);
  if (same === 2 || (ya === yb && ma === db && da === mb)) return 1;
  if (withinOneEdit(a.replace(/-/g, ''), b.replace(/-/g, ''))) return 1;
  return 2;
}

function anyEqual(a: string[], b: string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/**
 * Whether an address's local part is only the person's name (`thomas.mueller`, `t.mueller`,
 * `muellert84`): many people named so have one at some provider, so sharing it elsewhere is
 * no sign of being one person.
 */
function nameLike(local: string, p: Prepared): boolean {
  if (!p.first && !p.last) return false;
  const bare = foldKey(local.replace(/[0-9]+/g, ''));
  const f = p.first;
  const l = p.last;
  if (
    bare === f ||
    bare === l ||
    bare === f + l ||
    bare === l + f ||
    (f !== '' && (bare === f[0] + l || bare === l + f[0]))
  )
    return true;
  // Word by word (`marie.luise.kraus`, `k.h.hoffmann`): each word a name word or its initial, one
  // letter off allowed (the fold drops letters an address spells otherwise: `Yılmaz`, `yilmaz`).
  const words = local
    .replace(/[0-9]+/g, '')
    .split(/[._+-]+/)
    .map((w) => foldKey(w))
    .filter((w) => w !== '');
  const names = [...p.firstWords, ...p.lastWords].filter((w) => w !== '');
  const isName = (w: string) => names.some((n) => n === w || (w.length >= 4 && withinOneEdit(w, n)));
  return (
    words.length > 1 &&
    words.some(isName) &&
    words.every((w) => isName(w) || (w.length === 1 && names.some((n) => n[0] === w)))
  );
}

function emailLevel(a: Prepared, b: Prepared): number | null {
  if (a.emails.length === 0 || b.emails.length === 0) return null;
  if (anyEqual(a.emails, b.emails)) return 0;
  for (const x of a.emails) {
    const local = x.slice(0, x.lastIndexOf('@'));
    if (local.length <= 3) continue;
    for (const y of b.emails)
      if (y.length > local.length && y[local.length] === '@' && y.startsWith(local))
        return nameLike(local, a) || nameLike(local, b) ? null : 1;
  }
  return 2;
}

const mobileCache = new Map<string, boolean>();
export function isMobile(e164: string): boolean {
  let mobile = mobileCache.get(e164);
  if (mobile === undefined) {
    mobile = phoneInfo(e164)?.mobile ?? false;
    if (mobileCache.size > 100_000) mobileCache.clear();
    mobileCache.set(e164, mobile);
  }
  return mobile;
}

function phoneLevel(a: string[], b: string[]): number | null {
  if (a.length === 0 || b.length === 0) return null;
  let level = 2;
  for (const p of a)
    if (b.includes(p)) {
      if (isMobile(p)) return 0;
      level = 1;
    }
  return level;
}

/** How two parts of an address agree: equal, close (one typo), different, or missing on a side. */
type Agreement = 'equal' | 'close' | 'different' | 'missing';

function postcodeAgreement(a: string, b: string): Agreement {
  if (!a || !b) return 'missing';
  if (a === b) return 'equal';
  return a.length === b.length && withinOneEdit(a, b) ? 'close' : 'different';
}

function cityAgreement(a: string, b: string): Agreement {
  if (!a || !b) return 'missing';
  if (a === b) return 'equal';
  return jaroWinkler(a, b) >= 0.88 ? 'close' : 'different';
}

/**
 * One address against another, as one comparison: street, house number, postal code and city
 * are not independent (a street lies in one postal code of one city), so they are weighed
 * together. Levels: 0 the same address (street, number, and the place where both give it);
 * 1 nearly (a typo in the street name, the postal code or the city, or one side without a
 * place); 2 the same street in the same place with another (or no) house number — neighbours
 * as often as one person; 3 the same postal code; 4 the same city only; 5 different; 6
 * different in another postal region. Null without any part on either side.
 */
function addressPairLevel(x: PreparedAddress, y: PreparedAddress): number | null {
  const postcode = postcodeAgreement(x.postcode, y.postcode);
  const city = cityAgreement(x.city, y.city);
  const bothStreets = x.street !== '' && y.street !== '';
  if (!bothStreets && postcode === 'missing' && city === 'missing') return null;
  // The place: the same (postal code equal, or the city where a side has no postal code), near
  // (a typo in the postal code or the city, or the city equal while the postal codes differ),
  // unknown (a side gives neither), or elsewhere.
  const samePlace = postcode === 'equal' || (postcode === 'missing' && city === 'equal');
  const nearPlace = samePlace || postcode === 'close' || city === 'equal' || city === 'close';
  const noPlace = postcode === 'missing' && city === 'missing';
  if (bothStreets) {
    const sameNumber = x.number !== '' && x.number === y.number;
    const sameStreet = x.street === y.street;
    const closeStreet = sameStreet || jaroWinkler(x.street, y.street) >= 0.88;
    if (sameStreet && sameNumber) return samePlace ? 0 : nearPlace || noPlace ? 1 : 5;
    if (closeStreet && sameNumber && nearPlace) return 1;
    if (closeStreet && nearPlace) return 2;
    // A street name alone, with no place to put it in: weak.
    if (sameStreet && noPlace) return 4;
  } else if (x.number !== '' && x.number === y.number && (x.street !== '' || y.street !== '') && samePlace)
    // One side without a street name, the same house number in the same place: perhaps the same house.
    return 2;
  if (postcode === 'equal') return 3;
  if (city === 'equal') return 4;
  // Another postal region (the first two digits, as the scan splits blocks): another part of
  // the country, where one person's second record rarely is.
  if (postcode === 'different' && city !== 'close' && x.postcode.slice(0, 2) !== y.postcode.slice(0, 2)) return 6;
  return 5;
}

function addressLevel(a: PreparedAddress[], b: PreparedAddress[]): number | null {
  let best: number | null = null;
  for (const x of a)
    for (const y of b) {
      const level = addressPairLevel(x, y);
      if (level !== null && (best === null || level < best)) best = level;
      if (best === 0) return 0;
    }
  return best;
}

function idLevel(a: string, b: string): number | null {
  if (!a || !b) return null;
  if (a === b) return 0;
  if (a.length > 3 && withinOneEdit(a, b)) return 1;
  return 2;
}

/**
 * Customer numbers are handed out by one system, one after another: two of them one digit
 * apart (`K1740`/`K1760`) are two customers as often as not. Only two neighbouring characters
 * swapped, the signature of a typing error, counts as close.
 */
function customerNumberLevel(a: string, b: string): number | null {
  if (!a || !b) return null;
  if (a === b) return 0;
  return transposed(a, b) ? 1 : 2;
}

function companyNameLevel(a: Prepared, b: Prepared): number | null {
  if (!a.name || !b.name) return null;
  if (a.name === b.name) return 0;
  const sortedA = [...a.nameWords].sort().join('');
  const sortedB = [...b.nameWords].sort().join('');
  const jw = jaroWinkler(a.name, b.name);
  if (sortedA === sortedB || jw >= 0.94) return 1;
  const shorter = a.nameWords.length <= b.nameWords.length ? a.nameWords : b.nameWords;
  const longer = shorter === a.nameWords ? b.nameWords : a.nameWords;
  if (
    jw >= 0.85 ||
    (a.namePhonetic !== '' && a.namePhonetic === b.namePhonetic) ||
    (shorter.length > 0 && shorter.every((w) => longer.includes(w)) && shorter.join('').length >= 4)
  )
    return 2;
  return 3;
}

/** How both contacts and companies are reached and keyed: compared alike for either. */
const reachComparisons: Comparison[] = [
  { key: 'email', levels: ['exact', 'sameLocalPart', 'different'], compare: (a, b) => emailLevel(a, b) },
  {
    key: 'phone',
    levels: ['sameMobile', 'sameLandline', 'different'],
    compare: (a, b) => phoneLevel(a.phones, b.phones),
  },
  {
    key: 'address',
    levels: ['exact', 'close', 'sameStreet', 'samePostalCode', 'sameCity', 'different', 'otherRegion'],
    compare: (a, b) => addressLevel(a.addresses, b.addresses),
  },
  {
    key: 'customerNumber',
    levels: ['exact', 'close', 'different'],
    compare: (a, b) => customerNumberLevel(a.customerNumber, b.customerNumber),
  },
  {
    key: 'externalId',
    levels: ['exact', 'close', 'different'],
    compare: (a, b) => idLevel(a.externalId, b.externalId),
  },
];

export const contactComparisons: Comparison[] = [
  {
    key: 'firstName',
    levels: ['exact', 'nickname', 'close', 'phonetic', 'initial', 'different'],
    compare: (a, b) => firstLevel(a.first, a.firstPhonetic, b.first, b.firstPhonetic),
  },
  { key: 'lastName', levels: ['exact', 'close', 'phonetic', 'different'], compare: (a, b) => lastLevel(a, b) },
  {
    key: 'birthday',
    levels: ['exact', 'close', 'different'],
    compare: (a, b) => birthdayLevel(a.birthday, b.birthday),
  },
  ...reachComparisons,
];

export const companyComparisons: Comparison[] = [
  {
    key: 'name',
    levels: ['exact', 'close', 'similar', 'different'],
    compare: (a, b) => companyNameLevel(a, b),
  },
  {
    key: 'domain',
    levels: ['exact', 'different'],
    compare: (a, b) => (a.domains.length && b.domains.length ? (anyEqual(a.domains, b.domains) ? 0 : 1) : null),
  },
  ...reachComparisons,
];

export function comparisonsOf(type: RecordType): Comparison[] {
  return type === 'contacts' ? contactComparisons : companyComparisons;
}

/** Levels of a pair, one per comparison (-1: missing). For contacts, names are also read swapped. */
export function compareAll(type: RecordType, a: Prepared, b: Prepared, swapped = false): Int8Array {
  const comparisons = comparisonsOf(type);
  const other = swapped ? swappedLast(b) : b;
  const out = new Int8Array(comparisons.length);
  for (let i = 0; i < comparisons.length; i++) out[i] = comparisons[i].compare(a, other, swapped) ?? -1;
  return out;
}
