// The search indexes' functions of migration 0017 (farley_grams, farley_scoped,
// farley_initials) again, in PL/pgSQL, giving exactly the values they gave. Their SQL bodies
// need a subquery (an array of a set), so PostgreSQL cannot inline them and ran a whole
// SQL-function executor for every call: for every row written to contacts, companies, deals
// and the dictionary (their index expressions), and for every posting's initials. PL/pgSQL
// evaluates each step as a simple expression instead.
//
// The index expressions keep their text (only the bodies change), so the planner still
// matches the searches' conditions to the indexes, and the stored index entries stay right
// because every value is the same: the loops visit the runs and grams in the order the old
// queries produced them (runs left to right, each run's grams from its start), with the same
// split, the same comparisons and the same results for empty, short and NULL inputs.
// 0028_import_functions.test.ts compares old and new bodies on awkward inputs.
//
// And the keys an import finds companies by (a name, case and runs of spaces aside; a
// website's domain) become functions of their own, leakproof where a superuser can say so:
// migration 0022's expression indexes of the same keys were never used under row-level
// security (lower, btrim and regexp_replace are not leakproof), so every batch of an import
// with companies read all the workspace's companies, running both regular expressions on each.
import { type Kysely, sql } from 'kysely';

/** The new bodies; `leakproof` where 0017 marked the function so (only a superuser may). */
const functions = [
  {
    signature: 'farley_grams(uuid, text)',
    leakproof: true,
    definition: (leakproof: string) => `
    create or replace function farley_grams(workspace uuid, value text) returns integer[]
      language plpgsql immutable strict parallel safe ${leakproof} as $f$
    declare
      prefix text := workspace::text;
      run text;
      grams integer[] := '{}';
    begin
      foreach run in array regexp_split_to_array(value, '[^[:alnum:]]+') loop
        for i in 1 .. length(run) - 2 loop
          grams := grams || hashtext(prefix || substr(run, i, 3));
        end loop;
      end loop;
      return grams;
    end $f$;`,
  },
  {
    signature: 'farley_scoped(uuid, text[])',
    leakproof: true,
    definition: (leakproof: string) => `
    create or replace function farley_scoped(workspace uuid, items text[]) returns text[]
      language plpgsql immutable strict parallel safe ${leakproof} as $f$
    declare
      prefix text := workspace::text;
      item text;
      scoped text[] := '{}';
    begin
      foreach item in array items loop
        scoped := scoped || (prefix || item);
      end loop;
      return scoped;
    end $f$;`,
  },
  {
    signature: 'farley_initials(text)',
    leakproof: false,
    definition: () => `
    create or replace function farley_initials(value text) returns integer
      language plpgsql immutable strict parallel safe as $f$
    declare
      run text;
      c text;
      bits integer := 0;
    begin
      foreach run in array regexp_split_to_array(value, '[^[:alnum:]]+') loop
        if run <> '' then
          c := left(run, 1);
          bits := bits | case when c between 'a' and 'z' then 1 << (ascii(c) - 97)
                              when c between '0' and '9' then 1 << 26 else 1 << 27 end;
        end if;
      end loop;
      return bits;
    end $f$;`,
  },
];

/** The company keys of imports.write.ts (resolveCompanies), as 0022's indexes had them. */
const keyFunctions = (leakproof: string) => `
  create function farley_name_key(value text) returns text
    language plpgsql immutable strict parallel safe ${leakproof} as $f$
  begin
    return lower(regexp_replace(btrim(value), '\\s+', ' ', 'g'));
  end $f$;
  create function farley_domain_key(value text) returns text
    language plpgsql immutable strict parallel safe ${leakproof} as $f$
  begin
    return lower(regexp_replace(value, '^([a-z]+://)?(www\\.)?([^/:?#]+).*$', '\\3', 'i'));
  end $f$;`;

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{
    superuser: boolean;
  }>`select rolsuper as superuser from pg_roles where rolname = current_user`.execute(db);
  const superuser = rows[0]?.superuser === true;
  for (const fn of functions) {
    const { rows: current } = await sql<{ leakproof: boolean }>`
      select proleakproof as leakproof from pg_proc where oid = ${fn.signature}::regprocedure`.execute(db);
    // CREATE OR REPLACE resets leakproof and only a superuser may set it: without one, a
    // function 0017 marked keeps its old body rather than lose the mark its index needs
    // under row-level security.
    if (current[0]?.leakproof && !superuser) continue;
    await sql.raw(fn.definition(fn.leakproof && superuser ? 'leakproof' : '')).execute(db);
  }
  // PL/pgSQL, not SQL: an SQL body would be inlined into the query, and the leakproof mark
  // with it lost. Their errors depend on no value (the patterns are fixed), only on memory.
  await sql.raw(keyFunctions(superuser ? 'leakproof' : '')).execute(db);
  await sql
    .raw(`
    drop index if exists companies_import_name;
    drop index if exists companies_import_domain;
    create index companies_name_key on companies (workspace_id, farley_name_key(name)) where deleted_at is null;
    create index companies_domain_key on companies (workspace_id, farley_domain_key(website))
      where deleted_at is null and website is not null;
  `)
    .execute(db);
}
