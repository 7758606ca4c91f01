// What every presenter and every write shares: times as the API spells them, and a domain's
// field list (API field → column) from which its writable columns and shown fields derive.
import type { Selectable, UpdateObject } from 'kysely';
import type { Database } from './db/schema.ts';
import type { Field, Fields } from './http/listing.ts';

/** A time as the API shows it: ISO 8601 in UTC, or null. */
export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A row of a table as Kysely reads it. */
export type Row<T extends keyof Database> = Selectable<Database[T]>;

/** What a write of `T` may set: its columns, as values or SQL expressions (`sql\`now()\``). */
export type WrittenColumns<T extends keyof Database> = UpdateObject<Database, T>;

/**
 * An API field and its column; with a `kind` (and the rest of a list field) lists filter and
 * sort by it too.
 */
export type FieldColumn<T extends keyof Database> = { readonly column: keyof Database[T] & string } & Partial<
  Omit<Field, 'column'>
>;

/** A domain's fields written as they come, each to its column: one entry per API field. */
export type FieldColumns<T extends keyof Database, Input = Record<string, unknown>> = {
  readonly [F in keyof Input]?: FieldColumn<T>;
};

/** The columns `fields` writes for an input: each field's value under its column's name. */
export type ColumnsFrom<L, Input> = {
  -readonly [F in keyof L & keyof Input as L[F] extends { readonly column: infer C extends string }
    ? C
    : never]?: Exclude<Input[F], undefined>;
};

/** The columns an input writes: every field of `fields` the input gives (undefined: left alone). */
export function columnsFrom<L extends Record<string, { readonly column: string }>, Input extends object>(
  fields: L,
  input: Input,
): ColumnsFrom<L, Input> {
  const values: Record<string, unknown> = {};
  for (const [field, { column }] of Object.entries(fields)) {
    const value = (input as Record<string, unknown>)[field];
    if (value !== undefined) values[column] = value;
  }
  return values as ColumnsFrom<L, Input>;
}

/** The fields a list filters and sorts by: those of `fields` that have a kind. */
export function listedFields(fields: Record<string, Partial<Field>>): Fields {
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, Field] => entry[1].kind !== undefined),
  );
}

/** The columns of a field list, in its order (for a select list). */
export function columnsOf<L extends Record<string, { readonly column: string }>>(
  fields: L,
): Array<L[keyof L]['column']> {
  return Object.values(fields).map((field) => field.column as L[keyof L]['column']);
}

/** Each field of a list with its column's value, in the list's order (for a presenter). */
export type Shown<L extends Record<string, { readonly column: string }>, R> = {
  -readonly [F in keyof L]: R[L[F]['column'] & keyof R];
};

export function shownFrom<L extends Record<string, { readonly column: string }>, R extends object>(
  fields: L,
  row: R,
): Shown<L, R> {
  const shown: Record<string, unknown> = {};
  for (const [field, { column }] of Object.entries(fields)) shown[field] = row[column as keyof R];
  return shown as Shown<L, R>;
}
