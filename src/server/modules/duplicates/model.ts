// The Fellegi–Sunter model: per comparison level an m probability (the level's share among
// true duplicates) and a u probability (its share among random pairs); a pair's evidence is
// the sum of log2(m/u) over its levels plus the prior odds, its score the resulting match
// probability. u comes from random pairs of the workspace, m and the prior from EM over the
// candidate pairs (as Splink does); a workspace too small to learn from keeps the priors, and
// so does one where EM's class is plainly not duplicates (see estimateM).
import { compareAll, comparisonsOf, type Prepared, type RecordType } from './compare.ts';
import { transposed } from './similarity.ts';

export interface Model {
  type: RecordType;
  /**
   * Share of true duplicates among all pairs of records (not only the candidates: blocking
   * makes the candidates agree on their keys, which their u probabilities do not know).
   */
  lambda: number;
  /** Per comparison key, m and u per level. */
  m: Record<string, number[]>;
  u: Record<string, number[]>;
  /** Whether m and lambda were learned (EM) or are the priors; u likewise from random pairs. */
  learned: {
    m: boolean;
    u: boolean;
    pairs: number;
    records: number;
    /** Why EM's m and lambda were thrown away for the priors (see implausible), if they were. */
    rejected?: string;
  };
  /**
   * Term frequencies of names (contacts), learned by a scan: a shared `Müller` is weaker
   * evidence than a shared `Przybylski`. Absent in the priors and in models stored before.
   */
  tf?: Partial<Record<'firstName' | 'lastName', TermFrequencies>>;
}

/**
 * How often values of a field occur among the workspace's records: the most frequent ones
 * by name, every other value at the average share of the rest.
 */
export interface TermFrequencies {
  /** Folded value → its share of the records with a value (0–1). */
  top: Record<string, number>;
  /** The share of any value not in `top`. */
  rest: number;
}

/** The share below which a value counts as this rare at most: one record in ten million. */
const tfFloor = 1e-7;

/**
 * The weight of an exact agreement on a value with term frequency `tf` (Splink's term-frequency
 * adjustment): two random records share the value with probability tf, so the agreement's u is
 * tf instead of the field's average.
 */
function tfWeight(m: number, tf: number): number {
  return Math.log2(m / Math.max(tfFloor, tf));
}

function tfOf(table: TermFrequencies, value: string): number {
  // Own keys only: a folded name may be `constructor`.
  return Object.hasOwn(table.top, value) ? table.top[value] : table.rest;
}

/** Priors for German CRM data: what the levels are among duplicates (m) and random pairs (u). */
const priors: Record<RecordType, Record<string, { m: number[]; u: number[] }>> = {
  contacts: {
    firstName: { m: [0.82, 0.04, 0.06, 0.03, 0.02, 0.03], u: [0.006, 0.0005, 0.004, 0.03, 0.002, 0.9575] },
    lastName: { m: [0.88, 0.06, 0.03, 0.03], u: [0.004, 0.002, 0.012, 0.982] },
    birthday: { m: [0.93, 0.05, 0.02], u: [0.00005, 0.005, 0.99495] },
    email: { m: [0.85, 0.05, 0.1], u: [0.00002, 0.0002, 0.99978] },
    phone: { m: [0.35, 0.45, 0.2], u: [0.000005, 0.00002, 0.999975] },
    address: {
      m: [0.78, 0.08, 0.04, 0.05, 0.02, 0.02, 0.01],
      u: [0.00005, 0.0001, 0.0003, 0.006, 0.025, 0.2, 0.76855],
    },
    customerNumber: { m: [0.5, 0.05, 0.45], u: [0.000001, 0.002, 0.997999] },
    externalId: { m: [0.85, 0.05, 0.1], u: [0.00002, 0.0005, 0.99948] },
  },
  companies: {
    name: { m: [0.75, 0.12, 0.1, 0.03], u: [0.0005, 0.001, 0.01, 0.9885] },
    domain: { m: [0.9, 0.1], u: [0.0002, 0.9998] },
    email: { m: [0.6, 0.05, 0.35], u: [0.00002, 0.002, 0.99798] },
    phone: { m: [0.2, 0.6, 0.2], u: [0.000005, 0.00002, 0.999975] },
    address: {
      m: [0.72, 0.1, 0.05, 0.07, 0.03, 0.02, 0.01],
      u: [0.0001, 0.0002, 0.0005, 0.006, 0.025, 0.2, 0.7682],
    },
    customerNumber: { m: [0.5, 0.05, 0.45], u: [0.000001, 0.002, 0.997999] },
    externalId: { m: [0.85, 0.05, 0.1], u: [0.00002, 0.0005, 0.99948] },
  },
};

