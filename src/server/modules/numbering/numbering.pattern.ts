// Numbering patterns of sales documents: checking one a user writes, and turning a counter
// value and a document date into the document's number (`AN-{YYYY}-{NNNN}` → `AN-2026-0042`).
import { invalid } from '../../platform/errors.ts';

export type DocumentKind = 'quote' | 'order';
export const documentKinds: readonly DocumentKind[] = ['quote', 'order'];

/** Angebot and Auftragsbestätigung: the German abbreviations customers know. */
export const defaultPatterns: Record<DocumentKind, string> = {
  quote: 'AN-{YYYY}-{NNNN}',
  order: 'AB-{YYYY}-{NNNN}',
};

export const maxPatternLength = 40;
/** More than this many N would only pad with zeros no counter reaches. */
const maxDigits = 10;

/** The calendar parts of a document's date that a pattern may show. */
export interface DocumentDate {
  year: number;
  month: number;
}

type Part = { text: string } | { year: 4 | 2 } | { month: true } | { digits: number };

const placeholder = /\{([^{}]*)\}/g;

/**
 * The parts of a pattern, or a field error at `path` saying what is wrong with it. A pattern
 * has exactly one number placeholder (with none, two documents of a year would share a
 * number) and the year (without it, two years would).
 */
export function parsePattern(pattern: string, path = 'pattern'): Part[] {
  const refuse = (message: string) =>
    invalid([{ path, code: 'invalid_format', message }], `The numbering pattern "${pattern}" cannot be used.`);
  if (pattern.trim() === '') throw refuse('A numbering pattern must not be empty.');
  if (pattern.length > maxPatternLength)
    throw refuse(`A numbering pattern has at most ${maxPatternLength} characters.`);
  // Control characters would end up in PDFs and file names.
  if (/\p{Cc}/u.test(pattern)) throw refuse('A numbering pattern must not contain control characters.');
  const parts: Part[] = [];
  let numbers = 0;
  let at = 0;
  for (const match of pattern.matchAll(placeholder)) {
    if (match.index > at) parts.push({ text: pattern.slice(at, match.index) });
    at = match.index + match[0].length;
    const name = match[1];
    if (name === 'YYYY') parts.push({ year: 4 });
    else if (name === 'YY') parts.push({ year: 2 });
    else if (name === 'MM') parts.push({ month: true });
    else if (/^N+$/.test(name)) {
      if (name.length > maxDigits) throw refuse(`{${name}} asks for more than ${maxDigits} digits.`);
      numbers++;
      parts.push({ digits: name.length });
    } else throw refuse(`{${name}} is no placeholder; use {YYYY}, {YY}, {MM} or {NNNN} (as many N as digits).`);
  }
  if (at < pattern.length) parts.push({ text: pattern.slice(at) });
  if (parts.some((part) => 'text' in part && /[{}]/.test(part.text)))
    throw refuse('A brace that opens no placeholder: placeholders are written {YYYY}, {YY}, {MM}, {NNNN}.');
  // The counter starts again each year, so only the year keeps this year's 1 apart from last year's.
  if (!parts.some((part) => 'year' in part))
    throw refuse('A numbering pattern needs the year, {YYYY} or {YY}: numbers start again at 1 each year.');
  if (numbers !== 1)
    throw refuse(
      numbers === 0
        ? 'A numbering pattern needs a number placeholder such as {NNNN}.'
        : 'A numbering pattern has exactly one number placeholder.',
    );
  return parts;
}

/**
 * The document number of counter value `sequence`. The N's are the least digits: a counter
 * that outgrows them gets more (`{NN}` with 123 is `123`), never a cut or repeated number.
 */
export function formatNumber(pattern: string, sequence: number, date: DocumentDate): string {
  return parsePattern(pattern)
    .map((part) => {
      if ('text' in part) return part.text;
      if ('year' in part)
        return part.year === 4 ? String(date.year).padStart(4, '0') : String(date.year % 100).padStart(2, '0');
      if ('month' in part) return String(date.month).padStart(2, '0');
      return String(sequence).padStart(part.digits, '0');
    })
    .join('');
}

/**
 * Year and month of a document date in the workspace's time zone: a date alone
 * (`2026-12-31`) is that calendar day; an instant is the day it is there (a quote issued
 * at 00:30 on New Year's Day in Berlin is 23:30 UTC the day before, and belongs to the new year).
 */
export function documentDate(date: Date | string, timeZone: string): DocumentDate {
  if (typeof date === 'string') {
    const day = /^(\d{4})-(\d{2})-\d{2}$/.exec(date);
    if (!day) throw invalid([{ path: 'date', code: 'invalid_date', message: `"${date}" is no date (YYYY-MM-DD).` }]);
    return { year: Number(day[1]), month: Number(day[2]) };
  }
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(date);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return { year: value('year'), month: value('month') };
}
