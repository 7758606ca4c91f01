// What can go wrong that the caller is told about: a domain error, by kind. It says nothing
// of HTTP; the HTTP edge (http/problems.ts) answers each kind with its status and a problem
// document, and other callers (the `farley` command, jobs) print or log it.

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

/** A field the failure is about, by its dotted path (`emails.0.email`, `query.q`). */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly detail: string,
    readonly errors?: FieldError[],
    /** Hints for the caller that travel with the answer (`retry-after`). */
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

export const notFound = (what = 'record') => new AppError('not_found', `The ${what} does not exist.`);
export const forbidden = (detail = 'Your role does not allow this.') => new AppError('forbidden', detail);
export const invalid = (errors: FieldError[], detail = 'The request has invalid fields.') =>
  new AppError('invalid', detail, errors);
export const conflict = (detail: string) => new AppError('conflict', detail);
