// Running a report: a definition checked against its record type's fields (422 naming each
// wrong part), turned into one grouped SELECT whose every column and condition comes from
// the field maps, and run in the caller's tenant transaction under a statement timeout.
// Reports over order lines that only need what the monthly totals keep read those instead.
import { sql, type RawBuilder } from 'kysely';
import type { DateRange, ReportDefinition, ReportResult } from '../../../contract/reports.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, invalid, type FieldError } from '../../platform/errors.ts';
import { filterConditions, operatorsOf, type Field } from '../../platform/http/listing.ts';
import { filterQuery, orderOf, periodOf, rangeConditions, timeZone } from './reports.clauses.ts';
import { planRollup, rollupColumns } from './reports.rollup.ts';
import {
  columnOf,
  fieldOf,
  groupRanks,
  isDate,
  isGroupable,
  isNumber,
  labelTables,
  moneyFields,
  type Source,
  sources,
} from './reports.sources.ts';

/** The most groups a report shows; beyond, the result says it is truncated. */
export const maxGroups = 1000;
/** How long a report's statement may run before PostgreSQL cancels it (503 database_timeout). */
export const reportStatementMs = 8000;

const chartGroups: Record<ReportDefinition['chart'], [min: number, max: number]> = {
  bar: [1, 2],
  stackedBar: [2, 2],
  line: [1, 2],
  pie: [1, 1],
  funnel: [1, 1],
  number: [0, 0],
  table: [0, 2],
};

function problemMessage(error: unknown): string {
  if (!(error instanceof AppError)) throw error;
  return error.errors?.[0]?.message ?? error.detail;
}

/** 422 naming every part of the definition its record type cannot do. */
export function checkDefinition(definition: ReportDefinition, path = 'definition'): void {
  const source = sources[definition.type];
  const errors: FieldError[] = [];
  const no = (p: string, name: string) =>
    errors.push({ path: `${path}.${p}`, message: `${definition.type} have no field ${name}` });
  const seen = new Set<string>();
  definition.filters.forEach((filter, i) => {
    const field = fieldOf(source, filter.field);
    if (!field) {
      no(`filters.${i}.field`, filter.field);
      return;
    }
    if (!operatorsOf(field).includes(filter.op)) {
      errors.push({
        path: `${path}.filters.${i}.op`,
        message: `${filter.field} filters with ${operatorsOf(field).join(', ')}`,
      });
      return;
    }
    const param = filter.op === 'eq' ? filter.field : `${filter.field}.${filter.op}`;
    if (seen.has(param)) errors.push({ path: `${path}.filters.${i}`, message: `${param} is filtered twice` });
    seen.add(param);
    try {
      filterConditions({ [filter.field]: field }, { [param]: filter.value });
    } catch (error) {
      errors.push({ path: `${path}.filters.${i}.value`, message: problemMessage(error) });
    }
  });
  definition.groups.forEach((group, i) => {
    const field = fieldOf(source, group.field);
    if (!field) {
      no(`groups.${i}.field`, group.field);
      return;
    }
    if (!isGroupable(field))
      errors.push({ path: `${path}.groups.${i}.field`, message: `${group.field} cannot be grouped by` });
    if (group.bucket && !isDate(field))
      errors.push({ path: `${path}.groups.${i}.bucket`, message: 'only dates are grouped by period' });
  });
  definition.measures.forEach((measure, i) => {
    if (measure.fn === 'count') {
      if (measure.field)
        errors.push({ path: `${path}.measures.${i}.field`, message: 'count counts records and takes no field' });
      return;
    }
    if (!measure.field) {
      errors.push({ path: `${path}.measures.${i}.field`, message: `${measure.fn} needs a number field` });
      return;
    }
    const field = fieldOf(source, measure.field);
    if (!field) {
      no(`measures.${i}.field`, measure.field);
      return;
    }
    if (!isNumber(field))
      errors.push({ path: `${path}.measures.${i}.field`, message: `${measure.field} is not a number field` });
  });
  if (definition.dateField) {
    const field = fieldOf(source, definition.dateField);
    if (!field) no('dateField', definition.dateField);
    else if (!isDate(field))
      errors.push({ path: `${path}.dateField`, message: `${definition.dateField} is not a date field` });
  }
  const [min, max] = chartGroups[definition.chart];
  const n = definition.groups.length;
  if (n < min || n > max) {
    errors.push({
      path: `${path}.chart`,
      message:
        min === max
          ? `a ${definition.chart} chart needs ${min} grouping${min === 1 ? '' : 's'}`
          : `a ${definition.chart} chart needs ${min} to ${max} groupings`,
    });
  }
  if (errors.length) throw invalid(errors, 'The report definition does not fit its record type.');
}

/**
 * A group's SQL: what rows are grouped by (`key`: a date's period, or the field's value) and
 * how it is shown (`shown`: a period as its first day, 'YYYY-MM-DD'). Grouped by the key and
 * formatted per group, not per row: formatting every row cost more than the grouping.
 */
