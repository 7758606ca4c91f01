// Duplicate detection (modules/duplicates). Blocking keys are computed by SQL functions from
// the record's own columns and kept in expression GIN indexes: every write path (API, import,
// merge, bulk) keeps them current without knowing of them, and the check while typing finds
// its candidates with one index scan. The functions fold umlauts and ß before taking a
// name's sound, so `Müller`, `Mueller` and `Muller` share a key. Found pairs, the model learned
// per workspace and the scans are tenant tables like any other.
import { type Kysely, sql } from 'kysely';

const accented = 'àáâãäåāăąçćčďèéêëēĕėęěìíîïīĭįłñńňòóôõöøōŏőŕřśšşťùúûüūŭůűųýÿźżž';
const plain = 'aaaaaaaaacccdeeeeeeeeeiiiiiiilnnnooooooooorrssstuuuuuuuuuyyzzz';

const freeMail = [
  'gmail.com',
  'googlemail.com',
  'web.de',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'gmx.ch',
  'gmx.com',
  't-online.de',
  'freenet.de',
  'arcor.de',
  'yahoo.com',
  'yahoo.de',
  'ymail.com',
  'hotmail.com',
  'hotmail.de',
  'outlook.com',
  'outlook.de',
  'live.com',
  'live.de',
  'msn.com',
  'aol.com',
  'aol.de',
  'icloud.com',
  'me.com',
  'mac.com',
  'posteo.de',
  'mailbox.org',
  'protonmail.com',
  'proton.me',
  'online.de',
  'email.de',
  'kabelmail.de',
  'vodafone.de',
  'bluewin.ch',
  'a1.net',
  'aon.at',
  'mail.de',
];

export const legalWords = [
  'gmbh',
  'ggmbh',
  'mbh',
  'ag',
  'kg',
  'kgaa',
  'ohg',
  'ug',
  'haftungsbeschrankt',
  'gbr',
  'ek',
  'ekfm',
  'ekfr',
  'ev',
  'eg',
  'se',
  'partg',
  'partgmbb',
  'co',
  'und',
  'and',
  'ltd',
  'limited',
  'llc',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'plc',
  'llp',
  'sa',
  'sarl',
  'sas',
  'bv',
  'nv',
  'srl',
  'spa',
  'gesellschaft',
  'mit',
  'beschrankter',
  'haftung',
  'burgerlichen',
  'rechts',
  'der',
  'die',
  'das',
  'the',
];

const list = (values: string[]) => `array[${values.map((v) => `'${v}'`).join(',')}]`;

