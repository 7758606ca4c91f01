// The shapes readers hand to the importer and mapping works on (the interface in issue 20's
// brief): a source is columns plus a stream of rows, each row the cells by column name with
// the line it started on, so every problem can be reported where the user finds it.
import type { ImportRowProblem } from '../../../../contract/imports.ts';
import type { RecordType } from './fields.ts';

export type ImportFormat = 'csv' | 'xlsx' | 'vcf' | 'json';
export const importFormats: readonly ImportFormat[] = ['csv', 'xlsx', 'vcf', 'json'];
export type TextEncoding = 'utf-8' | 'windows-1252' | 'iso-8859-1';

export interface ReadOptions {
  format?: ImportFormat;
  encoding?: TextEncoding;
  delimiter?: string;
  sheet?: string;
  /** The name of the uploaded file, for detecting the format (the stored path has none). */
  fileName?: string;
}

/**
 * A problem of one row: a code of the registry `importRowProblems` (invalid_date,
 * invalid_email, invalid_format…) with `params` (the reason, the value, the column), so the
 * web app shows it in the user's language; `message` says it in English.
 */
export type RowProblem = ImportRowProblem;

/**
 * One row of the file. `line` is 1-based: CSV the line the row starts on, xlsx the row number,
 * vcf the line of BEGIN:VCARD, json the index + 1. `problems` are the reader's: a row that has
 * any (a malformed card, cells beyond the header) cannot be imported and is rejected. `raw` is
 * what the rejected-row writer gives back for vCard and JSON (the card's text, the object).
 */
export interface SourceRow {
  line: number;
  values: Record<string, string>;
  problems: RowProblem[];
  raw?: string;
}

export interface Source {
  format: ImportFormat;
  columns: string[];
  encoding?: string;
  delimiter?: string;
  sheets?: string[];
  /** The sheet rows are read from (xlsx). */
  sheet?: string;
  /**
   * How the file writes ambiguous numbers like `1.234`: German (`;` as delimiter, German
   * headers) or English. applyMapping takes it as `settings.locale`.
   */
  locale: 'de' | 'en';
  rows(): AsyncIterable<SourceRow>;
}

/** A field's columns in a mapping: one, or several joined (or, for lists, one entry each). */
export type MappingColumns = string | string[];
export type ConstantValue = string | number | boolean | string[];

/**
 * `{ "<field key>": "<column>" | ["<column>", …], "constants"?: { "<field key>": value } }`.
 * Constants fill a field the row leaves empty; for tags they are added to the row's own.
 */
export interface Mapping {
  [field: string]: MappingColumns | Record<string, ConstantValue> | undefined;
  constants?: Record<string, ConstantValue>;
}

/** A converted value: text (dates ISO, numbers exact decimals), a boolean, or a list. */
export type MappedValue = string | boolean | string[];
export type MappedValues = Record<string, MappedValue>;

export interface MappingSettings {
  /** ISO country of the workspace: decides day/month order of `01/02/2026` and, without a locale, decimals. */
  defaultCountry: string;
  onInvalid: 'reject' | 'skipValue';
  /** The source's locale (Source.locale) for numbers like `1.234`. */
  locale?: 'de' | 'en';
  /** IANA time zone of times written without an offset; Europe/Berlin unless set. */
  timeZone?: string;
}

export interface MappingResult {
  values: MappedValues;
  problems: RowProblem[];
  /** Whether the row must not be imported: a reader problem, or any problem with onInvalid 'reject'. */
  rejected: boolean;
}

export type { RecordType };
