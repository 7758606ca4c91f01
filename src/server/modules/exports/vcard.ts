// Contacts as vCard 4.0 (RFC 6350), or 3.0 (RFC 2426) for the CardDAV clients that want it
// (iOS). Written here rather than by a library: the maintained JavaScript vCard libraries read
// vCards (ical.js) or write 3.0 only, and a writer needs little more than the RFC's escaping
// (3.4) and line folding (3.2), which vcard.test.ts checks. 3.0 differs in the parameters:
// TYPE=pref instead of PREF=1, numbers as text instead of tel: URIs, dates with dashes.
import type { Contact } from '../../../contract/contacts.ts';
import { personName } from '../../../contract/names.ts';

/** A text value (RFC 6350 3.4): backslash, comma, semicolon and line breaks escaped. */
export function escapeText(value: string): string {
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters have no place in a vCard.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/\\/g, '\\\\')
      .replace(/,/g, '\\,')
      .replace(/;/g, '\\;')
      .replace(/\r\n|\r|\n/g, '\\n')
  );
}

/** A structured value (N, ADR): components by ";", each a list of escaped values by ",". */
function structured(components: Array<string | null | undefined | Array<string | null | undefined>>): string {
  return components
    .map((component) =>
      (Array.isArray(component) ? component : [component])
        .filter((v): v is string => typeof v === 'string' && v !== '')
        .map(escapeText)
        .join(','),
    )
    .join(';');
}

/**
 * A content line folded after at most 75 octets (RFC 6350 3.2): CRLF and one space start each
 * continuation. A UTF-8 sequence is never cut, so every line stays valid UTF-8.
 */
export function fold(line: string): string {
  // Most lines are short: at most 25 characters are at most 75 octets, whatever they are.
  if (line.length <= 25 || (line.length <= 75 && Buffer.byteLength(line, 'utf8') <= 75)) return `${line}\r\n`;
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return `${line}\r\n`;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Back off from a continuation byte (10xxxxxx) so that the cut falls between characters.
    while (end < bytes.length && end > start && (bytes[end] & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    // The leading space of a continuation counts towards its 75 octets.
    limit = 74;
  }
  return `${parts.join('\r\n ')}\r\n`;
}

/** TYPE of an email, phone or address label: work or home where the label says so. */
function placeType(label: string | null | undefined): string | null {
  if (!label) return null;
  if (/work|büro|buero|arbeit|geschäft|geschaeft|dienst|office/i.test(label)) return 'work';
  if (/home|privat|zuhause/i.test(label)) return 'home';
  return null;
}

function phoneTypes(label: string | null | undefined): string {
  const types: string[] = [];
  const place = placeType(label);
  if (place) types.push(place);
  if (/mobil|handy|cell/i.test(label ?? '')) types.push('cell');
  else if (/fax/i.test(label ?? '')) types.push('fax');
  else types.push('voice');
  return types.join(',');
}

export type VCardVersion = '3.0' | '4.0';

/** Parameters: TYPE and PREF=1 for the primary entry (3.0: TYPE=pref). */
function params(type: string | null, primary: boolean | undefined, version: VCardVersion = '4.0'): string {
  if (version === '3.0') {
    const types = [...(type ? type.split(',') : []), ...(primary ? ['pref'] : [])];
    return types.length ? `;TYPE=${types.join(',')}` : '';
  }
  return `${type ? `;TYPE=${type}` : ''}${primary ? ';PREF=1' : ''}`;
}

const compactDate = (iso: string) => iso.replace(/-/g, '');
const compactTimestamp = (iso: string) => `${iso.slice(0, 19).replace(/[-:]/g, '')}Z`;

/** One contact as a vCard 4.0 (or 3.0), CRLF line ends, folded. */
export function contactVCard(contact: Contact, version: VCardVersion = '4.0'): string {
  const v3 = version === '3.0';
  const lines: string[] = ['BEGIN:VCARD', `VERSION:${version}`, 'PRODID:-//Farley//Farley CRM//EN'];
  lines.push(`UID:urn:uuid:${contact.id}`);
  lines.push(`FN:${escapeText(personName(contact) || contact.lastName)}`);
  lines.push(`N:${structured([contact.lastName, contact.firstName, null, [contact.salutation, contact.title], null])}`);
  if (contact.birthday) lines.push(`BDAY:${v3 ? contact.birthday : compactDate(contact.birthday)}`);
  for (const email of contact.emails) {
    const type = v3 ? ['internet', placeType(email.label)].filter(Boolean).join(',') : placeType(email.label);
    lines.push(`EMAIL${params(type, email.primary, version)}:${escapeText(email.email)}`);
  }
  for (const phone of contact.phones) {
    // A number in E.164 is a tel: URI (RFC 3966), as 4.0 recommends; one that could not be
    // read as a number stays text, as entered.
    const p = params(phoneTypes(phone.label), phone.primary, version);
    if (v3) lines.push(`TEL${p}:${escapeText(phone.e164 ?? phone.number)}`);
    else lines.push(phone.e164 ? `TEL;VALUE=uri${p}:tel:${phone.e164}` : `TEL${p}:${escapeText(phone.number)}`);
  }
  for (const address of contact.addresses) {
    lines.push(
      `ADR${params(placeType(address.label), address.primary, version)}:${structured([
        null,
        null,
        address.street,
        address.city,
        address.region,
        address.postalCode,
        address.country,
      ])}`,
    );
  }
  const [company] = contact.companies;
  if (company) lines.push(`ORG:${structured([company.name])}`);
  const title = contact.jobTitle ?? company?.jobTitle;
  if (title) lines.push(`TITLE:${escapeText(title)}`);
  if (contact.tags.length) lines.push(`CATEGORIES:${contact.tags.map(escapeText).join(',')}`);
  lines.push(`REV:${compactTimestamp(contact.updatedAt)}`);
  lines.push('END:VCARD');
  return lines.map(fold).join('');
}