export function priorModel(type: RecordType): Model {
  const m: Record<string, number[]> = {};
  const u: Record<string, number[]> = {};
  for (const [key, p] of Object.entries(priors[type])) {
    m[key] = [...p.m];
    u[key] = [...p.u];
  }
  // About two duplicates per hundred records in a workspace of four thousand.
  return { type, lambda: 1e-5, m, u, learned: { m: false, u: false, pairs: 0, records: 0 } };
}

/**
 * What households share (address, landline, last name, a family mailbox). Two people with
 * clearly different first names who agree only on these are a couple or family, not one
 * person twice: then agreement on these counts for nothing.
 */
const householdFields = new Set(['lastName', 'address', 'email']);

interface Scored {
  /** log2 odds of a match. */
  weight: number;
  levels: Int8Array;
}

/** Where each contact comparison's level is in a pair's levels. */
const contactIndex = Object.fromEntries(comparisonsOf('contacts').map((c, i) => [c.key, i])) as Record<string, number>;

/** First-name levels that make two people of one household: phonetically alike (`Martin`/`Katrin`) or different. */
const otherFirstName = (level: number) => level === 3 || level === 5;

/**
 * The pair's log2 odds of being one record. `a`, when given, supplies the values for the
 * term-frequency adjustment of exact name agreements (equal on both sides, so either will do;
 * read `swapped`, names are compared across first and last).
 */
function weigh(
  model: Model,
  levels: Int8Array,
  lambda = model.lambda,
  a?: Prepared,
  swapped = false,
  mistyped = false,
): number {
  const comparisons = comparisonsOf(model.type);
  let weight = Math.log2(lambda / (1 - lambda));
  // The household rule (above) yields to personal evidence: the same birthday or external id,
  // or an external id with two neighbouring characters swapped (`mistyped`: one person's id
  // typed wrong; two people's ids from one system differ otherwise).
  const guarded =
    model.type === 'contacts' &&
    otherFirstName(levels[0]) &&
    levels[contactIndex.birthday] !== 0 &&
    levels[contactIndex.externalId] !== 0 &&
    !mistyped;
  for (let i = 0; i < comparisons.length; i++) {
    let level = levels[i];
    if (level < 0) continue;
    const key = comparisons[i].key;
    // In a household, a first name that only sounds alike is another person's: it counts as different.
    if (guarded && key === 'firstName') level = 5;
    let w = Math.log2(model.m[key][level] / model.u[key][level]);
    if (level === 0 && a && model.tf && (key === 'lastName' || key === 'firstName')) {
      const value = key === 'lastName' ? a.last : a.first;
      const own = model.tf[key];
      // Read swapped, either side may be the one entered the wrong way round: the more common reading counts.
      const other = swapped ? model.tf[key === 'lastName' ? 'firstName' : 'lastName'] : undefined;
      if (own && value) w = tfWeight(model.m[key][0], Math.max(tfOf(own, value), other ? tfOf(other, value) : 0));
    }
    // The rule only discounts agreement: disagreement on these fields still counts against.
    if (guarded && w > 0 && (householdFields.has(key) || (key === 'phone' && level === 1))) continue;
    weight += w;
  }
  return weight;
}

/** The better of the two readings of a contact pair: as given, and with one side's names swapped. */
export function comparePair(model: Model, a: Prepared, b: Prepared): Scored & { swapped: boolean } {
  const straight = compareAll(model.type, a, b, false);
  const mistyped = transposed(a.externalId, b.externalId);
  const straightWeight = weigh(model, straight, model.lambda, a, false, mistyped);
  if (model.type !== 'contacts' || !a.first || !b.first || a.first === b.first)
    return { weight: straightWeight, levels: straight, swapped: false };
  const swapped = compareAll(model.type, a, b, true);
  // A swap must explain both names, not only one of them.
  if (swapped[0] > 3 || swapped[1] > 2) return { weight: straightWeight, levels: straight, swapped: false };
  const swappedWeight = weigh(model, swapped, model.lambda, a, true, mistyped);
  return swappedWeight > straightWeight
    ? { weight: swappedWeight, levels: swapped, swapped: true }
    : { weight: straightWeight, levels: straight, swapped: false };
}

