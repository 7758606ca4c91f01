// Checking a mailbox's servers as they are configured: can Farley sign in to IMAP and see
// every folder it is to sync, and can it sign in to SMTP. Each failure is sorted into one of
// a few codes a person can act on (a typo in the host, a firewall, a certificate, a password).
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { CheckFailureCode, MailboxCheck } from '../../../contract/mailboxes.ts';

export interface ServerSettings {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  trustSelfSigned: boolean;
  username: string;
  password: string;
}

/** Per step (connect, greeting, each answer): a save waits for the check, so it stays short. */
const stepTimeoutMs = 10_000;
/** The whole check of one server, whatever the steps do. */
const checkTimeoutMs = 15_000;

type Failure = { ok: false; code: CheckFailureCode; message: string };

interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  authenticationFailed?: unknown;
  responseCode?: unknown;
  cause?: unknown;
}

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EDNS', 'EAI_NONAME', 'EAI_NODATA']);
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'EADDRNOTAVAIL',
]);
const timeoutCodes = new Set(['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);
const tlsCode =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|CERT_|ERR_TLS_|ERR_SSL_|ETLS$|ERR_OSSL)/;

/** The codes an error and its causes carry, outermost first. */
function codesOf(error: ErrorLike): string[] {
  const codes: string[] = [];
  for (let e: ErrorLike | undefined = error, depth = 0; e && depth < 5; e = e.cause as ErrorLike, depth++) {
    for (const value of [e.code, e.errno]) if (typeof value === 'string') codes.push(value);
  }
  return codes;
}

/** Which kind of failure an error of imapflow, nodemailer or the socket below them is. */
export function classify(error: unknown, server: 'IMAP' | 'SMTP', host: string): Failure {
  const e = (error && typeof error === 'object' ? error : {}) as ErrorLike;
  const codes = codesOf(e);
  const text = typeof e.message === 'string' ? e.message : String(error);
  const fail = (code: CheckFailureCode, message: string): Failure => ({ ok: false, code, message });
  if (e.authenticationFailed === true || codes.includes('EAUTH') || e.responseCode === 535)
    return fail('auth', `The ${server} server refused the login: user name or password wrong (${text})`);
  if (codes.some((code) => dnsCodes.has(code)) || /getaddrinfo/.test(text))
    return fail('dns', `The host name ${host} is not known (DNS): check its spelling`);
  if (codes.some((code) => tlsCode.test(code)) || /\b(TLS|SSL|certificate|self[- ]signed)\b/i.test(text))
    return fail(
      'tls',
      `The secure connection to ${host} failed (${text}); check the security setting, or trust a self-signed certificate`,
    );
  if (codes.some((code) => unreachableCodes.has(code)) || /ECONNREFUSED|EHOSTUNREACH|ECONNRESET/.test(text))
    return fail('unreachable', `Nothing answers at ${host} on this port (${text}): check host, port and firewall`);
  if (codes.some((code) => timeoutCodes.has(code)) || /time(d)? ?out/i.test(text))
    return fail('timeout', `The ${server} server ${host} did not answer in time`);
  return fail('protocol', `The ${server} server ${host} answered unexpectedly: ${text}`);
}

/** `work`, or a timeout failure once `ms` have passed (its connection is closed by `stop`). */
async function within<T>(ms: number, work: Promise<T>, stop: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stop();
      reject(Object.assign(new Error('the check took too long'), { code: 'ETIMEDOUT' }));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const tlsOptions = (server: ServerSettings) =>
  server.trustSelfSigned ? { rejectUnauthorized: false } : { rejectUnauthorized: true };

/** An IMAP client for a server's settings (not yet connected). */
export function imapClient(
  server: ServerSettings,
  options: { socketTimeoutMs?: number; autoIdle?: boolean } = {},
): ImapFlow {
  return new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    // starttls: must upgrade (refuse a server that does not offer it); none: never upgrade.
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    auth: { user: server.username, pass: server.password },
    tls: tlsOptions(server),
    logger: false,
    connectionTimeout: stepTimeoutMs,
    greetingTimeout: stepTimeoutMs,
    socketTimeout: options.socketTimeoutMs ?? stepTimeoutMs,
    disableAutoIdle: !options.autoIdle,
    // A watching connection goes into IDLE at once: new mail is what it waits for.
    ...(options.autoIdle && { autoIdleDelay: 500 }),
  });
}

/** Sign in to IMAP and list the folders; every folder to sync must be among them. */
export async function checkImap(server: ServerSettings, folders: string[]): Promise<MailboxCheck['imap']> {
  const client = imapClient(server);
  // A failing socket also emits 'error'; the rejected connect() already reports it.
  client.on('error', () => {});
  try {
    const listed = await within(
      checkTimeoutMs,
      (async () => {
        await client.connect();
        return client.list();
      })(),
      () => client.close(),
    );
    const paths = listed.map((folder) => folder.path);
    const has = (folder: string) =>
      paths.includes(folder) || (folder.toUpperCase() === 'INBOX' && paths.some((p) => p.toUpperCase() === 'INBOX'));
    const missing = folders.filter((folder) => !has(folder));
    if (missing.length > 0) {
      return {
        ok: false,
        code: 'folder_missing',
        message: `The folder ${missing.map((f) => `"${f}"`).join(', ')} does not exist on the server; it has ${paths.map((p) => `"${p}"`).join(', ')}`,
        folders: paths,
      };
    }
    return { ok: true, folders: paths };
  } catch (error) {
    return classify(error, 'IMAP', server.host);
  } finally {
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}

/** An SMTP transport for a server's settings; `socketTimeoutMs` longer for sending large mail. */
export function smtpTransport(server: ServerSettings, socketTimeoutMs = stepTimeoutMs) {
  return nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: { user: server.username, pass: server.password },
    tls: tlsOptions(server),
    connectionTimeout: stepTimeoutMs,
    greetingTimeout: stepTimeoutMs,
    socketTimeout: socketTimeoutMs,
    dnsTimeout: stepTimeoutMs,
  });
}

/** Sign in to SMTP (nodemailer's verify: connect, EHLO, TLS as configured, AUTH). */
export async function checkSmtp(server: ServerSettings): Promise<MailboxCheck['smtp']> {
  const transport = smtpTransport(server);
  try {
    await within(checkTimeoutMs, transport.verify(), () => transport.close());
    return { ok: true };
  } catch (error) {
    return classify(error, 'SMTP', server.host);
  } finally {
    transport.close();
  }
}

/** Both servers, at the same time. */
export async function checkMailbox(
  imap: ServerSettings,
  smtp: ServerSettings,
  folders: string[],
): Promise<MailboxCheck> {
  const [imapResult, smtpResult] = await Promise.all([checkImap(imap, folders), checkSmtp(smtp)]);
  return { imap: imapResult, smtp: smtpResult };
}
