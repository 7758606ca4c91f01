// `npm run bench -- import`: the import of a generated contact CSV (with companies) through
// `farley import`, timed, with the peak memory of the process: once with matching off, then
// a second file with matching by the duplicate matcher into the workspace the first filled.
// Options (after `--`):
//   --rows 1000000     rows per file (default one million)
//   --demo 0           contacts `farley demo` seeds into the workspace first (default none)
//   --no-matching      only the run without matching
//   --reuse            import into the biggest workspace of DATABASE_URL as it is (a copy of
//                      a seeded database: the run adds its rows there for good)
//   --profile DIR      run the import with node --cpu-prof, writing the profile into DIR
//   --root DIR         run another checkout's `farley` (migrate, demo, import), for A/B runs
// DATABASE_URL points it at an existing server (a fresh database is created there, unless
// --reuse); otherwise an embedded PostgreSQL is started in a temporary folder.
// Besides wall time it reports the CPU seconds of the import process and of the database's
// backends (when PostgreSQL runs on this machine), and the load average: on a shared machine
// the wall time moves with everything else, the CPU seconds far less.
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/server/platform/db/embedded.ts';
import { germanLast } from '../src/server/modules/demo/demo.names.ts';
import { cpuSeconds, databaseCpu } from './cpu.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    rows: { type: 'string', default: '1000000' },
    demo: { type: 'string', default: '0' },
    'no-matching': { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    profile: { type: 'string' },
    root: { type: 'string' },
  },
});
// The checkout whose `farley` runs (migrations, seeding, the import).
const importRoot = values.root ? path.resolve(values.root) : root;
const rows = Number(values.rows);
if (!(Number.isInteger(rows) && rows > 0)) throw new Error('--rows must be a positive whole number');
const say = (line: string) => process.stdout.write(`${line}\n`);

const firstNames = [
  'Anna',
  'Bernd',
  'Clara',
  'Dieter',
  'Elke',
  'Frank',
  'Gisela',
  'Hans',
  'Ines',
  'Jürgen',
  'Katrin',
  'Lutz',
  'Maria',
  'Norbert',
  'Olga',
  'Peter',
  'Renate',
  'Stefan',
  'Tanja',
  'Uwe',
];
// The demo data's German surnames.
const lastNames = germanLast;
const cities: Array<[string, string, string]> = [
  ['10115', 'Berlin', '030'],
  ['20095', 'Hamburg', '040'],
  ['80331', 'München', '089'],
  ['50667', 'Köln', '0221'],
  ['60311', 'Frankfurt am Main', '069'],
  ['70173', 'Stuttgart', '0711'],
  ['40213', 'Düsseldorf', '0211'],
  ['04109', 'Leipzig', '0341'],
];
const forms = ['GmbH', 'AG', 'KG', 'GmbH & Co. KG', 'e.K.'];
const streets = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Gartenstraße',
  'Schulstraße',
  'Dorfstraße',
  'Bergstraße',
  'Lindenstraße',
  'Kirchstraße',
  'Waldstraße',
  'Ringstraße',
];

/**
 * A German contact list as Excel writes it: `;`, German headers, a company per ten people.
 * Names repeat (every 2,400 rows), as in real lists, but no two rows below about a million
 * share a name with an address or a birthday: to the duplicate matcher they are different
 * people, so that the second file's new half is new. Each row has an address of its own
 * (ten streets, 400 numbers, eight cities, 40 postal codes per city).
 */
