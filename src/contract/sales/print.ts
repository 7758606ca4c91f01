// What a printed sales document (quote, order confirmation) shows: everything the PDF needs,
// already decided — amounts as exact decimal strings from computeSalesTotals, texts in the
// document's language. The server builds it from a stored document; the PDF renderer only lays
// it out, so what was sent can be printed again the same way.
import type { SalesTotals, TaxTreatment } from './totals.ts';

export type PrintLanguage = 'de' | 'en';

/** The sender as the German imprint duty asks for it on business letters (§ 35a GmbHG, § 37a HGB). */
export type PrintLetterhead = {
  companyName: string;
  /** Street, postal code and city, country: one line each. */
  addressLines: string[];
  phone: string | null;
  email: string | null;
  website: string | null;
  vatId: string | null;
  taxNumber: string | null;
  /** e.g. "Amtsgericht München, HRB 123456". */
  register: string | null;
  /** Managing directors, e.g. "Geschäftsführer: Anna Beispiel". */
  management: string | null;
  bankName: string | null;
  iban: string | null;
  bic: string | null;
  /** A PNG or JPEG, at most a few hundred kB. */
  logo: Uint8Array | null;
};

export type PrintLine =
  | {
      kind: 'item';
      position: string;
      sku: string | null;
      name: string;
      description: string | null;
      quantity: string;
      /** Already translated unit label, e.g. "Stück" or "hours". */
      unitLabel: string;
      unitPrice: string;
      /** e.g. "10 %" or "25,00 €" — formatted by the caller in the document's language, or null. */
      discountLabel: string | null;
      vatRate: string;
      optional: boolean;
    }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string };

export type SalesDocumentPrint = {
  kind: 'quote' | 'order';
  language: PrintLanguage;
  /** "AN-2026-0042" or with a revision suffix "AN-2026-0042-2". */
  number: string;
  /** ISO dates (yyyy-mm-dd). */
  date: string;
  validUntil: string | null;
  /** The customer's reference, e.g. their order number, or null. */
  customerReference: string | null;
  letterhead: PrintLetterhead;
  /** The recipient in the DIN 5008 window: company, person, street, postal code and city, country. */
  recipientLines: string[];
  /** The customer's VAT ID, printed under reverse charge. */
  recipientVatId: string | null;
  /** The sales rep who is the contact person, if any. */
  contactPerson: string | null;
  subject: string;
  introduction: string | null;
  lines: PrintLine[];
  /** Totals as computed when the document was issued; `lines[i]` of it belongs to `lines[i]` above. */
  totals: SalesTotals;
  pricesEntered: 'net' | 'gross';
  taxTreatment: TaxTreatment;
  /** Payment and delivery terms, closing text. */
  terms: string | null;
  closing: string | null;
};
