// The lifetime-value models against hand-computed small cases and the published CDNOW results
// (../shared/data/cdnow/README.md). The run through Farley's own import and analytics run is
// analytics.cdnow.test.ts; this one checks the formulas on the published summary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedData } from '../imports/formats/testing.ts';
import {
  bgNbdLogLikelihood,
  expectedAverageSpend,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  probabilityAlive,
  probabilityNoPurchase,
} from './clv.ts';
import { nelderMead } from './optimize.ts';

const paper = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const refit = { r: 0.2425982, alpha: 4.413684, a: 0.7929899, b: 2.426167 };

/** `value` to `digits` significant digits. */
const significant = (value: number, digits = 3) => Number(value.toPrecision(digits));

function summary() {
  const [, ...rows] = readFileSync(sharedData('cdnow', 'cdnow_customers_summary_with_transactions.csv'), 'utf8')
    .trim()
    .split(/\r?\n/);
  return rows.map((row) => {
    const [id, x, tx, T, zbar] = row.split(',');
    return { id, x: Number(x), tx: Number(tx), T: Number(T), zbar: Number(zbar) };
  });
}

describe('BG/NBD and Gamma-Gamma', () => {
  test('small cases computed by hand', () => {
    const params = { r: 1, alpha: 1, a: 1, b: 1 };
    // x = 0: ln[Γ(1)/Γ(1) · 1^1 · B(1,1)/B(1,1) · (1+T)^-1] = -ln(1 + T).
    assert.ok(Math.abs(bgNbdLogLikelihood(params, { x: 0, tx: 0, T: 3 }) + Math.log(4)) < 1e-12);
    // x = 1, t_x = 1, T = 3: Γ(2)·B(1,2)/B(1,1)·[(1+3)^-2 + (1/1)(1+1)^-2] = ½ · (1/16 + 1/4) = 5/32.
    assert.ok(Math.abs(bgNbdLogLikelihood(params, { x: 1, tx: 1, T: 3 }) - Math.log(5 / 32)) < 1e-12);
    // P(alive) = 1 / (1 + a/(b+x-1) · ((α+T)/(α+t_x))^(r+x)) = 1 / (1 + 1 · (4/2)^2) = 1/5.
    assert.ok(Math.abs(probabilityAlive(params, { x: 1, tx: 1, T: 3 }) - 0.2) < 1e-12);
    assert.equal(probabilityAlive(params, { x: 0, tx: 0, T: 3 }), 1);
    assert.equal(expectedPurchases(params, { x: 0, tx: 0, T: 3 }, 0), 0);
    // Gamma-Gamma, p = q = γ = 1, x = 1, zbar = 1: Γ(2)/(Γ(1)Γ(1)) · 1 · 1 · 1 / 2^2 = 1/4.
    assert.ok(Math.abs(gammaGammaLogLikelihood({ p: 1, q: 1, gamma: 1 }, 1, 1) - Math.log(0.25)) < 1e-12);
    // E[M] = p(γ + x·zbar)/(px + q - 1) = 2·(3 + 2·4)/(2·2 + 2 - 1) = 22/5.
    assert.ok(Math.abs(expectedAverageSpend({ p: 2, q: 2, gamma: 3 }, 2, 4) - 4.4) < 1e-12);
  });

  test('Nelder-Mead finds the minimum of the Rosenbrock valley and of a quadratic bowl', () => {
    const banana = nelderMead((p) => 100 * (p[1] - p[0] ** 2) ** 2 + (1 - p[0]) ** 2, [-1.2, 1], {
      maxIterations: 5000,
      tolerance: 1e-16,
    });
    assert.ok(Math.abs(banana.x[0] - 1) < 1e-4 && Math.abs(banana.x[1] - 1) < 1e-4, String(banana.x));
    const bowl = nelderMead((p) => (p[0] - 3) ** 2 + 2 * (p[1] + 1) ** 2 + (p[2] - 0.5) ** 2, [0, 0, 0]);
    assert.deepEqual(
      bowl.x.map((v) => Math.round(v * 1000) / 1000),
      [3, -1, 0.5],
    );
  });

  test('the published point checks on CDNOW', () => {
    assert.equal(significant(expectedPurchases(paper, { x: 2, tx: 30.43, T: 38.86 }, 39), 4), 1.226);
    assert.ok(Math.abs(probabilityNoPurchase(paper, 39) - 0.5737864) < 1e-7);
    // Published to seven digits from a fit that differs from BTYD's in the fifth: they agree to five.
    const loyal = { x: 26, tx: 30.857, T: 31 };
    assert.ok(Math.abs(probabilityAlive(refit, loyal) - 0.9688523) < 1e-5);
    assert.ok(Math.abs(expectedPurchases(refit, loyal, 52) - 25.75659) < 5e-4);
  });

  test('fitted on the CDNOW summary: the published parameters and log-likelihoods', () => {
    const customers = summary();
    assert.equal(customers.length, 2357);
    const bg = fitBgNbd(customers);
    assert.deepEqual(
      [bg.params.r, bg.params.alpha, bg.params.a, bg.params.b].map((v) => significant(v)),
      [0.243, 4.41, 0.793, 2.43],
    );
    assert.equal(Math.round(bg.logLikelihood * 10) / 10, -9582.4);

    const buyers = customers.filter((c) => c.x > 0);
    assert.equal(buyers.length, 946);
    const gg = fitGammaGamma(buyers);
    assert.deepEqual(
      [gg.params.p, gg.params.q, gg.params.gamma].map((v) => significant(v)),
      [6.25, 3.74, 15.4],
    );
    assert.ok(Math.abs(gg.logLikelihood - -4055.92) < 0.05, String(gg.logLikelihood));
    const published = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    customers.slice(0, 10).forEach((c, i) => {
      const spend = c.x > 0 ? expectedAverageSpend(gg.params, c.x, c.zbar) : expectedAverageSpend(gg.params, 0, 0);
      assert.ok(Math.abs(spend - published[i]) < 0.1, `customer ${c.id}: ${spend} against ${published[i]}`);
    });
  });
});
