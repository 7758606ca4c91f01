// `npm run bench -- import`: the import of a generated contact CSV (with companies) through
// `farley import`, timed, with the peak memory of the process: once with matching off, then
// a second file with matching by the duplicate matcher into the workspace the first filled.
// Options (after `--`):
//   --rows 1000000     rows per file (default one million)
//   --demo 0           contacts `farley demo` seeds into the workspace first (default none)
//   --no-matching      only the run without matching
// DATABASE_URL points it at an existing server (a fresh database is created there);
// otherwise an embedded PostgreSQL is started in a temporary folder.
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

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    rows: { type: 'string', default: '1000000' },
    demo: { type: 'string', default: '0' },
    'no-matching': { type: 'boolean', default: false },
  },
});
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
async function writeCsv(file: string, count: number, seed: number): Promise<void> {
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
      `K${n};${first};${last};${first.toLowerCase()}.${n}@beispiel.de;${area} ${1000000 + (n % 8999999)};` +
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
    execFileSync(process.execPath, [path.join(root, 'bin/farley.js'), ...args], { env, encoding: 'utf8', cwd: root }),
  );
}

/** Runs `farley import …`, sampling its resident memory; the summary, seconds and peak RSS in MB. */
async function timedImport(args: string[], env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin/farley.js'), 'import', ...args], {
    env,
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString();
  });
  let peak = 0;
  const sample = setInterval(() => {
    try {
      // The node process and its children (tsx runs the sources in the same process).
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peak = Math.max(peak, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      /* exited */
    }
  }, 100);
  const [code] = await once(child, 'exit');
  clearInterval(sample);
  if (code !== 0) throw new Error(`farley import exited with ${code}`);
  const seconds = (performance.now() - started) / 1000;
  return { summary: JSON.parse(stdout), seconds, peakRssMb: Math.round(peak) };
}

const temp = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-import-'));
let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let pgDir: string | undefined;
try {
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    // Its own folder: the embedded server adjusts the folder's owner and permissions.
    pgDir = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: pgDir, port: 20000 + crypto.randomInt(20000) });
    baseUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const dbName = `farley_bench_import_${Date.now()}`;
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    FARLEY_JOBS: '0',
    FARLEY_DEMO: '0',
    FARLEY_DATA_DIR: path.join(temp, 'data'),
  };
  farley(['migrate'], env);
  const demo = Number(values.demo);
  const workspaceId: string =
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
  const mappingFile = path.join(temp, 'mapping.json');
  writeFileSync(mappingFile, JSON.stringify(mapping));
  const results: Record<string, unknown> = { rows, demoContacts: demo };

  const first = path.join(temp, 'kontakte.csv');
  await writeCsv(first, rows, 0);
  say(`importing ${rows.toLocaleString('en')} rows without matching …`);
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
  );
  results.withoutMatching = {
    seconds: Number(plain.seconds.toFixed(1)),
    rowsPerSecond: Math.round(rows / plain.seconds),
    peakRssMb: plain.peakRssMb,
    created: plain.summary.created,
    failed: plain.summary.failed,
  };
  say(JSON.stringify(results.withoutMatching));

  if (!values['no-matching']) {
    // Half of the second file are people of the first (the same numbers, so the same
    // addresses and emails), half are new: the matcher decides which is which.
    const second = path.join(temp, 'kontakte-2.csv');
    await writeCsv(second, rows, Math.floor(rows / 2));
    say(`importing ${rows.toLocaleString('en')} rows with duplicate matching …`);
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
    );
    results.withMatching = {
      seconds: Number(matched.seconds.toFixed(1)),
      rowsPerSecond: Math.round(rows / matched.seconds),
      peakRssMb: matched.peakRssMb,
      created: matched.summary.created,
      updated: matched.summary.updated,
      skipped: matched.summary.skipped,
      failed: matched.summary.failed,
    };
    say(JSON.stringify(results.withMatching));
  }
  say(JSON.stringify(results, null, 2));
} finally {
  await embedded?.stop().catch(() => {});
  rmSync(temp, { recursive: true, force: true });
  if (pgDir) rmSync(pgDir, { recursive: true, force: true });
}
