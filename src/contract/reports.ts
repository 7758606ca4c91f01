// Reports and dashboards (issue 22) as the API takes and shows them: a report's definition
// (record type, list filters, one or two groupings, measures, chart), its result as a small
// table, saved reports, and dashboards of report and built-in tiles.
import { z } from 'zod';
import { id, isoDate, requiredText, text } from './common.ts';

export const reportTypes = [
  'contacts',
  'companies',
  'deals',
  'activities',
  'tasks',
  'orders',
  'orderLines',
  'quotes',
] as const;
export type ReportType = (typeof reportTypes)[number];

export const dateBuckets = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type DateBucket = (typeof dateBuckets)[number];

export const measureFunctions = ['count', 'sum', 'avg', 'min', 'max'] as const;
export type MeasureFunction = (typeof measureFunctions)[number];

export const chartTypes = ['bar', 'stackedBar', 'line', 'pie', 'table', 'number', 'funnel'] as const;
export type ChartType = (typeof chartTypes)[number];

const fieldName = z.string().min(1).max(100);

export const reportFilter = z
  .object({
    field: fieldName.describe('A field of the record type (GET /reports/fields)'),
    op: z.string().min(1).max(20).describe("One of the field's operators, as the lists take them (eq, in, gte …)"),
    value: z.string().max(1000).describe('As the list query string takes it (in: comma-separated; empty: true/false)'),
  })
  .strict();

export const reportGroup = z
  .object({
    field: fieldName,
    bucket: z.enum(dateBuckets).optional().describe('Dates and times: the period they are grouped by (default month)'),
  })
  .strict();

export const reportMeasure = z
  .object({
    fn: z.enum(measureFunctions),
    field: fieldName.optional().describe('A number or money field; none for count'),
  })
  .strict();

export const reportDefinition = z
  .object({
    type: z.enum(reportTypes),
    filters: z.array(reportFilter).max(30, { message: 'at most 30 filters' }).default([]),
    groups: z.array(reportGroup).max(2, { message: 'at most two groupings' }).default([]),
    measures: z
      .array(reportMeasure)
      .min(1, { message: 'at least one measure' })
      .max(4, { message: 'at most four measures' }),
    chart: z.enum(chartTypes).default('bar'),
    dateField: fieldName
      .nullable()
      .optional()
      .describe("The date field a dashboard's date range applies to; none: the range does not apply"),
  })
  .strict()
  .meta({ id: 'ReportDefinition' });
export type ReportDefinition = z.infer<typeof reportDefinition>;
export type ReportDefinitionInput = z.input<typeof reportDefinition>;

export const dateRange = z
  .object({
    from: isoDate.optional().describe('First day (inclusive)'),
    to: isoDate.optional().describe('Last day (inclusive)'),
  })
  .strict();
export type DateRange = z.infer<typeof dateRange>;

export const reportRunBody = z
  .object({ definition: reportDefinition, range: dateRange.optional() })
  .strict()
  .meta({ id: 'ReportRun' });

export const reportColumnKinds = ['text', 'number', 'money', 'date', 'boolean'] as const;

export const reportColumn = z.object({
  key: z.string().describe('group0, group1, or measure0 …'),
  field: z.string().nullable().describe('The field grouped or measured; null for count'),
  fn: z.enum(measureFunctions).nullable(),
  bucket: z.enum(dateBuckets).nullable(),
  kind: z.enum(reportColumnKinds),
});

export const reportResult = z
  .object({
    columns: z.array(reportColumn),
    rows: z
      .array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])))
      .describe('One row per group; a group column holds its key (a bucket starts on its first day), labels apart'),
    labels: z
      .record(z.string(), z.string())
      .describe('Names of the ids in group columns (a stage, an owner, a company …), by id'),
    truncated: z.boolean().describe('More groups than a report shows (1,000): the rest are left out'),
    rollup: z.boolean().describe('Answered from the monthly order-line totals instead of every line'),
  })
  .meta({ id: 'ReportResult' });
export type ReportResult = z.infer<typeof reportResult>;

