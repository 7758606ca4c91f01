// RFC 9457 problem details: every error Farley answers is one of these. Domain errors
// (platform/errors.ts) get the status of their kind here, at the HTTP edge.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  type FieldErrorCode,
  type ProblemCode,
  isFieldErrorCode,
  isProblemCode,
  problemSchema,
} from '../../../contract/problems.ts';
import { AppError, type ErrorKind, type FieldError } from '../errors.ts';

export { problemSchema };

const statusOf: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  invalid: 422,
  too_many_requests: 429,
  unavailable: 503,
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  414: 'URI Too Long',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The problem responses a route documents, by status: `problemsOf(400, 401, 403, 404)`. */
export function problemsOf<S extends number>(...statuses: S[]): Record<S, typeof problemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, problemSchema])) as Record<S, typeof problemSchema>;
}

/** Codes for the statuses Fastify answers on its own (a 4xx it raised with only a message). */
const codeOfStatus: Record<number, ProblemCode> = {
  404: 'no_route',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'body_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  428: 'precondition_required',
};

/**
 * Writes a problem document. Every problem leaves with a code of the registry and every field
 * error with a field code (`invalid` when its source named none); a code outside the registry
 * is a bug, answered as one (500 `internal`, logged) so that a test meeting it fails.
 */
function send(
  reply: FastifyReply,
  status: number,
  code: ProblemCode,
  detail: string,
  errors?: FieldError[],
  extensions?: Record<string, unknown>,
) {
  const fields = errors?.map((error) => ({ path: error.path, code: error.code ?? 'invalid', message: error.message }));
  if (!isProblemCode(code) || fields?.some((field) => !isFieldErrorCode(field.code))) {
    reply.log.error({ code, errors }, 'problem with a code outside src/contract/problems.ts');
    return send(reply, 500, 'internal', 'Something went wrong on our side. The error has been logged.');
  }
  const body: Record<string, unknown> = {
    type: 'about:blank',
    title: titles[status] ?? 'Error',
    status,
    code,
    detail,
    ...extensions,
  };
  if (fields?.length) body.errors = fields;
  return reply.code(status).type('application/problem+json').send(body);
}

/** Maps PostgreSQL errors caused by input (not by bugs) to client errors. */
export function fromDatabase(error: {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}): [number, ProblemCode, string] | null {
  switch (error.code) {
    case '23505':
      // Two writers raced for one customer number, or a restore met a number taken since.
      if (error.constraint?.endsWith('_customer_number'))
        return [409, 'customer_number_taken', 'Another record has this customer number.'];
      if (error.constraint === 'products_sku') return [409, 'sku_taken', 'Another product has this SKU.'];
      if (error.constraint === 'orders_external_number')
        return [409, 'external_number_taken', 'Another order has this external number.'];
      return [409, 'duplicate', 'A record with these values exists already.'];
    case '42501':
      // A row that fails a row-level security check: in practice the record scopes' checks of
      // new rows (0064, and RETURNING against 0062's read policy), a record created for, or
      // handed to, someone outside the writer's scope. Other privilege errors (a missing
      // grant) are bugs and stay 500.
      if (error.message?.includes('row-level security policy'))
        return [
          403,
          'outside_scope',
          'After this change the record would be outside what your role may see: make yourself or someone in your team the owner.',
        ];
      return null;
    case '23503':
      return [422, 'missing_reference', 'A referenced record does not exist.'];
    case '23514':
      return [422, 'out_of_bounds', 'A value is outside what is allowed.'];
    case '22001':
      return [400, 'value_too_long', 'A value is too long.'];
    case '22003':
      return [400, 'number_out_of_range', 'A number is out of range.'];
    case '22007':
    case '22008':
      return [400, 'invalid_date', 'A date or time is invalid.'];
    case '22P02':
      return [400, 'invalid_format', 'A value has the wrong format.'];
    case '22021':
      return [400, 'invalid_text', 'A value is not valid UTF-8 text.'];
    // A NUL character (\u0000) inside a JSON field: jsonb cannot hold one.
    case '22P05':
      return [400, 'invalid_text', 'A value contains a character that cannot be stored (such as \\u0000).'];
    case '54000':
      return [400, 'value_too_large', 'A value is too large to process.'];
    case '40001':
    case '40P01':
      return [503, 'database_busy', 'The database was busy; please retry.'];
    case '57014':
      return [
        503,
        'database_timeout',
        'The request took too long: the database cancelled it. Narrow it down or retry later.',
      ];
    case '25P03':
      return [
        503,
        'database_timeout',
        'The request held its database transaction idle too long and was cancelled; please retry.',
      ];
    case '57P01':
    case '57P02':
    case '57P03':
    case '08000':
    case '08003':
    case '08006':
      return [503, 'database_unavailable', 'The database is not available right now; please retry.'];
    default:
      // The driver's own words when the server closed the connection under a request.
      return !error.code && /Connection terminated|not queryable/i.test(error.message ?? '')
        ? [503, 'database_unavailable', 'The database connection was lost; please retry.']
        : null;
  }
}

