// Predicted customer lifetime value (issue 22): the BG/NBD model (Fader, Hardie and Lee 2005,
// "Counting your customers the easy way") for how many purchases a customer will make and
// whether they are still a customer at all, and the Gamma-Gamma model (Fader and Hardie,
// "The Gamma-Gamma model of monetary value", 2013) for what they spend per purchase. Both are
// fitted by maximum likelihood on the workspace's own order history; docs/analytics.md says
// what they assume and when not to trust them.
//
// A customer is summed up as (x, t_x, T) in weeks: x purchase days after the first, t_x the
// time from the first purchase day to the last, T from the first to the end of the
// calibration period; and for spend, zbar, the mean amount of the repeat purchase days.
import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { nelderMead } from './optimize.ts';

export interface History {
  /** Repeat purchase days (purchase days after the first). */
  x: number;
  /** Weeks from the first purchase day to the last. */
  tx: number;
  /** Weeks from the first purchase day to the end of the period. */
  T: number;
}

export interface BgNbd {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface GammaGamma {
  p: number;
  q: number;
  gamma: number;
}

/** ln(e^u + e^v) without overflow. */
const logAdd = (u: number, v: number) => Math.max(u, v) + Math.log1p(Math.exp(-Math.abs(u - v)));

/** One customer's log-likelihood under BG/NBD (Fader, Hardie and Lee 2005, equation 6). */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbd, { x, tx, T }: History): number {
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return a1 + a2 + logAdd(a3, a4);
}

/** The probability that a customer with this history is still a customer. */
export function probabilityAlive({ r, alpha, a, b }: BgNbd, { x, tx, T }: History): number {
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
}

/** Expected purchases in the next `t` weeks of a customer with this history (equation 10). */
export function expectedPurchases(params: BgNbd, history: History, t: number): number {
  const { r, alpha, a, b } = params;
  const { x, tx, T } = history;
  if (t <= 0) return 0;
  const ratio = ((alpha + T) / (alpha + T + t)) ** (r + x);
  const series = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - ratio * series);
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 1;
  return numerator / denominator;
}

/** The probability that a new customer makes no purchase in `t` weeks. */
export function probabilityNoPurchase({ r, alpha }: BgNbd, t: number): number {
  return (alpha / (alpha + t)) ** r;
}

/** One repeat buyer's log-likelihood of their average spend under Gamma-Gamma. */
export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGamma, x: number, zbar: number): number {
  return (
    gammaln(p * x + q) -
    gammaln(p * x) -
    gammaln(q) +
    q * Math.log(gamma) +
    (p * x - 1) * Math.log(zbar) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(gamma + x * zbar)
  );
}

/** A customer's expected spend per purchase: their own average, shrunk to the population's. */
export function expectedAverageSpend({ p, q, gamma }: GammaGamma, x: number, zbar: number): number {
  if (x === 0) return (p * gamma) / (q - 1);
  return (p * (gamma + x * zbar)) / (p * x + q - 1);
}

/**
 * Minimises `f` over positive parameters (searched as logarithms), restarting Nelder-Mead from
 * its last best point until a restart no longer improves it: a single run stops early on the
 * flat valleys these likelihoods have.
 */
function minimisePositive(f: (values: number[]) => number, start: number[]): { values: number[]; value: number } {
  const objective = (logs: number[]) => {
    const value = f(logs.map(Math.exp));
    return Number.isFinite(value) ? value : Number.MAX_VALUE;
  };
  let best = { x: start.map(Math.log), fx: objective(start.map(Math.log)) };
  for (let round = 0; round < 50; round++) {
    const next = nelderMead(objective, best.x, { maxIterations: 4000, tolerance: 1e-12 });
    const improved = best.fx - next.fx;
    if (next.fx < best.fx) best = { x: next.x, fx: next.fx };
    if (improved < 1e-9) break;
  }
  return { values: best.x.map(Math.exp), value: best.fx };
}

