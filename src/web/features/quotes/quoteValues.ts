// What the quote editor holds and sends: lines as the user types them (German decimal comma
// allowed), turned into the API's decimal strings, and the live totals from the same
// computeSalesTotals the server uses.
import type { Quote, QuoteLineInput } from '../../../contract/quotes.ts';
import type { productUnits } from '../../../contract/products.ts';
import { computeSalesTotals, type SalesTotals } from '../../../contract/sales/index.ts';

type Unit = (typeof productUnits)[number];

export interface EditLine {
  key: string;
  kind: 'item' | 'heading' | 'text';
  productId: string | null;
  sku: string | null;
  name: string;
  description: string | null;
  quantity: string;
  unit: string | null;
  unitPrice: string;
  discountKind: 'percent' | 'amount';
  discountValue: string;
  vatRate: string;
  optional: boolean;
  text: string;
}

let counter = 0;
export const lineKey = () => `l${++counter}`;

/** "1.234,5" or "1234.5" → "1234.5"; German input uses the comma for decimals. */
export function decimalInput(value: string, language: string): string {
  const trimmed = value.trim().replace(/\s/g, '');
  if (language.startsWith('de')) return trimmed.replace(/\./g, '').replace(',', '.');
  return trimmed.replace(/,/g, '');
}

/** "1234.5" → "1234,5" in German. */
export function decimalShown(value: string | null, language: string): string {
  if (value === null) return '';
  return language.startsWith('de') ? value.replace('.', ',') : value;
}

export function blankLine(kind: EditLine['kind'], vatRate = '19'): EditLine {
  return {
    key: lineKey(),
    kind,
    productId: null,
    sku: null,
    name: '',
    description: null,
    quantity: '1',
    unit: kind === 'item' ? 'piece' : null,
    unitPrice: '',
    discountKind: 'percent',
    discountValue: '',
    vatRate,
    optional: false,
    text: '',
  };
}

export function editLines(quote: Quote, language: string): EditLine[] {
  return (quote.lines ?? []).map((line) => ({
    key: lineKey(),
    kind: line.kind,
    productId: line.productId,
    sku: line.sku,
    name: line.name ?? '',
    description: line.description,
    quantity: decimalShown(line.quantity, language),
    unit: line.unit,
    unitPrice: decimalShown(line.unitPrice, language),
    discountKind: line.discount?.kind ?? 'percent',
    discountValue: decimalShown(line.discount?.value ?? null, language),
    vatRate: line.vatRate ?? '19',
    optional: line.optional,
    text: line.text ?? '',
  }));
}

export function linesBody(lines: EditLine[], language: string): QuoteLineInput[] {
  return lines.map((line): QuoteLineInput => {
    if (line.kind !== 'item') return { kind: line.kind, text: line.text };
    const discount = line.discountValue.trim()
      ? { kind: line.discountKind, value: decimalInput(line.discountValue, language) }
      : null;
    return {
      kind: 'item',
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      description: line.description,
      quantity: decimalInput(line.quantity, language),
      unit: line.unit as Unit | null,
      unitPrice: decimalInput(line.unitPrice, language),
      discount,
      vatRate: line.vatRate,
      optional: line.optional,
    };
  });
}

/** The totals as the server will compute them, or null while an input cannot be read. */
export function liveTotals(input: {
  lines: EditLine[];
  language: string;
  currency: string;
  pricesEntered: 'net' | 'gross';
  taxTreatment: Quote['taxTreatment'];
  discountKind: 'percent' | 'amount';
  discountValue: string;
}): SalesTotals | null {
  const number = /^-?\d+(\.\d+)?$/;
  const body = linesBody(input.lines, input.language);
  for (const line of body) {
    if (line.kind !== 'item') continue;
    if (!number.test(line.quantity) || !number.test(line.unitPrice ?? '')) return null;
    if (line.discount && !number.test(line.discount.value)) return null;
  }
  const discountValue = decimalInput(input.discountValue, input.language);
  if (discountValue && !number.test(discountValue)) return null;
  try {
    return computeSalesTotals({
      currency: input.currency,
      pricesEntered: input.pricesEntered,
      taxTreatment: input.taxTreatment,
      discount: discountValue ? { kind: input.discountKind, value: discountValue } : null,
      lines: body.map((line) =>
        line.kind === 'item'
          ? {
              kind: 'item' as const,
              quantity: line.quantity,
              unitPrice: line.unitPrice ?? '0',
              discount: line.discount,
              vatRate: line.vatRate ?? '0',
              optional: line.optional,
            }
          : { kind: line.kind },
      ),
    });
  } catch {
    return null;
  }
}
