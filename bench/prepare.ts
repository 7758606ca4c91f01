// Sample data for the benchmark requests, read from the seeded workspace; and the plain SQL
// behind each read, captured from Farley itself so that "the same query" really is the same.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { AppContext } from '../src/server/platform/context.ts';
import type { Database } from '../src/server/platform/db/schema.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { buildApp } from '../src/server/app.ts';
import { loadSecretKeys } from '../src/server/platform/secrets.ts';
import { preparingPool } from '../src/server/platform/db/statements.ts';
import { FarleyDialect } from '../src/server/platform/db/driver.ts';
import type { Request } from './load.ts';

export interface Samples {
  workspaceId: string;
  contactIds: string[];
  editableIds: string[];
  editableVersions: number[];
  deepCursor: string;
  city: string;
  tag: string;
  fullNames: string[];
  /** The workspace's most common surnames: a list searched by one of them matches thousands. */
  commonSurnames: string[];
  /** Names with initials ("A. M. Müller"): tokens of one letter, which no index answers. */
  initials: string[];
  typos: string[];
  phones: string[];
  whale: { id: string; activities: number };
}

/** A plausible typo: one letter dropped from the middle of a name. */
function typo(name: string): string {
  if (name.length < 5) return name;
  const at = Math.floor(name.length / 2);
  return name.slice(0, at) + name.slice(at + 1);
}

/** An E.164 German number as people write it: +4930123456 → 030 123456. */
function national(e164: string): string {
  return e164.startsWith('+49') ? `0${e164.slice(3, 5)} ${e164.slice(5)}` : e164;
}

export async function readSamples(
  owner: pg.Client,
  workspaceId: string,
  http: (path: string) => Promise<any>,
  actingUserId?: string,
): Promise<Samples> {
  // Acting as a user with record access rules (bench --as --scope), the samples are taken
  // from what that user sees, as the app role, so that reading and changing them is not a 404.
  if (!actingUserId) return sampled(owner, workspaceId, http, 2);
  await owner.query('begin');
  try {
    await owner.query('set local role farley_app');
    await owner.query(`select set_config('farley.workspace_id', $1, true), set_config('farley.user_id', $2, true)`, [
      workspaceId,
      actingUserId,
    ]);
    return await sampled(owner, workspaceId, http, 100);
  } finally {
    await owner.query('rollback');
  }
}

