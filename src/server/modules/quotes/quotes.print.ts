// The printed view of a quote (SalesDocumentPrint, what the PDF shows): a loader that reads the
// quote, its customer and its lines, and a pure builder that decides every text, so the PDF
// renderer only lays it out. The letterhead comes from the caller (the letterhead module).
import { Decimal } from 'decimal.js';
import type { productUnits } from '../../../contract/products.ts';

type ProductUnit = (typeof productUnits)[number];
import type {
  PrintLanguage,
  PrintLetterhead,
  PrintLine,
  SalesDocumentPrint,
  SalesTotals,
} from '../../../contract/sales/index.ts';
import { minorUnitsOf } from '../../../contract/sales/index.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AddressEntry } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import { presentLine } from './quotes.presenter.ts';
import type { QuoteLine } from '../../../contract/quotes.ts';
import * as repo from './quotes.repository.ts';
import { printedNumber } from './quotes.rules.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';

export type UnitLabels = Record<PrintLanguage, Record<ProductUnit, string>>;

/** The units' labels on documents (the web app's are in its i18n files). */
export const quoteUnitLabels: UnitLabels = {
  de: {
    piece: 'Stück',
    hour: 'Std.',
    day: 'Tag(e)',
    flat: 'pauschal',
    kg: 'kg',
    m: 'm',
    m2: 'm²',
    l: 'l',
    month: 'Monat(e)',
  },
  en: { piece: 'pcs', hour: 'hrs', day: 'days', flat: 'flat', kg: 'kg', m: 'm', m2: 'm²', l: 'l', month: 'months' },
};

/** What the builder needs, read from the database. */
export type QuotePrintSource = {
  number: string;
  language: PrintLanguage;
  quoteDate: string;
  validUntil: string;
  customerReference: string | null;
  subject: string;
  introduction: string | null;
  terms: string | null;
  closing: string | null;
  pricesEntered: 'net' | 'gross';
  taxTreatment: SalesDocumentPrint['taxTreatment'];
  currency: string;
  totals: SalesTotals;
  lines: QuoteLine[];
  company: { name: string; vatId: string | null; addresses: AddressEntry[] } | null;
  contact: { name: string; addresses: AddressEntry[] } | null;
  ownerName: string | null;
  workspaceCountry: string;
};

function primaryAddress(addresses: AddressEntry[] | undefined): AddressEntry | undefined {
  return addresses?.find((a) => a.primary) ?? addresses?.[0];
}

/**
 * The recipient as DIN 5008 puts it in the window: company, person, street, postal code and
 * city, and the country in capitals when it is not the sender's.
 */
export function recipientLines(
  source: Pick<QuotePrintSource, 'company' | 'contact' | 'workspaceCountry' | 'language'>,
) {
  const lines: string[] = [];
  if (source.company) lines.push(source.company.name);
  if (source.contact?.name) lines.push(source.contact.name);
  const address = primaryAddress(source.company?.addresses) ?? primaryAddress(source.contact?.addresses);
  if (address?.street) lines.push(address.street);
  const city = [address?.postalCode, address?.city].filter(Boolean).join(' ');
  if (city) lines.push(city);
  const country = address?.country?.trim();
  if (country && country.toUpperCase() !== source.workspaceCountry.toUpperCase()) {
    const name =
      country.length === 2
        ? (new Intl.DisplayNames([source.language], { type: 'region' }).of(country.toUpperCase()) ?? country)
        : country;
    lines.push(name.toUpperCase());
  }
  return lines;
}

/**
 * An exact decimal in the document's language: the whole part through Intl (as a BigInt, so no
 * digit is lost), the decimals as written. With a currency, its symbol where the language puts it.
 */
export function formatDecimal(
  value: string,
  language: PrintLanguage,
  options: { currency?: string; decimals?: number } = {},
) {
  const locale = language === 'de' ? 'de-DE' : 'en-GB';
  const exact = new Decimal(value);
  const text = options.decimals === undefined ? exact.abs().toString() : exact.abs().toFixed(options.decimals);
  const [whole, fraction] = text.split('.');
  const format = new Intl.NumberFormat(locale, {
    ...(options.currency ? { style: 'currency', currency: options.currency } : {}),
    minimumFractionDigits: 0,
    maximumFractionDigits: 0,
  });
  const parts = format.formatToParts(BigInt(exact.isNegative() ? `-${whole}` : whole));
  const last = parts.map((part) => part.type).lastIndexOf('integer');
  const decimal = language === 'de' ? ',' : '.';
  return parts
    .map((part, index) => (index === last && fraction ? `${part.value}${decimal}${fraction}` : part.value))
    .join('');
}