/** The field code of one zod issue (as fastify-type-provider-zod passes it on). */
export function fieldCodeOf(keyword: string, params: Record<string, unknown>, message: string): FieldErrorCode {
  switch (keyword) {
    case 'invalid_type':
      return /received undefined$/.test(message) ? 'required' : 'wrong_type';
    case 'too_small':
      if (params.origin === 'string') return Number(params.minimum) === 1 ? 'required' : 'too_short';
      return params.origin === 'array' || params.origin === 'set' ? 'too_few' : 'too_small';
    case 'too_big':
      if (params.origin === 'string') return 'too_long';
      return params.origin === 'array' || params.origin === 'set' ? 'too_many' : 'too_big';
    case 'invalid_format':
      return params.format === 'email'
        ? 'invalid_email'
        : params.format === 'regex' && /phone/.test(message)
          ? 'invalid_phone'
          : params.format === 'uuid'
            ? 'malformed_id'
            : params.format === 'datetime' || params.format === 'date'
              ? 'invalid_date'
              : 'invalid_format';
    case 'invalid_value':
    case 'invalid_union':
      return 'invalid_choice';
    case 'unrecognized_keys':
      return 'unknown_field';
    default:
      return 'invalid';
  }
}

/** Field paths of one zod issue; an unknown-keys issue names each unknown key. */
function zodPaths(instancePath: string, params: unknown): string[] {
  const base = instancePath.replace(/^\//, '').replace(/\//g, '.');
  const keys = (params as { keys?: string[] })?.keys;
  return keys?.length ? keys.map((key) => (base ? `${base}.${key}` : key)) : [base];
}

/**
 * Errors Fastify raises while routing, before any handler or hook runs (broken %-escapes,
 * an over-long path segment): passed as the `frameworkErrors` option, they are problem
 * documents like every other error.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  if (error.code === 'FST_ERR_BAD_URL') {
    return send(reply, status, 'invalid_url', 'The URL is not valid: check its %-escapes.');
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return send(reply, status, 'invalid_url', 'A part of the URL is too long.');
  return send(reply, status, codeOfStatus[status] ?? 'bad_request', 'The request is not valid.');
}

export function installProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError & { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return send(reply, statusOf[error.kind], error.code, error.detail, error.errors, error.extensions);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const errors: FieldError[] = error.validation.flatMap((issue) =>
        zodPaths(issue.instancePath, issue.params).map((path) => ({
          path: [where === 'querystring' ? 'query' : where, path].filter(Boolean).join('.'),
          code: fieldCodeOf(issue.keyword, issue.params as Record<string, unknown>, issue.message),
          message: issue.message,
        })),
      );
      // An id in the path that is no id: the link the user followed is broken, not a form.
      const code = where === 'params' && errors.every((e) => e.code === 'malformed_id') ? 'malformed_id' : 'validation';
      return send(reply, 400, code, `The ${where === 'querystring' ? 'query string' : where} is invalid.`, errors);
    }
    const statusCode = error.statusCode;
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return send(reply, 400, 'invalid_json', 'The body is not valid JSON.');
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return send(reply, 413, 'body_too_large', 'The body is too large.');
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(reply, 415, 'unsupported_media_type', 'Send the body as application/json.');
    }
    const db = fromDatabase(error);
    if (db) {
      if (db[0] === 503) reply.header('retry-after', '1');
      return send(reply, db[0], db[1], db[2]);
    }
    if (statusCode && statusCode >= 400 && statusCode < 500) {
      return send(reply, statusCode, codeOfStatus[statusCode] ?? 'bad_request', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'internal', 'Something went wrong on our side. The error has been logged.');
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'no_route', `There is no route ${request.method} ${request.url.split('?')[0]}.`),
  );
}
