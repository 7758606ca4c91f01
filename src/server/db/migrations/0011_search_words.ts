// The words of a workspace's records, for typo-tolerant search. pg_trgm's advice for
// spelling correction: compare the query with a table of distinct words, not with every
// record's text. At a million contacts, matching "Schidt" by trigram similarity against each
// contact's search_text read a quarter of the table (seconds); against the few thousand
// distinct words it takes a millisecond, and the records are then found by the corrected
// words ("schmidt") through the trigram index like any exact search.
// A trigger keeps the table up to date from search_text. Words are only ever added: a word
// no record uses any more costs a row, and a search for it finds nothing.
import { type Kysely, sql } from 'kysely';

/** Words worth correcting: letters only (no phone digits), four or more of them. */
export const searchWordsOf = (text: string) => `
  select distinct w from regexp_split_to_table(${text}, '[^[:alnum:]]+') w
   where length(w) >= 4 and w ~ '^[[:alpha:]]+$'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table search_words (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      word text not null,
      primary key (workspace_id, word)
    );
    -- Trigram index without workspace_id in front, as for search_text (migration 0008).
    create index search_words_trigram on search_words using gin (word gin_trgm_ops);
    alter table search_words enable row level security;
    create policy search_words_tenant on search_words to farley_app
      using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
    grant select, insert on search_words to farley_app;

    create function farley_search_words() returns trigger language plpgsql as $f$
    begin
      if tg_op = 'UPDATE' and new.search_text is not distinct from old.search_text then
        return null;
      end if;
      insert into search_words (workspace_id, word)
        select new.workspace_id, w from (${searchWordsOf('new.search_text')}) words
        on conflict do nothing;
      return null;
    end $f$;
  `)
    .execute(db);
  for (const table of ['contacts', 'companies', 'deals']) {
    await sql
      .raw(`
      create trigger ${table}_search_words after insert or update of search_text on ${table}
        for each row execute function farley_search_words();
      insert into search_words (workspace_id, word)
        select distinct t.workspace_id, w.w from ${table} t, lateral (${searchWordsOf('t.search_text')}) w
        on conflict do nothing;
    `)
      .execute(db);
  }
}
