// What the API shows of a quote and its lines.
import { Decimal } from 'decimal.js';
import type { Quote, QuoteLine } from '../../../contract/quotes.ts';
import { minorUnitsOf, normalVatRate, type SalesTotals } from '../../../contract/sales/index.ts';
import { iso } from '../../platform/presenting.ts';
import { priceText } from '../products/products.presenter.ts';
import type { QuoteLineRow, QuoteRow } from './quotes.repository.ts';
import { printedNumber, statusAsRead } from './quotes.rules.ts';

/** A quantity as stored (numeric(16,4)) without trailing zeros: "2", "1.5". */
const quantityText = (value: string) => new Decimal(value).toString();

function discountOf(kind: 'percent' | 'amount' | null, value: string | null) {
  if (!kind || value === null) return null;
  return { kind, value: kind === 'percent' ? new Decimal(value).toString() : priceText(value) };
}

export function presentLine(row: QuoteLineRow): QuoteLine {
  return {
    kind: row.kind,
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    quantity: row.quantity === null ? null : quantityText(row.quantity),
    unit: row.unit as QuoteLine['unit'],
    unitPrice: row.unit_price === null ? null : priceText(row.unit_price),
    discount: discountOf(row.discount_kind, row.discount_value),
    vatRate: row.vat_rate === null ? null : normalVatRate(row.vat_rate),
    optional: row.optional,
    text: row.text,
  };
}

/** A stored total in the currency's minor unit ("1234.50"). */
function moneyText(value: string, currency: string) {
  return new Decimal(value).toFixed(minorUnitsOf(currency));
}

export function presentQuote(
  row: QuoteRow,
  today: string,
  detail?: { lines: QuoteLineRow[]; totals: SalesTotals },
): Quote {
  const currency = row.currency.trim();
  return {
    id: row.id,
    version: row.version,
    number: printedNumber(row.number, row.revision),
    revision: row.revision,
    rootId: row.root_id,
    status: statusAsRead(row.status, row.valid_until, today),
    companyId: row.company_id,
    companyName: row.company_name ?? null,
    contactId: row.contact_id,
    contactName: row.contact_name ?? null,
    dealId: row.deal_id,
    dealTitle: row.deal_title ?? null,
    language: row.language,
    currency,
    pricesEntered: row.prices_entered,
    taxTreatment: row.tax_treatment,
    quoteDate: row.quote_date,
    validUntil: row.valid_until,
    subject: row.subject,
    introduction: row.introduction,
    terms: row.terms,
    closing: row.closing,
    customerReference: row.customer_reference,
    discount: discountOf(row.discount_kind, row.discount_value),
    netTotal: detail ? detail.totals.netTotal : moneyText(row.net_total, currency),
    vatTotal: detail ? detail.totals.vatTotal : moneyText(row.vat_total, currency),
    grossTotal: detail ? detail.totals.grossTotal : moneyText(row.gross_total, currency),
    issuedAt: iso(row.issued_at),
    sentAt: iso(row.sent_at),
    decidedAt: iso(row.decided_at),
    declineReason: row.decline_reason,
    ownerId: row.owner_id,
    ...(detail && { lines: detail.lines.map(presentLine), totals: detail.totals }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
