// The workspace's letterhead as the API shows and accepts it: the sender and the imprint that
// printed quotes and order confirmations carry (German imprint duty for business letters:
// § 35a GmbHG, § 37a HGB), and the IBAN check shared by the server and the web form.
import { z } from 'zod';
import { text } from './common.ts';

/** The largest logo accepted (PNG or JPEG). */
export const maxLogoBytes = 500 * 1024;
export const logoTypes = ['image/png', 'image/jpeg'] as const;

/** Lengths of IBANs by country, for the countries Farley's users mostly bank in. */
const ibanLengths: Record<string, number> = {
  DE: 22,
  AT: 20,
  CH: 21,
  LI: 21,
  LU: 20,
  NL: 18,
  BE: 16,
  FR: 27,
  IT: 27,
  ES: 24,
  PL: 28,
  DK: 18,
  GB: 22,
  IE: 22,
  CZ: 24,
};

/** An IBAN as stored: capitals and digits, no spaces ("DE89 3704…" → "DE893704…"). */
export function compactIban(value: string): string {
  return value.replace(/[\s-]+/g, '').toUpperCase();
}

/** Why an IBAN is not one (its format, length or check digits), or null if it is. */
export function ibanProblem(value: string): string | null {
  const iban = compactIban(value);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban))
    return 'is not an IBAN (two letters, two check digits, up to 30 letters and digits)';
  const length = ibanLengths[iban.slice(0, 2)];
  if (length !== undefined && iban.length !== length)
    return `has ${iban.length} characters; an IBAN of ${iban.slice(0, 2)} has ${length}`;
  // ISO 13616: the country and check digits moved to the end, letters as 10–35, mod 97 is 1.
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let rest = 0;
  for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
  return rest === 1 ? null : 'has wrong check digits (a typo?)';
}

export const bicPattern = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

const fields = {
  companyName: text(200).describe("The company as printed; empty: the workspace's name"),
  street: text(200),
  postalCode: text(20),
  city: text(100),
  country: text(60).describe(
    'ISO 3166-1 alpha-2 code (or a name: Deutschland), stored as the code; printed as its name',
  ),
  phone: text(50),
  email: text(200),
  website: text(200),
  vatId: text(20).describe('USt-IdNr., e.g. DE123456789'),
  taxNumber: text(30).describe('Steuernummer, e.g. 143/123/45678'),
  registerCourt: text(100).describe('e.g. Amtsgericht München'),
  registerNumber: text(50).describe('e.g. HRB 123456'),
  management: text(300).describe('Managing directors, e.g. Anna Beispiel, Jörg Muster'),
  bankName: text(100),
  iban: text(42).describe('Spaces allowed; checked by its check digits (422 if wrong)'),
  bic: text(11),
};

export const letterheadLogo = z
  .object({
    contentType: z.enum(logoTypes),
    sha256: z.string(),
  })
  .meta({ id: 'LetterheadLogo' });

export const letterhead = z
  .object({
    companyName: z.string(),
    street: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
    vatId: z.string().nullable(),
    taxNumber: z.string().nullable(),
    registerCourt: z.string().nullable(),
    registerNumber: z.string().nullable(),
    management: z.string().nullable(),
    bankName: z.string().nullable(),
    iban: z.string().nullable(),
    bic: z.string().nullable(),
    logo: letterheadLogo.nullable(),
    version: z.number().int(),
    updatedAt: z.string().nullable(),
  })
  .meta({
    id: 'Letterhead',
    description: "The sender and imprint on the workspace's printed quotes and order confirmations",
  });

export const letterheadPatch = z
  .object(fields)
  .partial()
  .strict()
  .meta({ id: 'LetterheadPatch', description: 'The fields to change; empty text clears a field' });

export type Letterhead = z.infer<typeof letterhead>;
export type LetterheadPatch = z.infer<typeof letterheadPatch>;
