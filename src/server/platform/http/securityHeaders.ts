// The security headers every response carries: API answers, problems, the web app, its assets,
// the API docs and the CardDAV/CalDAV server alike (docs/security.md#headers says why each).
import type { FastifyInstance } from 'fastify';

/**
 * The web app's Content-Security-Policy. Scripts only from Farley's own files (the built
 * index.html has no inline script). Styles need 'unsafe-inline': Mantine writes its CSS
 * variables into `<style>` elements, and the frames that show an email or a template preview
 * (srcdoc, which inherit this policy) carry the message's own `<style>` and style attributes.
 * Images from `https:`/`http:` for the same reason: a message's remote images, shown when the
 * user asks (the frame's own policy keeps them out until then).
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https: http:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Browser features Farley never uses, switched off for its pages and anything they embed. */
export const permissionsPolicy = [
  'accelerometer',
  'bluetooth',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** The headers, by name; `secure` (FARLEY_COOKIE_SECURE=1: served over HTTPS) adds HSTS. */
export function securityHeaders(options: { secure: boolean }): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy,
    // Same-origin requests keep their referrer (and POSTs their Origin header); other sites
    // learn nothing of Farley's address or of the record a link was followed from.
    'referrer-policy': 'same-origin',
    'permissions-policy': permissionsPolicy,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // No includeSubDomains: the operator's other hosts are not Farley's to decide.
    ...(options.secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/**
 * Adds the headers to every response on its way out (errors and 404s included). A route that
 * sets one of them itself keeps its own (an attachment's `sandbox` policy). Errors Fastify
 * raises while routing skip the hooks: `frameworkErrors` adds the headers there.
 */
export function installSecurityHeaders(app: FastifyInstance, headers: Record<string, string>) {
  const entries = Object.entries(headers);
  app.addHook('onSend', (_request, reply, payload, done) => {
    for (const [name, value] of entries) if (!reply.hasHeader(name)) reply.header(name, value);
    done(null, payload);
  });
}
