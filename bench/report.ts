// The benchmark's results as the Markdown tables of docs/performance.md, with the targets
// of the performance issue next to them.
export interface Run {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
  /** The slowest request. */
  max: number;
  /** wrk's p99 with its made-up samples for coordinated omission (reads measured with wrk only). */
  correctedP99?: number;
  /** Throughput of each trial (the run above is the one with the median). */
  trialRps: number[];
}

export interface ScenarioResult {
  name: string;
  runs: Record<number, Run>;
  sql?: { p50: number; p99: number; statements: number };
  /** Each distinct request of a read once, one at a time, before the warm-up (see run.ts). */
  firstVisits?: { requests: number; p50: number; p99: number; max: number };
}

export interface Report {
  date: string;
  commit: string;
  machine: string;
  /** Which load generator measured what. */
  loadGenerator: string;
  scale: number;
  seconds: number;
  /** Trials at concurrency 16. */
  trials: number;
  counts: Record<string, number>;
  seedSeconds: number;
  contactsPerSecond: number;
  rowsPerSecond: number;
  size: string;
  whaleActivities: number;
  results: ScenarioResult[];
  soak: {
    seconds: number;
    requests: number;
    errors: number;
    rps: number;
    /** The server's RSS in MB at the start and after each tenth of the run. */
    rss: number[];
    p99: number;
  };
}

const ms = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1));
const int = (value: number) => Math.round(value).toLocaleString('en');

/**
 * Whether the RSS climbed through the run: the mean of the later half of the samples against
 * the earlier half. A single start and end reading says little, since the V8 heap swings by
 * tens of megabytes between collections.
 */
export function rssTrend(samples: number[]): string {
  const half = Math.floor(samples.length / 2);
  if (half === 0) return 'too short to tell a trend';
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const earlier = mean(samples.slice(0, half));
  const later = mean(samples.slice(samples.length - half));
  return `mean of the earlier half ${Math.round(earlier)} MB, of the later half ${Math.round(later)} MB`;
}

export function renderReport(r: Report): string {
  const lines = [
    `Measured ${r.date} at commit \`${r.commit}\` on ${r.machine}; scale ${r.scale} ` +
      `(${int(r.counts.contacts)} contacts, ${int(r.counts.companies)} companies, ${int(r.counts.deals)} deals, ${int(r.counts.activities)} activities); ` +
      `${r.seconds} s per scenario at concurrency 1; at 16, ${r.trials} trials of ${r.seconds} s, of which the one with the median throughput is shown ` +
      `(all trials' throughput in brackets). Load generator: ${r.loadGenerator}. Latencies in milliseconds.`,
    '',
    Number.isFinite(r.seedSeconds)
      ? `Seeding: ${r.seedSeconds.toFixed(1)} s, ${int(r.contactsPerSecond)} contacts/s, ${int(r.rowsPerSecond)} rows/s over all tables (target: 50,000 rows/s). Database size: ${r.size}.`
      : `Seeding: not measured (an existing database was reused). Database size: ${r.size}.`,
    '',
    '| request | c1 p50 | c1 p95 | c1 p99 | c16 p50 | c16 p95 | c16 p99 | c16 req/s | errors | SQL p50 | HTTP/SQL |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of r.results) {
    const c1 = s.runs[1];
    const c16 = s.runs[16];
    lines.push(
      `| ${s.name} | ${ms(c1.p50)} | ${ms(c1.p95)} | ${ms(c1.p99)} | ${ms(c16.p50)} | ${ms(c16.p95)} | ${ms(c16.p99)} | ${int(c16.rps)}${c16.trialRps.length > 1 ? ` (${c16.trialRps.map(int).join(', ')})` : ''} | ${c1.errors + c16.errors} | ` +
        `${s.sql ? s.sql.p50.toFixed(2) : '–'} | ${s.sql ? (c1.p50 / s.sql.p50).toFixed(1) : '–'} |`,
    );
  }
  const corrected = r.results.filter((s) => s.runs[1].correctedP99 !== undefined);
  if (corrected.length > 0) {
    lines.push(
      '',
      'The p99 above is of what each request took. wrk by itself reports a higher one: it adds made-up samples below ' +
        'each slow answer, as if requests had kept arriving at the mean rate while the server stalled (a correction for coordinated omission, ' +
        'see "Measuring latency" below). The slowest request at concurrency 1, and wrk\'s corrected p99 at concurrency 1 and 16: ' +
        corrected
          .map(
            (s) =>
              `${s.name}: slowest ${ms(s.runs[1].max)}, wrk ${ms(s.runs[1].correctedP99!)} and ${ms(s.runs[16].correctedP99!)}`,
          )
          .join('; ') +
        '.',
    );
  }
  const visited = r.results.filter((s) => s.firstVisits);
  if (visited.length > 0) {
    lines.push(
      '',
      'First visits (each distinct request of a read once, one at a time, before the warm-up; ' +
        'pages the load left only on disk are read then): ' +
        visited
          .map(
            (s) =>
              `${s.name} ${int(s.firstVisits!.requests)}× p50 ${ms(s.firstVisits!.p50)}, p99 ${ms(s.firstVisits!.p99)}, max ${ms(s.firstVisits!.max)}`,
          )
          .join('; ') +
        '.',
    );
  }
  lines.push(
    '',
    `Timeline customer: ${int(r.whaleActivities)} activities. ` +
      `Soak (mixed reads and writes, concurrency 16, ${r.soak.seconds} s): ${int(r.soak.requests)} requests, ${int(r.soak.rps)}/s, ` +
      `p99 ${ms(r.soak.p99)} ms, ${r.soak.errors} errors; server RSS ${r.soak.rss[0]} MB at the start, ${r.soak.rss.at(-1)} MB at the end ` +
      `(after each tenth of the run: ${r.soak.rss.slice(1).join(', ')} MB; ${rssTrend(r.soak.rss.slice(1))}).`,
  );
  return lines.join('\n');
}