function discountLabel(line: QuoteLine, language: PrintLanguage, currency: string): string | null {
  if (line.kind !== 'item' || !line.discount) return null;
  if (line.discount.kind === 'percent') return `${formatDecimal(line.discount.value, language)} %`;
  const digits = Math.max(minorUnitsOf(currency), new Decimal(line.discount.value).decimalPlaces());
  return formatDecimal(line.discount.value, language, { currency, decimals: digits });
}

/** The printed quote from what was read; pure, so it prints the same every time. */
export function buildQuotePrint(
  source: QuotePrintSource,
  letterhead: PrintLetterhead,
  unitLabels: UnitLabels = quoteUnitLabels,
): SalesDocumentPrint {
  let position = 0;
  const lines = source.lines.map((line): PrintLine => {
    if (line.kind !== 'item') return { kind: line.kind, text: line.text ?? '' };
    position += 1;
    return {
      kind: 'item',
      position: String(position),
      sku: line.sku,
      name: line.name ?? '',
      description: line.description,
      quantity: line.quantity ?? '0',
      unitLabel: line.unit ? unitLabels[source.language][line.unit] : '',
      unitPrice: line.unitPrice ?? '0',
      discountLabel: discountLabel(line, source.language, source.currency),
      vatRate: line.vatRate ?? '0',
      optional: line.optional,
    };
  });
  return {
    kind: 'quote',
    language: source.language,
    number: source.number,
    date: source.quoteDate,
    validUntil: source.validUntil,
    customerReference: source.customerReference,
    letterhead,
    recipientLines: recipientLines(source),
    recipientVatId: source.taxTreatment === 'reverseCharge' ? (source.company?.vatId ?? null) : null,
    contactPerson: source.ownerName,
    subject: source.subject,
    introduction: source.introduction,
    lines,
    totals: source.totals,
    pricesEntered: source.pricesEntered,
    taxTreatment: source.taxTreatment,
    terms: source.terms,
    closing: source.closing,
  };
}

/** Reads an issued quote (in the caller's tenant transaction) as the builder takes it. */
export async function loadQuotePrintSource(tx: Db, workspaceId: string, quoteId: string): Promise<QuotePrintSource> {
  const row = await repo.findQuote(tx, quoteId);
  if (!row) throw notFound('quote');
  const number = printedNumber(row.number, row.revision);
  if (!number) throw notFound('issued quote');
  const company = row.company_id ? await repo.companyFacts(tx, row.company_id) : undefined;
  const contact = row.contact_id ? await repo.contactFacts(tx, row.contact_id) : undefined;
  return {
    number,
    language: row.language,
    quoteDate: row.quote_date,
    validUntil: row.valid_until,
    customerReference: row.customer_reference,
    subject: row.subject,
    introduction: row.introduction,
    terms: row.terms,
    closing: row.closing,
    pricesEntered: row.prices_entered,
    taxTreatment: row.tax_treatment,
    currency: row.currency.trim(),
    totals: row.totals as SalesTotals,
    lines: (await repo.quoteLines(tx, quoteId)).map(presentLine),
    company: company ? { name: company.name, vatId: company.vat_id, addresses: company.addresses } : null,
    contact: contact ? { name: contact.name, addresses: contact.addresses } : null,
    ownerName: await repo.userName(tx, row.owner_id),
    workspaceCountry: (await workspaceSettings(tx, workspaceId)).defaultCountry,
  };
}

/**
 * The printed view of an issued quote: call it in the issuing transaction (after issueQuote) or
 * later to print it again, and hand the result to the PDF renderer.
 */
export async function quotePrint(
  tx: Db,
  workspaceId: string,
  quoteId: string,
  letterhead: PrintLetterhead,
  unitLabels: UnitLabels = quoteUnitLabels,
): Promise<SalesDocumentPrint> {
  return buildQuotePrint(await loadQuotePrintSource(tx, workspaceId, quoteId), letterhead, unitLabels);
}
