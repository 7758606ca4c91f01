// The mailbox form's values and what they become: the body of a new mailbox, the patch of a
// changed one (a password only when one was typed), the ports that go with a security, and the
// server's check failures sorted to the IMAP and SMTP sections. Pure functions, tested in
// tests/unit/mailbox-form.test.ts.
import type { TFunction } from 'i18next';
import type {
  CheckFailureCode,
  Mailbox,
  MailboxCreate,
  MailboxPatch,
  MailServerInput,
} from '../../../contract/mailboxes.ts';
import { checkFailureCode, mailboxCreate, mailboxPatch } from '../../../contract/mailboxes.ts';
import { ApiError } from '../../app/api.ts';
import { clientErrors, type FieldErrors } from '../forms/fieldErrors.ts';
import type { Provider } from './providers.ts';

export type ServerKind = 'imap' | 'smtp';
export type Security = MailServerInput['security'];

export interface ServerValues {
  host: string;
  /** '' while the field is empty. */
  port: number | '';
  security: Security;
  trustSelfSigned: boolean;
  /** '' stands for the mailbox's address. */
  username: string;
  /** '' keeps the stored password (when changing a mailbox). */
  password: string;
}

export interface MailboxValues {
  name: string;
  address: string;
  imap: ServerValues;
  smtp: ServerValues;
  folders: string[];
  /** 'YYYY-MM-DD' or ''. */
  syncSince: string;
  /** A shared team mailbox's team; null for a personal one. */
  teamId: string | null;
  /** Keep every message, not only customer mail. */
  storeAll: boolean;
  /** The signature as plain text (stored as HTML, a line break per line). */
  signature: string;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The stored signature HTML for typed text; null for none. */
export function signatureHtml(text: string): string | null {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\r?\n/).map(escapeHtml).join('<br>') : null;
}

/** Typed text for a stored signature (line breaks kept, tags dropped). */
export function signatureText(html: string | null): string {
  if (!html) return '';
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div)>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  const decoded = text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
  return decoded.trim();
}

/** The usual port of each server and security (docs/email.md). */
export const defaultPorts: Record<ServerKind, Record<Security, number>> = {
  imap: { tls: 993, starttls: 143, none: 143 },
  smtp: { tls: 465, starttls: 587, none: 25 },
};

export const defaultFolders = ['INBOX', 'Sent'];

