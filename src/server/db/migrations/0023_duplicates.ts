// Duplicate detection (modules/duplicates). Blocking keys are computed by SQL functions from
// the record's own columns and kept in expression GIN indexes: every write path (API, import,
// merge, bulk) keeps them current without knowing of them, and the check while typing finds
// its candidates with one index scan. The functions fold umlauts and ß and use Kölner
// Phonetik, so `Müller`, `Mueller` and `Muller` share a key. Found pairs, the model learned
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

const legalWords = [
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

    -- Kölner Phonetik (Postel 1969), the same rules as colognePhonetic in normalize.ts.
    create function farley_cologne(value text) returns text
      language plpgsql immutable parallel safe strict as $f$
    declare
      w text := regexp_replace(${s}farley_fold(value), '[^a-z]', '', 'g');
      n int := length(w);
      raw text := '';
      result text := '';
      c text; prev text; nxt text; code text; ch text;
    begin
      for i in 1..n loop
        c := substr(w, i, 1);
        prev := case when i > 1 then substr(w, i - 1, 1) else '' end;
        nxt := case when i < n then substr(w, i + 1, 1) else '' end;
        code := case
          when c in ('a','e','i','j','o','u','y') then '0'
          when c = 'b' then '1'
          when c = 'p' then case when nxt = 'h' then '3' else '1' end
          when c in ('d','t') then case when nxt in ('c','s','z') then '8' else '2' end
          when c in ('f','v','w') then '3'
          when c in ('g','k','q') then '4'
          when c = 'c' then case
            when i = 1 then case when nxt <> '' and position(nxt in 'ahkloqrux') > 0 then '4' else '8' end
            when prev in ('s','z') then '8'
            when nxt <> '' and position(nxt in 'ahkoqux') > 0 then '4'
            else '8' end
          when c = 'x' then case when prev in ('c','k','q') then '8' else '48' end
          when c = 'l' then '5'
          when c in ('m','n') then '6'
          when c = 'r' then '7'
          when c in ('s','z') then '8'
          else '' end;
        raw := raw || code;
      end loop;
      for i in 1..length(raw) loop
        ch := substr(raw, i, 1);
        if result = '' or right(result, 1) <> ch then result := result || ch; end if;
      end loop;
      if result = '' then return ''; end if;
      return left(result, 1) || replace(substr(result, 2), '0', '');
    end $f$;

    -- A company name's folded words without legal forms and filler words.
    create function farley_company_words(name text) returns text[]
      language sql immutable parallel safe strict as $f$
      select array(
        select w from unnest(string_to_array(${s}farley_fold_words(replace(name, '&', ' und ')), ' ')) with ordinality t(w, i)
         where length(w) > 1 and w <> all(${list(legalWords)})
         order by i)
    $f$;

    -- Blocking keys of a contact: records sharing one are compared. Each pass catches what the
    -- others miss: phonetic last name + first initial (typos), both names in either order
    -- (swapped names), first name + postal code (new last name), email, E.164 phone,
    -- postal code + street, birthday + either initial, customer number, external id.
    create function farley_contact_match_keys(first_name text, last_name text, emails text[], phones text[],
        addresses jsonb, birthday date, customer_number text, external_id text) returns text[]
      language sql immutable parallel safe as $f$
      select array_remove(
        array[
          case when cl <> '' then 'n' || cl || ':' || left(ff, 1) end,
          case when cf <> '' and cl <> '' then 's' || least(cf, cl) || ':' || greatest(cf, cl) end,
          case when bd is not null and fl <> '' then 'b' || bd || ':' || left(fl, 1) end,
          case when bd is not null and ff <> '' then 'g' || bd || ':' || left(ff, 1) end,
          case when nullif(btrim(customer_number), '') is not null then 'c' || lower(btrim(customer_number)) end,
          case when nullif(btrim(external_id), '') is not null then 'x' || lower(btrim(external_id)) end
        ]
        || array(select 'e' || regexp_replace(lower(btrim(e)), '\\+[^@]*@', '@') from unnest(emails) e where e <> '')
        || array(select 'p' || p from unnest(phones) p where p <> '')
        || array(
          select k from (
            select 'a' || pc || ':' || st as k, st from (
              select ${s}farley_fold(a->>'postalCode') as pc,
                     left(regexp_replace(${s}farley_fold(a->>'street'), '[0-9]', '', 'g'), 5) as st
                from jsonb_array_elements(case when jsonb_typeof(addresses) = 'array' then addresses else '[]' end) a
            ) x where pc <> '' and st <> ''
            union
            select 'f' || cf || ':' || ${s}farley_fold(a->>'postalCode'), cf
              from jsonb_array_elements(case when jsonb_typeof(addresses) = 'array' then addresses else '[]' end) a
             where cf <> '' and coalesce(${s}farley_fold(a->>'postalCode'), '') <> ''
          ) y),
        null)
      from (
        select coalesce(${s}farley_fold((regexp_split_to_array(btrim(lower(coalesce(first_name, ''))), '[[:space:]-]+'))[1]), '') as ff,
               coalesce(${s}farley_fold(last_name), '') as fl,
               coalesce(${s}farley_cologne((regexp_split_to_array(btrim(lower(coalesce(first_name, ''))), '[[:space:]-]+'))[1]), '') as cf,
               coalesce(${s}farley_cologne(last_name), '') as cl,
               (extract(year from birthday) * 10000 + extract(month from birthday) * 100 + extract(day from birthday))::int::text as bd
      ) v
    $f$;

    -- Blocking keys of a company: name without legal form, its sound, its first word's sound
    -- at a postal code, the organisation's domain (website or a non-free-mail address), phone,
    -- postal code + street, customer number, external id.
    create function farley_company_match_keys(name text, website text, emails text[], phones text[],
        addresses jsonb, customer_number text, external_id text) returns text[]
      language sql immutable parallel safe as $f$
      select array_remove(
        array[
          case when cardinality(words) > 0 then 'v' || array_to_string(words, '') end,
          case when cardinality(words) > 0 and ${s}farley_cologne(array_to_string(words, '')) <> ''
            then 'k' || ${s}farley_cologne(array_to_string(words, '')) end,
          case when nullif(btrim(customer_number), '') is not null then 'c' || lower(btrim(customer_number)) end,
          case when nullif(btrim(external_id), '') is not null then 'x' || lower(btrim(external_id)) end,
          case when site <> '' and site like '%.%' then 'd' || site end
        ]
        || array(select distinct 'd' || split_part(lower(e), '@', 2) from unnest(emails) e
                  where split_part(lower(e), '@', 2) like '%.%' and split_part(lower(e), '@', 2) <> all(${list(freeMail)})
                    and split_part(lower(e), '@', 2) <> site)
        || array(select 'p' || p from unnest(phones) p where p <> '')
        || array(
          select distinct k from (
            select 'a' || ${s}farley_fold(a->>'postalCode') || ':' ||
                   left(regexp_replace(${s}farley_fold(a->>'street'), '[0-9]', '', 'g'), 5) as k,
                   ${s}farley_fold(a->>'postalCode') as pc, ${s}farley_fold(a->>'street') as st
              from jsonb_array_elements(case when jsonb_typeof(addresses) = 'array' then addresses else '[]' end) a
          ) x where pc <> '' and regexp_replace(st, '[0-9]', '', 'g') <> ''
          union
          select 'w' || ${s}farley_cologne(words[1]) || ':' || ${s}farley_fold(a->>'postalCode')
            from jsonb_array_elements(case when jsonb_typeof(addresses) = 'array' then addresses else '[]' end) a
           where cardinality(words) > 0 and coalesce(${s}farley_fold(a->>'postalCode'), '') <> ''),
        null)
      from (
        select coalesce(${s}farley_company_words(name), '{}') as words,
               coalesce(regexp_replace(regexp_replace(regexp_replace(lower(btrim(coalesce(website, ''))),
                 '^[a-z]+://', ''), '^www\\.', ''), '[/?#:].*$', ''), '') as site
      ) v
    $f$;

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
}
