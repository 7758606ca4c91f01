// The benchmark's results as the Markdown tables of docs/performance.md, with the targets
// of the performance issue next to them.
export interface Run { p50: number; p95: number; p99: number; rps: number; requests: number; errors: number }

export interface ScenarioResult {
  name: string;
  runs: Record<number, Run>;
  sql?: { p50: number; p99: number; statements: number };
}

export interface Report {
  date: string;
  commit: string;
  machine: string;
  scale: number;
  seconds: number;
  counts: Record<string, number>;
  seedSeconds: number;
  contactsPerSecond: number;
  rowsPerSecond: number;
  size: string;
  whaleActivities: number;
  results: ScenarioResult[];
  soak: { seconds: number; requests: number; errors: number; rps: number; rssStart: number; rssEnd: number; p99: number };
}

const ms = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1));
const int = (value: number) => Math.round(value).toLocaleString('en');

export function renderReport(r: Report): string {
  const lines = [
    `Measured ${r.date} at commit \`${r.commit}\` on ${r.machine}; scale ${r.scale} ` +
      `(${int(r.counts.contacts)} contacts, ${int(r.counts.companies)} companies, ${int(r.counts.deals)} deals, ${int(r.counts.activities)} activities); ` +
      `${r.seconds} s per scenario and concurrency. Latencies in milliseconds.`,
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
    lines.push(`| ${s.name} | ${ms(c1.p50)} | ${ms(c1.p95)} | ${ms(c1.p99)} | ${ms(c16.p50)} | ${ms(c16.p95)} | ${ms(c16.p99)} | ${int(c16.rps)} | ${c1.errors + c16.errors} | ` +
      `${s.sql ? s.sql.p50.toFixed(2) : '–'} | ${s.sql ? (c1.p50 / s.sql.p50).toFixed(1) : '–'} |`);
  }
  lines.push('', `Timeline customer: ${int(r.whaleActivities)} activities. ` +
    `Soak (mixed reads and writes, concurrency 16, ${r.soak.seconds} s): ${int(r.soak.requests)} requests, ${int(r.soak.rps)}/s, ` +
    `p99 ${ms(r.soak.p99)} ms, ${r.soak.errors} errors; server RSS ${r.soak.rssStart} MB at the start, ${r.soak.rssEnd} MB at the end.`);
  return lines.join('\n');
}
