// Nelder-Mead minimisation (Nelder and Mead 1965; the adaptive parameters of Gao and Han 2012),
// as R's optim() and SciPy use it to fit the lifetime-value models. Written here because the
// npm package for it (fmin) ships a build Node cannot import as a module in its current
// version and pulls rollup, tape and uglify-js into production in the one before.

export interface Minimum {
  x: number[];
  fx: number;
}

/** Minimises `f` from `start`; stops when the simplex's values differ by less than `tolerance`. */
export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  options: { maxIterations?: number; tolerance?: number; step?: number } = {},
): Minimum {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 200 * n;
  const tolerance = options.tolerance ?? 1e-10;
  const step = options.step ?? 0.5;
  const alpha = 1;
  const gamma = 1 + 2 / n;
  const rho = 0.75 - 1 / (2 * n);
  const sigma = 1 - 1 / n;
  const point = (x: number[]): Minimum => ({ x, fx: f(x) });
  const simplex: Minimum[] = [point(start.slice())];
  for (let i = 0; i < n; i++) {
    const x = start.slice();
    x[i] += step;
    simplex.push(point(x));
  }
  const along = (from: number[], to: number[], t: number) => from.map((v, i) => v + t * (to[i] - v));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((p, q) => p.fx - q.fx);
    const best = simplex[0];
    const worst = simplex[n];
    if (Math.abs(worst.fx - best.fx) <= tolerance * (Math.abs(best.fx) + tolerance)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i].x[j] / n;
    const reflected = point(along(centroid, worst.x, -alpha));
    if (reflected.fx < best.fx) {
      const expanded = point(along(centroid, worst.x, -gamma));
      simplex[n] = expanded.fx < reflected.fx ? expanded : reflected;
    } else if (reflected.fx < simplex[n - 1].fx) {
      simplex[n] = reflected;
    } else {
      const outside = reflected.fx < worst.fx;
      const contracted = point(along(centroid, outside ? reflected.x : worst.x, rho));
      if (contracted.fx < (outside ? reflected.fx : worst.fx)) simplex[n] = contracted;
      else for (let i = 1; i <= n; i++) simplex[i] = point(along(best.x, simplex[i].x, sigma));
    }
  }
  simplex.sort((p, q) => p.fx - q.fx);
  return simplex[0];
}