async function writeCsv(file: string, count: number, seed: number, tag: string): Promise<void> {
  const out = createWriteStream(file);
  const pick = <T>(list: T[], n: number) => list[n % list.length];
  out.write('Kundennummer;Vorname;Nachname;E-Mail;Telefon;Straße;Hausnummer;PLZ;Ort;Firma;Position;Geburtstag\n');
  let chunk = '';
  for (let i = 0; i < count; i++) {
    const n = seed + i;
    const [zip, city, area] = pick(cities, Math.floor(n / 4000));
    const postalCode = String(Number(zip) + 2 * (Math.floor(n / 32000) % 40)).padStart(5, '0');
    const first = pick(firstNames, n * 3);
    const last = pick(lastNames, Math.floor(n / 20));
    const day = String((n % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(n / 28) % 12) + 1).padStart(2, '0');
    const year = 1940 + (Math.floor(n / 336) % 61);
    chunk +=
      `K${tag}${n};${first};${last};${first.toLowerCase()}.${tag}${n}@beispiel.de;${area} ${1000000 + (n % 8999999)};` +
      `${pick(streets, n)};${(Math.floor(n / 10) % 400) + 1};${postalCode};${city};${pick(lastNames, Math.floor(n / 10) * 13)} ${Math.floor(n / 10)} ${pick(forms, Math.floor(n / 10))};` +
      `Einkauf;${day}.${month}.${year}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const mapping = {
  customerNumber: 'Kundennummer',
  firstName: 'Vorname',
  lastName: 'Nachname',
  email: 'E-Mail',
  phone: 'Telefon',
  street: ['Straße', 'Hausnummer'],
  postalCode: 'PLZ',
  city: 'Ort',
  company: 'Firma',
  jobTitle: 'Position',
  birthday: 'Geburtstag',
};

function farley(args: string[], env: NodeJS.ProcessEnv) {
  return JSON.parse(
    execFileSync(process.execPath, [path.join(importRoot, 'bin/farley.js'), ...args], {
      env,
      encoding: 'utf8',
      cwd: importRoot,
    }),
  );
}

/**
 * Runs `farley import …`, sampling its resident memory and CPU time; the summary, seconds,
 * peak RSS in MB and CPU seconds of the process and of the database.
 */
async function timedImport(args: string[], env: NodeJS.ProcessEnv, profile: string | undefined) {
  const started = performance.now();
  const { result, seconds: databaseSeconds } = await databaseCpu(env.DATABASE_URL as string, async () => {
    const child = spawn(
      process.execPath,
      [
        ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []),
        path.join(importRoot, 'bin/farley.js'),
        'import',
        ...args,
      ],
      { env, cwd: importRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
    });
    let peak = 0;
    let cpu = 0;
    const sample = setInterval(() => {
      try {
        // The node process and its children (tsx runs the sources in the same process).
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peak = Math.max(peak, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
        cpu = cpuSeconds(child.pid as number) ?? cpu;
      } catch {
        /* exited */
      }
    }, 100);
    const [code] = await once(child, 'exit');
    clearInterval(sample);
    if (code !== 0) throw new Error(`farley import exited with ${code}`);
    return { summary: JSON.parse(stdout), peakRssMb: Math.round(peak), nodeCpu: cpu };
  });
  const seconds = (performance.now() - started) / 1000;
  return { ...result, seconds, databaseCpu: databaseSeconds };
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** The figures of one timed run, for the results. */
function figures(run: Awaited<ReturnType<typeof timedImport>>, loadBefore: string) {
  return {
    seconds: Number(run.seconds.toFixed(1)),
    rowsPerSecond: Math.round(rows / run.seconds),
    peakRssMb: run.peakRssMb,
    cpuSecondsNode: Number(run.nodeCpu.toFixed(1)),
    cpuSecondsPostgres: run.databaseCpu === null ? null : Number(run.databaseCpu.toFixed(1)),
    loadAverage: `${loadBefore} → ${loadAverage()}`,
    created: run.summary.created,
    updated: run.summary.updated,
    skipped: run.summary.skipped,
    failed: run.summary.failed,
  };
}

const temp = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-import-'));
let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let pgDir: string | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
try {
  let baseUrl = process.env.DATABASE_URL;
  if (values.reuse && !baseUrl) throw new Error('--reuse needs DATABASE_URL');
  if (!baseUrl) {
    // Its own folder: the embedded server adjusts the folder's owner and permissions.
    pgDir = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: pgDir, port: 20000 + crypto.randomInt(20000) });
    baseUrl = embedded.url;
  }
  let databaseUrl = baseUrl;
  if (!values.reuse) {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    const dbName = `farley_bench_import_${Date.now()}`;
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    if (!embedded)
      dropDatabase = async () => {
        const client = new pg.Client({ connectionString: baseUrl });
        await client.connect();
        await client.query(`drop database if exists ${dbName}`);
        await client.end();
      };
  }
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    FARLEY_JOBS: '0',
    FARLEY_DEMO: '0',
    FARLEY_DATA_DIR: path.join(temp, 'data'),
  };
  const demo = Number(values.demo);
  let workspaceId: string;
  if (values.reuse) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows: found } = await client.query<{ id: string }>(
      'select workspace_id as id from contacts group by 1 order by count(*) desc limit 1',
    );
    await client.end();
    if (!found[0]) throw new Error('--reuse: no workspace with contacts in that database');
    workspaceId = found[0].id;
  } else {
    farley(['migrate'], env);
    workspaceId =
      demo > 0
        ? farley(['demo', '--contacts', String(demo)], env).workspaceId
        : farley(
            [
              'workspace',
              'create',
              '--name',
              'Import-Bench',
              '--admin-email',
              'bench@beispiel.de',
              '--admin-password',
              'ein langes Passwort',
            ],
            env,
          ).workspaceId;
  }
  // A run into a reused workspace gets customer numbers and emails of its own, so that a
  // second run into the same copy neither clashes with the first nor matches it.
  const tag = values.reuse ? `${Date.now().toString(36)}-` : '';
  const mappingFile = path.join(temp, 'mapping.json');
  writeFileSync(mappingFile, JSON.stringify(mapping));
  const results: Record<string, unknown> = { rows, demoContacts: demo, reuse: values.reuse };
  const profile = values.profile ? path.resolve(values.profile) : undefined;

  const first = path.join(temp, 'kontakte.csv');
  await writeCsv(first, rows, 0, tag);
  say(`importing ${rows.toLocaleString('en')} rows without matching into workspace ${workspaceId} …`);
  let load = loadAverage();
  const plain = await timedImport(
    [
      'contacts',
      '--workspace',
      workspaceId,
      '--file',
      first,
      '--mapping',
      mappingFile,
      '--match',
      'none',
      '--on-invalid',
      'skipValue',
    ],
    env,
    profile,
  );
  results.withoutMatching = figures(plain, load);
  say(JSON.stringify(results.withoutMatching));

  if (!values['no-matching']) {
    // Half of the second file are people of the first (the same numbers, so the same
    // addresses and emails), half are new: the matcher decides which is which.
    const second = path.join(temp, 'kontakte-2.csv');
    await writeCsv(second, rows, Math.floor(rows / 2), tag);
    say(`importing ${rows.toLocaleString('en')} rows with duplicate matching …`);
    load = loadAverage();
    const matched = await timedImport(
      [
        'contacts',
        '--workspace',
        workspaceId,
        '--file',
        second,
        '--mapping',
        mappingFile,
        '--match',
        'duplicates',
        '--on-invalid',
        'skipValue',
      ],
      env,
      profile,
    );
    results.withMatching = figures(matched, load);
    say(JSON.stringify(results.withMatching));
  }
  say(JSON.stringify(results, null, 2));
} finally {
  await embedded?.stop().catch(() => {});
  await dropDatabase?.().catch(() => {});
  rmSync(temp, { recursive: true, force: true });
  if (pgDir) rmSync(pgDir, { recursive: true, force: true });
}
