// Data access of the record pages (contact, company, deal): query keys and fetchers for a
// record and its figures, tasks, deals and timeline, so every part of a page shares one cache.
import { useQuery } from '@tanstack/react-query';
import type { Deal } from '../../../contract/deals.ts';
import type { Task } from '../../../contract/tasks.ts';
import type { TimelineEntry } from '../../../contract/timeline.ts';
import { api, ApiError, type Page } from '../../app/api.ts';
import { useUserNames } from '../users/usersApi.ts';

export type RecordType = 'contact' | 'company' | 'deal';
/** Which record a page part belongs to: the timeline, quick entry, tasks and deals take one. */
export interface RecordRef {
  type: RecordType;
  id: string;
}

export const collectionOf: Record<RecordType, 'contacts' | 'companies' | 'deals'> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
};
/** The list filter and link field names the API uses for each kind of record. */
const filterOf = { contact: 'contactId', company: 'companyId', deal: 'dealId' } as const;
export const linkFieldOf = { contact: 'contactIds', company: 'companyIds', deal: 'dealIds' } as const;

/** The query parameter of a record page that opens an email with its thread (`?email=<id>`). */
export const emailParam = 'email';

/** The task form for a new task of this record; after saving it comes back to the record's page. */
export const newTaskPath = (ref: RecordRef) => `/tasks/new?${filterOf[ref.type]}=${ref.id}`;

export const recordKeys = {
  detail: (ref: RecordRef) => [collectionOf[ref.type], 'detail', ref.id] as const,
  deals: (ref: RecordRef, status: 'open' | 'won' | 'all') =>
    [collectionOf[ref.type], 'detail', ref.id, 'deals', status] as const,
  tasks: (ref: RecordRef) => [collectionOf[ref.type], 'detail', ref.id, 'tasks', 'open'] as const,
  timeline: (ref: RecordRef) => [collectionOf[ref.type], 'detail', ref.id, 'timeline'] as const,
};

/** The page of the first linked record not in the trash (a task's or activity's customer), or null. */
export function customerPath(linked: ReadonlyArray<{ type: RecordType; id: string; trashed: boolean }>): string | null {
  const customer = linked.find((record) => !record.trashed);
  return customer ? `/${collectionOf[customer.type]}/${customer.id}` : null;
}

// One page is enough for a record's deals and open tasks; the figure says "+" when more exist.
export const smallListLimit = 200;

export function fetchRecord<T>(ref: RecordRef, signal?: AbortSignal) {
  return api<T>(`/${collectionOf[ref.type]}/${ref.id}`, { signal });
}

/** Deals of a contact or company; 'all' lists every status, newest first. */
export function fetchDeals(ref: RecordRef, status: 'open' | 'won' | 'all', signal?: AbortSignal) {
  return api<Page<Deal>>('/deals', {
    query: {
      [filterOf[ref.type]]: ref.id,
      status: status === 'all' ? undefined : status,
      limit: smallListLimit,
      sort: '-createdAt',
    },
    signal,
  });
}

export function fetchOpenTasks(ref: RecordRef, signal?: AbortSignal) {
  return api<Page<Task>>('/tasks', {
    query: { [filterOf[ref.type]]: ref.id, status: 'open', limit: smallListLimit },
    signal,
  });
}

export interface TimelineFilter {
  kinds: string[];
  activityTypes: string[];
  directions: string[];
}

export function fetchTimeline(
  ref: RecordRef,
  filter: TimelineFilter,
  cursor: string | null,
  signal?: AbortSignal,
  limit = 30,
) {
  return api<Page<TimelineEntry>>(`/${collectionOf[ref.type]}/${ref.id}/timeline`, {
    query: {
      limit,
      cursor,
      types: filter.kinds.join(','),
      activityType: filter.activityTypes.join(','),
      direction: filter.directions.join(','),
    },
    signal,
  });
}

/** Saves changed fields with the version the user saw, so a concurrent edit is not overwritten. */
export function patchRecord<T>(ref: RecordRef, version: number, patch: Record<string, unknown>) {
  return api<T>(`/${collectionOf[ref.type]}/${ref.id}`, {
    method: 'PATCH',
    body: patch,
    headers: { 'if-match': `"${version}"` },
  });
}

/** The name behind a user id (an owner, who moved a deal), from the app's one list of names. */
export function useUserName() {
  const users = useUserNames();
  return (id: string | null | undefined) =>
    id ? (users.data?.data.find((user) => user.id === id)?.name ?? null) : null;
}

/** The server's message for one field of a 422 problem (paths look like "body.jobTitle" or "jobTitle"). */
export function fieldError(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError)) return null;
  const hit = error.problem?.errors?.find((entry) => {
    const path = entry.path.replace(/^\//, '').replace(/\//g, '.');
    return path === field || path.endsWith(`.${field}`) || path.startsWith(`${field}.`) || path.includes(`.${field}.`);
  });
  return hit?.message ?? null;
}
