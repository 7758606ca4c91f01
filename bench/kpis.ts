// The sales KPIs at scale (issue 22), measured by `npm run bench -- orders` once its workspace
// holds the benchmark's contacts, companies, deals and order lines: each KPI request a few
// times in a row after one first visit, the median and the slowest.

/** The requests the /kpis page makes (and revenue over five years by quarter). */
const requests = [
  '/api/v1/kpis/sales',
  '/api/v1/kpis/revenue',
  '/api/v1/kpis/revenue?interval=quarter&from=2022-01-01&to=2026-12-31',
  '/api/v1/kpis/forecast',
];

export async function measureKpis(
  baseUrl: string,
  headers: Record<string, string>,
  say: (line: string) => void,
  times = 5,
) {
  say('\n| KPI request | status | first ms | median ms | max ms |\n|---|---|---|---|---|');
  for (const request of requests) {
    const timed = async () => {
      const started = performance.now();
      const res = await fetch(`${baseUrl}${request}`, { headers });
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - started };
    };
    const first = await timed();
    const runs: number[] = [];
    for (let i = 0; i < times; i++) runs.push((await timed()).ms);
    runs.sort((a, b) => a - b);
    say(
      `| ${request} | ${first.status} | ${first.ms.toFixed(0)} | ${runs[Math.floor(times / 2)].toFixed(0)} | ${runs[times - 1].toFixed(0)} |`,
    );
  }
}
