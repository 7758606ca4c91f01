// The calendar's requests: entries of a range for some users, the region's public holidays,
// the workspace's calendar settings, the personal feed, and the appointment itself with its
// occurrences, invitations and .ics file.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { Appointment, Holiday, Occurrence, OccurrencePatch } from '../../../contract/appointments.ts';
import { api } from '../../app/api.ts';
import { dayOf } from './calendarDates.ts';

export const calendarKeys = {
  all: ['calendar'] as const,
  entries: (from: string, to: string, who: string) => ['calendar', 'entries', from, to, who] as const,
  holidays: (year: number, lang: string) => ['calendar', 'holidays', year, lang] as const,
  settings: ['calendar', 'settings'] as const,
  feed: ['calendar', 'feed'] as const,
  appointment: (id: string) => ['appointments', 'detail', id] as const,
};

export interface Whose {
  userIds?: string[];
  teamId?: string;
}

export function fetchEntries(from: string, to: string, whose: Whose, signal?: AbortSignal) {
  return api<{ data: Occurrence[] }>('/calendar', {
    query: { from, to, userIds: whose.userIds?.join(','), teamId: whose.teamId },
    signal,
  });
}

export function useHolidays(year: number, lang: string) {
  return useQuery({
    queryKey: calendarKeys.holidays(year, lang),
    queryFn: ({ signal }) =>
      api<{ region: string; data: Holiday[] }>('/calendar/holidays', { query: { year, lang }, signal }),
    staleTime: 60 * 60_000,
  });
}

export function useAppointment(id: string | null) {
  return useQuery({
    queryKey: calendarKeys.appointment(id ?? ''),
    queryFn: ({ signal }) => api<Appointment>(`/appointments/${id}`, { signal }),
    enabled: Boolean(id),
    staleTime: 0,
  });
}

/** An appointment as the entry of its first occurrence (opened by a link, not from the grid). */
export function entryOf(appointment: Appointment): Occurrence {
  return {
    appointmentId: appointment.id,
    recurrenceId: null,
    title: appointment.title,
    location: appointment.location,
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    allDay: appointment.allDay,
    timeZone: appointment.timeZone,
    status: appointment.status,
    ownerId: appointment.ownerId,
    userIds: [appointment.ownerId],
    contacts: [],
    recurring: appointment.rrule !== null,
    changed: false,
    version: appointment.version,
  };
}

/** Where a link opens an appointment: the calendar on its day, with its details over it. */
export function appointmentPath(id: string, startsAt: string): string {
  return `/calendar?date=${dayOf(new Date(startsAt))}&appointment=${id}`;
}

/** Everything the calendar shows is asked for afresh: entries, appointments, a customer's timeline. */
export function refreshCalendar(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: calendarKeys.all });
  void queryClient.invalidateQueries({ queryKey: ['appointments'] });
  for (const kind of ['contacts', 'companies', 'deals']) void queryClient.invalidateQueries({ queryKey: [kind] });
}

/**
 * Moves an entry: the appointment itself, or only this occurrence of a series, or (`series`)
 * the whole series by as much as this occurrence moved. A PATCH carries the version (If-Match)
 * the entry was listed with.
 */
export async function moveEntry(entry: Occurrence, startsAt: string, endsAt: string, series = false) {
  if (entry.recurrenceId && !series)
    return patchOccurrence(entry.appointmentId, entry.recurrenceId, entry.version, { startsAt, endsAt });
  let body = { startsAt, endsAt };
  let version = entry.version;
  if (series) {
    const whole = await api<Appointment>(`/appointments/${entry.appointmentId}`);
    const shift = Date.parse(startsAt) - Date.parse(entry.startsAt);
    const length = Date.parse(endsAt) - Date.parse(startsAt);
    const start = Date.parse(whole.startsAt) + shift;
    body = { startsAt: new Date(start).toISOString(), endsAt: new Date(start + length).toISOString() };
    version = whole.version;
  }
  return api<Appointment>(`/appointments/${entry.appointmentId}`, {
    method: 'PATCH',
    body,
    headers: { 'if-match': `"${version}"` },
  });
}

/** One occurrence changed or cancelled; the series' version guards against a change meanwhile. */
export function patchOccurrence(id: string, recurrenceId: string, version: number, body: OccurrencePatch) {
  return api<Appointment>(`/appointments/${id}/occurrences/${encodeURIComponent(recurrenceId)}`, {
    method: 'PATCH',
    body,
    headers: { 'if-match': `"${version}"` },
  });
}

export function sendInvitations(id: string) {
  return api<{ sent: number }>(`/appointments/${id}/invitations`, { method: 'POST', body: {} });
}

export function deleteAppointment(appointment: Pick<Appointment, 'id' | 'version'>) {
  return api<void>(`/appointments/${appointment.id}`, {
    method: 'DELETE',
    headers: { 'if-match': `"${appointment.version}"` },
  });
}

/** The address of an appointment's iCalendar file (the browser downloads it with the session cookie). */
export const icsUrl = (id: string) => `/api/v1/appointments/${id}/ics`;
