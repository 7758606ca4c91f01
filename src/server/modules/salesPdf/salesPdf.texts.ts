// The words and number formats of a printed sales document, in German and English. Amounts
// are formatted from their exact decimal strings (never through a float), in the document's
// language: 1.234,56 € in German, €1,234.56 in English.
import type { PrintLanguage, SalesDocumentPrint } from '../../../contract/sales/print.ts';

const labels = {
  de: {
    quote: 'Angebot',
    order: 'Auftragsbestätigung',
    numberOf: { quote: 'Angebotsnummer', order: 'Auftragsnummer' },
    date: 'Datum',
    validUntil: 'Gültig bis',
    customerReference: 'Ihre Referenz',
    contactPerson: 'Ansprechpartner',
    yourVatId: 'Ihre USt-IdNr.',
    position: 'Pos.',
    description: 'Beschreibung',
    quantity: 'Menge',
    unit: 'Einheit',
    unitPrice: 'Einzelpreis',
    discount: 'Rabatt',
    vat: 'USt.',
    amountNet: 'Betrag netto',
    amountGross: 'Betrag brutto',
    sku: 'Art.-Nr.',
    optional: 'Optional',
    optionalNote: 'Optionale Positionen (Beträge in Klammern) sind in der Summe nicht enthalten.',
    carriedForward: 'Übertrag',
    subtotalNet: 'Zwischensumme netto',
    subtotalGross: 'Zwischensumme brutto',
    documentDiscount: 'Rabatt',
    netTotal: 'Nettobetrag',
    vatOn: (rate: string, base: string) => `zzgl. ${rate} USt. auf ${base}`,
    vatIncluded: (rate: string, base: string) => `enthaltene USt. ${rate} auf ${base}`,
    grossTotal: 'Gesamtbetrag',
    smallBusiness: 'Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.',
    reverseCharge: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)',
    recipientVatId: 'USt-IdNr. des Leistungsempfängers',
    acceptance: 'Auftrag erteilt',
    signature: 'Datum, Unterschrift, Firmenstempel',
    onBehalfOf: (company: string) => `für ${company}`,
    page: (page: number, pages: number) => `Seite ${page} von ${pages}`,
    continued: (title: string, number: string) => `${title} ${number} (Fortsetzung)`,
    phone: 'Tel.',
    email: 'E-Mail',
    website: 'Web',
    vatId: 'USt-IdNr.',
    taxNumber: 'Steuernr.',
    iban: 'IBAN',
    bic: 'BIC',
  },
  en: {
    quote: 'Quote',
    order: 'Order confirmation',
    numberOf: { quote: 'Quote no.', order: 'Order no.' },
    date: 'Date',
    validUntil: 'Valid until',
    customerReference: 'Your reference',
    contactPerson: 'Contact person',
    yourVatId: 'Your VAT ID',
    position: 'Item',
    description: 'Description',
    quantity: 'Qty',
    unit: 'Unit',
    unitPrice: 'Unit price',
    discount: 'Discount',
    vat: 'VAT',
    amountNet: 'Net amount',
    amountGross: 'Gross amount',
    sku: 'SKU',
    optional: 'Optional',
    optionalNote: 'Optional items (amounts in brackets) are not included in the total.',
    carriedForward: 'Carried forward',
    subtotalNet: 'Subtotal (net)',
    subtotalGross: 'Subtotal (gross)',
    documentDiscount: 'Discount',
    netTotal: 'Net total',
    vatOn: (rate: string, base: string) => `plus VAT ${rate} on ${base}`,
    vatIncluded: (rate: string, base: string) => `incl. VAT ${rate} on ${base}`,
    grossTotal: 'Total',
    smallBusiness: 'No VAT is charged under the small business rule (§ 19 UStG).',
    reverseCharge: 'Reverse charge: the recipient is liable for the VAT',
    recipientVatId: "Recipient's VAT ID",
    acceptance: 'Order placed',
    signature: 'Date, signature, company stamp',
    onBehalfOf: (company: string) => `for ${company}`,
    page: (page: number, pages: number) => `Page ${page} of ${pages}`,
    continued: (title: string, number: string) => `${title} ${number} (continued)`,
    phone: 'Phone',
    email: 'Email',
    website: 'Web',
    vatId: 'VAT ID',
    taxNumber: 'Tax no.',
    iban: 'IBAN',
    bic: 'BIC',
  },
} as const;

export type PrintTexts = (typeof labels)[PrintLanguage];

const locales: Record<PrintLanguage, string> = { de: 'de-DE', en: 'en-GB' };

const textsCache = new Map<string, ReturnType<typeof makeTexts>>();

/** The labels, and formatters of amounts, quantities, rates and dates, for one document. */
export function printTexts(doc: Pick<SalesDocumentPrint, 'language' | 'totals'>) {
  // Making Intl formatters costs more than using them: one set per language and currency.
  const key = `${doc.language}|${doc.totals.currency}|${doc.totals.minorUnits}`;
  let texts = textsCache.get(key);
  if (!texts) {
    texts = makeTexts(doc.language, doc.totals.currency, doc.totals.minorUnits);
    textsCache.set(key, texts);
  }
  return texts;
}

function makeTexts(language: PrintLanguage, currency: string, minorUnits: number) {
  const locale = locales[language];
  const money = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: minorUnits,
    maximumFractionDigits: minorUnits,
  });
  // Unit prices keep up to four decimals (0,0125 € per piece), never fewer than the currency's.
  const unitPrice = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: minorUnits,
    maximumFractionDigits: Math.max(minorUnits, 4),
  });
  const quantity = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
  const rate = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    day: '2-digit',
    month: language === 'de' ? '2-digit' : 'long',
    year: 'numeric',
  });
  // Intl reads a string as an exact decimal; typed as a number only by the older lib files.
  const exact = (value: string) => value as unknown as number;
  return {
    ...labels[language],
    money: (value: string) => money.format(exact(value)),
    price: (value: string) => unitPrice.format(exact(value)),
    amountOf: (value: string) => quantity.format(exact(value)),
    percent: (value: string) => `${rate.format(exact(value))}${language === 'de' ? ' %' : '%'}`,
    day: (iso: string) => date.format(new Date(`${iso}T00:00:00Z`)),
  };
}

/** An IBAN in groups of four, as printed (DE89 3704 0044 0532 0130 00). */
export function groupedIban(iban: string): string {
  return iban
    .replace(/\s+/g, '')
    .replace(/(.{4})/g, '$1 ')
    .trim();
}
