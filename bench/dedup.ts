// `npm run bench -- dedup`: the duplicate matcher's quality on FEBRL (precision, recall, F1
// for datasets 1, 2, 3 and the linkage of 4a against 4b, with and without the external id)
// and its speed (a full scan, and the check while typing) on a workspace of generated
// contacts. Options:
//   --only febrl|speed   one half
//   --speed-contacts N   size of the speed workspace (default 100000)
//   --reuse              speed only, on the database DATABASE_URL names as it is (e.g. a copy of
//                        the 1M demo): its oldest workspace, probes made from 500 of its contacts
//   --no-scan            speed: the check while typing only
//   --sets FEBRL3,FEBRL4 only these FEBRL data sets; --external-id yes|no only runs with/without it
//   --explain N          print up to N missed true pairs and N wrong pairs of each FEBRL run, with
//                        their comparison levels and weight (what to look at when a figure moves)
// DATABASE_URL points it at an existing server (a fresh database is created there);
// otherwise an embedded PostgreSQL is started in a temporary folder.
import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { startEmbeddedPostgres } from '../src/server/platform/db/embedded.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { migrateToLatest, openDatabases, type Databases } from '../src/server/platform/db/database.ts';
import { inTenant } from '../src/server/platform/db/tenant.ts';
import type { AppContext } from '../src/server/platform/context.ts';
import { createWorkspace } from '../src/server/modules/workspaces/workspaces.service.ts';
import { readFileSync } from 'node:fs';
import { importFromCli } from '../src/server/modules/imports/imports.service.ts';
import type { ImportMapping } from '../src/contract/imports.ts';
import {
  type FebrlRecord,
  pairKey,
  quality,
  readFebrl,
  sharedDataDir,
  truePairs,
} from '../src/server/modules/duplicates/febrl.ts';
import { scanWorkspace } from '../src/server/modules/duplicates/scan.ts';
import {
  type CandidateInput,
  findCandidates,
  type MatchRow,
  matchColumns,
  prepareRow,
} from '../src/server/modules/duplicates/index.ts';
import { comparisonsOf } from '../src/server/modules/duplicates/compare.ts';
import { comparePair } from '../src/server/modules/duplicates/model.ts';
import { Rand } from '../src/server/modules/demo/demo.random.ts';
import { generateContacts } from './dedupData.ts';
import { loadSecretKeys } from '../src/server/platform/secrets.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== 'dedup'),
  options: {
    only: { type: 'string' },
    'speed-contacts': { type: 'string', default: '100000' },
    threshold: { type: 'string', default: '0.5' },
    reuse: { type: 'boolean', default: false },
    'no-scan': { type: 'boolean', default: false },
    sets: { type: 'string' },
    'external-id': { type: 'string' },
    explain: { type: 'string', default: '0' },
  },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
const root = path.resolve(import.meta.dirname, '..');
const febrlDir = path.join(sharedDataDir(root), 'febrl');
const threshold = Number(values.threshold);

async function newWorkspace(ctx: AppContext, name: string) {
  return createWorkspace(ctx, {
    name,
    adminEmail: `bench-${crypto.randomBytes(4).toString('hex')}@bench.farley.example`,
    adminPassword: 'correct horse battery',
  });
}

async function foundPairs(ctx: AppContext, workspaceId: string, minScore: number) {
  return inTenant(ctx.db.app, { workspaceId }, (tx) =>
    tx
      .selectFrom('duplicate_pairs')
      .select(['a_id', 'b_id', 'score'])
      .where('type', '=', 'contacts')
      .where('score', '>=', minScore)
      .execute(),
  );
}

interface FebrlRow {
  dataset: string;
  externalId: boolean;
  records: number;
  candidatePairs: number;
  truePairs: number;
  found: number;
  precision: number;
  recall: number;
  f1: number;
  scanSeconds: number;
  /** Why the scan kept the priors instead of what EM learned, if it did. */
  rejected?: string;
}

/**
 * The files through Farley's own import (`farley import`'s code), matching off, with the
 * issue's mapping; each record's rec_id goes to the contact's source (which the matcher does
 * not read) so that found pairs can be checked against the truth. Returns contact id → rec_id.
 */
