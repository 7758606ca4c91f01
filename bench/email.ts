// `npm run bench -- email`: email at scale (issue 23). Seeds a workspace with `farley demo`
// (200,000 contacts, or the biggest workspace of DATABASE_URL with --reuse), then
//
// 1. the first sync of a mailbox of 20,000 messages (bench/emailData.ts: German and English
//    business mail, newsletters, private senders, replies with quoted history, some files; a
//    tenth with one of 2,000 known contacts) from a real Dovecot over IMAPS: first the ways
//    of filling Dovecot (IMAP APPEND on one and on four connections, on a sample; Maildir
//    files, which fill the mailbox), then `syncMailbox` in this process, timed, with its
//    memory sampled every 250 ms;
// 2. the linking lookup (`matchAddresses`) as the sync runs it: EXPLAIN ANALYZE as the
//    application role, and its time over many calls;
// 3. full-text search over 1,000,000 stored emails (made in PostgreSQL from the same words):
//    `GET /api/v1/emails?q=…` on a started server, and the service's statement alone as SQL,
//    for rare, medium and common words and two-word queries.
//
// Options: --scale 0.1 (a tenth of every size, for quick runs), --contacts N, --messages N,
// --known N, --emails N, --runs 20 (requests per search query), --only sync|match|search,
// --reuse (the biggest workspace of DATABASE_URL as it is; emails made by an earlier run are
// kept), --no-write (print only; else the tables go into docs/performance.md between the
// markers `bench-email:begin` and `bench-email:end`).
// DATABASE_URL points it at an existing server (a fresh database is created there);
// otherwise an embedded PostgreSQL is started in a temporary folder.
import { execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/server/platform/db/embedded.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { openContext } from '../src/server/server.ts';
import type { AppContext } from '../src/server/platform/context.ts';
import type { Database } from '../src/server/platform/db/schema.ts';
import { inTenant } from '../src/server/platform/db/tenant.ts';
import { mailboxService } from '../src/server/modules/mailboxes/mailboxes.service.ts';
import { syncMailbox } from '../src/server/modules/emails/emails.sync.ts';
import { matchAddresses } from '../src/server/modules/emails/emails.repository.ts';
import { startMailServers, type MailServers } from '../src/server/testing/mail.ts';
import { germanFemaleFirst, germanLast } from '../src/server/modules/demo/demo.names.ts';
import {
  appendAll,
  articleCode,
  fillEmails,
  type Mail,
  mailboxMessages,
  maildirWriter,
  type Person,
} from './emailData.ts';
import { captureSql } from './prepare.ts';
import { startFarley } from './serve.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'email'),
  options: {
    scale: { type: 'string', default: '1' },
    contacts: { type: 'string' },
    messages: { type: 'string' },
    known: { type: 'string' },
    emails: { type: 'string' },
    runs: { type: 'string', default: '20' },
    only: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be between 0 and 1');
const sized = (option: string | undefined, full: number, least: number) =>
  option === undefined ? Math.max(least, Math.round(full * scale)) : Number(option);
const sizes = {
  contacts: sized(values.contacts, 200_000, 2_000),
  messages: sized(values.messages, 20_000, 200),
  known: sized(values.known, 2_000, 50),
  emails: sized(values.emails, 1_000_000, 10_000),
};
const runs = Number(values.runs);
const parts = new Set(values.only ? values.only.split(',') : ['sync', 'match', 'search']);
const root = path.resolve(import.meta.dirname, '..');
const say = (line: string) => process.stdout.write(`${line}\n`);
const farley = (args: string[], env: NodeJS.ProcessEnv) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'bin/farley.js'), ...args], {
      env,
      encoding: 'utf8',
      cwd: root,
      maxBuffer: 1 << 26,
    }),
  );
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const int = (n: number) => Math.round(n).toLocaleString('en');

/** The markdown the run writes into docs/performance.md, section by section. */
const report: string[] = [];

// ---------------------------------------------------------------------------------------------
// 1. The first sync.

