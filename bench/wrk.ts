// wrk (Debian's package `wrk`), an HTTP load generator written in C, for the reads when it
// is installed: on this two-core machine the load generator shares the cores with Farley and
// PostgreSQL, and wrk needs about 30 µs of CPU per request where Node's HTTP client
// (bench/load.ts) needs 100–200 µs for a get and several hundred for a list page. Same
// closed loop: `concurrency` keep-alive connections, each sending its next request as soon
// as the answer is in; latencies from wrk's HdrHistogram (microsecond resolution).
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Measured {
  requests: number;
  errors: number;
  errorSamples: string[];
  seconds: number;
  /** Milliseconds. */
  p50: number;
  p95: number;
  p99: number;
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

const script = (pathsFile: string, headers: Record<string, string>) => `
local paths = {}
for line in io.lines(${lua(pathsFile)}) do paths[#paths + 1] = line end
${Object.entries(headers).map(([name, value]) => `wrk.headers[${lua(name)}] = ${lua(value)}`).join('\n')}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[((n - 1) % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('wrk-result {"requests":%d,"micros":%d,"status":%d,"socket":%d,"p50":%d,"p95":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
`;

/** GETs of `paths` (taken in turn) for `seconds` at `concurrency`, with wrk. */
export async function runWrk(options: {
  baseUrl: string; concurrency: number; seconds: number; headers: Record<string, string>; paths: string[]; dir: string;
}): Promise<Measured> {
  const pathsFile = path.join(options.dir, 'wrk-paths.txt');
  const scriptFile = path.join(options.dir, 'wrk.lua');
  writeFileSync(pathsFile, `${options.paths.join('\n')}\n`);
  writeFileSync(scriptFile, script(pathsFile, options.headers));
  const args = ['-t1', `-c${options.concurrency}`, `-d${options.seconds}s`, '--timeout', '60s', '-s', scriptFile, options.baseUrl];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk) => { text += chunk; });
    child.stderr.on('data', (chunk) => { text += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`))));
  });
  const line = /^wrk-result (.*)$/m.exec(output);
  if (!line) throw new Error(`wrk printed no result: ${output}`);
  const r = JSON.parse(line[1]) as { requests: number; micros: number; status: number; socket: number; p50: number; p95: number; p99: number };
  const errors = r.status + r.socket;
  return {
    requests: r.requests, errors, seconds: r.micros / 1e6, p50: r.p50 / 1000, p95: r.p95 / 1000, p99: r.p99 / 1000,
    errorSamples: errors > 0 ? [`${r.status} answers with status 400 or above, ${r.socket} socket errors or timeouts (wrk)`] : [],
  };
}
