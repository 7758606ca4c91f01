// The one way the web app talks to the server: JSON over fetch with the session cookie,
// the CSRF token on every write, and RFC 9457 problems turned into ApiError.
import type { FieldErrorCode, ProblemCode } from '../../contract/problems.ts';

export interface FieldError {
  path: string;
  /** What is wrong, for translation (src/contract/problems.ts); `message` is the server's English. */
  code?: FieldErrorCode;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  /** What went wrong, for translation; `detail` is the server's English. */
  code?: ProblemCode;
  detail?: string;
  errors?: FieldError[];
  /** With code `merged`: the record the requested one was merged into. */
  mergedIntoId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
  /** True when the request never reached the server (offline, server down). */
  get isNetwork() {
    return this.status === 0;
  }
  /** The problem's code; undefined for network errors and answers without a problem document. */
  get code(): ProblemCode | undefined {
    return this.problem?.code;
  }
}

// Kept in memory only (never in storage): a script that can read storage must not get it.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** The headers a write that cannot go through `api()` needs (an upload with progress). */
export function writeHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

let onUnauthorized: (() => void) | null = null;
/** Called when a signed-in request comes back 401 (the session expired or was revoked). */
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let url = `/api/v1${path}`;
  if (options.query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    if (search) url += `${url.includes('?') ? '&' : '?'}${search}`;
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/auth/')) onUnauthorized?.();
    throw new ApiError(response.status, (body as Problem | null) ?? { status: response.status });
  }
  return body as T;
}

/** A page of a list resource: `{data, nextCursor}`, and whether a list's search stopped at its limit. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  searchLimited?: boolean;
}
