// Guessing which column fills which field from the column names: each column is normalised
// (case, umlauts, punctuation) and compared with every field's synonyms; the best-ranked
// pairs win, each field and column once, so Outlook's "Business Street" beats its "Home
// Street" and "E-mail 2 Address" goes to the second email. Columns that belong together are
// then added: the house number to the street, further numbered phone columns (vCard's TEL.2,
// Google's "Phone 2 - Value") to the phones.
import {
  fieldsOf,
  type ImportField,
  normaliseHeader,
  type RecordType,
  vcardColumns,
  vcardContactMapping,
} from './fields.ts';
import type { Mapping } from './types.ts';

/** Numbered phone columns as vCard rows and Google Contacts name them: all go to `phone`. */
const numberedPhone = /^(?:tel|phone|telefon) \d+(?: value)?$/;

interface Candidate {
  column: string;
  field: ImportField;
  rank: number;
}

function synonymIndex(fields: readonly ImportField[]): Map<string, Array<{ field: ImportField; rank: number }>> {
  const index = new Map<string, Array<{ field: ImportField; rank: number }>>();
  for (const field of fields) {
    field.synonyms.forEach((synonym, rank) => {
      const key = normaliseHeader(synonym);
      const list = index.get(key) ?? [];
      if (!list.some((entry) => entry.field === field)) list.push({ field, rank });
      index.set(key, list);
    });
  }
  return index;
}

export function guessMapping(recordType: RecordType, columns: string[]): Mapping {
  if (recordType === 'contacts' && vcardColumns.every((column) => columns.includes(column))) {
    return structuredClone(vcardContactMapping);
  }
  const fields = fieldsOf(recordType);
  const index = synonymIndex(fields);
  const candidates: Candidate[] = [];
  for (const column of columns) {
    for (const { field, rank } of index.get(normaliseHeader(column)) ?? []) candidates.push({ column, field, rank });
  }
  // Best rank first; among equals the earlier field of the catalogue, then the earlier column.
  candidates.sort(
    (a, b) =>
      a.rank - b.rank ||
      fields.indexOf(a.field) - fields.indexOf(b.field) ||
      columns.indexOf(a.column) - columns.indexOf(b.column),
  );
  const byField = new Map<string, string[]>();
  const used = new Set<string>();
  for (const { column, field } of candidates) {
    if (used.has(column) || byField.has(field.key)) continue;
    byField.set(field.key, [column]);
    used.add(column);
  }

  // German lists often say "Name" for the family name beside "Vorname".
  if (recordType === 'contacts' && byField.has('fullName') && byField.has('firstName') && !byField.has('lastName')) {
    byField.set('lastName', byField.get('fullName')!);
    byField.delete('fullName');
  }

  for (const field of fields) {
    const mapped = byField.get(field.key);
    if (!mapped) continue;
    if (field.joins) {
      const joins = new Set(field.joins.map(normaliseHeader));
      for (const column of columns) {
        if (!used.has(column) && joins.has(normaliseHeader(column))) {
          mapped.push(column);
          used.add(column);
        }
      }
    }
    if (field.key === 'phone') {
      for (const column of columns) {
        if (!used.has(column) && numberedPhone.test(normaliseHeader(column))) {
          mapped.push(column);
          used.add(column);
        }
      }
    }
    // In the file's order: the street before its house number, TEL.1 before TEL.2.
    mapped.sort((a, b) => columns.indexOf(a) - columns.indexOf(b));
  }

  const mapping: Mapping = {};
  for (const field of fields) {
    const mapped = byField.get(field.key);
    if (mapped) mapping[field.key] = mapped.length === 1 ? mapped[0] : mapped;
  }
  return mapping;
}
