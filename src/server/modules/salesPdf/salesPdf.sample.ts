// A made-up quote to print a workspace's letterhead on (the preview in the settings), and the
// document the tests and the benchmark render. Its totals come from computeSalesTotals like a
// real quote's, so the sample shows what the workspace's quotes will look like.
import type { PrintLanguage, PrintLetterhead, PrintLine, SalesDocumentPrint } from '../../../contract/sales/print.ts';
import { computeSalesTotals, type SalesDiscount, type TaxTreatment } from '../../../contract/sales/totals.ts';

type SampleItem = {
  sku: string;
  name: { de: string; en: string };
  description: { de: string; en: string } | null;
  quantity: string;
  unit: { de: string; en: string };
  unitPrice: string;
  vatRate: string;
  discount?: SalesDiscount;
};

const catalogue: SampleItem[] = [
  {
    sku: 'BER-100',
    name: { de: 'Beratung vor Ort', en: 'On-site consulting' },
    description: {
      de: 'Aufnahme der Anforderungen, Größe und Lage der Räume',
      en: 'Requirements, size and layout of the rooms',
    },
    quantity: '6',
    unit: { de: 'Stunde', en: 'hour' },
    unitPrice: '95.00',
    vatRate: '19',
  },
  {
    sku: 'FB-2041',
    name: { de: 'Fachbuch „Büroplanung“', en: 'Handbook "Office planning"' },
    description: null,
    quantity: '2',
    unit: { de: 'Stück', en: 'piece' },
    unitPrice: '24.95',
    vatRate: '7',
  },
  {
    sku: 'LIZ-3000',
    name: { de: 'Software-Lizenz Raumplaner', en: 'Room planner software licence' },
    description: { de: 'Jahreslizenz, 5 Arbeitsplätze', en: 'Annual licence, 5 seats' },
    quantity: '1',
    unit: { de: 'Pauschal', en: 'flat rate' },
    unitPrice: '1490.00',
    vatRate: '19',
    discount: { kind: 'percent', value: '10' },
  },
  {
    sku: 'MON-55',
    name: { de: 'Montage Trennwände', en: 'Installing partition walls' },
    description: { de: 'inkl. Anfahrt, Entsorgung der Verpackung', en: 'incl. travel, disposal of packaging' },
    quantity: '12.5',
    unit: { de: 'm²', en: 'm²' },
    unitPrice: '68.40',
    vatRate: '19',
    discount: { kind: 'amount', value: '25.00' },
  },
];

export type SampleOptions = {
  language?: PrintLanguage;
  letterhead?: PrintLetterhead;
  /** How many item lines (the catalogue repeated); 4 by default. */
  items?: number;
  taxTreatment?: TaxTreatment;
  pricesEntered?: 'net' | 'gross';
  /** Adds an optional item and a document discount of 3 %. */
  extras?: boolean;
};

export const sampleLetterhead: PrintLetterhead = {
  companyName: 'Müller & Söhne Büroplanung GmbH',
  addressLines: ['Große Straße 12', '80331 München', 'Deutschland'],
  phone: '+49 89 1234567',
  email: 'info@mueller-soehne.example',
  website: 'www.mueller-soehne.example',
  vatId: 'DE123456789',
  taxNumber: '143/123/45678',
  register: 'Amtsgericht München, HRB 123456',
  management: 'Geschäftsführer: Jürgen Müller, Anna Groß',
  bankName: 'Stadtsparkasse München',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  logo: null,
};

/** The sample quote in a language, with a letterhead (the sample company's by default). */
export function sampleQuote(options: SampleOptions = {}): SalesDocumentPrint {
  const language = options.language ?? 'de';
  const count = options.items ?? 4;
  const taxTreatment = options.taxTreatment ?? 'standard';
  const pricesEntered = options.pricesEntered ?? 'net';
  const de = language === 'de';
  const lines: PrintLine[] = [{ kind: 'heading', text: de ? 'Planung und Ausstattung' : 'Planning and equipment' }];
  const inputs: Parameters<typeof computeSalesTotals>[0]['lines'][number][] = [{ kind: 'heading' }];
  for (let index = 0; index < count; index++) {
    const item = catalogue[index % catalogue.length];
    const optional = !!options.extras && index === count - 1;
    lines.push({
      kind: 'item',
      position: String(index + 1),
      sku: item.sku,
      name: item.name[language],
      description: item.description?.[language] ?? null,
      quantity: item.quantity,
      unitLabel: item.unit[language],
      unitPrice: item.unitPrice,
      discountLabel: !item.discount
        ? null
        : item.discount.kind === 'percent'
          ? `${item.discount.value}${de ? ' %' : '%'}`
          : de
            ? '25,00 €'
            : '€25.00',
      vatRate: item.vatRate,
      optional,
    });
    inputs.push({
      kind: 'item',
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      vatRate: item.vatRate,
      discount: item.discount ?? null,
      optional,
    });
  }
  lines.push({
    kind: 'text',
    text: de
      ? 'Lieferung innerhalb von drei Wochen nach Auftragserteilung.'
      : 'Delivery within three weeks of the order.',
  });
  inputs.push({ kind: 'text' });
  const totals = computeSalesTotals({
    currency: 'EUR',
    pricesEntered,
    taxTreatment,
    discount: options.extras ? { kind: 'percent', value: '3' } : null,
    lines: inputs,
  });
  return {
    kind: 'quote',
    language,
    number: 'AN-2026-0042',
    date: '2026-06-15',
    validUntil: '2026-07-15',
    customerReference: de ? 'Anfrage vom 10.06.2026' : 'Enquiry of 10 June 2026',
    letterhead: options.letterhead ?? sampleLetterhead,
    recipientLines: ['Bäckerei Weiß GmbH', de ? 'Herrn Jörg Weiß' : 'Mr Jörg Weiß', 'Am Marktplatz 3', '10115 Berlin'],
    recipientVatId: taxTreatment === 'reverseCharge' ? 'ATU12345678' : null,
    contactPerson: 'Anna Groß',
    subject: de ? 'Neugestaltung Ihrer Büroräume' : 'Redesign of your offices',
    introduction: de
      ? 'Sehr geehrter Herr Weiß,\nvielen Dank für Ihre Anfrage. Gerne bieten wir Ihnen an:'
      : 'Dear Mr Weiß,\nthank you for your enquiry. We are pleased to offer:',
    lines,
    totals,
    pricesEntered,
    taxTreatment,
    terms: de
      ? 'Zahlbar innerhalb von 14 Tagen nach Rechnungsstellung ohne Abzug. Es gelten unsere Allgemeinen Geschäftsbedingungen.'
      : 'Payable within 14 days of invoice without deduction. Our general terms and conditions apply.',
    closing: de ? 'Mit freundlichen Grüßen\nAnna Groß' : 'Kind regards\nAnna Groß',
  };
}
