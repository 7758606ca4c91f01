// Data access of reports and dashboards: the fields per record type, running a definition,
// saved reports and dashboards, and a dashboard's tiles for a date range.
import type {
  Dashboard,
  DashboardData,
  DateRange,
  Report,
  ReportDefinition,
  ReportFieldInfo,
  ReportResult,
  ReportType,
} from '../../../contract/reports.ts';
import { api } from '../../app/api.ts';

export const reportKeys = {
  all: ['reports'] as const,
  fields: ['reports', 'fields'] as const,
  list: ['reports', 'list'] as const,
  run: (definition: ReportDefinition) => ['reports', 'run', definition] as const,
  dashboards: ['dashboards', 'list'] as const,
  dashboard: (id: string, range: DateRange) => ['dashboards', 'data', id, range] as const,
};

export async function fetchReportFields(signal?: AbortSignal) {
  const { data } = await api<{ data: { type: ReportType; fields: ReportFieldInfo[] }[] }>('/reports/fields', {
    signal,
  });
  return Object.fromEntries(data.map((d) => [d.type, d.fields])) as Record<ReportType, ReportFieldInfo[]>;
}

export const runReport = (definition: ReportDefinition, signal?: AbortSignal) =>
  api<ReportResult>('/reports/run', { method: 'POST', body: { definition }, signal });

export const fetchReports = async (signal?: AbortSignal) =>
  (await api<{ data: Report[] }>('/reports', { signal })).data;

export interface ReportSave {
  name: string;
  shared: boolean;
  definition: ReportDefinition;
}

export const createReport = (body: ReportSave) => api<Report>('/reports', { method: 'POST', body });
export const updateReport = (id: string, body: ReportSave) => api<Report>(`/reports/${id}`, { method: 'PATCH', body });
export const deleteReport = (id: string) => api<null>(`/reports/${id}`, { method: 'DELETE' });

/** A saved report's file; a plain link, so that the browser downloads it with the session cookie. */
export function reportExportUrl(id: string, format: 'csv' | 'xlsx', language: string): string {
  return `/api/v1/reports/${id}/export?format=${format}&language=${language.startsWith('de') ? 'de' : 'en'}`;
}

export const fetchDashboards = async (signal?: AbortSignal) =>
  (await api<{ data: Dashboard[] }>('/dashboards', { signal })).data;

export const fetchDashboardData = (id: string, range: DateRange, signal?: AbortSignal) =>
  api<DashboardData>(`/dashboards/${id}/data`, { query: { from: range.from, to: range.to }, signal });

export const fetchTileNames = async (signal?: AbortSignal) =>
  (await api<{ data: string[] }>('/dashboards/tiles', { signal })).data;

export type TileSpec = Dashboard['tiles'][number];

export const createDashboard = (name: string, tiles: TileSpec[]) =>
  api<Dashboard>('/dashboards', { method: 'POST', body: { name, tiles } });
export const updateDashboard = (id: string, body: { tiles?: TileSpec[]; name?: string; shared?: boolean }) =>
  api<Dashboard>(`/dashboards/${id}`, { method: 'PATCH', body });
export const deleteDashboard = (id: string) => api<null>(`/dashboards/${id}`, { method: 'DELETE' });
