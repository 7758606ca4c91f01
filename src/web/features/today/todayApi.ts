// Data access of the start page: GET /today in the browser's time zone (where "today" ends),
// and the note that a record's page was opened (POST /recent-views).
import type { Today } from '../../../contract/today.ts';
import { api } from '../../app/api.ts';

/**
 * Under 'tasks', because the page is mostly tasks: every task change (done, postpone, undo,
 * wherever it happens) invalidates ['tasks'] and so refreshes the page as well.
 */
export const todayKey = ['tasks', 'today'] as const;

/** The browser's time zone; the server falls back to UTC without one. */
export function browserTimeZone(): string | undefined {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
}

export function fetchToday(signal?: AbortSignal) {
  return api<Today>('/today', { query: { tz: browserTimeZone() }, signal });
}
