// A person's name built in SQL, for reads that return it beside other rows (deals with their
// contact, linked records, search hits). The same string as the contract's personName
// (src/contract/names.ts): salutation, title, first and last name, empty parts left out; with
// neither first nor last name the primary email, else the primary phone as entered, else ''.
import { sql, type RawBuilder } from 'kysely';

/** The name of the contact row `alias` (a table or subquery alias; none for the only table). */
export function personNameSql(alias?: string): RawBuilder<string> {
  const part = (column: string) => sql.ref(alias ? `${alias}.${column}` : column);
  // The primary entry, else the first: jsonb_path_query_first returns null on an empty list.
  const primary = (column: string, key: string) =>
    sql`coalesce(jsonb_path_query_first(${part(column)}, ${sql.lit(`$[*] ? (@.primary == true).${key}`)}), ${part(column)} -> 0 -> ${sql.lit(key)}) #>> '{}'`;
  return sql<string>`case when coalesce(${part('first_name')}, '') = '' and coalesce(${part('last_name')}, '') = ''
    then coalesce(nullif(${primary('emails', 'email')}, ''), nullif(${primary('phones', 'number')}, ''), '')
    else concat_ws(' ', nullif(${part('salutation')}, ''), nullif(${part('title')}, ''), nullif(${part('first_name')}, ''), nullif(${part('last_name')}, '')) end`;
}
