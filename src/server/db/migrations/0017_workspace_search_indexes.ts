// Search indexes that start from the workspace, and LIKE no longer marked leakproof.
//
// Under row-level security a condition can use an index only if its operator is leakproof
// (migration 0007). LIKE is not, for a reason: a pattern ending in the escape character
// raises an error only once the text before it has matched, so an error could tell whether
// some row of another workspace starts that way. Farley's search therefore stops asking
// indexes for LIKE. What pg_trgm's index did for `search_text like '%…%'`, an index of the
// text's grams now does, through array containment (whose errors never depend on the rows):
// farley_grams gives every run of three letters or digits of a text, prefixed with the
// workspace (and hashed), and a string occurs in a text only if the text has all the
// string's grams. LIKE then only confirms the few candidates, after the workspace's own policy.
//
// The prefix makes each workspace's entries its own keys: a search reads the posting lists of
// its workspace only, whatever the other workspaces hold (the global indexes of migrations
// 0008 and 0013 had every tenant's rows behind each key). The words index is scoped the same
// way (farley_scoped); the dictionary's trigram index for typo correction carries
// workspace_id in front.
//
// The word postings (migration 0015) also carry how the record's words begin (`initials`, a
// bit per letter, see farley_initials), in their key's index: a search for "A. M. Müller"
// reads Müller's postings and keeps those of records with words starting with A and M,
// without a look at any record it does not show.
import { type Kysely, sql } from 'kysely';
import { pendingListKb } from './0014_gin_pending_lists.ts';
import { wordPostings } from './0015_word_postings.ts';

/** The record tables whose search_text is indexed. */
const searched = ['contacts', 'companies', 'deals'];

/**
 * The postings' trigger of migration 0015, which also keeps `initials`: a record whose words
 * begin differently (a new first name) has all its postings updated, not only the words that
 * came or went.
 */
function postingsTrigger(): string {
  const branches = Object.entries(wordPostings)
    .map(
      ([table, postings], i) => `
      ${i === 0 ? 'if' : 'elsif'} tg_table_name = '${table}' then
        delete from ${postings} p
         where p.workspace_id = rec.workspace_id and p.record_id = rec.id
           and p.word in (select unnest(before_words) except select unnest(after_words));
        if tg_op = 'UPDATE' and before_initials <> after_initials then
          update ${postings} p set initials = after_initials
           where p.workspace_id = rec.workspace_id and p.record_id = rec.id
             and p.word in (select unnest(before_words) intersect select unnest(after_words));
        end if;
        insert into ${postings} (workspace_id, word, record_id, initials)
          select rec.workspace_id, w, rec.id, after_initials from (select unnest(after_words) except select unnest(before_words)) x(w)
          on conflict do nothing;`,
    )
    .join('');
  return `
    create or replace function farley_word_postings() returns trigger language plpgsql as $f$
    declare
      rec record;
      before_words text[] := '{}';
      after_words text[] := '{}';
      before_initials integer := 0;
      after_initials integer := 0;
    begin
      if tg_op = 'DELETE' then rec := old; else rec := new; end if;
      if tg_op <> 'INSERT' and old.deleted_at is null then
        before_words := old.search_words;
        before_initials := farley_initials(old.search_text);
      end if;
      if tg_op <> 'DELETE' and new.deleted_at is null then
        after_words := new.search_words;
        after_initials := farley_initials(new.search_text);
      end if;
      if before_words = after_words and before_initials = after_initials then
        return null;
      end if;
      ${branches}
      end if;
      return null;
    end $f$;`;
}

export async function up(db: Kysely<any>): Promise<void> {
  // Both functions are leakproof (no error of theirs depends on the values, only on memory),
  // and must be marked so for their conditions to be index conditions under row-level
  // security. Marking needs a superuser, like migration 0007's marks; without one, search
  // stays correct but reads the workspace's rows.
  const { rows } = await sql<{
    superuser: boolean;
  }>`select rolsuper as superuser from pg_roles where rolname = current_user`.execute(db);
  const superuser = rows[0]?.superuser === true;
  const leakproof = superuser ? 'leakproof' : '';
  await sql
    .raw(`
    -- Hashed, so that the index has integers for keys: built in half the time of text keys.
    -- Hashes may collide, which only adds candidates: LIKE confirms every one.
    create function farley_grams(workspace uuid, value text) returns integer[]
      language sql immutable strict parallel safe ${leakproof} as $f$
        select array(select hashtext(workspace::text || substr(run, i, 3))
          from regexp_split_to_table(value, '[^[:alnum:]]+') run, generate_series(1, length(run) - 2) i)
      $f$;
    create function farley_scoped(workspace uuid, items text[]) returns text[]
      language sql immutable strict parallel safe ${leakproof} as $f$
        select array(select workspace::text || item from unnest(items) item)
      $f$;
    -- A bit for each letter a–z that begins a run of letters or digits, one for a digit, one
    -- for any other letter (then only LIKE can tell).
    create function farley_initials(value text) returns integer
      language sql immutable strict parallel safe as $f$
        select coalesce(bit_or(case when c between 'a' and 'z' then 1 << (ascii(c) - 97)
                                    when c between '0' and '9' then 1 << 26 else 1 << 27 end), 0)
          from (select left(run, 1) as c from regexp_split_to_table(value, '[^[:alnum:]]+') run where run <> '') x
      $f$;
  `)
    .execute(db);
  const gin = `with (gin_pending_list_limit = ${pendingListKb})`;
  for (const table of searched) {
    await sql
      .raw(`
      drop index if exists ${table}_search;
      drop index if exists ${table}_words;
      create index ${table}_grams on ${table} using gin (farley_grams(workspace_id, search_text)) ${gin};
      create index ${table}_words on ${table} using gin (farley_scoped(workspace_id, search_words)) ${gin};
    `)
      .execute(db);
  }
  await sql
    .raw(`
    drop index if exists search_words_trigram;
    create index search_words_grams on search_words using gin (farley_grams(workspace_id, word)) ${gin};
    create index search_words_similar on search_words using gin (workspace_id, word gin_trgm_ops) ${gin};
  `)
    .execute(db);
  // Every workspace's postings are written again with their initials: the work of maintenance
  // (migration 0016). Written anew rather than updated, so that the table and its key come
  // out their size (an update of every row left both twice as large), the key built once.
  await sql`select set_config('farley.maintenance', 'on', true)`.execute(db);
  for (const [table, postings] of Object.entries(wordPostings)) {
    await sql
      .raw(`
      alter table ${postings} add column initials integer not null default 0;
      alter table ${postings} drop constraint ${postings}_pkey;
      truncate ${postings};
      -- The initials once per record (offset 0 keeps the call out of every word's row).
      insert into ${postings} (workspace_id, word, record_id, initials)
        select r.workspace_id, w, r.id, x.initials
          from ${table} r cross join lateral (select farley_initials(r.search_text) as initials offset 0) x, unnest(r.search_words) w
         where r.deleted_at is null;
      alter table ${postings} add constraint ${postings}_pkey primary key (workspace_id, word, record_id) include (initials);
      grant update (initials) on ${postings} to farley_app;
    `)
      .execute(db);
  }
  await sql.raw(postingsTrigger()).execute(db);
  // Only a superuser may change what 0007 marked (and only a superuser could mark it).
  if (superuser) {
    await sql
      .raw(`
      alter function pg_catalog.textlike(text, text) not leakproof;
      alter function pg_catalog.texticlike(text, text) not leakproof;
    `)
      .execute(db);
  }
}
