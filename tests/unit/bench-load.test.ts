// The benchmark's load generator against a real local HTTP server: it counts every answer,
// records every latency, keeps the concurrency it was given and counts errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runLoad, percentile } from '../../bench/load.ts';
import { latenciesOf, runWrk, wrkVersion } from '../../bench/wrk.ts';
import { renderReport, rssTrend, type Report, type Run } from '../../bench/report.ts';

test('percentile is nearest-rank over sorted values', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 95), 95);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile(values, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test('runLoad sends the requests it is asked for, at the concurrency it is given', async () => {
  let open = 0;
  let most = 0;
  const server = http.createServer((req, res) => {
    open++;
    most = Math.max(most, open);
    setTimeout(() => {
      open--;
      res.statusCode = req.url === '/fail' ? 500 : 200;
      res.end('{"version":2}');
    }, 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const answered: number[] = [];
    const result = await runLoad({
      baseUrl: `http://127.0.0.1:${port}`,
      concurrency: 4,
      maxRequests: 40,
      headers: {},
      next: (n) => ({
        method: 'GET',
        path: n % 10 === 0 ? '/fail' : '/ok',
        answered: (status) => answered.push(status),
      }),
    });
    assert.equal(result.requests, 40);
    assert.equal(result.latencies.length, 40);
    assert.equal(result.errors, 4);
    assert.equal(result.errorSamples.length, 4);
    assert.equal(answered.length, 40);
    assert.equal(most, 4);
    assert.ok(result.latencies[0] >= 4, 'latencies are in milliseconds');
    assert.deepEqual(
      result.latencies,
      [...result.latencies].sort((a, b) => a - b),
    );
  } finally {
    server.close();
  }
});

test('runWrk takes the paths in turn at the concurrency it is given, sends the headers and counts errors', async () => {
  assert.ok(wrkVersion(), 'wrk is not installed: apt-get install wrk (npm test installs it when run as root)');
  let open = 0;
  let most = 0;
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    open++;
    most = Math.max(most, open);
    seen.set(req.url!, (seen.get(req.url!) ?? 0) + 1);
    setTimeout(() => {
      open--;
      res.statusCode = req.headers.authorization !== 'Bearer sesam' ? 401 : req.url === '/fail' ? 500 : 200;
      res.end('{"ok":true}');
    }, 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'farley-wrk-test-'));
  try {
    const result = await runWrk({
      baseUrl: `http://127.0.0.1:${port}`,
      concurrency: 4,
      seconds: 1,
      headers: { authorization: 'Bearer sesam' },
      paths: ['/a?x=%C3%BC', '/b', '/c', '/fail'],
      dir,
    });
    const answered = [...seen.values()].reduce((a, b) => a + b, 0);
    assert.ok(result.requests >= 100, `${result.requests} requests in a second of 5 ms answers on 4 connections`);
    assert.ok(Math.abs(answered - result.requests) <= 4, `server answered ${answered}, wrk counted ${result.requests}`);
    assert.equal(most, 4);
    assert.deepEqual([...seen.keys()].sort(), ['/a?x=%C3%BC', '/b', '/c', '/fail']);
    assert.ok(
      Math.abs(result.errors - seen.get('/fail')!) <= 4,
      `${result.errors} errors, ${seen.get('/fail')} failing answers`,
    );
    assert.ok(result.p50 >= 5 && result.p50 < 100, `p50 ${result.p50} ms`);
    assert.ok(result.p50 <= result.p95 && result.p95 <= result.p99);
    assert.ok(result.seconds >= 0.9 && result.seconds < 3, `${result.seconds} s`);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("runWrk reports what each request took, not wrk's made-up samples for coordinated omission", async () => {
  // Every 200th answer takes 150 ms, the others about 2: at concurrency 1 about 0.5% of the
  // answers are slow, so the p99 of what the requests took is a fast one. wrk's own
  // correction would add some 50 samples below each slow answer and put its p99 near 140 ms.
  let n = 0;
  const server = http.createServer((_req, res) => {
    n++;
    setTimeout(() => res.end('{"ok":true}'), n % 200 === 0 ? 150 : 2);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'farley-wrk-test-'));
  try {
    const result = await runWrk({
      baseUrl: `http://127.0.0.1:${port}`,
      concurrency: 1,
      seconds: 2,
      headers: {},
      paths: ['/a'],
      dir,
    });
    const slow = Math.floor(n / 200);
    assert.ok(slow >= 2 && slow * 100 < result.requests, `${slow} slow answers of ${result.requests}`);
    // Below the slow answers with room for a busy machine (fast answers then take tens of ms).
    assert.ok(result.p99 < 120, `p99 ${result.p99} ms`);
    assert.ok(result.p50 >= 2 && result.p50 < 20, `p50 ${result.p50} ms`);
    assert.ok(result.max >= 150, `slowest ${result.max} ms`);
    assert.ok(result.correctedP99! > 50, `wrk's own p99 ${result.correctedP99} ms, kept for comparison`);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("wrk's histogram must hold every answer once", () => {
  assert.deepEqual(
    latenciesOf(
      [
        [2500, 2],
        [1000, 1],
      ],
      3,
    ),
    [1, 2.5, 2.5],
  );
  assert.throws(() => latenciesOf([[2500, 2]], 3), /holds 2 answers, wrk counted 3/);
  assert.throws(
    () =>
      latenciesOf(
        [
          [2500, 4],
          [6000, -1],
        ],
        3,
      ),
    /could not be undone/,
  );
});

test("the report shows the slowest request and wrk's corrected p99 of each read measured with wrk", () => {
  const run = (p99: number, correctedP99?: number): Run => ({
    p50: 3,
    p95: 6,
    p99,
    rps: 300,
    requests: 3000,
    errors: 0,
    max: 103,
    correctedP99,
    trialRps: [300],
  });
  const report: Report = {
    date: '2026-12-01',
    commit: 'abc1234',
    machine: 'test',
    loadGenerator: 'wrk',
    scale: 1,
    seconds: 10,
    trials: 1,
    counts: {},
    seedSeconds: Number.NaN,
    contactsPerSecond: 0,
    rowsPerSecond: 0,
    size: '1 MB',
    whaleActivities: 1000,
    results: [
      { name: 'search, fuzzy (typo)', runs: { 1: run(11, 46), 16: run(79, 81) } },
      { name: 'create contact', runs: { 1: run(10), 16: run(54) } },
    ],
    soak: { seconds: 1, requests: 1, errors: 0, rps: 1, rss: [200, 201], p99: 1 },
  };
  const markdown = renderReport(report);
  assert.match(markdown, /\| search, fuzzy \(typo\) \| 3\.0 \| 6\.0 \| 11 \|/);
  assert.match(markdown, /search, fuzzy \(typo\): slowest 103, wrk 46 and 81\./);
  assert.doesNotMatch(markdown, /create contact: slowest/);
});

test('the soak compares the later half of its RSS samples with the earlier half', () => {
  assert.equal(
    rssTrend([246, 238, 230, 285, 266, 288, 260, 220, 215, 230]),
    'mean of the earlier half 253 MB, of the later half 243 MB',
  );
  assert.equal(rssTrend([200, 210, 220]), 'mean of the earlier half 200 MB, of the later half 220 MB');
  assert.equal(rssTrend([200]), 'too short to tell a trend');
});
