// `npm run bench -- calendar`: the calendar and the address book at scale (issue 24). Seeds a
// workspace with `farley demo` (10,000 contacts), 20 users and their appointments (SQL, as the
// owner: one-off and weekly series with contacts attending), starts a Farley server, then
//
// 1. the team week view: GET /api/v1/calendar for a week and 20 users over 2,000 appointments;
// 2. the personal iCalendar feed of a user with 5,000 appointments;
// 3. CardDAV: sync-collection REPORT of an address book of 10,000 contacts after one change
//    (and the first full sync for comparison), as a phone asks it.
//
// Options: --runs 50 (requests per measurement), --no-write (print only; else the tables go into
// docs/performance.md between the markers `bench-calendar:begin` and `bench-calendar:end`).
// DATABASE_URL points it at an existing server (a fresh database is created there);
// otherwise an embedded PostgreSQL is started in a temporary folder.
import { execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/server/platform/db/embedded.ts';
import { startFarley } from './serve.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'calendar'),
  options: {
    runs: { type: 'string', default: '50' },
    'no-write': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const root = path.resolve(import.meta.dirname, '..');
const say = (line: string) => console.log(line);
const farley = (args: string[], env: NodeJS.ProcessEnv) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'bin/farley.js'), ...args], {
      env,
      encoding: 'utf8',
      cwd: root,
      maxBuffer: 1 << 26,
    }),
  );
const fmt = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Times `runs` requests one after another (after two unmeasured), in milliseconds, sorted. */
async function timed(request: () => Promise<Response>, check: (r: Response, body: string) => void) {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const started = performance.now();
    const answer = await request();
    const body = await answer.text();
    const ms = performance.now() - started;
    check(answer, body);
    if (i >= 2) times.push(ms);
  }
  return times.sort((a, b) => a - b);
}

const report: string[] = [];
const row = (what: string, times: number[], target: string, extra = '') =>
  `| ${what} | ${fmt(percentile(times, 50))} | ${fmt(percentile(times, 95))} | ${target} | ${extra} |`;