export function probability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/** Stable reason keys: which fields made the pair alike. */
export function reasonsOf(type: RecordType, levels: Int8Array, swapped: boolean): string[] {
  const comparisons = comparisonsOf(type);
  const level = (key: string) => levels[comparisons.findIndex((c) => c.key === key)];
  const reasons: string[] = [];
  if (type === 'contacts') {
    const first = level('firstName');
    const last = level('lastName');
    if (swapped) reasons.push('name_swapped');
    if (last === 0 && (first === 0 || first === -1)) reasons.push('same_name');
    else if (last >= 0 && last <= 2 && first >= 0 && first <= 4) {
      if (first === 1) reasons.push('nickname');
      reasons.push(last === 2 || first === 3 ? 'phonetic_name' : 'similar_name');
    }
    if (level('birthday') === 0) reasons.push('same_birthday');
  } else {
    const name = level('name');
    if (name === 0) reasons.push('same_company_name');
    else if (name === 1 || name === 2) reasons.push('similar_company_name');
    if (level('domain') === 0) reasons.push('same_domain');
  }
  if (level('email') === 0) reasons.push('same_email');
  if (level('phone') === 0 || level('phone') === 1) reasons.push('same_phone');
  const address = level('address');
  if (address === 0 || address === 1) reasons.push('same_address');
  if (level('customerNumber') === 0) reasons.push('same_customer_number');
  if (level('externalId') === 0) reasons.push('same_external_id');
  return reasons;
}

export function scorePair(model: Model, a: Prepared, b: Prepared): { score: number; reasons: string[] } {
  const result = comparePair(model, a, b);
  return { score: probability(result.weight), reasons: reasonsOf(model.type, result.levels, result.swapped) };
}

/** Level shares among random pairs (the u probabilities), smoothed toward the priors. */
export function estimateU(model: Model, sample: Int8Array[]): Model {
  const comparisons = comparisonsOf(model.type);
  if (sample.length < 1000) return model;
  const u: Record<string, number[]> = {};
  comparisons.forEach((c, i) => {
    const prior = model.u[c.key];
    const counts = prior.map(() => 0);
    let total = 0;
    for (const levels of sample)
      if (levels[i] >= 0) {
        counts[levels[i]]++;
        total++;
      }
    // A few pseudo-pairs of the prior keep rare levels (never seen among random pairs) finite.
    const strength = 50;
    // A level never seen in the sample (two random people with one birthday) is rare, not
    // impossible: it stays within half of its prior, or its agreement would outweigh everything.
    u[c.key] = counts.map((n, l) => Math.max(prior[l] / 2, (n + strength * prior[l]) / (total + strength)));
  });
  return { ...model, u, learned: { ...model.learned, u: true } };
}

/**
 * Comparisons that identify one person or company (an address, a name or a city is shared by
 * many). EM learns its match class from the candidates, which blocking makes alike in names
 * and places; where many unrelated people share those, the class EM finds is "same name" or
 * "same first name in the same postal code", and it would learn that duplicates almost never
 * share an email or phone. Their m therefore stays near the prior (see boundIdentifying).
 */
const identifying = new Set(['email', 'phone', 'customerNumber', 'externalId', 'birthday']);

/**
 * An identifying comparison's m within bounds of its prior: each agreement level at least half
 * the prior's, "different" at most twice the prior's (or 0.3), then normalised again.
 */
function boundIdentifying(m: number[], prior: number[]): number[] {
  const last = m.length - 1;
  const bounded = m.map((x, l) => (l < last ? Math.max(x, prior[l] / 2) : Math.min(x, Math.max(0.3, 2 * prior[l]))));
  const sum = bounded.reduce((a, b) => a + b, 0);
  return bounded.map((x) => x / sum);
}

/**
 * The address's m with its two "different" levels (the last two: elsewhere, another postal
 * region) at most 0.05 or twice the prior's each, then normalised again. Blocking brings
 * namesakes together, and EM's class takes in those living elsewhere; it would learn that one
 * person's records often lie in different regions, and an address that disagrees outright
 * would hardly count against a pair.
 */
function boundElsewhere(m: number[], prior: number[]): number[] {
  const bounded = m.map((x, l) => (l >= m.length - 2 ? Math.min(x, Math.max(0.05, 2 * prior[l])) : x));
  const sum = bounded.reduce((a, b) => a + b, 0);
  return bounded.map((x) => x / sum);
}

/**
 * Why a learned m is not a model of duplicates, or null if it may be. Duplicates agree on most
 * of what both records hold; when EM's class disagrees outright on a field far more often than
 * the prior allows (more than half of its pairs and three times the prior's share), EM has
 * found another class: people who share a name, a first name and a postal code, a household.
 */
