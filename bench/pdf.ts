// `npm run bench -- pdf`: rendering the PDF of a 100-line quote (issue 21: p95 under 300 ms,
// and many at once without holding up other requests). Measures, with no database:
//   1. one render after another on this thread (renderSalesPdf): p50/p95;
//   2. one after another through the worker pool (renderSalesPdfInWorker), the server's way;
//   3. 16 at once through the pool, in rounds, while a client thread times a trivial HTTP request
//      to a server on this thread every 10 ms and the event loop's delay is sampled (monitorEventLoopDelay);
//   4. for contrast, 16 at once on this thread, measured the same way.
// Options: --runs 60 (renders in 1 and 2), --rounds 5 (rounds of 16 in 3 and 4), --lines 100.
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import {
  closeSalesPdfPool,
  poolSize,
  renderSalesPdf,
  renderSalesPdfInWorker,
} from '../src/server/modules/salesPdf/index.ts';
import { sampleQuote } from '../src/server/modules/salesPdf/salesPdf.sample.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'pdf'),
  options: {
    runs: { type: 'string', default: '60' },
    rounds: { type: 'string', default: '5' },
    lines: { type: 'string', default: '100' },
  },
});
const runs = Number(values.runs);
const rounds = Number(values.rounds);
const doc = sampleQuote({ items: Number(values.lines), extras: true });
const say = (line: string) => process.stdout.write(`${line}\n`);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 };
}

async function timed(render: () => Promise<Uint8Array>, count: number) {
  const times: number[] = [];
  let bytes = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    bytes = (await render()).byteLength;
    times.push(performance.now() - start);
  }
  // CPU time of the whole process (worker threads included): on a busy machine it says more
  // about the work than the wall time, which includes waiting for a core.
  const used = process.cpuUsage(cpu);
  return { ...summary(times), bytes, cpu: (used.user + used.system) / 1000 / count };
}

/** Renders `rounds` × 16 at once with `render`, timing a trivial request every 10 ms meanwhile. */
async function sixteenAtOnce(render: () => Promise<Uint8Array>, base: string) {
  const renders: number[] = [];
  // The client runs in a thread of its own, so its requests arrive whatever this loop is doing.
  const client = new Worker(probeClient, { eval: true, workerData: base });
  await once(client, 'online');
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  // The histogram's first tick only sets its clock: let it tick before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        const start = performance.now();
        await render();
        renders.push(performance.now() - start);
      }),
    );
  }
  const wall = performance.now() - started;
  // A loop held up all along records its delay only once the sampling timer gets to run.
  await new Promise((resolve) => setTimeout(resolve, 30));
  delay.disable();
  client.postMessage('stop');
  const [latencies] = (await once(client, 'message')) as [number[]];
  await client.terminate();
  return {
    render: summary(renders),
    perSecond: (rounds * 16 * 1000) / wall,
    request: summary(latencies),
    loopDelayP99: delay.percentile(99) / 1e6,
    loopDelayMax: delay.max / 1e6,
  };
}

/** Asks the server every 10 ms and, told to stop, answers with the latencies. */
const probeClient = `
const { parentPort, workerData } = require('node:worker_threads');
let probing = true;
const latencies = [];
parentPort.on('message', () => { probing = false; });
(async () => {
  while (probing) {
    const start = performance.now();
    await fetch(workerData).then((response) => response.text()).catch(() => undefined);
    latencies.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  parentPort.postMessage(latencies);
})();
`;

const server = http.createServer((_request, response) => response.end('ok'));
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

say(
  `quote PDF of ${values.lines} lines, ${runs} renders each, pool of ${poolSize} threads; load average ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')}`,
);
// Warm up both ways: the first documents load fonts and compile the sources.
for (let i = 0; i < 5; i++) await renderSalesPdf(doc);
await Promise.all(Array.from({ length: poolSize * 3 }, () => renderSalesPdfInWorker(doc)));

const single = await timed(() => renderSalesPdf(doc), runs);
say(
  `on this thread:    p50 ${ms(single.p50)}, p95 ${ms(single.p95)}, max ${ms(single.max)}, ` +
    `CPU ${ms(single.cpu)} a render (${Math.round(single.bytes / 1024)} kB)`,
);
const pooled = await timed(() => renderSalesPdfInWorker(doc), runs);
say(
  `through the pool:  p50 ${ms(pooled.p50)}, p95 ${ms(pooled.p95)}, max ${ms(pooled.max)}, CPU ${ms(pooled.cpu)} a render`,
);

for (const [name, render] of [
  ['16 at once, pool', () => renderSalesPdfInWorker(doc)],
  ['16 at once, loop', () => renderSalesPdf(doc)],
] as const) {
  const r = await sixteenAtOnce(render, base);
  say(
    `${name}: render p50 ${ms(r.render.p50)}, p95 ${ms(r.render.p95)}; ${r.perSecond.toFixed(1)} PDFs/s; ` +
      `concurrent request p50 ${ms(r.request.p50)}, p95 ${ms(r.request.p95)}, max ${ms(r.request.max)}; ` +
      `event-loop delay p99 ${ms(r.loopDelayP99)}, max ${ms(r.loopDelayMax)}`,
  );
}
server.close();
await closeSalesPdfPool();