async function sampled(
  owner: pg.Client,
  workspaceId: string,
  http: (path: string) => Promise<any>,
  percent: number,
): Promise<Samples> {
  const q = async <T>(text: string, params: unknown[] = [workspaceId]) => (await owner.query(text, params)).rows as T[];
  const contacts = await q<{
    id: string;
    first_name: string | null;
    last_name: string;
    phone_list: string[];
    version: number;
  }>(`
    select id, first_name, last_name, phone_list, version from contacts tablesample system (${percent}) repeatable (42)
     where workspace_id = $1 and deleted_at is null limit 2000`);
  const common = async (column: string) =>
    (
      await q<{ v: string }>(`
    select v from contacts tablesample system (5) repeatable (7), unnest(${column}) v
     where workspace_id = $1 group by v order by count(*) desc limit 1`)
    )[0]?.v ?? '';
  const surnames = await q<{ v: string }>(`
    select last_name as v from contacts tablesample system (5) repeatable (7)
     where workspace_id = $1 group by 1 order by count(*) desc limit 20`);
  const [whale] = await q<{ id: string; n: number }>(`
    select record_id as id, count(*)::int as n from activity_links l
     where workspace_id = $1 and record_type = 'contact'
       and exists (select from contacts c where c.workspace_id = l.workspace_id and c.id = l.record_id)
     group by record_id order by count(*) desc limit 1`);
  // The cursor of the row 20,000 deep (or as deep as a small workspace goes), walked like a client would.
  let cursor = '';
  for (let rows = 0; rows < 20_000; ) {
    const page = await http(
      `/api/v1/contacts?sort=lastName&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
    rows += page.data.length;
  }
  const named = contacts.filter((c) => c.first_name);
  const editable = contacts.slice(-64);
  return {
    workspaceId,
    contactIds: contacts.map((c) => c.id),
    editableIds: editable.map((c) => c.id),
    editableVersions: editable.map((c) => c.version),
    deepCursor: cursor,
    city: await common('cities'),
    tag: await common('tags'),
    fullNames: named.slice(0, 200).map((c) => `${c.first_name} ${c.last_name}`),
    commonSurnames: surnames.map((row) => row.v),
    initials: named.slice(400, 600).map((c) => `${c.first_name![0]}. ${c.last_name[0]}. ${c.last_name}`),
    typos: named.slice(200, 400).map((c) => typo(c.last_name)),
    phones: contacts
      .flatMap((c) => c.phone_list.slice(0, 1))
      .slice(0, 200)
      .map(national),
    whale: { id: whale?.id ?? contacts[0].id, activities: whale?.n ?? 0 },
  };
}

export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * The statements one request runs inside its tenant transaction, captured by answering it
 * once in-process with a logging query builder. The token lookup at the start of that
 * transaction (and its occasional touch) is Farley's own overhead, so it is not part of the
 * plain SQL.
 */
export async function captureSql(databaseUrl: string, token: string, requests: Request[]): Promise<Statement[][]> {
  let log: Statement[] | null = null;
  // The application's own kind of pool (prepared statements, checks sent with the next statement).
  const pool = preparingPool({ connectionString: databaseUrl, max: 2, options: '-c role=farley_app' });
  const ownerPool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const app = new Kysely<Database>({
    dialect: new FarleyDialect(pool),
    log: (event) => {
      if (event.level === 'query' && log) log.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const owner = new Kysely<Database>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, FARLEY_JOBS: '0', FARLEY_DEMO: '0' });
  const ctx: AppContext = {
    config,
    db: { app, owner, url: databaseUrl, separateAppLogin: false, close: async () => {} },
    secrets: loadSecretKeys(process.env, config.dataDir),
  };
  const server = await buildApp(ctx);
  try {
    const captured: Statement[][] = [];
    for (const request of requests) {
      log = [];
      const answer = await server.inject({
        method: request.method,
        url: request.path,
        headers: { authorization: `Bearer ${token}` },
      });
      if (answer.statusCode >= 300)
        throw new Error(`capturing ${request.path}: ${answer.statusCode} ${answer.body.slice(0, 200)}`);
      // The work of the last tenant transaction: after its "begin; set_config", up to "commit".
      // (`begin` waits for the transaction's first statement, see sendWithNext, but is logged first.)
      const begin = log.map((s) => /^begin;/.test(s.sql)).lastIndexOf(true);
      const end = log.findIndex((s, i) => i > begin && s.sql === 'commit');
      const work = log.slice(begin + 1, end);
      while (work.length > 0 && /"api_tokens"/.test(work[0].sql)) work.shift();
      captured.push(work);
      log = null;
    }
    return captured;
  } finally {
    await server.close();
    await app.destroy();
    await owner.destroy();
  }
}

/**
 * Runs captured statements the way psql would: one transaction as the app role in the
 * workspace, as the acting user (whose record access the policies read).
 */
export function timeSql(
  client: pg.Client,
  scope: { workspaceId: string; userId: string },
  statements: Statement[],
  runs: number,
): Promise<number[]> {
  return timeRuns(client, scope, statements, runs, ['begin', 'commit']);
}

/**
 * The same, with the record-access policies (migration 0062) dropped for the while: for the
 * cost of those policies, measured beside the runs with them. `owner` connects as the owner of
 * the tables; the policies are dropped in a transaction that is rolled back, each run a
 * savepoint in it as the app role, so nothing outlives the measurement (the tables stay locked
 * meanwhile, which is why it runs while no other load does).
 */
export async function timeSqlWithoutRecordAccess(
  owner: pg.Client,
  scope: { workspaceId: string; userId: string },
  statements: Statement[],
  runs: number,
): Promise<number[]> {
  await owner.query('begin');
  try {
    const { rows } = await owner.query<{ name: string; table: string }>(
      `select policyname as name, tablename as table from pg_policies where policyname ~ '_scope_(read|insert|update|delete)$'`,
    );
    for (const { name, table } of rows) await owner.query(`drop policy "${name}" on "${table}"`);
    await owner.query('set local role farley_app');
    return await timeRuns(owner, scope, statements, runs, ['savepoint run', 'release savepoint run']);
  } finally {
    await owner.query('rollback');
  }
}

/** Each run between `open` and `close`, with the workspace, the user and JIT off as Farley's transactions begin (platform/db/tenant.ts). */
async function timeRuns(
  client: pg.Client,
  scope: { workspaceId: string; userId: string },
  statements: Statement[],
  runs: number,
  [open, close]: [string, string],
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await client.query(open);
    await client.query(
      `select set_config('farley.workspace_id', $1, true), set_config('farley.user_id', $2, true), set_config('jit', 'off', true)`,
      [scope.workspaceId, scope.userId],
    );
    for (const statement of statements) await client.query(statement.sql, statement.parameters as unknown[]);
    await client.query(close);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}
