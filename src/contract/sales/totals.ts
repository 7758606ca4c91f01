// The exact totals of a sales document (quote, order): line amounts, discount, VAT per rate.
// Shared by the server (which stores and prints them) and the web app (which shows them while a
// quote is edited), so both always agree to the cent. Decimal arithmetic only; the rounding rule
// is described in docs/sales.md ("How totals are computed").
import { Decimal } from 'decimal.js';

// 64 significant digits hold every product and sum of the inputs (at most 12 + 4 digits each)
// exactly; only the divisions (discount shares, net from gross) are cut, far below a cent.
const Exact = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP });
type Exact = Decimal;
const zero = new Exact(0);
const hundred = new Exact(100);

export type SalesDiscount = { kind: 'percent' | 'amount'; value: string };
export type SalesItemLine = {
  kind: 'item';
  quantity: string;
  unitPrice: string;
  discount?: SalesDiscount | null;
  vatRate: string;
  /** Shown with its amount, not added to the totals. */
  optional?: boolean;
};
export type SalesTextLine = { kind: 'heading' | 'text' };
export type TaxTreatment = 'standard' | 'reverseCharge' | 'smallBusiness';

export type SalesTotalsInput = {
  currency: string;
  /** Whether unit prices and amount discounts include VAT. */
  pricesEntered: 'net' | 'gross';
  taxTreatment: TaxTreatment;
  discount?: SalesDiscount | null;
  lines: readonly (SalesItemLine | SalesTextLine)[];
};

export type SalesLineTotal =
  | {
      kind: 'item';
      optional: boolean;
      /** The rate applied: "0" under reverse charge and § 19 UStG. */
      vatRate: string;
      /** Quantity × unit price, rounded; net or gross as the prices were entered. */
      listAmount: string;
      /** listAmount − amount, so the two always add up. */
      discountAmount: string;
      /** The line's amount after its discount, rounded; net or gross as entered. */
      amount: string;
      net: string;
      /** Only when prices are entered gross (then `net` is for display; totals use the gross). */
      gross: string | null;
    }
  | { kind: 'heading' | 'text' };

export type SalesVatGroup = { rate: string; base: string; tax: string; gross: string };

export type SalesTotals = {
  currency: string;
  minorUnits: number;
  lines: SalesLineTotal[];
  /** The summed lines (optional ones left out) before the document discount. */
  subtotal: { net: string; gross: string | null };
  /** The document discount as an amount; its gross only when prices are entered gross. */
  documentDiscount: { net: string; gross: string | null };
  netTotal: string;
  /** Per rate, highest first; empty under § 19 UStG (no VAT is shown at all). */
  vat: SalesVatGroup[];
  vatTotal: string;
  grossTotal: string;
  /** The note the document must carry. */
  note: 'reverseCharge' | 'smallBusiness' | null;
};

/** An input the totals cannot be computed for; `path` names the field as zod would. */
export class SalesTotalsError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
    this.name = 'SalesTotalsError';
  }
}

const minorUnitsCache = new Map<string, number>();

/** Decimal places of a currency's minor unit: 2 for EUR, USD, CHF; 0 for JPY; 3 for KWD. */
export function minorUnitsOf(currency: string): number {
  let units = minorUnitsCache.get(currency);
  if (units === undefined) {
    units = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorUnitsCache.set(currency, units);
  }
  return units;
}

/**
 * Splits `total` (a whole number of minor units) over parts in proportion to `weights`: each
 * part rounded down to the minor unit, the cents left over going to the parts with the largest
 * remainders (the earlier part on a tie), so the parts add up to `total` exactly.
 */
