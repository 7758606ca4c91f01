// Cell text to stored values, as people's files write them: German and ISO dates, decimal
// commas and thousands dots, ja/nein. Each converter answers a value or the reason it cannot
// (the caller turns that into a row problem); none throws.
import { z } from 'zod';
import type { ImportRowCode, ImportRowReason } from '../../../../contract/imports.ts';

/** Why a value cannot be stored: a code of importRowProblems, its reason, and the English words. */
export type Failure = {
  [C in ImportRowCode]: { ok: false; code: C; why?: ImportRowReason<C>; reason: string; value: string };
}[ImportRowCode];

export type Converted<T> = { ok: true; value: T } | Failure;

const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
const fail = <C extends ImportRowCode>(
  code: C,
  why: ImportRowReason<C> | undefined,
  value: string,
  reason: string,
): Converted<never> => ({ ok: false, code, why, reason, value }) as Failure;

// C0 and C1 controls except tab and line breaks: a database text column must not hold \u0000
// and none of them means anything in a name or a note.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const anyControl = /[\u0000-\u001F\u007F-\u009F]/;

/** A cell Farley's export escaped against formula injection ('=…, '+…, '-…, '@…). */
const escapedFormula = /^'(?=[=+\-@])/;

/**
 * The text as stored: control characters removed, line ends as \n, outer whitespace trimmed,
 * and the apostrophe an export put before a formula-like cell taken off again.
 */
export function cleanText(value: string): string {
  // Most cells hold no control character at all (line breaks and tabs count as such here).
  const text = anyControl.test(value) ? value.replace(/\r\n?/g, '\n').replace(controls, '') : value;
  const trimmed = text.trim();
  return trimmed.charCodeAt(0) === 39 ? trimmed.replace(escapedFormula, '') : trimmed;
}

/** Where a day-month-year order is not the rule for `01/02/2026`. */
const monthFirstCountries = new Set(['US', 'PH', 'FM', 'MH', 'PW', 'BZ']);
/** Where `1.234,56` is the usual way to write numbers; elsewhere `1,234.56`. */
const decimalCommaCountries = new Set([
  'DE',
  'AT',
  'CH',
  'LI',
  'LU',
  'BE',
  'NL',
  'DK',
  'NO',
  'SE',
  'FI',
  'FR',
  'ES',
  'IT',
  'PT',
  'PL',
  'CZ',
  'SK',
  'HU',
  'SI',
  'HR',
  'RO',
  'BG',
  'GR',
  'TR',
  'RU',
  'UA',
  'BR',
  'AR',
]);

export function localeOfCountry(country: string): 'de' | 'en' {
  return decimalCommaCountries.has(country.toUpperCase()) ? 'de' : 'en';
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A two-digit year: up to ten years ahead is this century, the rest the last. */
function fullYear(year: string): number {
  const n = Number(year);
  if (year.length !== 2) return n;
  const now = new Date().getUTCFullYear();
  const century = Math.floor(now / 100) * 100;
  return n <= (now % 100) + 10 ? century + n : century - 100 + n;
}

// Excel counts days from 1899-12-30 (with its 1900 leap-year error folded in). Only five-digit
// serials count (1927-05-18 to 2173-10-14): a four-digit number in a date column is far more
// likely a year than a day in 1900.
const excelEpoch = Date.UTC(1899, 11, 30);
function fromExcelSerial(serial: number): { date: string; time: string } {
  const ms = Math.round(serial * 86_400_000);
  const iso = new Date(excelEpoch + ms).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}

interface DateParts {
  date: string;
  /** hh:mm:ss when the text had a time. */
  time?: string;
  /** The offset as written (Z, +01:00) when the text had one. */
  offset?: string;
}

const timePart = String.raw`(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(am|pm|AM|PM)?\s*(Z|[+-]\d{2}:?\d{2})?(?:\s*Uhr)?)?`;
const isoPattern = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${timePart}$`);
const germanPattern = new RegExp(String.raw`^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2}|\d{4})${timePart}$`);
const slashPattern = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})${timePart}$`);
const compactPattern = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$/;

function time(h: string | undefined, m: string | undefined, s: string | undefined, ampm?: string): string | null {
  if (h === undefined) return null;
  let hour = Number(h);
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
  }
  const minute = Number(m);
  const second = Number(s ?? '0');
  if (hour > 23 || minute > 59 || second > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}`;
}

function offsetOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (raw === 'Z') return 'Z';
  const digits = raw.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3)}`;
}

/** Empty dates as Outlook writes them (`0.0.00`, `00.00.0000`). */
const emptyDate = /^0{1,2}\.0{1,2}\.0{2,4}$/;

