// Per record type, a row for each word of each live record: contact_words, company_words,
// deal_words (workspace_id, word, record_id), kept by a trigger from search_words (migration
// 0013). A search for one word ("Schulz", or the corrections of "Schlz") needs about 200
// records that contain it; the GIN index on search_words can only answer with all of them,
// a bitmap of every match, tens of thousands of entries for a common name's corrections.
// The btree of these tables gives the first few hundred and stops (docs/performance.md,
// "Word postings").
// Searches of several words keep the GIN index, which intersects posting lists.
//
// Only live records have rows: trashing a record removes its rows and restoring it adds
// them back, so the first rows of a word are records a search can show. About five rows per
// contact, nine per company, four per deal.
import { type Kysely, sql } from 'kysely';

/** The record tables and their posting tables. */
export const wordPostings = { contacts: 'contact_words', companies: 'company_words', deals: 'deal_words' } as const;

export async function up(db: Kysely<any>): Promise<void> {
  const branches = Object.entries(wordPostings)
    .map(
      ([table, postings], i) => `
      ${i === 0 ? 'if' : 'elsif'} tg_table_name = '${table}' then
        delete from ${postings} p
         where p.workspace_id = rec.workspace_id and p.record_id = rec.id
           and p.word in (select unnest(before_words) except select unnest(after_words));
        insert into ${postings} (workspace_id, word, record_id)
          select rec.workspace_id, w, rec.id from (select unnest(after_words) except select unnest(before_words)) x(w)
          on conflict do nothing;`,
    )
    .join('');
  await sql
    .raw(`
    create function farley_word_postings() returns trigger language plpgsql as $f$
    declare
      rec record;
      before_words text[] := '{}';
      after_words text[] := '{}';
    begin
      if tg_op = 'DELETE' then rec := old; else rec := new; end if;
      if tg_op <> 'INSERT' and old.deleted_at is null then before_words := old.search_words; end if;
      if tg_op <> 'DELETE' and new.deleted_at is null then after_words := new.search_words; end if;
      if before_words = after_words then
        return null;
      end if;
      ${branches}
      end if;
      return null;
    end $f$;
  `)
    .execute(db);
  for (const [table, postings] of Object.entries(wordPostings)) {
    await sql
      .raw(`
      create table ${postings} (
        workspace_id uuid not null references workspaces(id) on delete cascade,
        word text not null,
        record_id uuid not null,
        primary key (workspace_id, word, record_id)
      );
      alter table ${postings} enable row level security;
      create policy ${postings}_tenant on ${postings} to farley_app
        using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
      grant select, insert, delete on ${postings} to farley_app;
      insert into ${postings} (workspace_id, word, record_id)
        select r.workspace_id, w, r.id from ${table} r, unnest(r.search_words) w where r.deleted_at is null
        order by 1, 2, 3;
      create trigger ${table}_word_postings after insert or delete or update of search_text, search_words, deleted_at on ${table}
        for each row execute function farley_word_postings();
    `)
      .execute(db);
  }
}
