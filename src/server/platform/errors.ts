// What can go wrong that the caller is told about: a domain error, by kind and code. It says
// nothing of HTTP; the HTTP edge (http/problems.ts) answers each kind with its status and a
// problem document carrying the code, and other callers (the `farley` command, jobs) print
// or log it.
import { type FieldErrorCode, type ProblemCode, isFieldErrorCode, isProblemCode } from '../../contract/problems.ts';

/** What kind of failure: the caller's to fix, or to wait out. */
export type ErrorKind =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'invalid'
  | 'too_many_requests'
  | 'unavailable';

/**
 * A field the failure is about, by its dotted path (`emails.0.email`, `query.q`). Without a
 * code it goes out as `invalid` (a rule its message explains).
 */
export interface FieldError {
  path: string;
  message: string;
  code?: FieldErrorCode;
}

/** The code each kind has unless the error names a more specific one. */
const codeOfKind: Record<ErrorKind, ProblemCode> = {
  bad_request: 'bad_request',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  precondition_failed: 'stale_version',
  invalid: 'invalid',
  too_many_requests: 'too_many_requests',
  unavailable: 'unavailable',
};

export class AppError extends Error {
  /** The problem code the caller decides by (see src/contract/problems.ts). */
  readonly code: ProblemCode;
  /** Members of the problem document beyond the standard ones (the schema lists each). */
  extensions?: { mergedIntoId?: string };
  constructor(
    readonly kind: ErrorKind,
    readonly detail: string,
    readonly errors?: FieldError[],
    /** Hints for the caller that travel with the answer (`retry-after`). */
    readonly headers?: Record<string, string>,
    code?: ProblemCode,
  ) {
    super(detail);
    this.code = code ?? codeOfKind[kind];
  }
}

/** Whether an error carries only codes of the registry (what the problem sender insists on). */
export function hasKnownCodes(error: AppError): boolean {
  return (
    isProblemCode(error.code) && (error.errors ?? []).every((e) => e.code === undefined || isFieldErrorCode(e.code))
  );
}

export const notFound = (what = 'record') => new AppError('not_found', `The ${what} does not exist.`);
/** A record of the caller's workspace that is in its trash (others' records stay `notFound`). */
export const inTrash = (what = 'record') =>
  new AppError(
    'not_found',
    `The ${what} is in the trash; restore it to work with it.`,
    undefined,
    undefined,
    'in_trash',
  );
/** A trashed record that was merged into another: the caller can go on to the survivor. */
export function mergedInto(what: string, survivorId: string): AppError {
  const error = new AppError('not_found', `The ${what} was merged into ${survivorId}.`, undefined, undefined, 'merged');
  error.extensions = { mergedIntoId: survivorId };
  return error;
}
export const forbidden = (detail = 'Your role does not allow this.') => new AppError('forbidden', detail);
export const invalid = (errors: FieldError[], detail = 'The request has invalid fields.', code?: ProblemCode) =>
  new AppError('invalid', detail, errors, undefined, code);
export const conflict = (detail: string, code?: ProblemCode) =>
  new AppError('conflict', detail, undefined, undefined, code);
/** A list cursor that is not one this server handed out (or belongs to another sort order). */
export const invalidCursor = (detail = 'The cursor is invalid.') =>
  badRequest(detail, [{ path: 'query.cursor', code: 'invalid_format', message: 'invalid cursor' }], 'invalid_cursor');
/** A request that cannot be read; `code` says what exactly (`invalid_cursor`, `invalid_phone`…). */
export const badRequest = (detail: string, errors?: FieldError[], code?: ProblemCode) =>
  new AppError('bad_request', detail, errors, undefined, code);

/**
 * What `read` finds of a record a field of the request names; one that is not there (a 404 of
 * the read) is the request's fault at that field: 422 `missing_reference`.
 */
export async function referenced<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError && error.kind === 'not_found')
      throw invalid([{ path, code: 'not_found', message: `no live record ${path}` }], undefined, 'missing_reference');
    throw error;
  }
}