function readDate(text: string, country: string): Converted<DateParts | null> {
  const value = text.trim();
  if (value === '' || emptyDate.test(value)) return ok(null);
  let year: number;
  let month: number;
  let day: number;
  let rest: Array<string | undefined>;
  const iso = isoPattern.exec(value);
  const german = iso ? null : germanPattern.exec(value);
  const slash = iso || german ? null : slashPattern.exec(value);
  const compact = iso || german || slash ? null : compactPattern.exec(value);
  if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    rest = iso.slice(4);
  } else if (german) {
    [day, month, year] = [Number(german[1]), Number(german[2]), fullYear(german[3])];
    rest = german.slice(4);
  } else if (slash) {
    const [a, b] = [Number(slash[1]), Number(slash[2])];
    const monthFirst = a <= 12 && (b > 12 || monthFirstCountries.has(country.toUpperCase()));
    [month, day] = monthFirst ? [a, b] : [b, a];
    year = fullYear(slash[3]);
    rest = slash.slice(4);
  } else if (compact) {
    [year, month, day] = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
    rest = [compact[4], compact[5], compact[6], undefined, compact[7]];
  } else if (/^\d{5}(\.\d+)?$/.test(value)) {
    const { date, time: t } = fromExcelSerial(Number(value));
    return ok(value.includes('.') ? { date, time: t } : { date });
  } else {
    return fail(
      'invalid_date',
      'unreadable',
      value,
      `"${value}" is not a date (use 31.12.2026, 2026-12-31 or 20261231)`,
    );
  }
  const date = isoDate(year, month, day);
  if (!date) return fail('invalid_date', 'no_such_day', value, `"${value}" is not a date that exists`);
  const [h, m, s, ampm, zone] = rest;
  if (h === undefined) return ok({ date });
  const t = time(h, m, s, ampm);
  if (!t) return fail('invalid_date', 'no_such_time', value, `"${value}" has a time that does not exist`);
  return ok({ date, time: t, offset: offsetOf(zone) });
}

/** A date as `YYYY-MM-DD`; a time beside it is dropped. */
export function toDate(text: string, country: string): Converted<string | null> {
  const read = readDate(text, country);
  if (!read.ok) return read;
  return ok(read.value ? read.value.date : null);
}

/** The offset of a time zone at a UTC instant, in minutes east of UTC. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneOffset(utcMs: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - utcMs) / 60_000);
}

/**
 * A point in time as an ISO string in UTC. A time without an offset is a wall-clock time in
 * `timeZone`; a date alone is midnight there.
 */
export function toDateTime(text: string, country: string, timeZone: string): Converted<string | null> {
  const read = readDate(text, country);
  if (!read.ok) return read;
  if (!read.value) return ok(null);
  const { date, time: t = '00:00:00', offset } = read.value;
  const wall = Date.parse(`${date}T${t}Z`);
  if (offset) {
    const sign = offset === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
    const minutes = offset === 'Z' ? 0 : Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6));
    return ok(new Date(wall - sign * minutes * 60_000).toISOString());
  }
  let guess = wall - zoneOffset(wall, timeZone) * 60_000;
  // Twice, so a wall-clock time next to a daylight-saving switch lands on the right side.
  guess = wall - zoneOffset(guess, timeZone) * 60_000;
  return ok(new Date(guess).toISOString());
}

/** A sign, at most 16 digits, and perhaps a separator with 1, 2 or 4 and more digits after it. */
const plainDecimal = /^(-?)(\d{1,16})(?:[.,](\d{1,2}|\d{4,}))?$/;

const currencyMarks = /(€|\$|£|¥|₣|\b(?:EUR|USD|GBP|CHF|JPY|SEK|NOK|DKK|PLN|CZK|Euro|EURO)\b)/g;

/**
 * A decimal as an exact string (`1234.56`, `-3`, `0.5`), or why not. Both `1.234,56` and
 * `1,234.56` read unambiguously (the last separator is the decimal one, the other must group
 * thousands by three). A single separator followed by exactly three digits (`1.234`, `1,234`)
 * can be either: `locale` decides (German: a thousands dot resp. a decimal comma; English: the
 * other way round). Spaces and apostrophes group thousands too; `1.5E+06` (Excel) is read.
 */
