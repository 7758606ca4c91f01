// The duplicates API as the web app uses it: likely pairs of the workspace (the matcher's
// /duplicates), the check while typing (/<records>/duplicates), merging and its undo.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { MergeType, Merge } from '../../../contract/merges.ts';

export type DuplicateType = MergeType;

/** A record of a pair or a candidate, as the matcher sums it up. */
export interface DuplicateSummary {
  id?: string;
  name?: string;
  emails?: string[];
  phones?: string[];
  city?: string | null;
  companyName?: string | null;
}

export interface DuplicatePair {
  ids: [string, string];
  score: number;
  reasons: string[];
  records?: [DuplicateSummary, DuplicateSummary];
}

export interface Candidate {
  id: string;
  score: number;
  reasons: string[];
  record?: DuplicateSummary;
}

/** A score (a match probability) as the page shows it: a whole percentage. */
export const percent = (score: number) => Math.round(Math.max(0, Math.min(1, score)) * 100);

export function usePairs(type: DuplicateType, scanning: boolean) {
  return useInfiniteQuery({
    queryKey: ['duplicates', type],
    queryFn: ({ pageParam, signal }) =>
      api<{ pairs: DuplicatePair[]; nextCursor: string | null }>('/duplicates', {
        query: { type, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // While a scan runs in the background, its pairs appear as they are found.
    refetchInterval: scanning ? 1500 : false,
  });
}

export function useScan(type: DuplicateType) {
  return useMutation({
    mutationFn: () => api<unknown>('/duplicates/scan', { method: 'POST', body: { type } }),
  });
}

export function useDismiss(type: DuplicateType) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: [string, string]) => api<unknown>('/duplicates/dismiss', { method: 'POST', body: { ids } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['duplicates', type] }),
  });
}

export interface MergeRequest {
  survivorId: string;
  mergedIds: string[];
  fields: Record<string, string>;
  keepAll: Array<'emails' | 'phones' | 'addresses' | 'tags'>;
}

/**
 * After a merge or its undo every list and page of these records may have changed. The merged
 * records themselves are not asked again (they answer 404 now): their cached reads go.
 */
function refreshAll(queryClient: ReturnType<typeof useQueryClient>, type: DuplicateType, merged: string[] = []) {
  const gone = (key: readonly unknown[]) => key[0] === type && merged.includes(String(key[2]));
  queryClient.removeQueries({ predicate: (query) => gone(query.queryKey) });
  const areas = new Set<unknown>([type, 'duplicates', 'activities', 'deals', 'tasks', 'timeline', 'today']);
  void queryClient.invalidateQueries({ predicate: (query) => areas.has(query.queryKey[0]) && !gone(query.queryKey) });
}

export function useMerge(type: DuplicateType) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: MergeRequest) =>
      api<{ id: string; mergeId: string }>(`/${type}/merge`, { method: 'POST', body: request }),
    onSuccess: (_result, request) => refreshAll(queryClient, type, request.mergedIds),
  });
}

export function useUndoMerge(type: DuplicateType) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mergeId: string) => api<Merge>(`/merges/${mergeId}/undo`, { method: 'POST' }),
    onSuccess: () => refreshAll(queryClient, type),
  });
}
