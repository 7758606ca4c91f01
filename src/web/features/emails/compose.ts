// What a new message starts from: the recipients and subject of a reply, the quoted original,
// addresses as typed ("Jonas Weber <jonas@weber-bau.de>"), and files as base64 for the API.
import type { EmailDetail } from '../../../contract/emails.ts';

export interface Address {
  address: string;
  name?: string;
}

/** The largest attachment the API takes (src/contract/emails.ts), and all of a message's together. */
export const maxAttachmentBytes = 25 * 1024 * 1024;
export const maxAttachmentsBytes = 35 * 1024 * 1024;

const addressPattern = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** An address as people type it: "a@b.de", "Jonas Weber <a@b.de>" or '"Weber, Jonas" <a@b.de>'; null when it is none. */
export function parseAddress(typed: string): Address | null {
  const text = typed.trim();
  const angle = /^(.*?)\s*<([^<>]+)>$/.exec(text);
  const address = (angle ? angle[2]! : text).trim();
  if (!addressPattern.test(address)) return null;
  const name = angle?.[1]?.trim().replace(/^"(.*)"$/, '$1');
  return name ? { address, name } : { address };
}

/** An address as shown in an address field: the name with the address in angle brackets. */
export function formatAddress(address: Address): string {
  if (!address.name) return address.address;
  const name = /[",;<>@]/.test(address.name) ? `"${address.name.replace(/"/g, "'")}"` : address.name;
  return `${name} <${address.address}>`;
}

const replyPrefix = /^\s*((re|aw|antw|sv)(\[\d+\])?\s*:\s*)+/i;

/** "Re: " and the subject, without piling up "Re: AW: Re:". */
export function replySubject(subject: string): string {
  return `Re: ${subject.replace(replyPrefix, '').trim()}`;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whom a reply goes to: the sender (or, answering one's own sent message, its recipients); to
 * all also everyone else on To and Cc, never the mailbox itself and nobody twice.
 */
export function replyRecipients(
  email: Pick<EmailDetail, 'from' | 'to' | 'cc' | 'direction'>,
  own: string,
  all: boolean,
): { to: Address[]; cc: Address[] } {
  const seen = new Set<string>([own.toLowerCase()]);
  const keep = (list: Address[]) =>
    list.filter((entry) => {
      const key = entry.address.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const sender = email.direction === 'outbound' || !email.from || same(email.from.address, own) ? [] : [email.from];
  const to = keep(sender.length ? sender : email.to);
  if (!all) return { to, cc: [] };
  return { to: [...to, ...keep(email.to)], cc: keep(email.cc) };
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text as paragraphs of HTML (a text-only message quoted, a signature typed as text). */
export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** The original below a reply: "On … wrote:" and the message in a blockquote. */
export function quoteHtml(email: Pick<EmailDetail, 'html' | 'text'>, header: string): string {
  const body = email.html ?? textToHtml(email.text);
  return `<p>${escapeHtml(header)}</p><blockquote type="cite">${body}</blockquote>`;
}

/** The message as sent: what was written and the quoted original (the server adds the signature). */
export function messageHtml(body: string, quote: string | null): string {
  return `${body}${quote ?? ''}`;
}

/** Whether HTML shows remote images (the server left them in: the user asked for them). */
export function showsRemoteImages(html: string): boolean {
  return /<img\b[^>]*\ssrc="(https?:)?\/\//i.test(html);
}

/** A file's bytes as base64 (without the data: prefix a FileReader adds). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
