// Data access of the analyses: the latest run, a new run (managers), and a customer's results.
import type { AnalyticsRun, CustomerAnalytics } from '../../../contract/analytics.ts';
import { api } from '../../app/api.ts';
import { collectionOf, type RecordRef } from '../record/recordApi.ts';

export const analyticsKeys = {
  all: ['analytics'] as const,
  latest: ['analytics', 'latest'] as const,
  customer: (ref: RecordRef) => [collectionOf[ref.type], 'detail', ref.id, 'analytics'] as const,
};

/** The latest run, or null before the first one. */
export async function fetchLatestRun(signal?: AbortSignal): Promise<AnalyticsRun | null> {
  const runs = await api<{ data: AnalyticsRun[] }>('/analytics/runs', { query: { limit: 1 }, signal });
  return runs.data[0] ?? null;
}

export function startRun(asOf: string | null) {
  return api<AnalyticsRun>('/analytics/runs', { method: 'POST', body: asOf ? { asOf } : {} });
}

export function fetchCustomerAnalytics(ref: RecordRef, signal?: AbortSignal) {
  return api<CustomerAnalytics>(`/${collectionOf[ref.type]}/${ref.id}/analytics`, { signal });
}