function groupExpression(column: RawBuilder<unknown>, field: Field, bucket: string | undefined) {
  if (!isDate(field)) return { key: column, shown: column };
  const local =
    field.kind === 'timestamp' ? sql`(${column} at time zone ${sql.lit(timeZone)})` : sql`${column}::timestamp`;
  return periodOf(local, bucket);
}

function measureExpression(fn: string, column: RawBuilder<unknown> | null) {
  if (fn === 'count' || !column) return sql`count(*)::float8`;
  return sql`round(${sql.raw(fn)}(${column})::numeric, 2)::float8`;
}

/** The result's columns: the groups', then the measures'. */
function columnsOf(definition: ReportDefinition, source: Source): ReportResult['columns'] {
  return [
    ...definition.groups.map((g, i) => {
      const field = fieldOf(source, g.field)!;
      const kind = isDate(field)
        ? 'date'
        : field.kind === 'boolean'
          ? 'boolean'
          : field.kind === 'integer' || field.kind === 'decimal'
            ? 'number'
            : 'text';
      return {
        key: `group${i}`,
        field: g.field,
        fn: null,
        bucket: isDate(field) ? (g.bucket ?? 'month') : null,
        kind,
      } as const;
    }),
    ...definition.measures.map((m, i) => ({
      key: `measure${i}`,
      field: m.field ?? null,
      fn: m.fn,
      bucket: null,
      kind: m.field && moneyFields.has(m.field) && m.fn !== 'count' ? ('money' as const) : ('number' as const),
    })),
  ];
}

/** Runs a checked definition; `range` applies to its date field. */
export async function runReport(
  tx: Db,
  workspaceId: string,
  definition: ReportDefinition,
  range?: DateRange,
): Promise<ReportResult> {
  checkDefinition(definition);
  const source = sources[definition.type];
  await sql`select set_config('statement_timeout', ${String(reportStatementMs)}, true)`.execute(tx);
  const rollup = planRollup(definition, range);
  const { selects, groupKeys, from, where, orderKeys } = rollup
    ? rollupColumns(rollup, workspaceId, definition, range)
    : directColumns(source, workspaceId, definition, range);
  const groupBy = groupKeys.length ? sql` group by ${sql.join(groupKeys)}` : sql``;
  const query = sql<Record<string, unknown>>`select ${sql.join(selects)} from ${from}
    where ${sql.join(where, sql` and `)}${groupBy}
    ${orderKeys.length ? sql`order by ${sql.join(orderKeys)}` : sql``}
    limit ${maxGroups + 1}`;
  const { rows } = await query.execute(tx);
  const truncated = rows.length > maxGroups;
  if (truncated) rows.length = maxGroups;
  const columns = columnsOf(definition, source);
  const data = rows.map((row) => columns.map((c) => (row[c.key] ?? null) as string | number | boolean | null));
  return { columns, rows: data, labels: await labelsOf(tx, definition, data), truncated, rollup: rollup !== null };
}

/** The SELECT over the record type's own rows. */
function directColumns(
  source: Source,
  workspaceId: string,
  definition: ReportDefinition,
  range: DateRange | undefined,
) {
  const field = (name: string) => fieldOf(source, name)!;
  const groups = definition.groups.map((g) =>
    groupExpression(columnOf(source, field(g.field)), field(g.field), g.bucket),
  );
  const selects = [
    ...groups.map((g, i) => sql`${g.shown} as ${sql.ref(`group${i}`)}`),
    ...definition.measures.map(
      (m, i) =>
        sql`${measureExpression(m.fn, m.field ? columnOf(source, field(m.field)) : null)} as ${sql.ref(`measure${i}`)}`,
    ),
  ];
  const where = [
    source.live(workspaceId),
    ...filterConditions(source.fields, filterQuery(definition), source.alias),
    ...(definition.dateField
      ? rangeConditions(columnOf(source, field(definition.dateField)), field(definition.dateField), range)
      : []),
  ];
  const orderKeys = orderOf(definition, (i) => {
    const name = definition.groups[i].field;
    return Object.hasOwn(groupRanks, name) ? groupRanks[name](columnOf(source, field(name))) : null;
  });
  return { selects, groupKeys: groups.map((g) => g.key), from: source.from, where, orderKeys };
}

/** The names of the ids in the result's group columns, read under the same tenant. */
async function labelsOf(
  tx: Db,
  definition: ReportDefinition,
  rows: (string | number | boolean | null)[][],
): Promise<Record<string, string>> {
  const labels: Record<string, string> = {};
  const source = sources[definition.type];
  for (const [i, group] of definition.groups.entries()) {
    const lookup = Object.hasOwn(labelTables, group.field) ? labelTables[group.field] : undefined;
    if (!lookup || fieldOf(source, group.field)?.kind !== 'uuid') continue;
    const ids = [...new Set(rows.map((r) => r[i]).filter((v): v is string => typeof v === 'string'))];
    if (ids.length === 0) continue;
    const { rows: named } = await sql<{ id: string; name: string }>`
      select id::text as id, ${sql.raw(lookup.name)} as name from ${sql.table(lookup.table)}
       where id = any(${ids}::uuid[])`.execute(tx);
    for (const row of named) labels[row.id] = row.name;
  }
  return labels;
}
