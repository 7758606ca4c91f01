// Dates and times as the forms handle them: the formats a locale writes, the shortcuts
// (today, tomorrow, next week) and the default due time of a new task. Values stay what the
// forms keep: 'YYYY-MM-DD' for a day, 'YYYY-MM-DDTHH:mm' (local time) for a moment.
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';

dayjs.extend(customParseFormat);

const pad = (n: number) => String(n).padStart(2, '0');

/** The dayjs pattern of a day as this locale writes it: "DD.MM.YYYY" (de-DE), "DD/MM/YYYY" (en-GB), "MM/DD/YYYY" (en-US). */
export function dateFormat(locale: string): string {
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(
    new Date(2026, 11, 31),
  );
  const tokens: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = { day: 'DD', month: 'MM', year: 'YYYY' };
  return parts.map((part) => tokens[part.type] ?? (part.type === 'literal' ? part.value : '')).join('');
}

/** The dayjs pattern of a time: "HH:mm", or "h:mm A" where the locale counts twelve hours. */
export function timeFormat(locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hour12 ? 'h:mm A' : 'HH:mm';
}

/** A typed day or moment read in the locale's way or as ISO; null when it is none. */
export function parseTyped(text: string, locale: string, withTime: boolean): dayjs.Dayjs | null {
  const day = dateFormat(locale);
  // Short forms too: "3.12.2026", "3.12.26 9:30".
  const loose = day.replace('DD', 'D').replace('MM', 'M');
  const days = [day, loose, loose.replace('YYYY', 'YY'), 'YYYY-MM-DD'];
  const formats = withTime
    ? days.flatMap((d) => [`${d} ${timeFormat(locale)}`, `${d} HH:mm`, `${d} H:mm`, d]).concat('YYYY-MM-DDTHH:mm')
    : days;
  const parsed = dayjs(text.trim(), formats, true);
  return parsed.isValid() ? parsed : null;
}

export type Shortcut = 'today' | 'tomorrow' | 'nextWeek';
export const shortcuts: Shortcut[] = ['today', 'tomorrow', 'nextWeek'];

/** The day of a shortcut: today, tomorrow, or the Monday of next week (the start of a working week). */
export function shortcutDay(which: Shortcut, now = new Date()): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  if (which === 'tomorrow') day.setDate(day.getDate() + 1);
  if (which === 'nextWeek') day.setDate(day.getDate() + ((8 - day.getDay()) % 7 || 7));
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/**
 * When a new task is due unless the user says otherwise: tomorrow at 09:00, the start of the
 * next working morning, so a task made today shows among tomorrow's and is not overdue tonight.
 */
export function defaultDueAt(now = new Date()): string {
  return `${shortcutDay('tomorrow', now)}T09:00`;
}
