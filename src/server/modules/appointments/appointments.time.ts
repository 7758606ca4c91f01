// Recurrence. A series repeats in its own time zone, as
// iCalendar has it: 10:00 in Berlin stays 10:00 across the change to summer time, so a rule is
// expanded on local times (ical.js's iterator on floating times) and each occurrence turned into
// an instant afterwards, with the zone rules of the runtime's Intl.
import ICAL from 'ical.js';
import { AppError } from '../../platform/errors.ts';
import { type LocalTime, asUtc, instantOf, localOf } from '../../platform/zonedTime.ts';

function badRule(message: string): AppError {
  return new AppError(
    'invalid',
    `The recurrence rule cannot be used: ${message}`,
    [{ path: 'rrule', code: 'invalid', message }],
    undefined,
    'invalid_recurrence',
  );
}

const frequencies = new Set(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
/** How many occurrences a series may have when it says how many (COUNT). */
export const maxCount = 5000;
/** How many candidate dates the iterator may try before a rule is taken to match no date. */
const maxSteps = 20_000;

export interface Rule {
  recur: ICAL.Recur;
  months: Set<number> | null;
  monthDays: number[] | null;
}

/** Parses and checks an RRULE value: a known frequency, sane counts, and it can occur at all. */
export function parseRule(value: string, start: LocalTime): Rule {
  const cleaned = value.replace(/^RRULE:/i, '').trim();
  if (!/^[A-Z0-9=;,+\-:]+$/i.test(cleaned)) throw badRule('it holds characters an RRULE cannot have');
  let recur: ICAL.Recur;
  try {
    recur = ICAL.Recur.fromString(cleaned);
  } catch (error) {
    throw badRule(error instanceof Error ? error.message : String(error));
  }
  if (!frequencies.has(recur.freq)) {
    throw badRule(`FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not ${recur.freq || 'missing'}`);
  }
  if (recur.interval < 1 || recur.interval > 1000) throw badRule('INTERVAL must be between 1 and 1000');
  if (recur.count !== null && recur.count !== undefined && (recur.count < 1 || recur.count > maxCount)) {
    throw badRule(`COUNT must be between 1 and ${maxCount}`);
  }
  const parts = recur.parts as Record<string, number[] | undefined>;
  for (const key of ['BYSECOND', 'BYMINUTE', 'BYHOUR']) {
    if (parts[key]?.length) throw badRule(`${key} is not supported for appointments`);
  }
  const rule: Rule = {
    recur,
    months: parts.BYMONTH?.length ? new Set(parts.BYMONTH) : null,
    monthDays: parts.BYMONTHDAY?.length ? parts.BYMONTHDAY : null,
  };
  for (const day of rule.monthDays ?? []) {
    if (day === 0 || day < -31 || day > 31) throw badRule('BYMONTHDAY must be 1 to 31 or -31 to -1');
  }
  for (const month of rule.months ?? []) {
    if (month < 1 || month > 12) throw badRule('BYMONTH must be 1 to 12');
  }
  if (firstOccurrences(rule, start, 1).length === 0) throw badRule('it never occurs');
  return rule;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ical.js rolls a day that a month lacks (30 February) into the next month: such a date is no occurrence. */
function fits(rule: Rule, time: ICAL.Time): boolean {
  if (rule.months && !rule.months.has(time.month)) return false;
  if (rule.monthDays) {
    const length = daysInMonth(time.year, time.month);
    if (!rule.monthDays.some((d) => (d > 0 ? d === time.day : length + d + 1 === time.day))) return false;
  }
  return true;
}

function toIcal(local: LocalTime, isDate = false): ICAL.Time {
  return ICAL.Time.fromData({ ...local, isDate });
}

function fromIcal(time: ICAL.Time): LocalTime {
  return {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.hour,
    minute: time.minute,
    second: time.second,
  };
}

function firstOccurrences(rule: Rule, start: LocalTime, limit: number): LocalTime[] {
  const iterator = rule.recur.iterator(toIcal(start));
  const out: LocalTime[] = [];
  for (let step = 0; step < maxSteps && out.length < limit; step++) {
    const next = iterator.next();
    if (!next) break;
    if (fits(rule, next)) out.push(fromIcal(next));
  }
  return out;
}

/**
 * The local starts of a series' occurrences that begin before `until` (local, compared as UTC
 * numbers), at most `limit` of them. The series' first start counts as an occurrence, as
 * clients treat it, even when the rule would not produce it.
 */
export function occurrenceStarts(rule: Rule, start: LocalTime, until: number, limit = maxCount): LocalTime[] {
  const iterator = rule.recur.iterator(toIcal(start));
  const out: LocalTime[] = [start];
  const first = asUtc(start);
  for (let step = 0; step < maxSteps * 10 && out.length < limit; step++) {
    const next = iterator.next();
    if (!next) break;
    const local = fromIcal(next);
    const at = asUtc(local);
    if (at >= until) break;
    if (at === first || !fits(rule, next)) continue;
    out.push(local);
  }
  return out;
}

/** The end of the last occurrence of a series, or null when it repeats without end. */
export function seriesEnd(rule: Rule, start: LocalTime, zone: string, durationMs: number): Date | null {
  if (rule.recur.until) {
    const until = rule.recur.until;
    const last = until.isDate
      ? asUtc({ ...fromIcal(until), hour: 23, minute: 59, second: 59 })
      : until.zone === ICAL.Timezone.utcTimezone
        ? instantToLocalNumber(new Date(until.toUnixTime() * 1000), zone)
        : asUtc(fromIcal(until));
    const starts = occurrenceStarts(rule, start, last + 1);
    const final = starts[starts.length - 1];
    return new Date(instantOf(final, zone).getTime() + durationMs);
  }
  if (rule.recur.count) {
    const starts = occurrenceStarts(rule, start, Number.MAX_SAFE_INTEGER, rule.recur.count);
    const final = starts[starts.length - 1];
    return new Date(instantOf(final, zone).getTime() + durationMs);
  }
  return null;
}

function instantToLocalNumber(date: Date, zone: string): number {
  return asUtc(localOf(date, zone));
}

/**
 * The starts of the occurrences overlapping [from, to), as instants, at most `limit`. Only
 * occurrences whose wall time falls near the window are turned into instants (the costly part):
 * a wall time differs from its instant by less than a day.
 */
export function occurrencesBetween(
  rule: Rule,
  start: Date,
  zone: string,
  durationMs: number,
  from: Date,
  to: Date,
  limit = 2000,
): Date[] {
  const localStart = localOf(start, zone);
  const lower = instantToLocalNumber(from, zone) - 86_400_000 - durationMs;
  const upper = instantToLocalNumber(to, zone) + 86_400_000;
  const iterator = rule.recur.iterator(toIcal(localStart));
  const first = asUtc(localStart);
  const out: Date[] = [];
  const consider = (local: LocalTime) => {
    const at = instantOf(local, zone);
    if (at.getTime() + Math.max(durationMs, 1) <= from.getTime() || at.getTime() >= to.getTime()) return;
    out.push(at);
  };
  if (first >= lower && first < upper) consider(localStart);
  for (let step = 0; step < maxSteps * 10 && out.length < limit; step++) {
    const next = iterator.next();
    if (!next) break;
    const local = fromIcal(next);
    const at = asUtc(local);
    if (at >= upper) break;
    if (at < lower || at === first || !fits(rule, next)) continue;
    consider(local);
  }
  return out;
}
