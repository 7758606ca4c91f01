// A closed-loop HTTP load generator: `concurrency` workers, each sending its next request as
// soon as the previous answer is read, over keep-alive connections (like autocannon), and
// recording every latency so that p50/p95/p99 are exact rather than estimated.
import http from 'node:http';

export interface Request {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Told the answer (e.g. to remember a record's new version for the next If-Match). */
  answered?: (status: number, body: string) => void;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** The first few error answers, to say what went wrong. */
  errorSamples: string[];
  seconds: number;
  /** Milliseconds, sorted ascending. */
  latencies: number[];
}

export interface LoadOptions {
  baseUrl: string;
  concurrency: number;
  /** Run this long (seconds) … */
  seconds?: number;
  /** … or until this many requests were answered, whichever comes first. */
  maxRequests?: number;
  headers: Record<string, string>;
  /** The next request of a worker; `n` counts the requests of the whole run. */
  next: (n: number, worker: number) => Request | Promise<Request>;
  /** Checks an answer (default: any 2xx). */
  ok?: (status: number) => boolean;
}

function send(
  agent: http.Agent,
  base: URL,
  req: Request,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    const r = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers: {
          ...headers,
          ...req.headers,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    if (payload) r.write(payload);
    r.end();
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const ok = options.ok ?? ((status: number) => status >= 200 && status < 300);
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + (options.seconds ?? 3600) * 1000;
  const limit = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const worker = async (w: number) => {
    while (performance.now() < deadline && issued < limit) {
      const n = issued++;
      const req = await options.next(n, w);
      const t0 = performance.now();
      try {
        const res = await send(agent, base, req, options.headers);
        latencies.push(performance.now() - t0);
        req.answered?.(res.status, res.body);
        if (!ok(res.status)) {
          errors++;
          if (errorSamples.length < 5)
            errorSamples.push(`${req.method} ${req.path} → ${res.status} ${res.body.slice(0, 200)}`);
        }
      } catch (error) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`${req.method} ${req.path} → ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, errorSamples, seconds, latencies };
}

/** The q-th percentile (0–100) of sorted values, nearest-rank. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