export function toDecimal(
  text: string,
  locale: 'de' | 'en',
  options: { money?: boolean; integer?: boolean; decimals?: number } = {},
): Converted<string | null> {
  // Most cells of a large file are plain (`12`, `-3,5`, `25.00`): one separator followed by
  // other than three digits is the decimal one in either locale, so they skip the rules below.
  const plain = plainDecimal.exec(text);
  if (plain) {
    const intPart = plain[2].replace(/^0+(?=\d)/, '');
    const fracPart = (plain[3] ?? '').replace(/0+$/, '');
    const result = fracPart ? `${intPart}.${fracPart}` : intPart;
    if (
      !(options.integer && fracPart !== '') &&
      !(options.money && options.decimals === undefined && fracPart.length > 2)
    )
      return ok(plain[1] && result !== '0' ? `-${result}` : result);
  }
  let value = text.trim();
  if (value === '') return ok(null);
  if (options.money) value = value.replace(currencyMarks, '').trim();
  value = value.replace(/[\s\u00A0\u202F'’]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(value)) {
    negative = true;
    value = value.slice(1, -1);
  }
  if (value.startsWith('-') || value.startsWith('−')) {
    negative = !negative;
    value = value.slice(1);
  } else if (value.startsWith('+')) value = value.slice(1);
  else if (value.endsWith('-')) {
    negative = true;
    value = value.slice(0, -1);
  }
  const bad = () => fail('wrong_type', 'number', text.trim(), `"${text.trim()}" is not a number`);
  let intPart: string;
  let fracPart = '';
  const sci = /^(\d+)(?:[.,](\d+))?[eE]([+-]?\d{1,3})$/.exec(value);
  if (sci) {
    const digits = sci[1] + (sci[2] ?? '');
    const point = sci[1].length + Number(sci[3]);
    if (point <= 0) [intPart, fracPart] = ['0', '0'.repeat(-point) + digits];
    else if (point >= digits.length) [intPart, fracPart] = [digits + '0'.repeat(point - digits.length), ''];
    else [intPart, fracPart] = [digits.slice(0, point), digits.slice(point)];
  } else {
    if (!/^[\d.,]+$/.test(value) || !/\d/.test(value)) return bad();
    const dots = value.split('.').length - 1;
    const commas = value.split(',').length - 1;
    let decimal: '.' | ',' | null;
    if (dots && commas) decimal = value.lastIndexOf('.') > value.lastIndexOf(',') ? '.' : ',';
    else if (dots + commas === 0) decimal = null;
    else {
      const sep = dots ? '.' : ',';
      const [head, tail] = value.split(sep);
      if (dots + commas > 1) decimal = null;
      else if (tail.length === 3 && head.length >= 1 && head.length <= 3 && head !== '0')
        decimal = (sep === ',') === (locale === 'de') ? sep : null;
      else decimal = sep;
    }
    const grouping = decimal === '.' ? ',' : decimal === ',' ? '.' : dots ? '.' : ',';
    const [whole, frac = ''] = decimal ? value.split(decimal) : [value];
    if (decimal && value.split(decimal).length > 2) return bad();
    if (whole.includes(grouping)) {
      const groups = whole.split(grouping);
      if (groups[0].length < 1 || groups[0].length > 3 || groups.slice(1).some((g) => g.length !== 3)) return bad();
    }
    intPart = whole.split(grouping).join('');
    if (intPart === '') intPart = '0';
    if (frac.includes(grouping) || (decimal && frac === '')) return bad();
    fracPart = frac;
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  fracPart = fracPart.replace(/0+$/, '');
  if (options.integer && fracPart !== '')
    return fail('wrong_type', 'whole_number', text.trim(), `"${text.trim()}" is not a whole number`);
  // Money has cents; a catalogue price may have more (`decimals`), which its schema then checks.
  if (options.money && options.decimals === undefined && fracPart.length > 2)
    return fail('invalid_format', 'decimals', text.trim(), `"${text.trim()}" has more than two decimals`);
  if (intPart.length > 16) return fail('too_big', 'number', text.trim(), `"${text.trim()}" is too big`);
  const result = fracPart ? `${intPart}.${fracPart}` : intPart;
  return ok(negative && result !== '0' ? `-${result}` : result);
}

const truthy = new Set(['ja', 'j', 'yes', 'y', 'wahr', 'true', 'x', '1', 'on', 'an', 'oui', 'si', 'ok']);
const falsy = new Set(['nein', 'n', 'no', 'falsch', 'false', '0', 'off', 'aus', 'non', '-']);

export function toBoolean(text: string): Converted<boolean | null> {
  const value = text.trim().toLowerCase();
  if (value === '') return ok(null);
  if (truthy.has(value)) return ok(true);
  if (falsy.has(value)) return ok(false);
  return fail('wrong_type', 'yes_no', text.trim(), `"${text.trim()}" is not yes or no (ja/nein, x, 1/0)`);
}

// The same rule the API checks addresses with, so what the import lets through the write path takes.
const emailSchema = z.email().max(254);

/** An email address; `Anna <anna@example.de>` and `mailto:` forms give the address. */
export function toEmail(text: string): Converted<string | null> {
  let value = text.trim();
  if (value === '') return ok(null);
  const angle = /<([^<>]+)>\s*$/.exec(value);
  if (angle) value = angle[1].trim();
  value = value.replace(/^mailto:/i, '');
  if (!emailSchema.safeParse(value).success)
    return fail('invalid_email', undefined, text.trim(), `"${text.trim()}" is not an email address`);
  return ok(value);
}

const listSeparator = /[;,]|:::/;

/** Splits a cell holding several values: `a; b`, `a, b`, Google's `a ::: b`. */
export function splitList(text: string): string[] {
  if (!listSeparator.test(text)) {
    const single = text.trim();
    return single === '' ? [] : [single];
  }
  return text
    .split(/\s*(?:;|,|:::)\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
