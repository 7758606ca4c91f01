// Data access of the next best actions: a customer's or my list, deciding one, a task from one,
// and the figures per kind.
import type { NextAction, NextActionStats } from '../../../contract/nextActions.ts';
import { api } from '../../app/api.ts';

export const nextActionKeys = {
  all: ['next-actions'] as const,
  customer: (id: string) => ['next-actions', 'customer', id] as const,
  mine: ['next-actions', 'mine'] as const,
  stats: ['next-actions', 'stats'] as const,
};

export function fetchNextActions(query: { owner?: 'me'; customerId?: string; limit?: number }, signal?: AbortSignal) {
  return api<{ data: NextAction[] }>('/next-actions', { query, signal });
}

export function decideNextAction(id: string, status: 'done' | 'dismissed') {
  return api<NextAction>(`/next-actions/${id}/decision`, { method: 'POST', body: { status } });
}

export function taskFromNextAction(id: string, body: { title: string; dueAt: string | null }) {
  return api<{ action: NextAction; taskId: string }>(`/next-actions/${id}/task`, { method: 'POST', body });
}

export function fetchNextActionStats(signal?: AbortSignal) {
  return api<NextActionStats>('/next-actions/stats', { signal });
}
