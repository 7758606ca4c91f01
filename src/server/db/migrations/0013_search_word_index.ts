// The words of each record's search_text in an array column with a GIN index: a search
// token becomes the dictionary words (search_words, migration 0011) that contain it, and the
// records are found by those words. For a common word that is one short posting list where
// the trigram index intersected several long ones: "%schmidt%" read every entry of each of
// its trigrams, the word "schmidt" reads its list once (docs/performance.md, "Words instead
// of trigrams").
// The trigram index stays for what words cannot answer: digits, mail addresses, short
// tokens, and tokens that too many words contain (see search.repository.ts).
//
// A word is a run of letters, four or more of them. Every occurrence of a token made only
// of letters lies inside such a run, so "search_text contains the token" and "search_words
// holds a word containing it" say the same; the dictionary is switched to the same runs
// (it held runs of letters and digits made only of letters) so that it knows every word.
import { type Kysely, sql } from 'kysely';

/** The words of a search_text: distinct runs of four or more letters. */
export const wordsOf = (text: string) =>
  `array(select distinct w from regexp_split_to_table(${text}, '[^[:alpha:]]+') w where length(w) >= 4)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create function farley_search_words_column() returns trigger language plpgsql as $f$
    begin
      new.search_words := ${wordsOf('new.search_text')};
      return new;
    end $f$;

    -- Still fired "after insert or update of search_text": an UPDATE OF trigger goes by the
    -- statement's SET list, which names search_text, not the search_words derived from it.
    create or replace function farley_search_words() returns trigger language plpgsql as $f$
    begin
      if tg_op = 'UPDATE' and new.search_words is not distinct from old.search_words then
        return null;
      end if;
      insert into search_words (workspace_id, word)
        select new.workspace_id, w from unnest(new.search_words) w
        on conflict do nothing;
      return null;
    end $f$;
  `)
    .execute(db);
  // The audit trail leaves out derived columns; search_words is one.
  const { rows } = await sql<{
    definition: string;
  }>`select pg_get_functiondef('farley_audit'::regproc) as definition`.execute(db);
  await sql.raw(rows[0].definition.replaceAll(`- 'search_text'`, `- 'search_text' - 'search_words'`)).execute(db);
  for (const table of ['contacts', 'companies', 'deals']) {
    await sql
      .raw(`
      alter table ${table} add column search_words text[] not null default '{}';
      update ${table} set search_words = ${wordsOf('search_text')} where search_text <> '';
      create trigger ${table}_search_words_column before insert or update of search_text on ${table}
        for each row execute function farley_search_words_column();
      insert into search_words (workspace_id, word)
        select distinct t.workspace_id, w from ${table} t, unnest(t.search_words) w
        on conflict do nothing;
      -- Without workspace_id in front, like the trigram index (migration 0008).
      create index ${table}_words on ${table} using gin (search_words);
    `)
      .execute(db);
  }
}
