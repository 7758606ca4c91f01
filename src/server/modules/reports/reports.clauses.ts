// Clauses every report's SELECT shares, over the lines or over the monthly totals: the date
// range's conditions and the order of the groups.
import { sql, type RawBuilder } from 'kysely';
import type { DateRange, ReportDefinition } from '../../../contract/reports.ts';
import type { Field } from '../../platform/http/listing.ts';
import { fieldOf, isDate, sources } from './reports.sources.ts';

/** Timestamps fall into days, weeks and months as they do in Germany. */
export const timeZone = 'Europe/Berlin';

/**
 * A period of a timestamp without time zone (date_trunc of a timestamptz would convert every
 * row to the session's zone): grouped by its first moment, shown as its first day.
 */
export function periodOf(local: RawBuilder<unknown>, bucket: string | undefined) {
  const key = sql`date_trunc(${sql.lit(bucket ?? 'month')}, ${local})`;
  return { key, shown: sql`to_char(${key}, 'YYYY-MM-DD')` };
}

/** The date range's condition on the definition's date field (none without either). */
export function rangeConditions(
  column: RawBuilder<unknown>,
  field: Field,
  range: DateRange | undefined,
): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  const day = (d: string) =>
    field.kind === 'timestamp' ? sql`(${d}::date::timestamp at time zone ${sql.lit(timeZone)})` : sql`${d}::date`;
  if (range?.from) conditions.push(sql<boolean>`${column} >= ${day(range.from)}`);
  if (range?.to) {
    const next = new Date(Date.parse(range.to) + 86_400_000).toISOString().slice(0, 10);
    conditions.push(sql<boolean>`${column} < ${day(next)}`);
  }
  return conditions;
}

/**
 * Dates in time order; a stage in its pipeline's order; otherwise a single grouping by its
 * first measure, largest first (what a bar or pie chart shows), two by their values.
 */
export function orderOf(
  definition: ReportDefinition,
  rankOf: (i: number) => RawBuilder<unknown> | null,
): RawBuilder<unknown>[] {
  const source = sources[definition.type];
  const keyOf = (i: number) => {
    const rank = rankOf(i);
    return rank ? sql`${rank}, ${sql.ref(`group${i}`)}` : sql`${sql.ref(`group${i}`)} nulls last`;
  };
  const { groups } = definition;
  if (groups.length === 0) return [];
  const firstIsDate = isDate(fieldOf(source, groups[0].field)!);
  if (groups.length === 1 && !firstIsDate && !rankOf(0)) return [sql`measure0 desc nulls last`, keyOf(0)];
  return groups.map((_, i) => keyOf(i));
}

/** The list query parameters of the definition's filters ("amount.gte" → "1000"). */
export function filterQuery(definition: ReportDefinition): Record<string, string> {
  const query: Record<string, string> = {};
  for (const f of definition.filters) query[f.op === 'eq' ? f.field : `${f.field}.${f.op}`] = f.value;
  return query;
}
