// Data of the pipeline board: pipelines, one deal list per stage, moving a deal between stages
// (optimistic, rolled back on failure) and creating one.
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { Deal, DealCreate, PipelineTotals } from '../../../contract/deals.ts';
import type { Pipeline, Stage } from '../../../contract/pipelines.ts';
import { api, type Page } from '../../app/api.ts';
import { localDay } from './dealWarnings.ts';

/** Deals shown per column; the board keeps it simple and says when a stage holds more. */
export const columnLimit = 100;

/** Whose deals the board shows, what it searches for, and which closed deals (by when they closed). */
export interface BoardFilters {
  owner: 'me' | 'team' | 'all';
  q: string;
  period: 'quarter' | 'lastQuarter' | 'year' | 'all';
}

export const defaultBoardFilters: BoardFilters = { owner: 'me', q: '', period: 'quarter' };

const ownedBy = { me: 'me', team: 'myTeams', all: undefined } as const;

const day = localDay;

/** The days a period covers, as [from, before) in the user's calendar; `all` has no bounds. */
export function periodRange(period: BoardFilters['period'], now = new Date()): { from?: string; before?: string } {
  const year = now.getFullYear();
  const quarter = Math.floor(now.getMonth() / 3);
  if (period === 'quarter')
    return { from: day(new Date(year, quarter * 3, 1)), before: day(new Date(year, quarter * 3 + 3, 1)) };
  if (period === 'lastQuarter')
    return { from: day(new Date(year, quarter * 3 - 3, 1)), before: day(new Date(year, quarter * 3, 1)) };
  if (period === 'year') return { from: day(new Date(year, 0, 1)), before: day(new Date(year + 1, 0, 1)) };
  return {};
}

export const boardKey = (pipelineId: string) => ['deals', 'board', pipelineId] as const;
export const columnKey = (pipelineId: string, stageId: string, filters: BoardFilters): QueryKey => [
  ...boardKey(pipelineId),
  stageId,
  filters,
];
export const totalsKey = (pipelineId: string, filters?: BoardFilters): QueryKey => [
  ...boardKey(pipelineId),
  'totals',
  ...(filters ? [filters] : []),
];

/**
 * Count, total and weighted total of every column, over all deals of the owner and period (a
 * column shows at most columnLimit). A search has no figures: the board counts its cards then.
 */
export function usePipelineTotals(pipelineId: string, filters: BoardFilters) {
  const { from, before } = periodRange(filters.period);
  return useQuery({
    queryKey: totalsKey(pipelineId, filters),
    queryFn: ({ signal }) =>
      api<PipelineTotals>(`/pipelines/${pipelineId}/totals`, {
        query: { ownedBy: ownedBy[filters.owner], closedFrom: from, closedBefore: before },
        signal,
      }),
    enabled: !filters.q.trim(),
  });
}

/** Every pipeline, the default one first, then in their configured order. */
export function usePipelines() {
  return useQuery({
    queryKey: ['pipelines', 'list'],
    queryFn: async ({ signal }) => {
      const page = await api<Page<Pipeline>>('/pipelines', { query: { limit: 100, sort: 'position' }, signal });
      return [...page.data].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
    },
  });
}

/** A column's deals: the owner's and the search's; in a won or lost column those closed in the period. */
export function useStageDeals(pipelineId: string, stage: Stage, filters: BoardFilters) {
  const { from, before } = stage.kind === 'open' ? {} : periodRange(filters.period);
  return useQuery({
    queryKey: columnKey(pipelineId, stage.id, filters),
    queryFn: ({ signal }) =>
      api<Page<Deal>>('/deals', {
        query: {
          pipelineId,
          stageId: stage.id,
          limit: columnLimit,
          ownedBy: ownedBy[filters.owner],
          q: filters.q.trim() || undefined,
          'closedAt.gte': from,
          'closedAt.lt': before,
          ...(stage.kind === 'open' ? {} : { sort: '-closedAt' }),
        },
        signal,
      }),
  });
}

interface Move {
  deal: Deal;
  to: Stage;
  /** More fields of the same PATCH: the lost reason of a move into a lost stage. */
  extra?: { lostReasonId: string | null; lostReason: string | null };
}

/** The probability a deal shows in a stage: its own unless the stage closes it (the server drops the override then). */
function probabilityIn(deal: Deal, stage: Stage): number {
  return deal.probabilityOverridden && stage.kind === 'open' ? deal.probability : stage.probability;
}

/** PATCH {stageId} with If-Match; the card moves at once and goes back if the server says no. */
export function useMoveDeal(pipelineId: string, filters: BoardFilters) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ deal, to, extra }: Move) =>
      api<Deal>(`/deals/${deal.id}`, {
        method: 'PATCH',
        body: { stageId: to.id, ...extra },
        headers: { 'if-match': `"${deal.version}"` },
      }),
    onMutate: async ({ deal, to }: Move) => {
      const fromKey = columnKey(pipelineId, deal.stageId, filters);
      const toKey = columnKey(pipelineId, to.id, filters);
      await Promise.all([client.cancelQueries({ queryKey: fromKey }), client.cancelQueries({ queryKey: toKey })]);
      const before = { from: client.getQueryData<Page<Deal>>(fromKey), to: client.getQueryData<Page<Deal>>(toKey) };
      const moved: Deal = { ...deal, stageId: to.id, probability: probabilityIn(deal, to) };
      client.setQueryData<Page<Deal>>(
        fromKey,
        (page) => page && { ...page, data: page.data.filter((d) => d.id !== deal.id) },
      );
      client.setQueryData<Page<Deal>>(
        toKey,
        (page) => page && { ...page, data: [moved, ...page.data.filter((d) => d.id !== deal.id)] },
      );
      return { fromKey, toKey, before };
    },
    onError: (_error, _move, context) => {
      if (!context) return;
      client.setQueryData(context.fromKey, context.before.from);
      client.setQueryData(context.toKey, context.before.to);
    },
    onSuccess: (saved, _move, context) => {
      client.setQueryData<Page<Deal>>(
        context.toKey,
        (page) => page && { ...page, data: page.data.map((d) => (d.id === saved.id ? saved : d)) },
      );
    },
    onSettled: (_saved, _error, _move, context) => {
      if (!context) return;
      void client.invalidateQueries({ queryKey: context.fromKey });
      void client.invalidateQueries({ queryKey: context.toKey });
      void client.invalidateQueries({ queryKey: totalsKey(pipelineId) });
    },
  });
}

/** Reopens a won or lost deal (back to the open stage it left); the whole board reloads. */
export function useReopenDeal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (deal: Deal) =>
      api<Deal>(`/deals/${deal.id}/reopen`, { method: 'POST', headers: { 'if-match': `"${deal.version}"` } }),
    onSuccess: (saved) => {
      client.setQueryData(['deals', 'detail', saved.id], saved);
      // Everything about deals but the deal itself, just set: columns, figures, its stage history.
      return client.invalidateQueries({
        queryKey: ['deals'],
        predicate: (query) => !(query.queryKey[1] === 'detail' && query.queryKey.length === 3),
      });
    },
  });
}

export function useCreateDeal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DealCreate) => api<Deal>('/deals', { method: 'POST', body: input }),
    onSuccess: (deal) =>
      Promise.all([
        client.invalidateQueries({ queryKey: [...boardKey(deal.pipelineId), deal.stageId] }),
        client.invalidateQueries({ queryKey: totalsKey(deal.pipelineId) }),
      ]),
  });
}
