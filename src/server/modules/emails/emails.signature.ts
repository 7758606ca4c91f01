// What a mail's signature says about its sender: name, phone, company, job title. Signatures
// have no format, so this reads the lines after the sign-off ("Mit freundlichen Grüßen", "Best
// regards", "-- ") and takes what is recognisable; anything it cannot tell stays empty.
import { findPhoneNumbersInText } from 'libphonenumber-js';

export interface Signature {
  name?: string;
  phone?: string;
  company?: string;
  jobTitle?: string;
}

const signOff =
  /^(--\s*|mit (den )?(freundlichen|besten|herzlichen) grüßen|(viele|beste|liebe|herzliche|freundliche) grüße|mfg|gruß|best regards|kind regards|regards|best wishes|best|cheers|sincerely|thanks)[,.!]?\s*$/i;
const legalForm =
  /\b(GmbH|AG|KG|KGaA|UG|e\.\s?K\.|OHG|GbR|mbH|SE|Ltd\.?|Inc\.?|LLC|PLC|S\.A\.|S\.r\.l\.|B\.V\.)(\s|$|,|&)/;
const noise = /(@|https?:|www\.|straße|str\.|\b\d{5}\b|tel|fax|mobil|phone|amtsgericht|hrb|ust|geschäftsführ)/i;

export function signatureOf(text: string, defaultCountry = 'DE'): Signature {
  const lines = text.replace(/\r\n/g, '\n').split('\n').slice(0, 400);
  // The last sign-off before quoted text (lines starting with ">" belong to an earlier mail).
  const end = lines.findIndex((line) => /^>|^(am|on) .+(schrieb|wrote).*:$/i.test(line.trim()));
  const body = end >= 0 ? lines.slice(0, end) : lines;
  let start = -1;
  for (let i = body.length - 1; i >= 0; i--) {
    if (signOff.test(body[i].trim())) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) return {};
  const block = body
    .slice(start, start + 10)
    .map((line) => line.trim())
    .filter(Boolean);
  const result: Signature = {};
  const text8 = block.join('\n');
  const phone = findPhoneNumbersInText(text8, defaultCountry as 'DE')[0];
  if (phone) result.phone = phone.number.number;
  const company = block.find((line) => legalForm.test(line) && line.length <= 100);
  if (company) result.company = company;
  const nameLine = block.find((line) => line !== company && !noise.test(line) && /^\p{Lu}/u.test(line));
  if (nameLine && nameLine.length <= 80 && nameLine.split(/\s+/).length <= 5) {
    result.name = nameLine;
    const next = block[block.indexOf(nameLine) + 1];
    if (next && next !== company && !noise.test(next) && next.length <= 80 && !/\d{3}/.test(next))
      result.jobTitle = next;
  }
  return result;
}