let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let pgDir: string | undefined;
let server: ChildProcess | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-calendar-'));
try {
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    pgDir = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: pgDir, port: 20000 + crypto.randomInt(20000) });
    databaseUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const name = `farley_bench_calendar_${Date.now()}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    FARLEY_DATA_DIR: dataDir,
    FARLEY_JOBS: '0',
    FARLEY_DEMO: '0',
    LOG_LEVEL: 'warn',
  };
  farley(['migrate'], env);
  say('seeding 10,000 contacts with farley demo …');
  farley(['demo', '--contacts', '10000'], env);

  const owner = new pg.Client({ connectionString: databaseUrl });
  await owner.connect();
  const { rows: ws } = await owner.query<{ id: string; admin_id: string; email: string }>(
    `select c.workspace_id as id, u.id as admin_id, l.email
       from (select workspace_id, count(*) n from contacts group by 1 order by 2 desc limit 1) c
       join users u on u.workspace_id = c.workspace_id and u.role = 'admin'
       join user_logins l on l.user_id = u.id order by u.created_at limit 1`,
  );
  const workspace = ws[0];
  const token = farley(['token', 'create', '--email', workspace.email, '--name', 'bench-calendar'], env)
    .token as string;
  const started = await startFarley(env);
  server = started.server;
  const baseUrl = started.baseUrl;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // The team: the admin and 19 colleagues.
  const team = [workspace.admin_id];
  for (let i = 0; i < 19; i++) {
    const answer = await fetch(`${baseUrl}/api/v1/users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email: `kalender${i}@bench.farley.example`, name: `Vertrieb ${i + 1}`, role: 'agent' }),
    });
    if (answer.status !== 201) throw new Error(`user: ${answer.status} ${await answer.text()}`);
    team.push(((await answer.json()) as { id: string }).id);
  }
  // A Monday at 00:00 Berlin time, ten weeks before the measured week.
  const monday = new Date('2026-09-07T00:00:00+02:00');
  const week = { from: new Date(monday.getTime() + 35 * 86_400_000), to: new Date(monday.getTime() + 42 * 86_400_000) };
  // 1,900 single appointments over ten weeks and 100 weekly series, a contact at each; then the
  // admin's own 5,000 (4,900 single over two years around now, 100 series) for the feed.
  await owner.query(
    `with planned as (
       select i, owner_id, start, rrule from (
         select i, ($2::uuid[])[1 + i % 20] as owner_id,
                $3::timestamptz + ((i / 20) % 70) * interval '1 day' + (8 + i % 10) * interval '1 hour' as start,
                null::text as rrule
           from generate_series(0, 1899) i
         union all
         select 1900 + i, ($2::uuid[])[1 + i % 20], $3::timestamptz + (i % 5) * interval '1 day' + interval '9 hours',
                'FREQ=WEEKLY' from generate_series(0, 99) i
         union all
         select 2000 + i, ($2::uuid[])[1], now() - interval '300 days' + (i % 1000) * interval '1 day' + (8 + i % 9) * interval '1 hour',
                null from generate_series(0, 4899) i
         union all
         select 6900 + i, ($2::uuid[])[1], now() - interval '200 days' + (i % 5) * interval '1 day' + interval '14 hours',
                'FREQ=WEEKLY;INTERVAL=2' from generate_series(0, 99) i) p),
     made as (
       insert into appointments (workspace_id, id, uid, owner_id, title, location, starts_at, ends_at, rrule, repeats_until)
       select $1, gen_random_uuid(), 'bench-' || i || '@farley', owner_id,
              (array['Kundentermin', 'Angebotsbesprechung', 'Jour fixe', 'Werksbesichtigung', 'Telefonkonferenz'])[1 + i % 5],
              (array['Büro', 'Beim Kunden', 'Videokonferenz', null])[1 + i % 4], start, start + interval '1 hour',
              rrule, case when rrule is null then start + interval '1 hour' end
         from planned returning id, uid),
     numbered as (select id, row_number() over (order by uid) n from made),
     people as (select id, email_list[1] as email, coalesce(first_name || ' ', '') || last_name as name,
                       row_number() over (order by id) n, count(*) over () total
                  from contacts where workspace_id = $1 and deleted_at is null)
     insert into appointment_attendees (workspace_id, appointment_id, id, email, name, contact_id, status)
     select $1, a.id, gen_random_uuid(), p.email, p.name, p.id, 'accepted'
       from numbered a join people p on p.n = 1 + (a.n * 7919) % p.total`,
    [workspace.id, team, monday],
  );
  await owner.query('vacuum (analyze) appointments, appointment_attendees, appointment_overrides');
  await owner.end();
  report.push(
    `Commit \`${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()}\`, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, PostgreSQL ${embedded ? 'embedded' : 'from DATABASE_URL'}; 10,000 contacts, 20 users, 7,000 appointments; ${runs} requests each, one at a time, after two unmeasured.`,
    '',
    '| request | p50 ms | p95 ms | target | what |',
    '|---|---|---|---|---|',
  );

  // 1. The team week view.
  let entries = 0;
  const weekTimes = await timed(
    () =>
      fetch(
        `${baseUrl}/api/v1/calendar?from=${week.from.toISOString()}&to=${week.to.toISOString()}&userIds=${team.join(',')}`,
        { headers },
      ),
    (answer, body) => {
      if (answer.status !== 200) throw new Error(`calendar: ${answer.status} ${body.slice(0, 300)}`);
      entries = (JSON.parse(body) as { data: unknown[] }).data.length;
    },
  );
  report.push(
    row(
      'team week view, 20 users',
      weekTimes,
      'p95 < 300',
      `${entries} entries (singles and occurrences of 100 weekly series)`,
    ),
  );
  say(report[report.length - 1]);

  // 2. The personal feed.
  const feed = await fetch(`${baseUrl}/api/v1/calendar/feed`, {
    method: 'POST',
    headers: { authorization: headers.authorization },
  });
  const feedUrl = ((await feed.json()) as { url: string }).url;
  let feedBytes = 0;
  const feedTimes = await timed(
    () => fetch(feedUrl),
    (answer, body) => {
      if (answer.status !== 200) throw new Error(`feed: ${answer.status}`);
      feedBytes = body.length;
    },
  );
  report.push(row('iCalendar feed, 5,000 appointments', feedTimes, '< 500', `${Math.round(feedBytes / 1024)} KB`));
  say(report[report.length - 1]);

  // 3. CardDAV (bench/calendarDav.ts).
  const { carddavSync } = await import('./calendarDav.ts');
  for (const line of await carddavSync({
    baseUrl,
    headers,
    databaseUrl,
    workspaceId: workspace.id,
    adminId: workspace.admin_id,
    adminEmail: workspace.email,
    timed,
    row,
  })) {
    report.push(line);
    say(line);
  }

  const markdown = report.join('\n');
  say(`\n${markdown}`);
  const doc = path.join(root, 'docs/performance.md');
  const begin = '<!-- bench-calendar:begin -->';
  const end = '<!-- bench-calendar:end -->';
  if (!values['no-write'] && existsSync(doc)) {
    const text = readFileSync(doc, 'utf8');
    if (text.includes(begin) && text.includes(end)) {
      writeFileSync(
        doc,
        `${text.slice(0, text.indexOf(begin) + begin.length)}\n${markdown}\n${text.slice(text.indexOf(end))}`,
      );
      say('docs/performance.md updated');
    }
  }
} finally {
  server?.kill();
  await embedded?.stop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
  if (pgDir) rmSync(pgDir, { recursive: true, force: true });
}
