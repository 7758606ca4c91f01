// Server data of the list screens: the field description, pages of records by cursor,
// users (owner names and the owner picker), stages, saved views and bulk actions.
import { useMemo } from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Pipeline } from '../../../contract/pipelines.ts';
import { api, ApiError, type Page } from '../../app/api.ts';
import type {
  FieldMeta,
  ListMeta,
  ListRecord,
  ListResource,
  ResourceConfig,
  SavedView,
  ViewConfig,
} from './listTypes.ts';
import { countQuery, fallbackFields } from './listState.ts';
import type { ListCount } from '../../../contract/common.ts';

/**
 * The filterable fields; the resource's own description until the server's is asked for
 * (`wanted`: when the filter builder opens) or if the server has none to give.
 */
export function useListFields(config: ResourceConfig, wanted: boolean): { fields: FieldMeta[]; pending: boolean } {
  const query = useQuery({
    queryKey: ['lists', 'meta', config.resource],
    queryFn: async ({ signal }) => {
      try {
        return await api<ListMeta>(`/meta/lists/${config.resource}`, { signal });
      } catch (error) {
        // An older server without the description: the built-in one is the same list.
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
    enabled: wanted,
  });
  const fallback = useMemo(() => fallbackFields(config), [config]);
  return { fields: query.data?.fields ?? fallback, pending: query.isPending };
}

// Under the resource's own key, so that whoever changes a record of it (forms, trash) and
// marks [resource] stale has the list fetched again.
export const listKey = (resource: ListResource) => [resource, 'records'] as const;

export function useRecords(resource: ListResource, query: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: [...listKey(resource), query],
    queryFn: ({ pageParam, signal }) =>
      api<Page<ListRecord>>(`/${resource}`, { query: { ...query, cursor: pageParam ?? undefined }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // A new filter or sort keeps showing the old rows until the new ones arrive.
    placeholderData: keepPreviousData,
  });
}

/**
 * How many records the list holds with its filters and search (exact up to the server's
 * limit, `more` beyond): its own request, sent beside the first page, not before it.
 */
export function useCount(resource: ListResource, query: Record<string, string>) {
  const counted = countQuery(query);
  return useQuery({
    queryKey: [...listKey(resource), 'count', counted],
    queryFn: ({ signal }) => api<ListCount>(`/${resource}/count`, { query: counted, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Stage names of every pipeline, for the deals list. */
export function useStages(enabled: boolean) {
  return useQuery({
    queryKey: ['pipelines', 'list', 'stages'],
    queryFn: async ({ signal }) => {
      const page = await api<Page<Pipeline>>('/pipelines', { query: { limit: 100, sort: 'position' }, signal });
      return page.data.flatMap((pipeline) =>
        pipeline.stages.map((stage) => ({ id: stage.id, name: stage.name, pipeline: pipeline.name })),
      );
    },
    enabled,
    staleTime: 5 * 60_000,
  });
}

const viewsKey = (resource: ListResource) => ['lists', 'views', resource] as const;

/** Saved views of a resource; asked for only when needed (the picker opens, the URL names a view). */
export function useViews(resource: ListResource, wanted = true) {
  return useQuery({
    queryKey: viewsKey(resource),
    queryFn: async ({ signal }) => (await api<{ data: SavedView[] }>('/views', { query: { resource }, signal })).data,
    retry: false,
    enabled: wanted,
  });
}

export interface ViewChange {
  view: SavedView;
  name?: string;
  shared?: boolean;
  config?: ViewConfig;
}

/** Create, change (with If-Match) and delete views; the list of views is fetched again after each. */
export function useViewMutations(resource: ListResource) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: viewsKey(resource) });
  const create = useMutation({
    mutationFn: (input: { name: string; shared: boolean; config: ViewConfig }) =>
      api<SavedView>('/views', { method: 'POST', body: { resource, ...input } }),
    onSettled: refresh,
  });
  const update = useMutation({
    mutationFn: ({ view, ...changes }: ViewChange) =>
      api<SavedView>(`/views/${view.id}`, {
        method: 'PATCH',
        body: changes,
        headers: { 'if-match': `"${view.version}"` },
      }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) =>
      api<void>(`/views/${view.id}`, { method: 'DELETE', headers: { 'if-match': `"${view.version}"` } }),
    onSettled: refresh,
  });
  return { create, update, remove };
}

export type BulkAction =
  | { action: 'assignOwner'; ownerId: string | null }
  | { action: 'addTag'; tag: string }
  | { action: 'trash' };

const bulkLimit = 1000;

export function useBulk(resource: ListResource) {
  const client = useQueryClient();
  return useMutation({
    // The server takes up to 1000 ids a request; a bigger selection goes in several.
    mutationFn: async ({ ids, action }: { ids: string[]; action: BulkAction }) => {
      const total = { affected: 0, notFound: [] as string[] };
      for (let start = 0; start < ids.length; start += bulkLimit) {
        const result = await api<{ affected: number; notFound: string[] }>(`/${resource}/bulk`, {
          method: 'POST',
          body: { ids: ids.slice(start, start + bulkLimit), ...action },
        });
        total.affected += result.affected;
        total.notFound.push(...result.notFound);
      }
      return total;
    },
    onSettled: () => client.invalidateQueries({ queryKey: listKey(resource) }),
  });
}
