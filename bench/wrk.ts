// wrk (Debian's package `wrk`), an HTTP load generator written in C, for the reads when it
// is installed: on this two-core machine the load generator shares the cores with Farley and
// PostgreSQL, and wrk needs a fraction of the CPU per request that Node's HTTP client
// (bench/load.ts) needs (docs/performance.md, "Running the benchmark"). Same
// closed loop: `concurrency` keep-alive connections, each sending its next request as soon
// as the answer is in; latencies from wrk's HdrHistogram (microsecond resolution).
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { percentile } from './load.ts';

export interface Measured {
  requests: number;
  errors: number;
  errorSamples: string[];
  seconds: number;
  /** Milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  /** The slowest request. */
  max: number;
  /** wrk's own p99, with its made-up samples for coordinated omission (see script): for comparison. */
  correctedP99?: number;
}

/** "wrk 4.1.0" if wrk is on the PATH, else null. */
export function wrkVersion(): string | null {
  const run = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (run.error) return null;
  const match = /wrk (?:\S+\/)?(\d+\.\d+\.\d+)/.exec(`${run.stdout}${run.stderr}`);
  return match ? `wrk ${match[1]}` : 'wrk';
}

/** A Lua string literal of printable ASCII (paths are URL-encoded, headers are tokens). */
function lua(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`not printable ASCII: ${text}`);
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// wrk 4 "corrects" its latencies for coordinated omission before reporting them (stats_correct
// in its source): for every answer that took at least twice the mean interval between
// requests on a connection, it adds made-up samples at that time minus one interval, minus
// two, and so on, as if requests had kept arriving at the mean rate while the server was
// stalled. At concurrency 1 and 4 ms per answer, one answer of 100 ms becomes 25 samples
// between 4 and 100 ms, so a handful of slow answers moves the p99 several-fold
// (docs/performance.md, "Measuring latency"). The
// benchmark reports what each request took, as bench/load.ts does, so done() undoes the
// correction: with `step` the interval wrk used, it added to the count of a value v > step
// the counts of v + step, v + 2·step, …, so the count it had is count(v) − count(v + step).
const script = (pathsFile: string, headers: Record<string, string>, connections: number) => `
local paths = {}
for line in io.lines(${lua(pathsFile)}) do paths[#paths + 1] = line end
${Object.entries(headers)
  .map(([name, value]) => `wrk.headers[${lua(name)}] = ${lua(value)}`)
  .join('\n')}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[((n - 1) % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  local counts, values = {}, {}
  for i = 1, #latency do
    local value, count = latency(i)
    counts[value] = count
    values[#values + 1] = value
  end
  local perConnection = math.floor(summary.requests / ${connections})
  local step = perConnection > 0 and math.floor(summary.duration / perConnection) or nil
  local parts = {}
  for _, value in ipairs(values) do
    local count = counts[value]
    if step and value > step then count = count - (counts[value + step] or 0) end
    if count ~= 0 then parts[#parts + 1] = string.format("[%d,%d]", value, count) end
  end
  io.write(string.format('wrk-result {"requests":%d,"micros":%d,"status":%d,"socket":%d,"timeouts":%d,"correctedP99":%d,"histogram":[%s]}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout, e.timeout, latency:percentile(99), table.concat(parts, ",")))
end
`;

/**
 * Latencies in milliseconds, sorted, from wrk's histogram of microseconds as done() left it
 * (every answer once). Checks that it holds every answer: a wrk that corrects differently
 * would leave counts that do not add up.
 */
export function latenciesOf(histogram: Array<[number, number]>, answers: number): number[] {
  const latencies: number[] = [];
  for (const [micros, count] of histogram) {
    if (count < 0)
      throw new Error(
        `wrk's latency histogram has ${count} answers at ${micros} µs: its correction for coordinated omission could not be undone`,
      );
    for (let i = 0; i < count; i++) latencies.push(micros / 1000);
  }
  if (latencies.length !== answers)
    throw new Error(`wrk's latency histogram holds ${latencies.length} answers, wrk counted ${answers}`);
  return latencies.sort((a, b) => a - b);
}

/** GETs of `paths` (taken in turn) for `seconds` at `concurrency`, with wrk. */
export async function runWrk(options: {
  baseUrl: string;
  concurrency: number;
  seconds: number;
  headers: Record<string, string>;
  paths: string[];
  dir: string;
}): Promise<Measured> {
  const pathsFile = path.join(options.dir, 'wrk-paths.txt');
  const scriptFile = path.join(options.dir, 'wrk.lua');
  writeFileSync(pathsFile, `${options.paths.join('\n')}\n`);
  writeFileSync(scriptFile, script(pathsFile, options.headers, options.concurrency));
  const args = [
    '-t1',
    `-c${options.concurrency}`,
    `-d${options.seconds}s`,
    '--timeout',
    '60s',
    '-s',
    scriptFile,
    options.baseUrl,
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
    });
    child.stderr.on('data', (chunk) => {
      text += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`))));
  });
  const line = /^wrk-result (.*)$/m.exec(output);
  if (!line) throw new Error(`wrk printed no result: ${output}`);
  const r = JSON.parse(line[1]) as {
    requests: number;
    micros: number;
    status: number;
    socket: number;
    timeouts: number;
    correctedP99: number;
    histogram: Array<[number, number]>;
  };
  const errors = r.status + r.socket;
  // An answer later than wrk's timeout is counted as an error, not in the histogram.
  const latencies = latenciesOf(r.histogram, r.requests - r.timeouts);
  return {
    requests: r.requests,
    errors,
    seconds: r.micros / 1e6,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    correctedP99: r.correctedP99 / 1000,
    errorSamples:
      errors > 0 ? [`${r.status} answers with status 400 or above, ${r.socket} socket errors or timeouts (wrk)`] : [],
  };
}