async function importFebrl(ctx: AppContext, workspaceId: string, files: string[], externalId: boolean) {
  for (const f of files) {
    const file = path.join(febrlDir, f);
    const columns = readFileSync(file, 'utf8').split(/\r?\n/, 1)[0].split(',');
    const column = (name: string) => (columns.find((c) => c.trim() === name) as string).trim();
    const result = await importFromCli(ctx, {
      workspaceId,
      recordType: 'contacts',
      file,
      read: {},
      mapping: {
        source: column('rec_id'),
        firstName: column('given_name'),
        lastName: column('surname'),
        ...(externalId ? { externalId: column('soc_sec_id') } : {}),
        street: [column('street_number'), column('address_1')],
        city: column('suburb'),
        postalCode: column('postcode'),
        region: column('state'),
        birthday: column('date_of_birth'),
        constants: { country: 'AU' },
      } as unknown as ImportMapping,
      match: 'none',
      update: 'fillEmpty',
      onInvalid: 'skipValue',
      dryRun: false,
    });
    say(`  ${f}: ${result.created} imported, ${result.failed} rejected`);
  }
  const rows = await inTenant(ctx.db.app, { workspaceId }, (tx) =>
    tx.selectFrom('contacts').select(['id', 'source']).where('deleted_at', 'is', null).execute(),
  );
  return new Map(rows.map((r) => [r.id, r.source as string]));
}

async function febrlRun(ctx: AppContext, dataset: string, files: string[], externalId: boolean): Promise<FebrlRow> {
  const records: FebrlRecord[] = files.flatMap((f) => readFebrl(path.join(febrlDir, f)));
  const linkage = files.length > 1;
  const fromA = (r: { recId: string }) => r.recId.endsWith('-org');
  const across = linkage ? (a: { recId: string }, b: { recId: string }) => fromA(a) !== fromA(b) : undefined;
  const { workspaceId } = await newWorkspace(ctx, `FEBRL ${dataset}`);
  const ids = await importFebrl(ctx, workspaceId, files, externalId);
  const scan = await inTenant(ctx.db.app, { workspaceId }, (tx) => scanWorkspace(tx, workspaceId, 'contacts'));
  const truth = truePairs(records, across);
  const byRec = new Map(records.map((r) => [r.recId, r]));
  const found = new Set<string>();
  for (const pair of await foundPairs(ctx, workspaceId, threshold)) {
    const a = byRec.get(ids.get(pair.a_id) as string) as FebrlRecord;
    const b = byRec.get(ids.get(pair.b_id) as string) as FebrlRecord;
    if (!across || across(a, b)) found.add(pairKey(a.recId, b.recId));
  }
  const q = quality(truth, found);
  const explain = Number(values.explain);
  if (explain > 0) {
    const idOf = new Map([...ids].map(([id, rec]) => [rec, id]));
    const missed = [...truth].filter((k) => !found.has(k)).slice(0, explain);
    const wrong = [...found].filter((k) => !truth.has(k)).slice(0, explain);
    const wanted = [...missed, ...wrong].flatMap((k) => k.split('|').map((rec) => idOf.get(rec) ?? ''));
    const rows = await inTenant(ctx.db.app, { workspaceId }, (tx) =>
      sql<MatchRow>`select ${sql.raw(matchColumns.contacts)} from contacts
        where workspace_id = ${workspaceId} and id = any(${wanted.filter((id) => id !== '')}::uuid[])`.execute(tx),
    );
    const prepared = new Map(rows.rows.map((row) => [row.id, prepareRow('contacts', row)]));
    const keys = comparisonsOf('contacts').map((c) => c.key);
    const bits = (key: string) =>
      scan.model.m[key].map((m, l) => Math.log2(m / scan.model.u[key][l]).toFixed(1)).join(' ');
    say(`  model (bits per level): ${keys.map((k) => `${k} ${bits(k)}`).join('; ')}`);
    for (const [label, list] of [
      ['missed', missed],
      ['wrong', wrong],
    ] as const)
      for (const k of list) {
        const [a, b] = k.split('|').map((rec) => prepared.get(idOf.get(rec) ?? ''));
        if (!a || !b) {
          say(`  ${label} ${k}: not imported`);
          continue;
        }
        const r = comparePair(scan.model, a, b);
        const levels = [...r.levels].map((l, i) => `${keys[i]}=${l}`).join(' ');
        const show = (p: typeof a) =>
          `${p.first} ${p.last} ${p.birthday} ${p.externalId} ${p.addresses.map((x) => `${x.number} ${x.street} ${x.postcode} ${x.city}`).join('/')}`;
        say(`  ${label} ${k}: w=${r.weight.toFixed(1)} ${levels}\n    ${show(a)}\n    ${show(b)}`);
      }
  }
  return {
    dataset,
    externalId,
    records: scan.records,
    candidatePairs: scan.candidatePairs,
    truePairs: q.truePairs,
    found: q.found,
    precision: q.precision,
    recall: q.recall,
    f1: q.f1,
    scanSeconds: scan.seconds,
    rejected: scan.model.learned.rejected,
  };
}

