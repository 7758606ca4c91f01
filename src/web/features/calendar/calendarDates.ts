// Days and weeks as the calendar shows them, in the browser's time zone: weeks start on Monday
// (the German and ISO week), a view covers whole days, and entries that overlap in time sit
// side by side in columns. Days are kept as 'YYYY-MM-DD' strings of the local calendar.
import type { Occurrence } from '../../../contract/appointments.ts';

export const views = ['day', 'week', 'month'] as const;
export type CalendarView = (typeof views)[number];

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of a moment: 'YYYY-MM-DD'. */
export function dayOf(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight at the start of a day. */
export function startOfDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

export function addDays(day: string, days: number): string {
  const date = startOfDay(day);
  date.setDate(date.getDate() + days);
  return dayOf(date);
}

/** The Monday of the day's week. */
export function mondayOf(day: string): string {
  const weekday = (startOfDay(day).getDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The days a view shows around `day`: one day, Monday to Sunday, or the whole weeks that hold the month. */
export function daysOfView(view: CalendarView, day: string): string[] {
  if (view === 'day') return [day];
  if (view === 'week') return Array.from({ length: 7 }, (_, i) => addDays(mondayOf(day), i));
  const first = `${day.slice(0, 7)}-01`;
  const start = mondayOf(first);
  const nextMonth = startOfDay(first);
  nextMonth.setMonth(nextMonth.getMonth() + 1);
  const end = addDays(mondayOf(addDays(dayOf(nextMonth), -1)), 7);
  const days: string[] = [];
  for (let d = start; d < end; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The day `steps` views before or after (a day, a week or a month). */
export function shiftView(view: CalendarView, day: string, steps: number): string {
  if (view === 'day') return addDays(day, steps);
  if (view === 'week') return addDays(day, 7 * steps);
  const date = startOfDay(`${day.slice(0, 7)}-01`);
  date.setMonth(date.getMonth() + steps);
  return dayOf(date);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of a moment in a time zone: 'YYYY-MM-DD'. */
export function dayIn(iso: string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/**
 * The local days an entry covers. A timed entry ending at midnight does not reach into the
 * next day; a whole-day one runs from the day of its start to the day of its end (inclusive,
 * as the API keeps it), both days as its own time zone counts them.
 */
export function daysOfEntry(
  entry: Pick<Occurrence, 'startsAt' | 'endsAt'> & Partial<Pick<Occurrence, 'allDay' | 'timeZone'>>,
): string[] {
  let first: string;
  let last: string;
  if (entry.allDay) {
    const zone = entry.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    first = dayIn(entry.startsAt, zone);
    last = dayIn(entry.endsAt, zone);
  } else {
    const start = new Date(entry.startsAt);
    const end = new Date(entry.endsAt);
    first = dayOf(start);
    last = dayOf(end);
    if (end > start && end.getHours() === 0 && end.getMinutes() === 0 && last > first) last = addDays(last, -1);
  }
  const days: string[] = [];
  for (let d = first; d <= last && days.length < 366; d = addDays(d, 1)) days.push(d);
  return days;
}

/** Minutes since local midnight of `day`, clamped to the day. */
export function minutesInDay(iso: string, day: string): number {
  const minutes = (new Date(iso).getTime() - startOfDay(day).getTime()) / 60_000;
  return Math.min(Math.max(minutes, 0), 24 * 60);
}

export interface Placed<T> {
  entry: T;
  top: number;
  height: number;
  column: number;
  columns: number;
}

/**
 * Timed entries of one day with their place: minutes from midnight, and which of how many
 * columns, so that entries overlapping in time sit side by side (one cluster shares a width).
 */
export function placeInDay<T extends Pick<Occurrence, 'startsAt' | 'endsAt'>>(entries: T[], day: string): Placed<T>[] {
  const items = entries
    .map((entry) => {
      const top = minutesInDay(entry.startsAt, day);
      const bottom = Math.max(minutesInDay(entry.endsAt, day), top + 15);
      return { entry, top, height: bottom - top, column: 0, columns: 1 };
    })
    .sort((a, b) => a.top - b.top || b.height - a.height);
  let cluster: typeof items = [];
  let clusterEnd = -1;
  const closeCluster = () => {
    const width = Math.max(0, ...cluster.map((item) => item.column + 1));
    for (const item of cluster) item.columns = width;
    cluster = [];
  };
  for (const item of items) {
    if (item.top >= clusterEnd) {
      closeCluster();
      clusterEnd = -1;
    }
    const taken = new Set(cluster.filter((other) => other.top + other.height > item.top).map((other) => other.column));
    let column = 0;
    while (taken.has(column)) column += 1;
    item.column = column;
    cluster.push(item);
    clusterEnd = Math.max(clusterEnd, item.top + item.height);
  }
  closeCluster();
  return items;
}

/** A moment moved by whole minutes, as an ISO time. */
export function plusMinutes(iso: string, minutes: number): string {
  return new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();
}

/** The same local time of day on another day (daylight saving kept right by the Date arithmetic). */
export function moveToDay(iso: string, fromDay: string, toDay: string): string {
  const date = new Date(iso);
  const days = Math.round((startOfDay(toDay).getTime() - startOfDay(fromDay).getTime()) / 86_400_000);
  date.setDate(date.getDate() + days);
  return date.toISOString();
}

/** The ISO week number (Kalenderwoche) of a day. */
export function isoWeek(day: string): number {
  const thursday = startOfDay(addDays(mondayOf(day), 3));
  const firstThursday = startOfDay(addDays(mondayOf(`${thursday.getFullYear()}-01-04`), 3));
  return 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
}
