// A person's name built in SQL, for reads that return it beside other rows (deals with their
// contact, linked records, search hits). The same string as the contract's personName
// (src/contract/names.ts): salutation, title, first and last name, empty parts left out.
import { sql, type RawBuilder } from 'kysely';

/** The name of the contact row `alias` (a table or subquery alias; none for the only table). */
export function personNameSql(alias?: string): RawBuilder<string> {
  const part = (column: string) => sql.ref(alias ? `${alias}.${column}` : column);
  return sql<string>`concat_ws(' ', nullif(${part('salutation')}, ''), nullif(${part('title')}, ''), nullif(${part('first_name')}, ''), nullif(${part('last_name')}, ''))`;
}
