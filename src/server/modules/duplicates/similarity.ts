// String similarity for field comparisons: Jaro–Winkler for names (typos weigh less at the
// end of a name than at its start) and Damerau–Levenshtein (optimal string alignment) for
// codes and numbers, where one swapped pair of digits is the typical typo.

/** Match flags reused across calls: a scan compares millions of names, each would allocate two arrays. */
let aFlags = new Uint8Array(64);
let bFlags = new Uint8Array(64);

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  if (la > aFlags.length) aFlags = new Uint8Array(la * 2);
  if (lb > bFlags.length) bFlags = new Uint8Array(lb * 2);
  const aMatched = aFlags;
  const bMatched = bFlags;
  aMatched.fill(0, 0, la);
  bMatched.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const start = Math.max(0, i - range);
    const end = Math.min(lb - 1, i + range);
    for (let j = start; j <= end; j++) {
      if (bMatched[j] || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      aMatched[i] = 1;
      bMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Edits (insert, delete, substitute, swap of neighbours) from a to b; stops counting above `max`. */
export function damerauLevenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prevPrev = new Array<number>(lb + 1).fill(0);
  let prev = new Array<number>(lb + 1);
  let cur = new Array<number>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        value = Math.min(value, prevPrev[j - 2] + 1);
      cur[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[lb];
}

/**
 * Whether a and b are at most one edit apart (insert, delete, substitute, or swap of
 * neighbours): damerauLevenshtein(a, b, 1) <= 1 without allocating, for the many postal
 * codes, dates and ids a scan compares.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let i = 0;
    while (a.charCodeAt(i) === b.charCodeAt(i)) i++;
    // One substitution at i, or a swap of i and i + 1; the rest must be equal.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return (
      i + 1 < la &&
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      a.slice(i + 2) === b.slice(i + 2)
    );
  }
  if (Math.abs(la - lb) !== 1) return false;
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short.charCodeAt(i) === long.charCodeAt(i)) i++;
  return short.slice(i) === long.slice(i + 1);
}

/**
 * Whether `b` is `a` with two neighbouring characters swapped (`7208037`/`7200837`): the
 * signature of a typing error, which consecutive numbers handed out by a system never show.
 */
export function transposed(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 2 || a === b) return false;
  let i = 0;
  while (a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return (
    i + 1 < a.length &&
    a.charCodeAt(i) === b.charCodeAt(i + 1) &&
    a.charCodeAt(i + 1) === b.charCodeAt(i) &&
    a.charCodeAt(i) !== a.charCodeAt(i + 1) &&
    a.slice(i + 2) === b.slice(i + 2)
  );
}