/** The day `months` months before `today`, as 'YYYY-MM-DD' in local time. */
export function monthsBefore(today: Date, months = 12): string {
  const day = new Date(today.getFullYear(), today.getMonth() - months, today.getDate());
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

const emptyServer = (kind: ServerKind): ServerValues => ({
  host: '',
  port: defaultPorts[kind].tls,
  security: 'tls',
  trustSelfSigned: false,
  username: '',
  password: '',
});

export function newMailboxValues(today = new Date()): MailboxValues {
  return {
    name: '',
    address: '',
    imap: emptyServer('imap'),
    smtp: emptyServer('smtp'),
    folders: [...defaultFolders],
    syncSince: monthsBefore(today),
    teamId: null,
    storeAll: false,
    signature: '',
  };
}

/** A saved mailbox in the form; its passwords stay on the server (empty keeps them). */
export function mailboxValues(mailbox: Mailbox): MailboxValues {
  const server = (kind: ServerKind): ServerValues => {
    const saved = mailbox[kind];
    return {
      host: saved.host,
      port: saved.port,
      security: saved.security,
      trustSelfSigned: saved.trustSelfSigned,
      username: saved.username === mailbox.address ? '' : saved.username,
      password: '',
    };
  };
  return {
    name: mailbox.name,
    address: mailbox.address,
    imap: server('imap'),
    smtp: server('smtp'),
    folders: [...mailbox.folders],
    syncSince: mailbox.syncSince,
    teamId: mailbox.teamId,
    storeAll: mailbox.storeAll,
    signature: signatureText(mailbox.signature),
  };
}

/** Another security; the port follows when it was empty or the usual one of the old security. */
export function withSecurity(server: ServerValues, kind: ServerKind, security: Security): ServerValues {
  const usual = server.port === '' || server.port === defaultPorts[kind][server.security];
  return { ...server, security, port: usual ? defaultPorts[kind][security] : server.port };
}

/** A provider's servers filled in; user names and passwords stay as typed. */
export function withProvider(
  values: MailboxValues,
  provider: { imap: Partial<Provider['imap']>; smtp: Partial<Provider['smtp']> },
): MailboxValues {
  return {
    ...values,
    imap: { ...values.imap, ...provider.imap, trustSelfSigned: false },
    smtp: { ...values.smtp, ...provider.smtp, trustSelfSigned: false },
  };
}

const usernameOf = (server: ServerValues, address: string) => server.username.trim() || address.trim();

function serverInput(server: ServerValues, address: string): MailServerInput {
  return {
    host: server.host.trim(),
    // An empty port is 0 here, which the contract refuses; the form names it as required.
    port: server.port === '' ? 0 : server.port,
    security: server.security,
    trustSelfSigned: server.trustSelfSigned,
    username: usernameOf(server, address),
    password: server.password,
  };
}

export function createBody(values: MailboxValues): MailboxCreate {
  return {
    name: values.name.trim(),
    address: values.address.trim(),
    imap: serverInput(values.imap, values.address),
    smtp: serverInput(values.smtp, values.address),
    folders: values.folders,
    ...(values.syncSince && { syncSince: values.syncSince }),
    ...(values.teamId && { teamId: values.teamId }),
    storeAll: values.storeAll,
    signature: signatureHtml(values.signature),
  };
}

/** The fields of one server that differ from the saved ones; the password when one was typed. */
function serverPatch(saved: Mailbox['imap'], server: ServerValues, address: string) {
  const next = serverInput(server, address);
  const patch: MailboxPatch['imap'] = {};
  if (next.host !== saved.host) patch.host = next.host;
  if (next.port !== saved.port) patch.port = next.port;
  if (next.security !== saved.security) patch.security = next.security;
  if (next.trustSelfSigned !== saved.trustSelfSigned) patch.trustSelfSigned = next.trustSelfSigned;
  if (next.username !== saved.username) patch.username = next.username;
  if (server.password) patch.password = server.password;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** What changed against the saved mailbox; empty when nothing did. */
export function patchBody(mailbox: Mailbox, values: MailboxValues): MailboxPatch {
  const patch: MailboxPatch = {};
  const address = values.address.trim();
  if (values.name.trim() !== mailbox.name) patch.name = values.name.trim();
  if (address !== mailbox.address) patch.address = address;
  if (JSON.stringify(values.folders) !== JSON.stringify(mailbox.folders)) patch.folders = values.folders;
  if (values.syncSince && values.syncSince !== mailbox.syncSince) patch.syncSince = values.syncSince;
  if (values.teamId !== mailbox.teamId) patch.teamId = values.teamId;
  if (values.storeAll !== mailbox.storeAll) patch.storeAll = values.storeAll;
  if (signatureHtml(values.signature) !== mailbox.signature) patch.signature = signatureHtml(values.signature);
  for (const kind of ['imap', 'smtp'] as const) {
    const changed = serverPatch(mailbox[kind], values[kind], address);
    if (changed) patch[kind] = changed;
  }
  return patch;
}

export interface CheckFailure {
  server: ServerKind;
  code: CheckFailureCode;
  /** The server's English words: the details (the folders it has, the certificate's fault). */
  message: string;
}

/** The failed checks of a refused save (422 `mailbox_unreachable`: error paths `imap.auth`…). */
export function checkFailures(error: unknown): CheckFailure[] {
  if (!(error instanceof ApiError) || error.code !== 'mailbox_unreachable') return [];
  return (error.problem?.errors ?? []).flatMap((entry) => {
    const [server, code] = entry.path.replace(/^body\./, '').split('.');
    const known = checkFailureCode.safeParse(code);
    return (server === 'imap' || server === 'smtp') && known.success
      ? [{ server, code: known.data, message: entry.message }]
      : [];
  });
}

/**
 * The folders the IMAP server has, from a `folder_missing` message ("…; it has "INBOX",
 * "Gesendet""): offered to pick from, since sent folders are named differently everywhere.
 */
export function serverFolders(message: string): string[] {
  const list = message.split('; it has ')[1];
  return list ? [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1]!) : [];
}

/**
 * What is wrong with the values before they are sent, by the contract, in the user's words:
 * a host with a scheme or a port, an empty port, an address that is none. Empty when they pass.
 */
export function formErrors(values: MailboxValues, saved: Mailbox | undefined, t: TFunction): FieldErrors {
  const errors = saved
    ? clientErrors(mailboxPatch.safeParse(patchBody(saved, values)), t)
    : clientErrors(mailboxCreate.safeParse(createBody(values)), t);
  for (const kind of ['imap', 'smtp'] as const) {
    const server = values[kind];
    // An empty user name is the address, whose own error says what is wrong.
    if (!server.username.trim()) delete errors[`${kind}.username`];
    if (server.host.trim() && errors[`${kind}.host`]) errors[`${kind}.host`] = t('mailboxes.form.errors.host');
    if (server.port === '') errors[`${kind}.port`] = t('forms.errors.required');
    else if (errors[`${kind}.port`]) errors[`${kind}.port`] = t('mailboxes.form.errors.port');
  }
  if (values.address.trim() && errors.address) errors.address = t('forms.errors.email');
  return errors;
}
