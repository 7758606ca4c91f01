// The repetitions the form offers, to and from an iCalendar RRULE: none, daily, weekly (on
// chosen weekdays), every two weeks, monthly, yearly; ending never, after a number of times,
// or on a day. A rule the form cannot show (set by a phone, say) stays as it is unless the
// user picks another.

export const frequencies = ['none', 'daily', 'weekly', 'biweekly', 'monthly', 'yearly'] as const;
export type Frequency = (typeof frequencies)[number];
export const endings = ['never', 'count', 'until'] as const;
export type Ending = (typeof endings)[number];

/** iCalendar's weekdays, Monday first. */
export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof weekdays)[number];

export interface Recurrence {
  frequency: Frequency;
  /** For weekly repetitions: the days of the week; none means the start's weekday. */
  days: Weekday[];
  ending: Ending;
  count: number;
  /** The last day, 'YYYY-MM-DD'. */
  until: string;
}

export const noRecurrence: Recurrence = { frequency: 'none', days: [], ending: 'never', count: 10, until: '' };

const freq: Record<Exclude<Frequency, 'none'>, string> = {
  daily: 'FREQ=DAILY',
  weekly: 'FREQ=WEEKLY',
  biweekly: 'FREQ=WEEKLY;INTERVAL=2',
  monthly: 'FREQ=MONTHLY',
  yearly: 'FREQ=YEARLY',
};

/**
 * The RRULE of a recurrence; null for none. UNTIL is the end of the last day in UTC, so the
 * occurrence on that day is kept in every time zone west of Kiribati.
 */
export function toRrule(recurrence: Recurrence): string | null {
  if (recurrence.frequency === 'none') return null;
  const parts = [freq[recurrence.frequency]];
  const weekly = recurrence.frequency === 'weekly' || recurrence.frequency === 'biweekly';
  if (weekly && recurrence.days.length > 0)
    parts.push(`BYDAY=${weekdays.filter((day) => recurrence.days.includes(day)).join(',')}`);
  if (recurrence.ending === 'count') parts.push(`COUNT=${recurrence.count}`);
  if (recurrence.ending === 'until' && recurrence.until)
    parts.push(`UNTIL=${recurrence.until.replaceAll('-', '')}T235959Z`);
  return parts.join(';');
}

/** The form's recurrence of an RRULE; null when the form cannot show it. */
export function fromRrule(rrule: string | null | undefined): Recurrence | null {
  if (!rrule) return noRecurrence;
  const fields = new Map(
    rrule
      .toUpperCase()
      .split(';')
      .map((part) => part.split('=') as [string, string]),
  );
  const interval = fields.get('INTERVAL') ?? '1';
  const known = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'WKST', 'BYDAY']);
  if ([...fields.keys()].some((key) => !known.has(key))) return null;
  // Plain weekdays of a weekly rule only ("the 2nd Monday" is not the form's).
  const days = (fields.get('BYDAY') ?? '').split(',').filter(Boolean);
  if (days.some((day) => !(weekdays as readonly string[]).includes(day))) return null;
  if (days.length > 0 && fields.get('FREQ') !== 'WEEKLY') return null;
  let frequency: Frequency | null = null;
  const f = fields.get('FREQ');
  if (f === 'WEEKLY' && interval === '2') frequency = 'biweekly';
  else if (interval === '1' && f === 'DAILY') frequency = 'daily';
  else if (interval === '1' && f === 'WEEKLY') frequency = 'weekly';
  else if (interval === '1' && f === 'MONTHLY') frequency = 'monthly';
  else if (interval === '1' && f === 'YEARLY') frequency = 'yearly';
  if (!frequency) return null;
  const count = fields.get('COUNT');
  const until = fields.get('UNTIL');
  const base = { frequency, days: days as Weekday[] };
  if (count) return { ...base, ending: 'count', count: Number(count), until: '' };
  if (until) {
    const day = `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}`;
    return { ...base, ending: 'until', count: 10, until: day };
  }
  return { ...base, ending: 'never', count: 10, until: '' };
}
