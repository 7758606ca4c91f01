// What a user reads about a failed request, in their language: the server's problem code
// (src/contract/problems.ts) translated (src/web/i18n/<language>/problems.json), field errors
// by code and field, and the way forward that can help (a list, the trash, trying again).
import type { TFunction } from 'i18next';
import { type FieldErrorCode, type ProblemCode, isFieldErrorCode, isProblemCode } from '../../contract/problems.ts';
import { ApiError } from '../app/api.ts';

/** The general code of a status, for an answer without a known code (an older or newer server). */
function codeOfStatus(status: number): ProblemCode {
  if (status >= 500) return status === 503 ? 'unavailable' : 'internal';
  const general: Record<number, ProblemCode> = {
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    412: 'stale_version',
    422: 'invalid',
    429: 'too_many_requests',
  };
  return general[status] ?? 'bad_request';
}

/** The code of a failed request's problem; undefined when it never reached the server. */
export function problemCode(error: unknown): ProblemCode | undefined {
  if (!(error instanceof ApiError) || error.isNetwork) return undefined;
  return isProblemCode(error.code) ? error.code : codeOfStatus(error.status);
}

/** The message for an error, in the user's language. */
export function problemText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && error.isNetwork) return t('state.network');
  const code = problemCode(error);
  return code ? t(`problems.codes.${code}`) : t('state.unknown');
}

/**
 * The message of one field error: a text for this code at this field where the field needs
 * its own words (`byField.postalCode.invalid_format`), else the code's text.
 */
export function fieldErrorText(path: string, code: FieldErrorCode | undefined, t: TFunction): string {
  const known: FieldErrorCode = isFieldErrorCode(code) ? code : 'invalid';
  const field = path
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .at(-1);
  const own = `problems.byField.${field}.${known}`;
  return field && t(own, { defaultValue: '' }) ? t(own) : t(`problems.fields.${known}`);
}

/** Codes a second try can cure: the server or the network was in the way, not the request. */
const passing = new Set<ProblemCode>([
  'internal',
  'unavailable',
  'database_busy',
  'database_timeout',
  'database_unavailable',
  'too_many_requests',
]);

/** Whether trying the same request again can help. */
export function retryHelps(error: unknown): boolean {
  if (error instanceof ApiError && error.isNetwork) return true;
  const code = problemCode(error);
  return code === undefined || passing.has(code);
}

/** The areas whose records a page shows, by the first part of its path. */
const listAreas = ['contacts', 'companies', 'deals', 'tasks', 'activities', 'products'] as const;
export type ListArea = (typeof listAreas)[number];

/** Where a record merged into another lives on: the survivor's page (null for any other error). */
export function survivorPath(error: unknown, pathname: string): string | null {
  if (!(error instanceof ApiError) || error.code !== 'merged' || !error.problem?.mergedIntoId) return null;
  const segment = pathname.split('/')[1] ?? '';
  return segment === 'contacts' || segment === 'companies' ? `/${segment}/${error.problem.mergedIntoId}` : null;
}

export interface WayForward {
  to: string;
  /** Translation key of the link's text. */
  label: string;
}

/**
 * Where a user can go when a record page fails: a record that is gone or whose link is
 * broken leads back to its list, a record in the trash to the trash of its kind.
 */
export function waysForward(error: unknown, pathname: string): WayForward[] {
  const code = problemCode(error);
  const segment = pathname.split('/')[1] ?? '';
  const area = (listAreas as readonly string[]).includes(segment) ? (segment as ListArea) : null;
  const list = area
    ? { to: `/${area}`, label: `problems.forward.${area}` }
    : { to: '/', label: 'problems.forward.start' };
  switch (code) {
    case 'in_trash':
      return [{ to: area ? `/trash?type=${area}` : '/trash', label: 'problems.forward.trash' }, list];
    case 'not_found':
    case 'malformed_id':
    case 'forbidden':
      return [list];
    default:
      return [];
  }
}
