// The customer classes of issue 22 that need no model: ABC (Pareto by revenue) and RFM
// (recency, frequency, monetary quintiles and their named segments). Pure functions over the
// customers' figures, so they are tested on small hand-made cases.
import { rfmSegments } from '../../../contract/analytics.ts';

export { rfmSegments };

export type AbcClass = 'A' | 'B' | 'C';

/**
 * ABC by revenue in the window: customers ranked by revenue, a customer is A while the
 * revenue of those ranked above it is less than `a` per cent of the total, B while less than
 * `b` per cent, else C. So the customer that crosses a threshold belongs to the class it
 * completes. Customers without positive revenue in the window get no class.
 */
export function abcClasses(revenues: number[], a: number, b: number): Array<AbcClass | null> {
  const total = revenues.reduce((sum, r) => sum + (r > 0 ? r : 0), 0);
  const order = revenues.map((_, i) => i).sort((i, j) => revenues[j] - revenues[i] || i - j);
  const classes: Array<AbcClass | null> = revenues.map(() => null);
  let before = 0;
  for (const i of order) {
    if (!(revenues[i] > 0)) break;
    const share = (before / total) * 100;
    classes[i] = share < a ? 'A' : share < b ? 'B' : 'C';
    before += revenues[i];
  }
  return classes;
}

/**
 * Quintile scores 1–5 by rank (ties keep their order of the input), 5 the best: the highest
 * values when `higherIsBetter`, else the lowest (recency in days).
 */
export function quintiles(values: number[], higherIsBetter: boolean): number[] {
  const order = values
    .map((_, i) => i)
    .sort((i, j) => (higherIsBetter ? values[i] - values[j] : values[j] - values[i]) || i - j);
  const scores = values.map(() => 1);
  order.forEach((i, rank) => {
    scores[i] = 1 + Math.floor((rank * 5) / values.length);
  });
  return scores;
}

export type RfmSegment = (typeof rfmSegments)[number];

/**
 * The named segment of an RFM score, by recency and the rounded mean of frequency and
 * monetary value (the common eleven-segment grid of RFM practice).
 */
export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  const fm = Math.round((f + m) / 2);
  if (r >= 4 && fm >= 4) return 'champions';
  if (r >= 3 && fm >= 3) return 'loyal';
  if (r >= 4 && fm >= 2) return 'potentialLoyalists';
  if (r === 5) return 'newCustomers';
  if (r === 4) return 'promising';
  if (r === 3 && fm === 2) return 'needAttention';
  if (r === 3) return 'aboutToSleep';
  if (fm === 5) return 'cannotLose';
  if (fm >= 3) return 'atRisk';
  if (r === 2) return 'hibernating';
  return 'lost';
}

/** Why a customer looks like leaving, apart from the model: with the figures that say so. */
export type ChurnSignal =
  | { signal: 'overdue'; days: number; usualDays: number }
  | { signal: 'falling'; revenue: number; previous: number };

const dayMs = 86_400_000;

/**
 * Churn signals beyond the model. Overdue: a customer with at least three purchase days whose
 * time since the last one is more than twice their own usual gap (the mean gap between their
 * purchase days) and at least 30 days. Falling (companies, whose buying is a business's): the
 * revenue of the window is less than 70 % of the window before it. Overdue is told first.
 */
export function churnSignal(
  customer: {
    customerType: 'company' | 'contact';
    purchaseDays: number;
    firstOrder: string;
    lastOrder: string;
    revenueWindow: number;
    revenuePrevious: number;
  },
  asOf: string,
): ChurnSignal | null {
  if (customer.purchaseDays >= 3) {
    const usualDays =
      (Date.parse(customer.lastOrder) - Date.parse(customer.firstOrder)) / dayMs / (customer.purchaseDays - 1);
    const days = Math.round((Date.parse(asOf) - Date.parse(customer.lastOrder)) / dayMs);
    if (days >= 30 && days > 2 * usualDays) return { signal: 'overdue', days, usualDays: Math.round(usualDays) };
  }
  if (
    customer.customerType === 'company' &&
    customer.revenuePrevious > 0 &&
    customer.revenueWindow < 0.7 * customer.revenuePrevious
  )
    return { signal: 'falling', revenue: customer.revenueWindow, previous: customer.revenuePrevious };
  return null;
}