export const reportFieldInfo = z.object({
  name: z.string(),
  kind: z.string(),
  operators: z.array(z.string()),
  values: z.array(z.string()).optional(),
  nullable: z.boolean(),
  sortable: z.boolean().describe('Always false: a report sorts its groups itself'),
  groupable: z.boolean(),
  measurable: z.boolean(),
  date: z.boolean(),
});
export const reportFields = z
  .object({ data: z.array(z.object({ type: z.enum(reportTypes), fields: z.array(reportFieldInfo) })) })
  .meta({ id: 'ReportFields' });
export type ReportFieldInfo = z.infer<typeof reportFieldInfo>;

export const reportCreate = z
  .object({
    name: requiredText(100),
    description: text(500).nullable().optional(),
    shared: z.boolean().optional().describe('true: everyone in the workspace sees it (agent or more)'),
    definition: reportDefinition,
  })
  .strict()
  .meta({ id: 'ReportCreate' });
export const reportPatch = reportCreate.partial().strict().meta({ id: 'ReportPatch' });

export const report = z
  .object({
    id,
    version: z.number().int(),
    name: z.string(),
    description: z.string().nullable(),
    shared: z.boolean(),
    ownerId: z.string(),
    definition: reportDefinition,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Report' });
export type Report = z.infer<typeof report>;

export const exportFormatQuery = z
  .object({ format: z.enum(['csv', 'xlsx']).default('csv'), language: z.enum(['de', 'en']).default('de') })
  .extend(dateRange.shape)
  .strict();

// Dashboards.

export const dashboardTile = z
  .object({
    reportId: id.optional().describe('A saved report the tile shows'),
    builtin: z.string().min(1).max(60).optional().describe('A built-in tile by name (GET /dashboards/tiles)'),
    width: z.number().int().min(1).max(3).default(1).describe('Columns of a three-column grid'),
  })
  .strict()
  .refine((t) => (t.reportId ? 1 : 0) + (t.builtin ? 1 : 0) === 1, { message: 'a tile is a report or a built-in' });

export const dashboardCreate = z
  .object({
    name: requiredText(100),
    shared: z.boolean().optional(),
    tiles: z.array(dashboardTile).max(24, { message: 'at most 24 tiles' }).default([]),
  })
  .strict()
  .meta({ id: 'DashboardCreate' });
export const dashboardPatch = dashboardCreate.partial().strict().meta({ id: 'DashboardPatch' });

export const dashboard = z
  .object({
    id: z.string().describe('A UUID, or salesRep / manager for the default dashboards'),
    version: z.number().int(),
    name: z.string(),
    shared: z.boolean(),
    ownerId: z.string().nullable().describe('null for the built-in default dashboards'),
    builtin: z.string().nullable().describe('salesRep or manager for a default dashboard'),
    tiles: z.array(z.object({ reportId: z.string().optional(), builtin: z.string().optional(), width: z.number() })),
    createdAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof dashboard>;

export const tileResult = z
  .object({
    title: z.string().describe('The report name, or the key of a built-in tile (the web app translates it)'),
    reportId: z.string().nullable(),
    builtin: z.string().nullable(),
    chart: z.enum(chartTypes),
    definition: reportDefinition.nullable(),
    result: reportResult.nullable(),
    problem: z.string().nullable().describe('Why the tile shows nothing (its report is gone, no analytics run …)'),
  })
  .meta({ id: 'TileResult' });
export type TileResult = z.infer<typeof tileResult>;

export const dashboardList = z.object({ data: z.array(dashboard) }).meta({ id: 'DashboardList' });
export const reportList = z.object({ data: z.array(report) }).meta({ id: 'ReportList' });
export const tileNames = z.object({ data: z.array(z.string()) }).meta({ id: 'TileNames' });
export const dashboardParams = z
  .object({ id: z.string().min(1).max(60).describe('A dashboard id, or salesRep / manager') })
  .strict();

export const dashboardData = z.object({ dashboard, tiles: z.array(tileResult) }).meta({ id: 'DashboardData' });
export type DashboardData = z.infer<typeof dashboardData>;
