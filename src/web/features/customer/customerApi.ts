// Data access of the customer page: query keys and fetchers for a contact and its
// figures, tasks, deals and timeline, so every part of the page shares one cache.
import type { Contact, ContactPatch } from '../../../contract/contacts.ts';
import type { Deal } from '../../../contract/deals.ts';
import type { Task } from '../../../contract/tasks.ts';
import type { TimelineEntry } from '../../../contract/timeline.ts';
import { api, ApiError, type Page } from '../../app/api.ts';

export const customerKeys = {
  contact: (id: string) => ['contacts', 'detail', id] as const,
  deals: (id: string, status: 'open' | 'won') => ['contacts', 'detail', id, 'deals', status] as const,
  tasks: (id: string) => ['contacts', 'detail', id, 'tasks', 'open'] as const,
  timeline: (id: string) => ['contacts', 'detail', id, 'timeline'] as const,
};

// One page is enough for a person's deals and open tasks; the figure says "+" when more exist.
export const smallListLimit = 200;

export function fetchContact(id: string, signal?: AbortSignal) {
  return api<Contact>(`/contacts/${id}`, { signal });
}

export function fetchDeals(contactId: string, status: 'open' | 'won', signal?: AbortSignal) {
  return api<Page<Deal>>('/deals', { query: { contactId, status, limit: smallListLimit }, signal });
}

export function fetchOpenTasks(contactId: string, signal?: AbortSignal) {
  return api<Page<Task>>('/tasks', { query: { contactId, status: 'open', limit: smallListLimit }, signal });
}

export interface TimelineFilter {
  kinds: string[];
  activityTypes: string[];
}

export function fetchTimeline(contactId: string, filter: TimelineFilter, cursor: string | null, signal?: AbortSignal) {
  return api<Page<TimelineEntry>>(`/contacts/${contactId}/timeline`, {
    query: {
      limit: 30,
      cursor,
      types: filter.kinds.join(','),
      activityType: filter.activityTypes.join(','),
    },
    signal,
  });
}

/** Saves changed fields with the version the user saw, so a concurrent edit is not overwritten. */
export function patchContact(contact: Contact, patch: ContactPatch) {
  return api<Contact>(`/contacts/${contact.id}`, { method: 'PATCH', body: patch, headers: { 'if-match': `"${contact.version}"` } });
}

/** The server's message for one field of a 422 problem (paths look like "body.jobTitle" or "jobTitle"). */
export function fieldError(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError)) return null;
  const hit = error.problem?.errors?.find((entry) => {
    const path = entry.path.replace(/^\//, '').replace(/\//g, '.');
    return path === field || path.endsWith(`.${field}`);
  });
  return hit?.message ?? null;
}