/**
 * The distinct purchase counts of `xs` and each one's index: the gamma functions of a
 * likelihood depend on a customer's count only, so each evaluation computes them once per count
 * instead of once per customer (hundreds of thousands of them at a workspace's scale).
 */
function byCount(xs: ArrayLike<number>): { counts: number[]; index: Int32Array } {
  const counts = [...new Set(Array.from(xs))];
  const position = new Map(counts.map((x, i) => [x, i]));
  return { counts, index: Int32Array.from(Array.from(xs), (x) => position.get(x) ?? 0) };
}

/** BG/NBD fitted by maximum likelihood; customers with the same history count `weight` times. */
export function fitBgNbd(customers: Array<History & { weight?: number }>): { params: BgNbd; logLikelihood: number } {
  const n = customers.length;
  const x = Float64Array.from(customers, (c) => c.x);
  const tx = Float64Array.from(customers, (c) => c.tx);
  const T = Float64Array.from(customers, (c) => c.T);
  const weight = Float64Array.from(customers, (c) => c.weight ?? 1);
  const { counts, index } = byCount(x);
  const shared = new Float64Array(counts.length);
  const repeat = new Float64Array(counts.length);
  // The sum of bgNbdLogLikelihood over the customers, its terms of x alone computed per count.
  const logLikelihood = (r: number, alpha: number, a: number, b: number) => {
    const constant = -gammaln(r) + r * Math.log(alpha) + gammaln(a + b) - gammaln(b);
    counts.forEach((k, i) => {
      shared[i] = constant + gammaln(r + k) + gammaln(b + k) - gammaln(a + b + k);
      repeat[i] = k > 0 ? Math.log(a) - Math.log(b + k - 1) : 0;
    });
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const i = index[j];
      const rx = r + x[j];
      const a3 = -rx * Math.log(alpha + T[j]);
      const value = x[j] === 0 ? a3 : logAdd(a3, repeat[i] - rx * Math.log(alpha + tx[j]));
      sum += weight[j] * (shared[i] + value);
    }
    return sum;
  };
  const { values, value } = minimisePositive(([r, alpha, a, b]) => -logLikelihood(r, alpha, a, b), [1, 1, 1, 1]);
  const [r, alpha, a, b] = values;
  return { params: { r, alpha, a, b }, logLikelihood: -value };
}

/** Gamma-Gamma fitted by maximum likelihood on the repeat buyers (x > 0, zbar > 0). */
export function fitGammaGamma(buyers: Array<{ x: number; zbar: number }>): {
  params: GammaGamma;
  logLikelihood: number;
} {
  const n = buyers.length;
  const x = Float64Array.from(buyers, (c) => c.x);
  const zbar = Float64Array.from(buyers, (c) => c.zbar);
  // What does not change between evaluations: the logarithms of each buyer's own figures.
  const logZbar = Float64Array.from(buyers, (c) => Math.log(c.zbar));
  const logX = Float64Array.from(buyers, (c) => Math.log(c.x));
  const { counts, index } = byCount(x);
  const shared = new Float64Array(counts.length);
  // The sum of gammaGammaLogLikelihood over the buyers, its gamma functions computed per count.
  const logLikelihood = (p: number, q: number, gamma: number) => {
    const constant = -gammaln(q) + q * Math.log(gamma);
    counts.forEach((k, i) => {
      shared[i] = constant + gammaln(p * k + q) - gammaln(p * k);
    });
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const px = p * x[j];
      sum += shared[index[j]] + (px - 1) * logZbar[j] + px * logX[j] - (px + q) * Math.log(gamma + x[j] * zbar[j]);
    }
    return sum;
  };
  const { values, value } = minimisePositive(([p, q, gamma]) => -logLikelihood(p, q, gamma), [1, 1, 1]);
  const [p, q, gamma] = values;
  return { params: { p, q, gamma }, logLikelihood: -value };
}