export async function up(db: Kysely<any>): Promise<void> {
  // Index builds and vacuum run expressions with a search path of pg_catalog only: the
  // functions call each other by their qualified names.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const s = `"${rows[0].schema.replace(/"/g, '""')}".`;
  await sql
    .raw(`
    -- Words folded for matching: lower case, ß→ss, accents off, ae/oe/ue→a/o/u, one space between.
    create function farley_fold_words(value text) returns text
      language sql immutable parallel safe strict as $f$
      select btrim(regexp_replace(
        replace(replace(replace(translate(replace(lower(value), 'ß', 'ss'), '${accented}', '${plain}'),
          'ae', 'a'), 'oe', 'o'), 'ue', 'u'),
        '[^a-z0-9]+', ' ', 'g'))
    $f$;

    create function farley_fold(value text) returns text
      language sql immutable parallel safe strict as $f$
      select replace(${s}farley_fold_words(value), ' ', '')
    $f$;

    -- Blocking keys of a contact: records sharing one are compared. Each pass catches what the
    -- others miss: the sound of the last name + first initial (typos), both names' sounds in
    -- either order (swapped names), first name's sound + postal code (a new last name), email,
    -- E.164 phone, postal code + street, birthday + either initial, customer number, external
    -- id. The sound here is Double Metaphone (fuzzystrmatch, in C: every write computes these
    -- keys), on the folded name; the comparisons then use Kölner Phonetik (normalize.ts).
    -- PL/pgSQL with simple expressions only: its plans are cached, where an SQL function with
    -- subqueries would be planned again for every row.
    create function farley_contact_match_keys(first_name text, last_name text, emails text[], phones text[],
        addresses jsonb, birthday date, customer_number text, external_id text) returns text[]
      language plpgsql immutable parallel safe as $f$
    declare
      keys text[] := '{}';
      ff text := coalesce(${s}farley_fold(split_part(regexp_replace(btrim(coalesce(first_name, '')), '[[:space:]-]+', ' ', 'g'), ' ', 1)), '');
      fl text := coalesce(${s}farley_fold(last_name), '');
      cf text := case when ff <> '' then ${s}dmetaphone(ff) else '' end;
      cl text := case when fl <> '' then ${s}dmetaphone(fl) else '' end;
      bd text := case when birthday is null then null
        else (extract(year from birthday) * 10000 + extract(month from birthday) * 100 + extract(day from birthday))::int::text end;
      item text;
      address jsonb;
      pc text;
      st text;
    begin
      if cl <> '' then keys := keys || ('n' || cl || ':' || left(ff, 1)); end if;
      if cf <> '' and cl <> '' then keys := keys || ('s' || least(cf, cl) || ':' || greatest(cf, cl)); end if;
      if bd is not null and fl <> '' then keys := keys || ('b' || bd || ':' || left(fl, 1)); end if;
      if bd is not null and ff <> '' then keys := keys || ('g' || bd || ':' || left(ff, 1)); end if;
      if nullif(btrim(customer_number), '') is not null then keys := keys || ('c' || lower(btrim(customer_number))); end if;
      if nullif(btrim(external_id), '') is not null then keys := keys || ('x' || lower(btrim(external_id))); end if;
      if emails is not null then
        foreach item in array emails loop
          if item <> '' then keys := keys || ('e' || regexp_replace(lower(btrim(item)), '\\+[^@]*@', '@')); end if;
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
            if cf <> '' then keys := keys || ('f' || cf || ':' || pc); end if;
          end if;
        end loop;
      end if;
      return keys;
    end $f$;

    -- Blocking keys of a company: name without legal form and filler words, its sound, its
    -- first word's sound at a postal code, the organisation's domain (website or an address
    -- not at a free-mail provider), phone, postal code + street, customer number, external id.
    create function farley_company_match_keys(name text, website text, emails text[], phones text[],
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
          if domain like '%.%' and domain <> site and domain <> all(${list(freeMail)}) then
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

    create index contacts_match_keys on contacts using gin (workspace_id,
      farley_contact_match_keys(first_name, last_name, email_list, phone_list, addresses, birthday, customer_number, external_id))
      with (gin_pending_list_limit = 256) where deleted_at is null;
    create index companies_match_keys on companies using gin (workspace_id,
      farley_company_match_keys(name, website, email_list, phone_list, addresses, customer_number, external_id))
      with (gin_pending_list_limit = 256) where deleted_at is null;

    -- Pairs found by the last scan (a_id < b_id), and the ones a user said are not duplicates:
    -- a dismissed pair stays dismissed through later scans.
    create table duplicate_pairs (
      workspace_id uuid not null,
      type text not null check (type in ('contacts','companies')),
      a_id uuid not null,
      b_id uuid not null,
      score real not null,
      reasons text[] not null default '{}',
      status text not null default 'open' check (status in ('open','dismissed')),
      found_at timestamptz(3) not null default now(),
      dismissed_by uuid,
      dismissed_at timestamptz(3),
      primary key (workspace_id, type, a_id, b_id),
      check (a_id < b_id)
    );
    create index duplicate_pairs_best on duplicate_pairs (workspace_id, type, status, score desc, a_id, b_id);
    create index duplicate_pairs_b on duplicate_pairs (workspace_id, type, b_id);

    -- The Fellegi–Sunter parameters learned from the workspace's own records by its last scan.
    create table duplicate_models (
      workspace_id uuid not null,
      type text not null check (type in ('contacts','companies')),
      model jsonb not null,
      trained_at timestamptz(3) not null default now(),
      primary key (workspace_id, type)
    );

    create table duplicate_scans (
      workspace_id uuid not null,
      id uuid not null,
      type text not null check (type in ('contacts','companies')),
      status text not null default 'queued' check (status in ('queued','running','done','failed')),
      records integer,
      candidate_pairs bigint,
      pairs integer,
      error text,
      requested_by uuid,
      created_at timestamptz(3) not null default now(),
      started_at timestamptz(3),
      finished_at timestamptz(3),
      primary key (workspace_id, id)
    );
    create index duplicate_scans_latest on duplicate_scans (workspace_id, type, created_at desc);
  `)
    .execute(db);
  for (const table of ['duplicate_pairs', 'duplicate_models', 'duplicate_scans']) {
    await sql
      .raw(`
      alter table ${table} enable row level security;
      alter table ${table} force row level security;
      create policy ${table}_tenant on ${table} to farley_app
        using (workspace_id = farley_workspace()) with check (workspace_id = farley_workspace());
      create policy ${table}_maintenance on ${table} to farley_maintenance
        using (current_setting('farley.maintenance', true) = 'on')
        with check (current_setting('farley.maintenance', true) = 'on');
      grant select, insert, update, delete on ${table} to farley_app;
    `)
      .execute(db);
  }
  // Under row-level security PostgreSQL uses an index only for leakproof conditions (see
  // migration 0007): the key functions reveal nothing of the rows they read, and only a
  // superuser may say so; without one, checks stay correct but scan the workspace's rows.
  const { rows: role } = await sql<{ superuser: boolean }>`
    select rolsuper as superuser from pg_roles where rolname = current_user`.execute(db);
  if (role[0]?.superuser) {
    await sql
      .raw(`
      alter function farley_contact_match_keys(text, text, text[], text[], jsonb, date, text, text) leakproof;
      alter function farley_company_match_keys(text, text, text[], text[], jsonb, text, text) leakproof;
    `)
      .execute(db);
  }
}
