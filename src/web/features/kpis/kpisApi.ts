// Data access of the sales KPIs: the KPIs, revenue and forecast for a filter, and the teams to
// filter by.
import type { ForecastKpis, RevenueKpis, SalesKpis } from '../../../contract/kpis.ts';
import type { Team } from '../../../contract/teams.ts';
import { api, type Page } from '../../app/api.ts';

/** What the page shows: a period (days, inclusive; empty for the defaults), an owner or a team. */
export interface KpiFilter {
  from: string;
  to: string;
  ownerId: string | null;
  teamId: string | null;
}

function queryOf(filter: KpiFilter) {
  return {
    ...(filter.from && { from: filter.from }),
    ...(filter.to && { to: filter.to }),
    ...(filter.ownerId && { ownerId: filter.ownerId }),
    ...(filter.teamId && { teamId: filter.teamId }),
  };
}

export const kpiKeys = {
  sales: (filter: KpiFilter) => ['kpis', 'sales', filter] as const,
  revenue: (filter: KpiFilter, interval: 'month' | 'quarter') => ['kpis', 'revenue', filter, interval] as const,
  forecast: (filter: KpiFilter) => ['kpis', 'forecast', filter.ownerId, filter.teamId] as const,
  teams: ['teams', 'options'] as const,
};

export function fetchSalesKpis(filter: KpiFilter, signal?: AbortSignal) {
  return api<SalesKpis>('/kpis/sales', { query: queryOf(filter), signal });
}

export function fetchRevenue(filter: KpiFilter, interval: 'month' | 'quarter', signal?: AbortSignal) {
  return api<RevenueKpis>('/kpis/revenue', { query: { ...queryOf(filter), interval }, signal });
}

export function fetchForecast(filter: KpiFilter, signal?: AbortSignal) {
  const { ownerId, teamId } = queryOf(filter);
  return api<ForecastKpis>('/kpis/forecast', { query: { ownerId, teamId, months: 6 }, signal });
}

export function fetchTeams(signal?: AbortSignal) {
  return api<Page<Team>>('/teams', { query: { limit: 200 }, signal });
}
