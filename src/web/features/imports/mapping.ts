// The mapping as the wizard edits it: each column of the file goes to one Farley field or to
// none; columns that go to the same field are joined (Straße + Hausnummer), in file order.
// Converted to and from the API's mapping (`{field: column | [columns], constants}`).
import type { Mapping } from './importApi.ts';

/** Column → field key; a column left out is not imported. */
export type Assignment = Record<string, string>;

export function assignmentOf(mapping: Mapping | null | undefined, columns: string[]): Assignment {
  const assignment: Assignment = {};
  if (!mapping) return assignment;
  for (const [field, value] of Object.entries(mapping)) {
    if (field === 'constants') continue;
    const mapped = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    for (const column of mapped) if (columns.includes(column)) assignment[column] = field;
  }
  return assignment;
}

export function constantsOf(mapping: Mapping | null | undefined): Record<string, string> {
  const constants: Record<string, string> = {};
  for (const [field, value] of Object.entries(mapping?.constants ?? {})) {
    if (value !== null && value !== undefined && value !== '') constants[field] = String(value);
  }
  return constants;
}

export function mappingOf(assignment: Assignment, columns: string[], constants: Record<string, string>): Mapping {
  const mapping: Mapping = {};
  for (const column of columns) {
    const field = assignment[column];
    if (!field) continue;
    const existing = mapping[field];
    if (existing === undefined) mapping[field] = column;
    else mapping[field] = [...(Array.isArray(existing) ? existing : [existing as string]), column];
  }
  const set = Object.fromEntries(Object.entries(constants).filter(([, value]) => value.trim() !== ''));
  if (Object.keys(set).length > 0) mapping.constants = set;
  return mapping;
}

/** The columns joined into a field, in the order they are joined. */
export function joinedColumns(assignment: Assignment, columns: string[], field: string): string[] {
  return columns.filter((column) => assignment[column] === field);
}
