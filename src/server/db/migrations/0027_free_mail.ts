// The free-mail domains in one place: the company match keys (migration 0023) carried their
// own copy of the list in SQL, which had drifted from the matcher's (normalize.ts). This
// recreates the SQL side from the TypeScript list as a function of its own,
// farley_free_mail(domain), and the company keys function calling it, then rebuilds the index
// that holds those keys. matcher.test.ts checks that the database and the TypeScript list
// agree: a change to the list needs a migration like this one.
import { type Kysely, sql } from 'kysely';
import { freeMailDomains } from '../../modules/duplicates/normalize.ts';
// The words 0023 drops from company names (legal forms and fillers), unchanged.
import { legalWords } from './0023_duplicates.ts';

const list = (values: Iterable<string>) => `array[${[...values].map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const s = `"${rows[0].schema.replace(/"/g, '""')}".`;
  await sql
    .raw(`
    -- Whether a mail domain belongs to a free-mail provider (says nothing about the owner).
    create or replace function farley_free_mail(domain text) returns boolean
      language sql immutable parallel safe strict as $f$
      select domain = any(${list([...freeMailDomains].sort())})
    $f$;

    create or replace function farley_company_match_keys(name text, website text, emails text[], phones text[],
        addresses jsonb, customer_number text, external_id text) returns text[]
      language plpgsql immutable parallel safe as $f$
    declare
      keys text[] := '{}';
      joined text := '';
      first_word text := '';
      site text := regexp_replace(regexp_replace(regexp_replace(lower(btrim(coalesce(website, ''))),
        '^[a-z]+://', ''), '^www\\.', ''), '[/?#:].*$', '');
      item text;
      domain text;
      address jsonb;
      pc text;
      st text;
    begin
      foreach item in array string_to_array(${s}farley_fold_words(replace(coalesce(name, ''), '&', ' und ')), ' ') loop
        if length(item) > 1 and item <> all(${list(legalWords)}) then
          joined := joined || item;
          if first_word = '' then first_word := item; end if;
        end if;
      end loop;
      if joined <> '' then
        keys := keys || ('v' || joined);
        if ${s}dmetaphone(joined) <> '' then keys := keys || ('k' || ${s}dmetaphone(joined)); end if;
      end if;
      if nullif(btrim(customer_number), '') is not null then keys := keys || ('c' || lower(btrim(customer_number))); end if;
      if nullif(btrim(external_id), '') is not null then keys := keys || ('x' || lower(btrim(external_id))); end if;
      if site like '%.%' then keys := keys || ('d' || site); end if;
      if emails is not null then
        foreach item in array emails loop
          domain := split_part(lower(item), '@', 2);
          if domain like '%.%' and domain <> site and not ${s}farley_free_mail(domain) then
            keys := keys || ('d' || domain);
          end if;
        end loop;
      end if;
      if phones is not null then
        foreach item in array phones loop
          if item <> '' then keys := keys || ('p' || item); end if;
        end loop;
      end if;
      if jsonb_typeof(addresses) = 'array' then
        for i in 0 .. jsonb_array_length(addresses) - 1 loop
          address := addresses -> i;
          pc := coalesce(${s}farley_fold(address ->> 'postalCode'), '');
          if pc <> '' then
            st := left(regexp_replace(coalesce(${s}farley_fold(address ->> 'street'), ''), '[0-9]', '', 'g'), 5);
            if st <> '' then keys := keys || ('a' || pc || ':' || st); end if;
            if first_word <> '' and ${s}dmetaphone(first_word) <> '' then
              keys := keys || ('w' || ${s}dmetaphone(first_word) || ':' || pc);
            end if;
          end if;
        end loop;
      end if;
      return keys;
    end $f$;

    reindex index companies_match_keys;
  `)
    .execute(db);
  // CREATE OR REPLACE resets leakproof; as in 0023, only a superuser may set it again.
  const { rows: role } = await sql<{ superuser: boolean }>`
    select rolsuper as superuser from pg_roles where rolname = current_user`.execute(db);
  if (role[0]?.superuser) {
    await sql
      .raw('alter function farley_company_match_keys(text, text, text[], text[], jsonb, text, text) leakproof')
      .execute(db);
  }
}