function distribute(total: Exact, weights: Exact[], minorUnits: number): Exact[] {
  const sum = weights.reduce((a, b) => a.plus(b), zero);
  if (sum.isZero()) return weights.map(() => zero);
  const scale = new Exact(10).pow(minorUnits);
  const units = total.times(scale);
  const exact = weights.map((weight) => units.times(weight).div(sum));
  const parts = exact.map((share) => share.floor());
  const left = units.minus(parts.reduce((a, b) => a.plus(b), zero)).toNumber();
  const byRemainder = exact
    .map((share, index) => ({ index, remainder: share.minus(parts[index]) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (let k = 0; k < left; k++) parts[byRemainder[k].index] = parts[byRemainder[k].index].plus(1);
  return parts.map((part) => part.div(scale));
}

/** Computes the totals; throws SalesTotalsError for a discount larger than what it discounts. */
export function computeSalesTotals(input: SalesTotalsInput): SalesTotals {
  const minorUnits = minorUnitsOf(input.currency);
  const round = (value: Exact) => value.toDecimalPlaces(minorUnits, Decimal.ROUND_HALF_UP);
  // No "-0.00" on a document.
  const text = (value: Exact) => (value.isZero() ? zero : value).toFixed(minorUnits);
  const enteredGross = input.pricesEntered === 'gross';
  const netOf = (gross: Exact, rate: Exact) => round(gross.times(hundred).div(hundred.plus(rate)));

  // Summed line amounts per rate, net or gross as entered.
  const byRate = new Map<string, { rate: Exact; amount: Exact }>();
  const lines = input.lines.map((line, index): SalesLineTotal => {
    if (line.kind !== 'item') return { kind: line.kind };
    const list = new Exact(line.quantity).times(line.unitPrice);
    let exact = list;
    if (line.discount?.kind === 'percent') {
      exact = list.times(hundred.minus(line.discount.value)).div(hundred);
    } else if (line.discount?.kind === 'amount') {
      const discount = new Exact(line.discount.value);
      if (discount.gt(list.abs()))
        throw new SalesTotalsError(
          ['lines', index, 'discount', 'value'],
          `is larger than the line's amount (${text(round(list.abs()))})`,
        );
      // A discount makes a line smaller, a credit line's as well.
      exact = list.isNegative() ? list.plus(discount) : list.minus(discount);
    }
    const amount = round(exact);
    const listAmount = round(list);
    const rate = input.taxTreatment === 'standard' ? new Exact(line.vatRate) : zero;
    const key = rate.toString();
    if (!line.optional) {
      const group = byRate.get(key) ?? { rate, amount: zero };
      group.amount = group.amount.plus(amount);
      byRate.set(key, group);
    }
    return {
      kind: 'item',
      optional: line.optional ?? false,
      vatRate: key,
      listAmount: text(listAmount),
      discountAmount: text(listAmount.minus(amount)),
      amount: text(amount),
      net: text(enteredGross ? netOf(amount, rate) : amount),
      gross: enteredGross ? text(amount) : null,
    };
  });

  const groups = [...byRate.values()].sort((a, b) => b.rate.comparedTo(a.rate));
  const subtotal = groups.reduce((sum, group) => sum.plus(group.amount), zero);

  let discount = zero;
  if (input.discount?.kind === 'percent') {
    discount = round(subtotal.times(input.discount.value).div(hundred));
  } else if (input.discount?.kind === 'amount') {
    // An amount with more decimals than the currency has (0.50 yen) counts as rounded.
    const value = round(new Exact(input.discount.value));
    if (value.gt(subtotal.abs()))
      throw new SalesTotalsError(
        ['discount', 'value'],
        `is larger than the total of the lines (${text(subtotal.abs())})`,
      );
    discount = subtotal.isNegative() ? value.negated() : value;
  }

  // The discount lowers each rate's base in proportion to it (§ 10 UStG: the discount reduces
  // the taxable amount of the supplies it belongs to).
  const shares = distribute(
    discount,
    groups.map((group) => group.amount),
    minorUnits,
  );
  const vat = groups.map((group, index) => {
    const discounted = group.amount.minus(shares[index]);
    // Net prices: VAT once per rate on its base. Gross prices: the gross per rate stays as the
    // lines add up, and the net is taken out of it, the VAT being the difference.
    const base = enteredGross ? netOf(discounted, group.rate) : discounted;
    const tax = enteredGross ? discounted.minus(base) : round(base.times(group.rate).div(hundred));
    return { rate: group.rate, base, tax };
  });
  const netTotal = vat.reduce((sum, group) => sum.plus(group.base), zero);
  const vatTotal = vat.reduce((sum, group) => sum.plus(group.tax), zero);
  const netSubtotal = enteredGross
    ? groups.reduce((sum, group) => sum.plus(netOf(group.amount, group.rate)), zero)
    : subtotal;

  return {
    currency: input.currency,
    minorUnits,
    lines,
    subtotal: { net: text(netSubtotal), gross: enteredGross ? text(subtotal) : null },
    documentDiscount: {
      net: text(netSubtotal.minus(netTotal)),
      gross: enteredGross ? text(discount) : null,
    },
    netTotal: text(netTotal),
    vat:
      input.taxTreatment === 'smallBusiness'
        ? []
        : vat.map((group) => ({
            rate: group.rate.toString(),
            base: text(group.base),
            tax: text(group.tax),
            gross: text(group.base.plus(group.tax)),
          })),
    vatTotal: text(vatTotal),
    grossTotal: text(netTotal.plus(vatTotal)),
    note: input.taxTreatment === 'standard' ? null : input.taxTreatment,
  };
}
