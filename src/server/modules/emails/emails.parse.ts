// Reading a message as the server delivered it (RFC 5322 bytes) into what Farley keeps: who
// wrote to whom, when, the text and HTML bodies, the files, where it stands in a thread, and
// whether a machine wrote it (a bounce, an out-of-office reply). mailparser does the MIME work,
// charsets included (ISO-8859-1, Windows-1252, quoted-printable, encoded words).
import { htmlToText } from 'html-to-text';
import { type AddressObject, simpleParser } from 'mailparser';
import { sha256Of } from '../../platform/files.ts';

export interface Address {
  address: string;
  name?: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId: string | null;
  inline: boolean;
}

export interface ParsedEmail {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  date: Date | null;
  text: string;
  html: string | null;
  attachments: ParsedAttachment[];
  autoKind: 'bounce' | 'auto_reply' | null;
  /** The recipients a delivery report says failed for good (5.x.x). */
  bouncedAddresses: string[];
}

const maxSubject = 2000;
const maxName = 300;
const maxMessageId = 998;
const emailPattern = /^[^\s@<>()]{1,64}@[^\s@<>()]{1,255}$/;

/** A Message-ID without its angle brackets; null when there is none that could be one. */
export function cleanMessageId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const id = value.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  return id.length > 0 && id.length <= maxMessageId && !/\s/.test(id) ? id : null;
}

/** Message-IDs of a References or In-Reply-To header (one string or several). */
function messageIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : [];
  return [...new Set(list.map(cleanMessageId).filter((id): id is string => id !== null))].slice(-100);
}

export function normalAddress(value: string | undefined | null): string | null {
  const address = (value ?? '').trim().toLowerCase();
  return emailPattern.test(address) && address.length <= 320 ? address : null;
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): Address[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const out: Address[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) walk(entry.group);
      const address = normalAddress(entry.address);
      if (!address || out.some((a) => a.address === address)) continue;
      const name = entry.name ? storable(entry.name).trim().slice(0, maxName) : undefined;
      out.push(name ? { address, name } : { address });
    }
  };
  for (const object of objects) walk(object.value);
  return out.slice(0, 500);
}

const autoReplySubject =
  /^(automatische antwort|abwesenheitsnotiz|out of office|automatic reply|auto(matic)?[- ]?reply|abwesend)\b/i;

function headerText(headers: Map<string, unknown>, name: string): string {
  const value = headers.get(name);
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return '';
}

/**
 * The recipients a delivery status report (RFC 3464) names as failed for good: per-recipient
 * blocks with Action: failed and a permanent Status (5.x.x).
 */
export function hardBounces(report: string): string[] {
  const failed: string[] = [];
  for (const block of report.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(block)?.[1]?.trim() ?? '';
    const recipient = field('Final-Recipient') || field('Original-Recipient');
    if (!recipient) continue;
    const address = normalAddress(recipient.replace(/^[^;]*;\s*/, ''));
    if (address && /^failed$/i.test(field('Action')) && /^5\./.test(field('Status'))) failed.push(address);
  }
  return [...new Set(failed)];
}

function machineKind(
  headers: Map<string, unknown>,
  subject: string,
  attachments: ParsedAttachment[],
  text: string,
): { autoKind: ParsedEmail['autoKind']; bouncedAddresses: string[] } {
  const contentType = headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const report = attachments.find((a) => a.contentType === 'message/delivery-status');
  const isReport =
    (contentType?.value === 'multipart/report' && contentType.params?.['report-type'] === 'delivery-status') ||
    report !== undefined;
  if (isReport) {
    // mailparser hands the delivery-status part over as an attachment or as part of the text.
    return { autoKind: 'bounce', bouncedAddresses: hardBounces(report ? report.content.toString('utf8') : text) };
  }
  const autoSubmitted = headerText(headers, 'auto-submitted').toLowerCase();
  const precedence = headerText(headers, 'precedence').toLowerCase();
  if (
    (autoSubmitted && autoSubmitted !== 'no') ||
    headers.has('x-autoreply') ||
    headers.has('x-autorespond') ||
    precedence === 'auto_reply' ||
    autoReplySubject.test(subject)
  ) {
    return { autoKind: 'auto_reply', bouncedAddresses: [] };
  }
  return { autoKind: null, bouncedAddresses: [] };
}

/** The text of an HTML body, for search, snippets and the timeline. */
export function textOfHtml(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { ignoreHref: true } },
    ],
  });
}

export function snippetOf(text: string, length = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** Text PostgreSQL can store: a NUL character (binary junk in a text part) is dropped. */
const storable = (text: string) => (text.includes('\u0000') ? text.replace(/\u0000/g, '') : text);

/** Parses a raw message. Throws only when the bytes are not a message at all. */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true });
  const attachments: ParsedAttachment[] = mail.attachments.map((a, index) => ({
    filename:
      storable(a.filename ?? '')
        .trim()
        .slice(0, 255) || `attachment-${index + 1}`,
    contentType: (a.contentType || 'application/octet-stream').toLowerCase().slice(0, 255),
    content: a.content,
    contentId: a.cid ?? null,
    inline: a.contentDisposition === 'inline' && Boolean(a.cid),
  }));
  const subject = storable(mail.subject ?? '').slice(0, maxSubject);
  const html = typeof mail.html === 'string' && mail.html.trim() ? storable(mail.html) : null;
  const text = storable(mail.text?.trim() ? mail.text : html ? textOfHtml(html) : '');
  const from = addressesOf(mail.from)[0] ?? null;
  return {
    // A message without a usable Message-ID gets one from its bytes: seen again, it is the same.
    messageId: cleanMessageId(mail.messageId) ?? `${sha256Of(raw).slice(0, 40)}@farley.invalid`,
    inReplyTo: messageIds(mail.inReplyTo).at(-1) ?? null,
    references: messageIds(mail.references),
    subject,
    from,
    to: addressesOf(mail.to),
    cc: addressesOf(mail.cc),
    bcc: addressesOf(mail.bcc),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    text,
    html,
    attachments,
    ...machineKind(mail.headers as Map<string, unknown>, subject, attachments, text),
  };
}
