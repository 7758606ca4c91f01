// Field errors of the record forms, from two sources with one shape (path → message):
// the contract's zod schemas run in the browser, and the server's 400/422 problem `errors`,
// translated by their code and field. Paths are dotted like the server's: "lastName", "emails.0.email".
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError } from '../../app/api.ts';
import { fieldErrorText } from '../../ui/problems.ts';

export type FieldErrors = Record<string, string>;

// The contract's own messages (English, written for API clients) mapped to translation keys,
// so a German user reads German; anything unknown falls back to the issue's code.
const knownMessages: Array<[RegExp, string]> = [
  [/^must not be empty$/, 'required'],
  // A required field left empty is not sent at all (see useRecordForm's withoutEmpty).
  [/received undefined$/, 'required'],
  [/is not a valid email address/, 'email'],
  [/too short for a phone number/, 'phoneShort'],
  [/may hold only digits/, 'phoneChars'],
  [/ISO 3166 country code/, 'country'],
  [/ISO 4217 code/, 'currency'],
  [/^is not a web address$/, 'website'],
  [/VAT id/, 'vatId'],
  [/decimal string/, 'amount'],
  [/^must not be negative$/, 'negative'],
  [/^must be a date YYYY-MM-DD$|^is not a real date$/, 'date'],
  [/ISO 8601 time/, 'dateTime'],
  [/birthday cannot be in the future/, 'birthdayFuture'],
  [/birthday before 1900/, 'birthdayOld'],
  [/^must be an id/, 'record'],
  // contactUnidentified's words: a contact that names no one.
  [/^a contact needs at least/, 'contactIdentity'],
];

type Issue = z.core.$ZodIssue;

export function issueMessage(issue: Issue, t: TFunction): string {
  for (const [pattern, key] of knownMessages) if (pattern.test(issue.message)) return t(`forms.errors.${key}`);
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string'
        ? t('forms.errors.tooLong', { max: Number(issue.maximum) })
        : issue.origin === 'array'
          ? t('forms.errors.tooMany', { max: Number(issue.maximum) })
          : t('forms.errors.atMost', { max: Number(issue.maximum) });
    case 'too_small':
      return issue.origin === 'string'
        ? t('forms.errors.required')
        : t('forms.errors.atLeast', { min: Number(issue.minimum) });
    case 'invalid_type':
      return issue.expected === 'int' ? t('forms.errors.wholeNumber') : t('forms.errors.invalid');
    case 'invalid_value':
      return t('forms.errors.choose');
    default:
      return t('forms.errors.invalid');
  }
}

/** The first problem of each field of a zod result (none when it passed). */
export function clientErrors(result: z.ZodSafeParseResult<unknown>, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= issueMessage(issue, t);
  }
  return errors;
}

/**
 * The server's field errors of a 400/422 problem, with "body." and JSON-pointer prefixes
 * removed, in the user's language (by code and field; the server's English is for API clients).
 */
export function serverErrors(error: unknown, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  if (!(error instanceof ApiError)) return errors;
  for (const entry of error.problem?.errors ?? []) {
    const path = entry.path
      .replace(/^\//, '')
      .replace(/\//g, '.')
      .replace(/^body\.?/, '');
    errors[path] ??= fieldErrorText(path, entry.code, t);
  }
  return errors;
}

/** The keys of `next` whose value differs from `before` (compared as JSON): what a PATCH sends. */
export function changedFields<T extends Record<string, unknown>>(before: T, next: T): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(next) as Array<keyof T>) {
    if (JSON.stringify(next[key] ?? null) !== JSON.stringify(before[key] ?? null)) patch[key] = next[key];
  }
  return patch;
}
