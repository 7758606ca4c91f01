// Deterministic randomness for the demo data: a tiny seeded PRNG (mulberry32), a hash that
// gives every record its own stream (so any record can be recomputed from its index alone,
// which keeps the generator streaming), UUIDv7 ids built from it, and index permutations.

/** Mixes integers into one 32-bit seed (murmur3's finaliser per part). */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    let k = Math.imul(part | 0, 0xcc9e2d51) ^ Math.floor(part / 0x100000000);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32 with helpers; one instance is re-seeded per record instead of allocating. */
export class Rand {
  private state = 0;

  constructor(seed = 0) {
    this.state = seed >>> 0;
  }

  reseed(...parts: number[]): this {
    this.state = hash32(...parts);
    return this;
  }

  /** The stream's position, to resume it later with resume(). */
  save(): number {
    return this.state;
  }

  resume(state: number): this {
    this.state = state;
    return this;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }

  /** Picks from [value, weight] pairs. */
  weighted<T>(list: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, weight] of list) total += weight;
    let x = this.next() * total;
    for (const [value, weight] of list) {
      x -= weight;
      if (x < 0) return value;
    }
    return list[list.length - 1][0];
  }

  /** Standard normal (Box–Muller). */
  gauss(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }
}

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A UUIDv7 for time `ms` whose random bits come from `r`: deterministic, still a valid v7. */
export function uuid7(ms: number, r: Rand): string {
  const hi = Math.floor(ms / 0x100000000);
  const lo = ms >>> 0;
  const a = (r.next() * 0x100000000) >>> 0;
  const b = (r.next() * 0x100000000) >>> 0;
  const c = (r.next() * 0x100000000) >>> 0;
  return (
    hex[(hi >>> 8) & 0xff] +
    hex[hi & 0xff] +
    hex[lo >>> 24] +
    hex[(lo >>> 16) & 0xff] +
    '-' +
    hex[(lo >>> 8) & 0xff] +
    hex[lo & 0xff] +
    '-' +
    hex[0x70 | ((a >>> 24) & 0x0f)] +
    hex[(a >>> 16) & 0xff] +
    '-' +
    hex[0x80 | ((a >>> 8) & 0x3f)] +
    hex[a & 0xff] +
    '-' +
    hex[b >>> 24] +
    hex[(b >>> 16) & 0xff] +
    hex[(b >>> 8) & 0xff] +
    hex[b & 0xff] +
    hex[c >>> 24] +
    hex[(c >>> 16) & 0xff]
  );
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function inverseMod(a: number, n: number): number {
  let [t, newT, r, newR] = [0, 1, n, a];
  while (newR !== 0) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return ((t % n) + n) % n;
}

/**
 * A bijection of [0, n) (x → a·x + b mod n) that scatters neighbouring indices, with its
 * inverse; used to ask "which deal does contact j have?" without storing a table.
 */
export class Permutation {
  private readonly a: number;
  private readonly b: number;
  private readonly aInverse: number;

  constructor(
    readonly n: number,
    seed: number,
  ) {
    if (n <= 1) {
      this.a = 1;
      this.b = 0;
      this.aInverse = 1;
      return;
    }
    let a = Math.max(1, Math.floor(n * 0.6180339887) + (hash32(seed, 1) % 97));
    while (gcd(a, n) !== 1) a++;
    this.a = a % n || 1;
    this.b = hash32(seed, 2) % n;
    this.aInverse = inverseMod(this.a, n);
  }

  // a·x stays below 2^53 for n up to ~90 million, so plain numbers are exact.
  at(x: number): number {
    return this.n <= 1 ? 0 : (this.a * x + this.b) % this.n;
  }

  indexOf(y: number): number {
    return this.n <= 1 ? 0 : (this.aInverse * (((y - this.b) % this.n) + this.n)) % this.n;
  }
}
