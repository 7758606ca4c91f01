// Data of the pipeline board: pipelines, one deal list per stage, moving a deal between stages
// (optimistic, rolled back on failure) and creating one.
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { Deal, DealCreate, PipelineTotals } from '../../../contract/deals.ts';
import type { Pipeline, Stage } from '../../../contract/pipelines.ts';
import { api, type Page } from '../../app/api.ts';

/** Deals shown per column; the board keeps it simple and says when a stage holds more. */
export const columnLimit = 100;

export const boardKey = (pipelineId: string) => ['deals', 'board', pipelineId] as const;
export const columnKey = (pipelineId: string, stageId: string): QueryKey => [...boardKey(pipelineId), stageId];
export const totalsKey = (pipelineId: string): QueryKey => [...boardKey(pipelineId), 'totals'];

/** Count, total and weighted total of every column, over all deals (a column shows at most columnLimit). */
export function usePipelineTotals(pipelineId: string) {
  return useQuery({
    queryKey: totalsKey(pipelineId),
    queryFn: ({ signal }) => api<PipelineTotals>(`/pipelines/${pipelineId}/totals`, { signal }),
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

export function useStageDeals(pipelineId: string, stageId: string) {
  return useQuery({
    queryKey: columnKey(pipelineId, stageId),
    queryFn: ({ signal }) => api<Page<Deal>>('/deals', { query: { pipelineId, stageId, limit: columnLimit }, signal }),
  });
}

interface Move {
  deal: Deal;
  to: Stage;
}

/** The probability a deal shows in a stage: its own unless the stage closes it (the server drops the override then). */
function probabilityIn(deal: Deal, stage: Stage): number {
  return deal.probabilityOverridden && stage.kind === 'open' ? deal.probability : stage.probability;
}

/** PATCH {stageId} with If-Match; the card moves at once and goes back if the server says no. */
export function useMoveDeal(pipelineId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ deal, to }: Move) =>
      api<Deal>(`/deals/${deal.id}`, {
        method: 'PATCH',
        body: { stageId: to.id },
        headers: { 'if-match': `"${deal.version}"` },
      }),
    onMutate: async ({ deal, to }: Move) => {
      const fromKey = columnKey(pipelineId, deal.stageId);
      const toKey = columnKey(pipelineId, to.id);
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

export function useCreateDeal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DealCreate) => api<Deal>('/deals', { method: 'POST', body: input }),
    onSuccess: (deal) =>
      Promise.all([
        client.invalidateQueries({ queryKey: columnKey(deal.pipelineId, deal.stageId) }),
        client.invalidateQueries({ queryKey: totalsKey(deal.pipelineId) }),
      ]),
  });
}