async function firstSync(ctx: AppContext, workspace: Workspace) {
  const mail: MailServers = await startMailServers();
  try {
    const password = crypto.randomBytes(9).toString('base64url');
    const login = workspace.adminEmail.toLowerCase();
    await mail.addUser(login, password);
    // The first login makes the user's maildir; Sent is made like a mail program would.
    const first = new ImapFlow({
      host: mail.imap.host,
      port: mail.imap.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: login, pass: password },
      logger: false,
    });
    await first.connect();
    await first.mailboxCreate('Sent');
    await first.logout();

    const { rows: known } = await sql<Person>`
      select email_list[1] as address, coalesce(first_name || ' ', '') || last_name as name from contacts
       where workspace_id = ${workspace.id} and deleted_at is null and cardinality(email_list) > 0
       order by md5(id::text) limit ${sizes.known}`.execute(ctx.db.owner);
    const { rows: colleagues } = await sql<Person>`
      select lower(email) as address, name from users where workspace_id = ${workspace.id} and id <> ${workspace.adminId}`.execute(
      ctx.db.owner,
    );
    const to = new Date(Date.now() - 86_400_000);
    const from = new Date(to.getTime() - 330 * 86_400_000);
    const tag = `.${Date.now().toString(36)}`;
    const messages = () =>
      mailboxMessages({
        count: sizes.messages,
        owner: { address: login, name: workspace.adminName },
        known,
        colleagues,
        from,
        to,
        ...(values.reuse && { tag }),
      });

    // Filling Dovecot: APPEND on a sample (another user's mailbox), then Maildir files.
    const sample: Mail[] = [];
    for (const m of messages()) {
      if (sample.length >= Math.max(200, Math.round(1000 * scale))) break;
      sample.push(m);
    }
    const other = 'append-probe@bench.farley.example';
    await mail.addUser(other, password);
    const imap = { host: mail.imap.host, port: mail.imap.port };
    const appendRates: Array<{ connections: number; perSecond: number }> = [];
    for (const connections of [1, 4]) {
      const seconds = await appendAll(
        imap,
        { user: other, pass: password },
        `Probe${connections}`,
        sample,
        connections,
      );
      appendRates.push({ connections, perSecond: sample.length / seconds });
      say(
        `IMAP APPEND, ${connections} connection(s): ${sample.length} messages in ${fmt(seconds)} s = ${int(sample.length / seconds)}/s`,
      );
    }
    const write = maildirWriter(path.join(mail.mailRoot, login));
    const written = {
      count: 0,
      bytes: 0,
      known: 0,
      files: 0,
      byFolder: { INBOX: 0, Sent: 0 } as Record<string, number>,
      kinds: {} as Record<string, number>,
    };
    let started = performance.now();
    for (const m of messages()) {
      write(m);
      written.count++;
      written.bytes += m.raw.length;
      written.byFolder[m.folder]++;
      written.kinds[m.kind] = (written.kinds[m.kind] ?? 0) + 1;
      if (m.known) written.known++;
      if (m.raw.includes('Content-Disposition: attachment')) written.files++;
    }
    const writeSeconds = (performance.now() - started) / 1000;
    // Dovecot notices the files at the next look into the folder and gives them their UIDs.
    started = performance.now();
    const look = new ImapFlow({
      host: mail.imap.host,
      port: mail.imap.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: login, pass: password },
      logger: false,
    });
    await look.connect();
    const folders: Record<string, number> = {};
    for (const folder of ['INBOX', 'Sent']) {
      const status = await look.status(folder, { messages: true });
      folders[folder] = status ? (status.messages ?? 0) : 0;
    }
    await look.logout();
    const indexSeconds = (performance.now() - started) / 1000;
    say(
      `Maildir: ${int(written.count)} messages (${mb(written.bytes)} MB, ${written.files} with files) written in ${fmt(writeSeconds)} s = ${int(written.count / writeSeconds)}/s; Dovecot indexed them in ${fmt(indexSeconds)} s (${JSON.stringify(folders)}); kinds ${JSON.stringify(written.kinds)}`,
    );

    const actor = {
      workspaceId: workspace.id,
      userId: workspace.adminId,
      role: 'admin' as const,
      via: 'token' as const,
    };
    const mailbox = await mailboxService(ctx).create(actor, {
      name: 'Postfach',
      address: login,
      imap: {
        host: mail.imap.host,
        port: mail.imap.tlsPort,
        security: 'tls',
        trustSelfSigned: true,
        username: login,
        password,
      },
      smtp: {
        host: mail.smtp.host,
        port: mail.smtp.port,
        security: 'none',
        trustSelfSigned: false,
        username: login,
        password,
      },
      syncSince: from.toISOString().slice(0, 10),
    });

    // The sync, with the process's memory every 250 ms.
    const samples: Array<{ t: number; rss: number; heap: number }> = [];
    const sample0 = process.memoryUsage();
    const t0 = performance.now();
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      samples.push({ t: (performance.now() - t0) / 1000, rss: m.rss, heap: m.heapUsed });
    }, 250);
    const loadBefore = load();
    const outcome = await syncMailbox(ctx, workspace.id, mailbox.id);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const sample1 = process.memoryUsage();
    if (!outcome.ran) throw new Error(`the sync did not run: ${JSON.stringify(outcome)}`);
    const peak = { rss: Math.max(...samples.map((s) => s.rss)), heap: Math.max(...samples.map((s) => s.heap)) };
    const tenths = Array.from(
      { length: 11 },
      (_, k) => samples[Math.min(samples.length - 1, Math.floor((k * (samples.length - 1)) / 10))],
    );
    const seen = outcome.folders.reduce((sum, f) => sum + f.seen, 0);
    const stored = outcome.folders.reduce((sum, f) => sum + f.stored, 0);
    say(
      `sync: ${int(seen)} messages seen, ${int(stored)} kept in ${fmt(seconds)} s (load before ${loadBefore}, after ${load()})`,
    );
    for (const f of outcome.folders)
      say(`  ${f.path}: seen ${int(f.seen)}, stored ${int(f.stored)}, failed ${f.failed}`);
    say(
      `  memory: RSS ${mb(sample0.rss)} → peak ${mb(peak.rss)} → ${mb(sample1.rss)} MB; heap used ${mb(sample0.heapUsed)} → peak ${mb(peak.heap)} → ${mb(sample1.heapUsed)} MB`,
    );
    say(`  RSS by tenth of the run: ${tenths.map((s) => mb(s.rss)).join(' → ')} MB`);
    say(`  heap by tenth of the run: ${tenths.map((s) => mb(s.heap)).join(' → ')} MB`);
    const { rows: counts } = await sql<Record<string, number>>`
      select (select count(*)::int from emails where mailbox_id = ${mailbox.id}) as emails,
             (select count(*)::int from email_attachments a join emails e on e.workspace_id = a.workspace_id and e.id = a.email_id
               where e.mailbox_id = ${mailbox.id}) as files,
             (select count(*)::int from activities a join emails e on e.workspace_id = a.workspace_id and e.id = a.email_id
               where e.mailbox_id = ${mailbox.id}) as activities,
             (select count(*)::int from activity_links l join activities a on a.workspace_id = l.workspace_id and a.id = l.activity_id
               join emails e on e.workspace_id = a.workspace_id and e.id = a.email_id where e.mailbox_id = ${mailbox.id}) as links,
             (select count(distinct thread_id)::int from emails where mailbox_id = ${mailbox.id}) as threads,
             (select count(*)::int from email_unknown_senders where workspace_id = ${workspace.id}) as unknown_senders,
             (select count(*)::int from email_unknown_senders where workspace_id = ${workspace.id} and signature <> '{}') as signatures,
             (select count(*)::int from mail_sync_log where mailbox_id = ${mailbox.id} and level <> 'info') as log_problems`.execute(
      ctx.db.owner,
    );
    say(`  stored: ${JSON.stringify(counts[0])}; messages with a known participant: ${written.known}`);
    report.push(
      `**First sync** (${int(written.count)} messages, ${mb(written.bytes)} MB, ${int(written.files)} with files; ${int(written.known)} with a known contact):\n`,
      '| | value |',
      '|---|---|',
      `| IMAP APPEND, one connection | ${int(appendRates[0].perSecond)} messages/s (${fmt(sizes.messages / appendRates[0].perSecond / 60)} min for the mailbox) |`,
      `| IMAP APPEND, four connections | ${int(appendRates[1].perSecond)} messages/s (${fmt(sizes.messages / appendRates[1].perSecond / 60)} min) |`,
      `| Maildir files written | ${int(written.count / writeSeconds)} messages/s (${fmt(writeSeconds)} s), Dovecot's first look ${fmt(indexSeconds)} s |`,
      `| sync: wall clock | **${fmt(seconds)} s** (${int(seen / seconds)} messages/s; load ${loadBefore} before) |`,
      ...outcome.folders.map((f) => `| ${f.path} | ${int(f.seen)} seen, ${int(f.stored)} kept, ${f.failed} failed |`),
      `| stored | ${int(counts[0].emails)} emails, ${int(counts[0].files)} files, ${int(counts[0].activities)} activities with ${int(counts[0].links)} links, ${int(counts[0].threads)} threads; ${int(counts[0].unknown_senders)} unknown senders (${int(counts[0].signatures)} signatures read); ${counts[0].log_problems} problems logged |`,
      `| RSS start → peak → end | ${mb(sample0.rss)} → ${mb(peak.rss)} → ${mb(sample1.rss)} MB |`,
      `| heap used start → peak → end | ${mb(sample0.heapUsed)} → ${mb(peak.heap)} → ${mb(sample1.heapUsed)} MB |`,
      `| RSS by tenth of the run | ${tenths.map((s) => mb(s.rss)).join(' → ')} MB |`,
      '',
    );
    return { known };
  } finally {
    await mail.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The linking lookup.

async function linking(ctx: AppContext, databaseUrl: string, workspace: Workspace) {
  const { rows } = await sql<{ address: string; n: number }>`
    select count(*)::int as n, (select email_list[1] from contacts where workspace_id = ${workspace.id}
        and cardinality(email_list) > 0 order by md5(id::text) offset 77 limit 1) as address
      from contacts where workspace_id = ${workspace.id} and cardinality(email_list) > 0`.execute(ctx.db.owner);
  const contactsWithEmail = rows[0].n;
  const { rows: company } = await sql<{ website: string }>`
    select website from companies where workspace_id = ${workspace.id} and website is not null order by md5(id::text) limit 1`.execute(
    ctx.db.owner,
  );
  const domain = new URL(company[0].website).hostname.replace(/^www\./, '');
  // A message's participants besides the mailbox: a known contact, a colleague of a known
  // company (domain), a stranger at a firm and one at a free-mail provider.
  const addresses = [
    rows[0].address,
    `einkauf@${domain}`,
    'p.unbekannt@kranich-logistik-5.example',
    'max.muster.4711@gmx.de',
  ];
  // The statement as Farley sends it, captured from a query builder that logs.
  const logged: Array<{ sql: string; parameters: readonly unknown[] }> = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const capture = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') logged.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  await capture.transaction().execute(async (tx) => {
    await sql`select set_config('farley.workspace_id', ${workspace.id}, true)`.execute(tx);
    await sql.raw('set local role farley_app').execute(tx);
    await matchAddresses(tx, workspace.id, addresses);
  });
  await capture.destroy();
  const statement = logged.find((s) => /unnest/.test(s.sql));
  if (!statement) throw new Error('matchAddresses: no statement captured');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    `begin; set local role farley_app; select set_config('farley.workspace_id', '${workspace.id}', true)`,
  );
  const { rows: plan } = await client.query(
    `explain (analyze, buffers) ${statement.sql}`,
    statement.parameters as unknown[],
  );
  await client.query('rollback');
  await client.end();
  const planText = plan.map((r) => r['QUERY PLAN']).join('\n');
  say(
    `matchAddresses(${JSON.stringify(addresses)}) in a workspace with ${int(contactsWithEmail)} contacts with addresses:\n${planText}`,
  );
  // Its time as the sync calls it: in a tenant transaction, many times.
  const times: number[] = [];
  let found = 0;
  await inTenant(ctx.db.app, { workspaceId: workspace.id }, async (tx) => {
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      found = (await matchAddresses(tx, workspace.id, addresses)).length;
      times.push(performance.now() - t);
    }
  });
  times.sort((a, b) => a - b);
  say(
    `  500 calls: p50 ${fmt(percentile(times, 50), 2)} ms, p95 ${fmt(percentile(times, 95), 2)} ms; ${found} matches`,
  );
  const execution = /Execution Time: ([\d.]+)/.exec(planText)?.[1];
  const planning = /Planning Time: ([\d.]+)/.exec(planText)?.[1];
  const indexes = [
    ...new Set([...planText.matchAll(/Index (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)/g)].map((m) => m[1])),
  ];
  report.push(
    `**Linking** (\`matchAddresses\` for 4 addresses, ${int(contactsWithEmail)} contacts with addresses): EXPLAIN ANALYZE as the application role ${planning} ms planning, ${execution} ms execution, indexes ${indexes.map((i) => `\`${i}\``).join(', ')}; 500 calls in a tenant transaction p50 ${fmt(percentile(times, 50), 2)} ms, p95 ${fmt(percentile(times, 95), 2)} ms.`,
    '',
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Full-text search.

type Kind = 'rare' | 'medium' | 'common' | 'two words';

async function search(databaseUrl: string, env: NodeJS.ProcessEnv, workspace: Workspace) {
  const owner = new pg.Client({ connectionString: databaseUrl });
  await owner.connect();
  await owner.query(`set farley.maintenance = 'on'`);
  let { rows: boxes } = await owner.query<{ id: string }>(
    `select id from mailboxes where workspace_id = $1 and name = 'Archiv (bench)'`,
    [workspace.id],
  );
  if (boxes.length === 0)
    ({ rows: boxes } = await owner.query<{ id: string }>(
      `insert into mailboxes (workspace_id, id, owner_id, name, address, imap_host, imap_port, imap_security, imap_username,
                              imap_password, smtp_host, smtp_port, smtp_security, smtp_username, smtp_password, status)
       values ($1, gen_random_uuid(), $2, 'Archiv (bench)', 'archiv@bench.farley.example', 'imap.invalid', 993, 'tls', 'archiv',
               '\\x00', 'smtp.invalid', 465, 'tls', 'archiv', '\\x00', 'ok') returning id`,
      [workspace.id, workspace.adminId],
    ));
  const mailboxId = boxes[0].id;
  const { rows: had } = await owner.query<{ n: number }>(
    'select count(*)::int as n from emails where workspace_id = $1 and mailbox_id = $2',
    [workspace.id, mailboxId],
  );
  if (had[0].n === 0) {
    say(`making ${int(sizes.emails)} stored emails …`);
    const filled = await fillEmails(
      owner,
      { workspaceId: workspace.id, mailboxId, count: sizes.emails, end: new Date() },
      say,
    );
    say(`  made in ${fmt(filled.seconds)} s, GIN indexes ${fmt(filled.indexSeconds)} s`);
  } else say(`reusing ${int(had[0].n)} stored emails`);
  const { rows: size } = await owner.query<{ total: number; table: string; search: string }>(
    `select (select count(*)::int from emails where workspace_id = $1) as total,
            pg_size_pretty(pg_total_relation_size('emails')) as table, pg_size_pretty(pg_relation_size('emails_search')) as search`,
    [workspace.id],
  );
  say(
    `emails: ${int(size[0].total)} in the workspace, table with indexes ${size[0].table}, search index ${size[0].search}`,
  );

  // Queries from the data: numbers and an address that occur once or a few times, article
  // numbers of every frequency (their ranks are log-uniform), names, the words of many
  // business mails, and pairs. Each is put in its class by how many emails it finds.
  const { rows: samples } = await owner.query<{ text_body: string; from_address: string }>(
    `select text_body, from_address from emails where workspace_id = $1 and mailbox_id = $2
      and text_body ~ '\\m4\\d{6}\\M' and text_body ~ 'RE-\\d{4}-\\d{5}' order by message_id limit 3`,
    [workspace.id, mailboxId],
  );
  const order = /\b(4\d{6})\b/.exec(samples[0].text_body)?.[1] ?? '4712345';
  const invoice = /RE-\d{4}-\d{5}/.exec(samples[1].text_body)?.[0] ?? 'RE-2025-12345';
  const single = [
    order,
    invoice,
    samples[2].from_address,
    ...[10_000, 3_000, 1_000, 300, 100, 30, 10, 3].map(articleCode),
    germanLast[germanLast.length - 1],
    germanFemaleFirst[germanFemaleFirst.length - 3],
    'Angebot',
    'Rechnung',
    'Termin',
    'invoice',
    'meeting',
    'Grüße',
  ];
  const pairs = [
    'Angebot Lieferung',
    'invoice overdue',
    `${germanLast[germanLast.length - 1]} Angebot`,
    'Wartung Freiburg',
    'Kranich Logistik',
    `${articleCode(30)} Rechnung`,
  ];
  // How many emails each finds (as the owner, with the match as first written: three forms).
  const { rows: counted } = await owner.query<{ q: string; n: number }>(
    `select q, (select count(*)::int from emails where workspace_id = $1
                  and search @@ (websearch_to_tsquery('german', q) || websearch_to_tsquery('english', q) || websearch_to_tsquery('simple', q))) as n
       from unnest($2::text[]) q`,
    [workspace.id, [...single, ...pairs]],
  );
  await owner.end();
  const matches = new Map(counted.map((row) => [row.q, row.n]));
  const total = size[0].total;
  const kindOf = (q: string): Kind => {
    if (pairs.includes(q)) return 'two words';
    const share = (matches.get(q) ?? 0) / total;
    return share <= 0.0001 ? 'rare' : share <= 0.01 ? 'medium' : 'common';
  };
  const queries = [...single, ...pairs].map((q) => ({ q, kind: kindOf(q) }));

  const token = farley(['token', 'create', '--email', workspace.adminEmail, '--name', 'bench-email'], env)
    .token as string;
  const paths = queries.map((query) => `/api/v1/emails?q=${encodeURIComponent(query.q)}&limit=25`);
  // The statement of each request's page, captured from Farley (null if the request failed).
  const pages: Array<{ sql: string; parameters: readonly unknown[] } | null> = [];
  for (const p of paths) {
    try {
      const [statements] = await captureSql(databaseUrl, token, [{ method: 'GET', path: p }]);
      pages.push(statements.find((s) => /from "emails" as "e"/.test(s.sql)) ?? null);
    } catch (error) {
      say(`  ${p}: ${error instanceof Error ? error.message : String(error)}`);
      pages.push(null);
    }
  }
  const sqlClient = new pg.Client({ connectionString: databaseUrl });
  await sqlClient.connect();
  const inTenantSql = `begin; set local role farley_app; select set_config('farley.workspace_id', '${workspace.id}', true)`;
  const farleyServer = await startFarley({ ...env, LOG_LEVEL: 'warn' });
  const server: ChildProcess = farleyServer.server;
  const results: Array<{
    q: string;
    kind: Kind;
    matches: number;
    http: number[];
    sql: number[];
    errors: number;
    plan: string;
  }> = [];
  try {
    const headers = { authorization: `Bearer ${token}` };
    for (const [i, query] of queries.entries()) {
      const http: number[] = [];
      const statement: number[] = [];
      let errors = 0;
      const page = pages[i];
      for (let run = -1; run < runs; run++) {
        const t = performance.now();
        const answer = await fetch(`${farleyServer.baseUrl}${paths[i]}`, { headers });
        await answer.arrayBuffer();
        if (answer.status !== 200) errors++;
        else if (run >= 0) http.push(performance.now() - t);
        if (!page) continue;
        await sqlClient.query(inTenantSql);
        const s = performance.now();
        await sqlClient.query(page.sql, page.parameters as unknown[]);
        if (run >= 0) statement.push(performance.now() - s);
        await sqlClient.query('commit');
      }
      let planText = '';
      if (page) {
        await sqlClient.query(inTenantSql);
        const { rows: plan } = await sqlClient.query(
          `explain (analyze, buffers) ${page.sql}`,
          page.parameters as unknown[],
        );
        await sqlClient.query('commit');
        planText = plan.map((r) => r['QUERY PLAN']).join('\n');
      }
      http.sort((a, b) => a - b);
      statement.sort((a, b) => a - b);
      const found = matches.get(query.q) ?? 0;
      results.push({ ...query, matches: found, http, sql: statement, errors, plan: planText });
      const how =
        /(Index Scan(?: Backward)? using emails_recent|Bitmap Index Scan on emails_search|Seq Scan)/.exec(
          planText,
        )?.[1] ?? '?';
      say(
        `${query.kind.padEnd(9)} ${JSON.stringify(query.q).padEnd(46)} ${int(found).padStart(9)} matches: HTTP p50 ${fmt(percentile(http, 50))} p95 ${fmt(percentile(http, 95))} ms${errors ? ` (${errors} errors)` : ''}; SQL p50 ${fmt(percentile(statement, 50))} p95 ${fmt(percentile(statement, 95))} ms; ${how} (load ${load()})`,
      );
    }
  } finally {
    server.kill('SIGTERM');
    await sqlClient.end();
  }
  const kinds: Kind[] = ['rare', 'medium', 'common', 'two words'];
  for (const kind of kinds) {
    const worst = results
      .filter((r) => r.kind === kind)
      .sort((a, b) => percentile(b.sql, 95) - percentile(a.sql, 95))[0];
    if (worst) say(`slowest ${kind} query, ${JSON.stringify(worst.q)}:\n${worst.plan}`);
  }
  const rows = kinds.map((kind) => {
    const of = results.filter((r) => r.kind === kind);
    const http = of.flatMap((r) => r.http).sort((a, b) => a - b);
    const statement = of.flatMap((r) => r.sql).sort((a, b) => a - b);
    const errors = of.reduce((sum, r) => sum + r.errors, 0);
    return `| ${kind} | ${of.map((r) => `\`${r.q}\` (${int(r.matches)})`).join(', ')} | ${fmt(percentile(http, 50))} | ${fmt(percentile(http, 95))}${errors ? ` (${errors} errors)` : ''} | ${fmt(percentile(statement, 50))} | ${fmt(percentile(statement, 95))} |`;
  });
  report.push(
    `**Search** (${int(total)} emails in the workspace; table with indexes ${size[0].table}, search index ${size[0].search}; ${runs} requests per query, one at a time, after one unmeasured; classes by the share of emails found: rare up to 0.01 %, medium up to 1 %, common above):\n`,
    '| words | queries (emails found) | HTTP p50 ms | HTTP p95 ms | SQL p50 ms | SQL p95 ms |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  );
}

// ---------------------------------------------------------------------------------------------

interface Workspace {
  id: string;
  adminId: string;
  adminEmail: string;
  adminName: string;
}

let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let pgDir: string | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-email-'));
let ctx: AppContext | undefined;
try {
  let databaseUrl = process.env.DATABASE_URL;
  if (values.reuse && !databaseUrl) throw new Error('--reuse needs DATABASE_URL');
  if (!databaseUrl) {
    pgDir = mkdtempSync(path.join(os.tmpdir(), 'farley-bench-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: pgDir, port: 20000 + crypto.randomInt(20000) });
    databaseUrl = embedded.url;
  }
  const env = { ...process.env, DATABASE_URL: databaseUrl, FARLEY_JOBS: '0', FARLEY_DEMO: '0', LOG_LEVEL: 'warn' };
  if (!values.reuse) {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const name = `farley_bench_email_${Date.now()}`;
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    env.DATABASE_URL = databaseUrl;
    farley(['migrate'], env);
    say(`seeding ${int(sizes.contacts)} contacts with farley demo …`);
    const started = performance.now();
    const demo = farley(['demo', '--contacts', String(sizes.contacts)], env);
    say(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(demo.counts)}`);
  } else farley(['migrate'], env);
  ctx = await openContext(loadConfig({ ...env, FARLEY_DATA_DIR: dataDir }));
  const { rows: ws } = await sql<{ id: string; admin_id: string; email: string; name: string }>`
    select c.workspace_id as id, u.id as admin_id, l.email, u.name
      from (select workspace_id, count(*) n from contacts group by 1 order by 2 desc limit 1) c
      join users u on u.workspace_id = c.workspace_id and u.role = 'admin'
      join user_logins l on l.user_id = u.id order by u.created_at limit 1`.execute(ctx.db.owner);
  const workspace: Workspace = {
    id: ws[0].id,
    adminId: ws[0].admin_id,
    adminEmail: ws[0].email,
    adminName: ws[0].name,
  };
  await sql`vacuum (analyze) contacts, companies`.execute(ctx.db.owner);
  const header = `Commit \`${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()}\`, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, PostgreSQL ${embedded ? 'embedded' : 'from DATABASE_URL'}, scale ${scale}; load average ${load()} at the start.`;
  report.push(header, '');
  if (parts.has('sync')) await firstSync(ctx, workspace);
  if (parts.has('match')) await linking(ctx, databaseUrl, workspace);
  if (parts.has('search')) await search(databaseUrl, env, workspace);
  const markdown = report.join('\n');
  say(`\n${markdown}`);
  const doc = path.join(root, 'docs/performance.md');
  const begin = '<!-- bench-email:begin -->';
  const end = '<!-- bench-email:end -->';
  if (!values['no-write'] && !values.only && existsSync(doc)) {
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
  await ctx?.db.close();
  await embedded?.stop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
  if (pgDir) rmSync(pgDir, { recursive: true, force: true });
}
