// Full-text search of email that uses its indexes under row-level security, and a plan
// chosen for how common the words are (issue 23; figures in docs/performance.md, "Email").
//
// - `@@` leakproof. Under row-level security a condition may use an index only if its
//   operator is leakproof (migration 0007). The text-search match (ts_match_vq, and
//   ts_match_qv with its arguments the other way round) is not marked so, and a search read
//   every email of the workspace, the GIN index emails_search unused. Its result is true or
//   false and nothing else: the query is parsed before any row is read, and no error of the
//   match depends on what a row holds. As in 0007 marking it needs a superuser; without one
//   this step is skipped and search stays correct, only slower.
// - emails_recent: the workspace's emails newest first. A word that a large share of the
//   mail holds ("Angebot") is found fastest by reading the newest emails in order until a
//   page is full; through the GIN index every match (hundreds of thousands) would be
//   collected and sorted. The planner chooses between the two by how common the words are.
// - farley_email_query: the search's query in German, English and simple word forms, each
//   form once. Most words come out the same in all three, and PostgreSQL estimates
//   `'angebot' | 'angebot' | 'angebot'` three times as common as `'angebot'`.
// - The search vector kept in the row (storage main) and its statistics finer: reading the
//   newest emails in order looks at each one's vector, which out of line (where a vector of
//   a few kB went) costs a TOAST lookup per email that the planner does not count; and with
//   the default statistics every word outside the thousand most common was estimated as
//   common as the thousandth, so a rare word was looked for by the order of the dates.
//   Storage applies to rows written from now on.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create index emails_recent on emails (workspace_id, sent_at desc, id desc);
    alter table emails alter column search set storage main, alter column search set statistics 1000;
    create function farley_email_query(words text) returns tsquery
      language sql immutable strict parallel safe as $f$
      select case
        when english = german and simple = german then german
        when english = german or simple = english then german || simple
        when simple = german then german || english
        else german || english || simple end
        from (select websearch_to_tsquery('german', words) as german, websearch_to_tsquery('english', words) as english,
                     websearch_to_tsquery('simple', words) as simple) forms
    $f$;
  `)
    .execute(db);
  const { rows } = await sql<{
    superuser: boolean;
  }>`select rolsuper as superuser from pg_roles where rolname = current_user`.execute(db);
  if (!rows[0]?.superuser) return;
  await sql
    .raw(`
    alter function pg_catalog.ts_match_vq(tsvector, tsquery) leakproof;
    alter function pg_catalog.ts_match_qv(tsquery, tsvector) leakproof;
  `)
    .execute(db);
}
