// RFC 9457 problem details: every error Farley answers is one of these. Domain errors
// (platform/errors.ts) get the status of their kind here, at the HTTP edge.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type ErrorKind, type FieldError } from '../errors.ts';

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

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** The problem responses a route documents, by status: `problemsOf(400, 401, 403, 404)`. */
export function problemsOf<S extends number>(...statuses: S[]): Record<S, typeof problemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, problemSchema])) as Record<S, typeof problemSchema>;
}

function send(reply: FastifyReply, status: number, detail: string, errors?: FieldError[]) {
  const body: Record<string, unknown> = { type: 'about:blank', title: titles[status] ?? 'Error', status, detail };
  if (errors?.length) body.errors = errors;
  return reply.code(status).type('application/problem+json').send(body);
}

/** Maps PostgreSQL errors caused by input (not by bugs) to client errors. */
function fromDatabase(error: { code?: string; constraint?: string; detail?: string }): [number, string] | null {
  switch (error.code) {
    case '23505':
      return [409, 'A record with these values exists already.'];
    case '23503':
      return [422, 'A referenced record does not exist.'];
    case '23514':
      return [422, 'A value is outside what is allowed.'];
    case '22001':
      return [400, 'A value is too long.'];
    case '22003':
      return [400, 'A number is out of range.'];
    case '22007':
    case '22008':
      return [400, 'A date or time is invalid.'];
    case '22P02':
      return [400, 'A value has the wrong format.'];
    case '22021':
      return [400, 'A value is not valid UTF-8 text.'];
    // A NUL character (\u0000) inside a JSON field: jsonb cannot hold one.
    case '22P05':
      return [400, 'A value contains a character that cannot be stored (such as \\u0000).'];
    case '54000':
      return [400, 'A value is too large to process.'];
    case '40001':
    case '40P01':
      return [503, 'The database was busy; please retry.'];
    case '57014':
      return [503, 'The request took too long: the database cancelled it. Narrow it down or retry later.'];
    case '25P03':
      return [503, 'The request held its database transaction idle too long and was cancelled; please retry.'];
    case '57P01':
    case '57P02':
    case '57P03':
    case '08000':
    case '08003':
    case '08006':
      return [503, 'The database is not available right now; please retry.'];
    default:
      // The driver's own words when the server closed the connection under a request.
      return !error.code && /Connection terminated|not queryable/i.test((error as { message?: string }).message ?? '')
        ? [503, 'The database connection was lost; please retry.']
        : null;
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
  const detail =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The URL is not valid: check its %-escapes.'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'A part of the URL is too long.'
        : 'The request is not valid.';
  return send(reply, status, detail);
}

export function installProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError & { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return send(reply, statusOf[error.kind], error.detail, error.errors);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const errors = error.validation.flatMap((issue) =>
        zodPaths(issue.instancePath, issue.params).map((path) => ({
          path: [where === 'querystring' ? 'query' : where, path].filter(Boolean).join('.'),
          message: issue.message,
        })),
      );
      return send(reply, 400, `The ${where === 'querystring' ? 'query string' : where} is invalid.`, errors);
    }
    const statusCode = error.statusCode;
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return send(reply, 400, 'The body is not valid JSON.');
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, 413, 'The body is too large.');
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(reply, 415, 'Send the body as application/json.');
    }
    const db = fromDatabase(error);
    if (db) {
      if (db[0] === 503) reply.header('retry-after', '1');
      return send(reply, db[0], db[1]);
    }
    if (statusCode && statusCode >= 400 && statusCode < 500) {
      return send(reply, statusCode, error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'Something went wrong on our side. The error has been logged.');
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, `There is no route ${request.method} ${request.url.split('?')[0]}.`),
  );
}