async function febrl(ctx: AppContext): Promise<FebrlRow[]> {
  const sets: Array<[string, string[]]> = [
    ['FEBRL1', ['dataset1.csv']],
    ['FEBRL2', ['dataset2.csv']],
    ['FEBRL3', ['dataset3.csv']],
    ['FEBRL4 (4a × 4b)', ['dataset4a.csv', 'dataset4b.csv']],
  ];
  const rows: FebrlRow[] = [];
  const only = values.sets?.split(',');
  const withId = values['external-id'];
  for (const externalId of [true, false].filter((e) => !withId || (withId === 'yes') === e))
    for (const [name, files] of sets.filter(([n]) => !only || only.some((o) => n.startsWith(o)))) {
      const row = await febrlRun(ctx, name, files, externalId);
      rows.push(row);
      say(
        `${name.padEnd(18)} externalId=${externalId ? 'yes' : 'no '} records=${row.records} candidates=${row.candidatePairs} ` +
          `true=${row.truePairs} found=${row.found} P=${row.precision.toFixed(4)} R=${row.recall.toFixed(4)} ` +
          `F1=${row.f1.toFixed(4)} scan=${row.scanSeconds.toFixed(1)}s${row.rejected ? ` model rejected: ${row.rejected}` : ''}`,
      );
    }
  return rows;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** Times the check while typing for each probe (each in its own tenant transaction, as the API runs it). */
async function checkTimes(ctx: AppContext, workspaceId: string, probes: CandidateInput[], expected?: string[]) {
  const times: number[] = [];
  let hits = 0;
  for (const [i, probe] of probes.entries()) {
    const t0 = performance.now();
    const found = await inTenant(ctx.db.app, { workspaceId }, (tx) =>
      findCandidates(tx, workspaceId, 'contacts', probe, { minScore: 0.5, limit: 5 }),
    );
    times.push(performance.now() - t0);
    if (expected && found.some((c) => c.id === expected[i])) hits++;
  }
  times.sort((a, b) => a - b);
  const check = { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
  say(
    `check while typing (${times.length} probes): p50 ${check.p50.toFixed(1)} ms, p95 ${check.p95.toFixed(1)} ms, ` +
      `p99 ${check.p99.toFixed(1)} ms${expected ? `, found its record ${hits}/${probes.length}` : ''} (load ${load()})`,
  );
  // The floor on this machine at this load: a tenant transaction with one trivial select.
  const floor: number[] = [];
  for (let i = 0; i < probes.length; i++) {
    const t0 = performance.now();
    await inTenant(ctx.db.app, { workspaceId }, (tx) => sql`select 1`.execute(tx));
    floor.push(performance.now() - t0);
  }
  floor.sort((a, b) => a - b);
  say(
    `  floor (a tenant transaction with one select): p50 ${percentile(floor, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(floor, 95).toFixed(1)} ms (load ${load()})`,
  );
  return { ...check, ...(expected ? { found: hits } : {}) };
}

/**
 * Probes for a workspace the bench did not generate: 500 of its contacts (the same ones on every
 * run), each changed the way a second entry of the same person differs (seeded, so every run
 * asks the same questions). The check should find the contact each probe was made from.
 */
async function probesOf(ctx: AppContext, workspaceId: string) {
  const { rows } = await sql<{
    id: string;
    first_name: string | null;
    last_name: string | null;
    email_list: string[];
    phone_list: string[];
    addresses: Array<{ street?: string | null; postalCode?: string | null; city?: string | null }> | null;
    birthday: string | null;
  }>`select id, first_name, last_name, email_list, phone_list, addresses, birthday::text as birthday from contacts
      where workspace_id = ${workspaceId} and deleted_at is null order by md5(id::text) limit 500`.execute(
    ctx.db.owner,
  );
  const r = new Rand(7);
  const typo = (s: string | null) => {
    if (!s || s.length < 4) return s;
    const i = r.int(1, s.length - 2);
    return r.chance(0.5) ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s.slice(0, i) + s.slice(i + 1);
  };
  const probes: CandidateInput[] = rows.map((row) => {
    const p: CandidateInput = {
      firstName: row.first_name,
      lastName: row.last_name,
      emails: row.email_list,
      phones: row.phone_list,
      addresses: row.addresses,
      birthday: row.birthday,
    };
    switch (r.int(0, 5)) {
      case 0:
        p.lastName = typo(p.lastName ?? null);
        break;
      case 1:
        p.firstName = typo(p.firstName ?? null);
        break;
      case 2:
        p.emails = [];
        break;
      case 3:
        [p.firstName, p.lastName] = [p.lastName, p.firstName];
        break;
      case 4:
        p.phones = [];
        p.emails = [];
        break;
      default:
        p.addresses = [];
    }
    return p;
  });
  return { probes, expected: rows.map((row) => row.id) };
}

async function speed(ctx: AppContext, contacts: number) {
  let workspaceId: string;
  let check: Awaited<ReturnType<typeof checkTimes>>;
  if (values.reuse) {
    const { rows } = await sql<{ id: string; n: number }>`select w.id,
        (select count(*) from contacts c where c.workspace_id = w.id and c.deleted_at is null)::int as n
        from workspaces w order by w.created_at limit 1`.execute(ctx.db.owner);
    workspaceId = rows[0].id;
    say(`reusing workspace ${workspaceId} (${rows[0].n.toLocaleString('en')} contacts)`);
    const { probes, expected } = await probesOf(ctx, workspaceId);
    check = await checkTimes(ctx, workspaceId, probes, expected);
  } else {
    workspaceId = (await newWorkspace(ctx, 'Dedup speed')).workspaceId;
    const started = Date.now();
    const { probes, counts } = await generateContacts(ctx.db.url, workspaceId, contacts, (line) => say(line));
    say(
      `loaded ${contacts.toLocaleString('en')} contacts (${counts.variants.toLocaleString('en')} variants, ` +
        `${counts.partners.toLocaleString('en')} partners) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await sql`vacuum analyze contacts`.execute(ctx.db.owner);
    check = await checkTimes(ctx, workspaceId, probes);
  }
  if (values['no-scan']) return { contacts, check };
  const rssBefore = process.memoryUsage().rss;
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  const scan = await inTenant(ctx.db.app, { workspaceId }, (tx) =>
    scanWorkspace(tx, workspaceId, 'contacts', {
      progress: (p) =>
        say(
          `  scan: ${p.step} ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} at ${elapsed()} (load ${load()})`,
        ),
    }),
  );
  say(
    `full scan of ${scan.records.toLocaleString('en')} contacts: ${scan.seconds.toFixed(1)} s, ` +
      `${scan.candidatePairs.toLocaleString('en')} candidate pairs, ${scan.pairs.toLocaleString('en')} kept, ` +
      `RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB (before ${Math.round(rssBefore / 2 ** 20)} MB), load ${load()}`,
  );
  const m = scan.model;
  say(
    `  model: lambda ${m.lambda.toExponential(2)}${m.learned.rejected ? `, EM rejected: ${m.learned.rejected}` : ''}`,
  );
  for (const key of Object.keys(m.m))
    say(`    ${key}: ${m.m[key].map((x, i) => Math.log2(x / m.u[key][i]).toFixed(1)).join(' / ')}`);
  const scanned = { seconds: scan.seconds, candidatePairs: scan.candidatePairs, pairs: scan.pairs };
  if (values.reuse) return { contacts: scan.records, check, scan: scanned };
  // Quality on the generated data: the same person (source) is a true pair; partners are not.
  const { rows } = await sql<{ truth: number; found: number; hits: number; partners: number }>`
    with t as (select source, count(*)::bigint as n from contacts where workspace_id = ${workspaceId} group by source),
    f as (select a.source = b.source as hit, a.last_name = b.last_name and a.first_name <> b.first_name
                 and a.phone_list && b.phone_list as household
            from duplicate_pairs p join contacts a on a.workspace_id = p.workspace_id and a.id = p.a_id
            join contacts b on b.workspace_id = p.workspace_id and b.id = p.b_id
           where p.workspace_id = ${workspaceId} and p.score >= ${threshold} and p.status = 'open')
    select (select sum(n * (n - 1) / 2) from t)::float8 as truth, (select count(*) from f)::float8 as found,
           (select count(*) filter (where hit) from f)::float8 as hits,
           (select count(*) filter (where not hit and household) from f)::float8 as partners`.execute(ctx.db.owner);
  const q = rows[0];
  const precision = q.found ? q.hits / q.found : 1;
  const recall = q.truth ? q.hits / q.truth : 1;
  const f1 = (2 * precision * recall) / (precision + recall || 1);
  say(
    `generated data at ${threshold}: true pairs ${q.truth}, found ${q.found}, P=${precision.toFixed(4)} ` +
      `R=${recall.toFixed(4)} F1=${f1.toFixed(4)}, couples flagged ${q.partners}`,
  );
  const { rows: wrong } = await sql<Record<string, unknown>>`
    select p.score, p.reasons, a.first_name || ' ' || a.last_name || ' ' || a.postal_codes[1] || ' ' || array_to_string(a.phone_list, ',') || ' ' || array_to_string(a.email_list, ',') || ' ' || coalesce(a.birthday::text, '') as a,
           b.first_name || ' ' || b.last_name || ' ' || b.postal_codes[1] || ' ' || array_to_string(b.phone_list, ',') || ' ' || array_to_string(b.email_list, ',') || ' ' || coalesce(b.birthday::text, '') as b
      from duplicate_pairs p join contacts a on a.workspace_id = p.workspace_id and a.id = p.a_id
      join contacts b on b.workspace_id = p.workspace_id and b.id = p.b_id
     where p.workspace_id = ${workspaceId} and p.score >= ${threshold} and a.source <> b.source
     order by p.score desc limit 12`.execute(ctx.db.owner);
  for (const w of wrong) say(`  not the same person: ${JSON.stringify(w)}`);
  return {
    contacts,
    check,
    scan: scanned,
    quality: { precision, recall, f1, couplesFlagged: q.partners },
  };
}

const temp = mkdtempSync(path.join(os.tmpdir(), 'farley-dedup-pg-'));
let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let db: Databases | undefined;
try {
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: temp, port: 20000 + crypto.randomInt(20000) });
    baseUrl = embedded.url;
  }
  const url = new URL(baseUrl);
  if (!values.reuse) {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    const dbName = `farley_dedup_${Date.now()}`;
    await admin.query(`create database ${dbName}`);
    await admin.end();
    url.pathname = `/${dbName}`;
  }
  const config = loadConfig({ ...process.env, DATABASE_URL: url.toString(), FARLEY_JOBS: '0', FARLEY_DEMO: '0' });
  db = await openDatabases(config);
  await migrateToLatest(db.owner);
  const ctx: AppContext = { config, db, secrets: loadSecretKeys(process.env, config.dataDir) };
  const results: Record<string, unknown> = {};
  if ((!values.only && !values.reuse) || values.only === 'febrl') results.febrl = await febrl(ctx);
  if (!values.only || values.only === 'speed') results.speed = await speed(ctx, Number(values['speed-contacts']));
  say(JSON.stringify(results));
} finally {
  await db?.close();
  await embedded?.stop();
  rmSync(temp, { recursive: true, force: true });
}