function implausible(type: RecordType, m: Record<string, number[]>): string | null {
  const odd: string[] = [];
  for (const [key, p] of Object.entries(priors[type])) {
    const learned = m[key][m[key].length - 1];
    const prior = p.m[p.m.length - 1];
    if (learned > Math.max(0.5, 3 * prior))
      odd.push(`${key} different in ${Math.round(learned * 100)} % (prior ${Math.round(prior * 100)} %)`);
  }
  return odd.length > 0 ? `learned match class is not duplicates: ${odd.join(', ')}` : null;
}

/** The priors' share of duplicates among all pairs of `records` records: two per hundred records. */
function priorLambda(records: number): number {
  return (0.02 * records) / Math.max(1, (records * (records - 1)) / 2);
}

/**
 * A model stored before a comparison existed (street, postal code and city were three until
 * they became one address comparison) gets the priors' m and u for the comparisons it lacks;
 * the keys it has that are no longer compared are not read.
 */
function withAllComparisons(model: Model): Model {
  const missing = comparisonsOf(model.type).filter((c) => !model.m[c.key] || !model.u[c.key]);
  if (missing.length === 0) return model;
  const prior = priorModel(model.type);
  const m = { ...model.m };
  const u = { ...model.u };
  for (const { key } of missing) {
    m[key] = prior.m[key];
    u[key] = prior.u[key];
  }
  return { ...model, m, u };
}

/**
 * A stored model as the check while typing may use it: one learned before models were checked
 * (see estimateM) and not plausibly one of duplicates gets the priors' m and share instead.
 */
export function checkedModel(stored: Model): Model {
  const model = withAllComparisons(stored);
  if (!model.learned.m || model.learned.rejected) return model;
  const rejected = implausible(model.type, model.m);
  if (!rejected) return model;
  return {
    ...model,
    m: priorModel(model.type).m,
    lambda: priorLambda(model.learned.records),
    learned: { ...model.learned, m: false, rejected },
  };
}

/**
 * m and lambda by expectation–maximisation over the candidate pairs' levels, u fixed. The
 * priors enter as pseudo-counts, so a small workspace stays near them; the household rule
 * applies while learning too, so couples do not teach the model that different first names
 * are common among duplicates. Identifying comparisons stay near their priors, and a result
 * that is not plausibly a model of duplicates is rejected for the priors (learned.rejected).
 */
export function estimateM(
  model: Model,
  pairs: Int8Array[],
  /** How many records and pairs of records there are in all, and how many pairs are candidates. */
  population: { records: number; pairs: number; candidates: number },
  iterations = 25,
): Model {
  const comparisons = comparisonsOf(model.type);
  if (pairs.length < 200) return { ...model, learned: { ...model.learned, pairs: pairs.length } };
  let current = { ...model, lambda: 0.1 };
  let raw: Record<string, number[]> = {};
  const strength = 300;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const mCounts = comparisons.map((c) => current.m[c.key].map(() => 0));
    const totals = comparisons.map(() => 0);
    let expected = 0;
    for (const levels of pairs) {
      const p = probability(weigh(current, levels));
      expected += p;
      for (let i = 0; i < comparisons.length; i++)
        if (levels[i] >= 0) {
          mCounts[i][levels[i]] += p;
          totals[i] += p;
        }
    }
    const m: Record<string, number[]> = {};
    raw = {};
    comparisons.forEach((c, i) => {
      const prior = priors[model.type][c.key].m;
      raw[c.key] = mCounts[i].map((n, l) => Math.max((n + strength * prior[l]) / (totals[i] + strength), 1e-6));
      m[c.key] = identifying.has(c.key)
        ? boundIdentifying(raw[c.key], prior)
        : c.key === 'address'
          ? boundElsewhere(raw[c.key], prior)
          : raw[c.key];
    });
    const lambda = Math.min(0.99, Math.max(1e-4, (expected + 1) / (pairs.length + 2)));
    current = { ...current, m, lambda };
  }
  const rejected = implausible(model.type, raw);
  if (rejected) {
    return {
      ...model,
      m: priorModel(model.type).m,
      lambda: priorLambda(population.records),
      learned: { ...model.learned, m: false, pairs: pairs.length, rejected },
    };
  }
  // Duplicates are found among the candidates only: their share of all pairs is the prior.
  const lambda = Math.max(1e-12, (current.lambda * population.candidates) / Math.max(1, population.pairs));
  return { ...current, lambda, learned: { ...current.learned, m: true, pairs: pairs.length } };
}
