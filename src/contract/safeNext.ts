// Where sign-in may send a user afterwards (the sign-in page, and the server after sign-in with an
// identity provider): a path of this app, never another site.

/**
 * `next` if it is a path of this origin, else `fallback`. Browsers read `//host` and `/\host`
 * as another site (a backslash counts as a slash in URLs) and drop tabs and newlines, so only
 * a single leading slash followed by neither slash nor backslash, with no control characters,
 * is accepted. Anything else (schemes like `javascript:`, relative paths) is refused.
 */
export function safeNext(next: string | null | undefined, fallback: string): string {
  if (!next || !/^\/(?![/\\])/.test(next)) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  return next;
}
