// Exact money arithmetic of the deals board (no floats): column totals and weighted totals
// from the API's decimal strings, and reading an amount as a person types it.
import type { Deal } from '../../../contract/deals.ts';

/** "1.234,50" or "1234.5" as the API's decimal string; the last , or . is the decimal mark. */
export function parseAmount(input: string): string | null {
  const compact = input.replace(/[\s'’]/g, '');
  if (compact === '') return null;
  const mark = Math.max(compact.lastIndexOf(','), compact.lastIndexOf('.'));
  const hasDecimals = mark >= 0 && compact.length - mark - 1 <= 2;
  const whole = (hasDecimals ? compact.slice(0, mark) : compact).replace(/[.,]/g, '');
  const fraction = hasDecimals ? compact.slice(mark + 1) : '';
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A decimal string with up to 2 places ("1234.5") in hundredths, exactly. */
function toCents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const cents = BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -cents : cents;
}

/** A value in units of 10^-scale as a decimal string (Intl formats decimal strings exactly). */
function toDecimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export interface Total {
  currency: string;
  amount: string;
  weighted: string;
}

/** Column total and weighted total (amount × probability), one per currency present. */
export function columnTotals(deals: Pick<Deal, 'amount' | 'probability'>[]): Total[] {
  const sums = new Map<string, { amount: bigint; weighted: bigint }>();
  for (const deal of deals) {
    if (!deal.amount) continue;
    const sum = sums.get(deal.amount.currency) ?? { amount: 0n, weighted: 0n };
    const cents = toCents(deal.amount.amount);
    sum.amount += cents;
    sum.weighted += cents * BigInt(deal.probability); // hundredths × percent = 10^-4 units
    sums.set(deal.amount.currency, sum);
  }
  return [...sums].sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sum]) => ({ currency, amount: toDecimal(sum.amount, 2), weighted: toDecimal(sum.weighted, 4) }));
}
