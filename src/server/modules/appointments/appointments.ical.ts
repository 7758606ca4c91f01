// Appointments as iCalendar (RFC 5545) and back: what invitations, the feed, downloads and
// CalDAV clients exchange. Written by hand like the vCards (same escaping and folding), read
// with ical.js. A series is one VEVENT with its RRULE and EXDATEs plus one VEVENT per changed
// occurrence (RECURRENCE-ID); cancelled occurrences travel as EXDATEs.
import ICAL from 'ical.js';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { isTimeZone } from '../../../contract/appointments.ts';
import type { AttendeeStatus } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { escapeText, fold } from '../exports/vcard.ts';
import { type LocalTime, asUtc, dayStart, instantOf, isoDay, localOf } from '../../platform/zonedTime.ts';
import { parseRule } from './appointments.time.ts';

export const defaultZone = 'Europe/Berlin';
/** A client may send at most this many VEVENTs (a series and its changed occurrences) in one object. */
export const maxEventsPerObject = 1000;

export interface EventData {
  title: string;
  description: string | null;
  location: string | null;
  startsAt: Date;
  endsAt: Date;
}

export interface OverrideData extends EventData {
  recurrenceId: Date;
  cancelled: boolean;
}

export interface AttendeeData {
  email: string;
  name: string | null;
  status: AttendeeStatus;
}

export interface SeriesData extends EventData {
  uid: string;
  timeZone: string;
  allDay: boolean;
  rrule: string | null;
  exdates: Date[];
  reminders: number[];
  status: 'tentative' | 'confirmed' | 'cancelled';
  sequence: number;
  organizer: { email: string; name: string | null } | null;
  attendees: AttendeeData[];
  overrides: OverrideData[];
  createdAt?: Date;
  updatedAt?: Date;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function basicLocal(local: LocalTime): string {
  return `${pad(local.year, 4)}${pad(local.month)}${pad(local.day)}T${pad(local.hour)}${pad(local.minute)}${pad(local.second)}`;
}

function basicUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function basicDate(day: string): string {
  return day.replace(/-/g, '');
}

/** DTSTART-like property: a date for all-day appointments, else local time with TZID (UTC with Z). */
function timeProperty(name: string, date: Date, series: Pick<SeriesData, 'allDay' | 'timeZone'>): string {
  if (series.allDay) return `${name};VALUE=DATE:${basicDate(isoDay(localOf(date, series.timeZone)))}`;
  if (series.timeZone === 'UTC' || series.timeZone === 'Etc/UTC') return `${name}:${basicUtc(date)}`;
  return `${name};TZID=${series.timeZone}:${basicLocal(localOf(date, series.timeZone))}`;
}

/** The end of an all-day appointment as iCalendar has it: the day after its last day. */
function allDayEnd(series: SeriesData, endsAt: Date): string {
  const last = localOf(endsAt, series.timeZone);
  const next = new Date(Date.UTC(last.year, last.month - 1, last.day + 1));
  return `DTEND;VALUE=DATE:${basicDate(next.toISOString().slice(0, 10))}`;
}

const partstat: Record<AttendeeStatus, string> = {
  'needs-action': 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  tentative: 'TENTATIVE',
  delegated: 'DELEGATED',
};

function quoted(value: string): string {
  return `"${value.replace(/["\r\n]/g, '')}"`;
}

function eventLines(series: SeriesData, event: EventData, extra: string[], stamp: Date): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${series.uid}`,
    `DTSTAMP:${basicUtc(stamp)}`,
    ...extra,
    series.allDay ? timeProperty('DTSTART', event.startsAt, series) : timeProperty('DTSTART', event.startsAt, series),
    series.allDay ? allDayEnd(series, event.endsAt) : timeProperty('DTEND', event.endsAt, series),
    `SUMMARY:${escapeText(event.title)}`,
    `SEQUENCE:${series.sequence}`,
    `STATUS:${series.status.toUpperCase()}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (series.createdAt) lines.push(`CREATED:${basicUtc(series.createdAt)}`);
  if (series.updatedAt) lines.push(`LAST-MODIFIED:${basicUtc(series.updatedAt)}`);
  if (series.organizer) {
    const cn = series.organizer.name ? `;CN=${quoted(series.organizer.name)}` : '';
    lines.push(`ORGANIZER${cn}:mailto:${series.organizer.email}`);
  }
  for (const attendee of series.attendees) {
    const cn = attendee.name ? `;CN=${quoted(attendee.name)}` : '';
    lines.push(
      `ATTENDEE${cn};ROLE=REQ-PARTICIPANT;PARTSTAT=${partstat[attendee.status]};RSVP=TRUE:mailto:${attendee.email}`,
    );
  }
  for (const minutes of series.reminders) {
    lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeText(event.title)}`);
    lines.push(`TRIGGER:-PT${minutes}M`, 'END:VALARM');
  }
  lines.push('END:VEVENT');
  return lines;
}

export interface CalendarOptions {
  /** METHOD of an iTIP message (invitation, cancellation, reply); none for stored objects and feeds. */
  method?: 'REQUEST' | 'CANCEL' | 'REPLY' | 'PUBLISH';
  name?: string;
  stamp?: Date;
}

/** The VTIMEZONE blocks for the zones used: clients that do not know IANA names need them. */
function timezoneBlocks(zones: Set<string>): string[] {
  const out: string[] = [];
  for (const zone of zones) {
    if (zone === 'UTC' || zone === 'Etc/UTC') continue;
    const block = tzlib_get_ical_block(zone)[0];
    if (block) out.push(...block.split(/\r\n/));
  }
  return out;
}

/** One or many appointments (a feed) as a VCALENDAR. */
export function toICalendar(all: SeriesData[], options: CalendarOptions = {}): string {
  const stamp = options.stamp ?? new Date();
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Farley//Farley CRM//DE', 'CALSCALE:GREGORIAN'];
  if (options.method) lines.push(`METHOD:${options.method}`);
  if (options.name) lines.push(`X-WR-CALNAME:${escapeText(options.name)}`, `NAME:${escapeText(options.name)}`);
  lines.push(...timezoneBlocks(new Set(all.filter((s) => !s.allDay).map((s) => s.timeZone))));
  for (const series of all) {
    const extra: string[] = [];
    if (series.rrule) extra.push(`RRULE:${series.rrule}`);
    const excluded = [...series.exdates, ...series.overrides.filter((o) => o.cancelled).map((o) => o.recurrenceId)];
    for (const date of excluded) extra.push(timeProperty('EXDATE', date, series));
    lines.push(...eventLines(series, series, extra, stamp));
    for (const override of series.overrides) {
      if (override.cancelled) continue;
      lines.push(
        ...eventLines(series, override, [timeProperty('RECURRENCE-ID', override.recurrenceId, series)], stamp),
      );
    }
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('');
}

export function invalidCalendar(message: string, path = 'ics'): AppError {
  return new AppError(
    'invalid',
    `The iCalendar data cannot be used: ${message}`,
    [{ path, code: 'invalid', message }],
    undefined,
    'invalid_icalendar',
  );
}

function unknownZone(tzid: string): AppError {
  return new AppError(
    'invalid',
    `The time zone "${tzid}" is not known to the server: use an IANA name like Europe/Berlin.`,
    [{ path: 'timeZone', code: 'invalid', message: `unknown time zone ${tzid}` }],
    undefined,
    'unknown_time_zone',
  );
}

/** Windows names Outlook and Exchange write as TZID, for the zones German-speaking users have. */
const windowsZones: Record<string, string> = {
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'GMT Standard Time': 'Europe/London',
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
};

/** The IANA zone a TZID names: itself, a Windows name, or a prefixed one (/mozilla.org/…/Europe/Berlin). */
function zoneOf(tzid: string): string {
  if (isTimeZone(tzid)) return tzid;
  if (windowsZones[tzid]) return windowsZones[tzid];
  const tail = /([A-Za-z_]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?)$/.exec(tzid)?.[1];
  if (tail && isTimeZone(tail)) return tail;
  throw unknownZone(tzid);
}

function wallTime(value: ICAL.Time): LocalTime {
  return {
    year: value.year,
    month: value.month,
    day: value.day,
    hour: value.hour,
    minute: value.minute,
    second: value.second,
  };
}

interface ReadTime {
  date: Date;
  allDay: boolean;
  zone: string | null;
}

function readTime(property: ICAL.Property | null, fallbackZone: string): ReadTime | null {
  if (!property) return null;
  const value = property.getFirstValue() as ICAL.Time | null;
  if (!value || typeof value !== 'object' || !('year' in value)) return null;
  const local = wallTime(value);
  if (!Number.isFinite(value.year) || value.year < 1900 || value.year > 2200) {
    throw invalidCalendar(`${property.name.toUpperCase()} is out of range`);
  }
  if (value.isDate) return { date: dayStart(isoDay(local), fallbackZone), allDay: true, zone: null };
  const tzid = property.getParameter('tzid') as string | undefined;
  if (tzid) {
    const zone = zoneOf(tzid);
    return { date: instantOf(local, zone), allDay: false, zone };
  }
  if (value.zone?.tzid === 'UTC' || value.toString().endsWith('Z')) {
    return {
      date: new Date(asUtc(local)),
      allDay: false,
      zone: 'UTC',
    };
  }
  // A floating time (no zone): taken in the zone the series or the server uses.
  return { date: instantOf(local, fallbackZone), allDay: false, zone: null };
}

function text(event: ICAL.Component, name: string, max: number): string | null {
  const value = event.getFirstPropertyValue(name);
  if (value === null || value === undefined) return null;
  const out = String(value).trim();
  if (out === '') return null;
  return out.slice(0, max);
}

function durationMs(event: ICAL.Component): number | null {
  const duration = event.getFirstPropertyValue('duration') as ICAL.Duration | null;
  return duration && typeof duration === 'object' && 'toSeconds' in duration ? duration.toSeconds() * 1000 : null;
}

function readEvent(event: ICAL.Component, zone: string): EventData & { allDay: boolean; zone: string | null } {
  const start = readTime(event.getFirstProperty('dtstart'), zone);
  if (!start) throw invalidCalendar('a VEVENT has no DTSTART');
  const end = readTime(event.getFirstProperty('dtend'), start.zone ?? zone);
  const duration = durationMs(event);
  let endsAt: Date;
  if (end) endsAt = end.date;
  else if (duration !== null) endsAt = new Date(start.date.getTime() + duration);
  else endsAt = start.allDay ? new Date(start.date.getTime() + 86_400_000) : start.date;
  if (start.allDay) {
    // iCalendar's all-day end is exclusive; Farley keeps the last day's start.
    endsAt = new Date(Math.max(start.date.getTime(), endsAt.getTime() - 86_400_000));
  }
  if (endsAt < start.date) throw invalidCalendar('a VEVENT ends before it starts');
  return {
    title: text(event, 'summary', 300) ?? '(ohne Titel)',
    description: text(event, 'description', 100_000),
    location: text(event, 'location', 1000),
    startsAt: start.date,
    endsAt,
    allDay: start.allDay,
    zone: start.zone,
  };
}

const statuses: Record<string, AttendeeStatus> = {
  'NEEDS-ACTION': 'needs-action',
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  TENTATIVE: 'tentative',
  DELEGATED: 'delegated',
};

function address(value: unknown): string | null {
  const raw = String(value ?? '')
    .replace(/^mailto:/i, '')
    .trim();
  return /^[^\s@]+@[^\s@]+$/.test(raw) && raw.length <= 320 ? raw.toLowerCase() : null;
}

function attendeesOf(event: ICAL.Component): AttendeeData[] {
  const seen = new Map<string, AttendeeData>();
  for (const property of event.getAllProperties('attendee')) {
    const email = address(property.getFirstValue());
    if (!email) continue;
    const cn = property.getParameter('cn');
    const status =
      statuses[String(property.getParameter('partstat') ?? 'NEEDS-ACTION').toUpperCase()] ?? 'needs-action';
    seen.set(email, { email, name: typeof cn === 'string' && cn.trim() ? cn.trim().slice(0, 300) : null, status });
  }
  return [...seen.values()].slice(0, 200);
}

function remindersOf(event: ICAL.Component): number[] {
  const out: number[] = [];
  for (const alarm of event.getAllSubcomponents('valarm')) {
    const trigger = alarm.getFirstPropertyValue('trigger') as ICAL.Duration | null;
    if (!trigger || typeof trigger !== 'object' || !('toSeconds' in trigger)) continue;
    const minutes = Math.round(-trigger.toSeconds() / 60);
    if (minutes >= 0 && minutes <= 40_320) out.push(minutes);
  }
  return [...new Set(out)].slice(0, 5);
}

export interface ParsedCalendar {
  method: string | null;
  series: SeriesData;
}

/** Parses text into its components, with a clear error for anything that is no iCalendar. */
export function parseComponent(source: string): ICAL.Component {
  if (!/^\s*BEGIN:VCALENDAR/i.test(source)) throw invalidCalendar('it does not start with BEGIN:VCALENDAR');
  try {
    const parsed = ICAL.parse(source);
    const root = new ICAL.Component(Array.isArray(parsed[0]) ? parsed[0] : parsed);
    if (root.name !== 'vcalendar') throw invalidCalendar('it is no VCALENDAR');
    return root;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalidCalendar(error instanceof Error ? error.message : String(error));
  }
}

/**
 * One calendar object resource (CalDAV) or iTIP message as a series: exactly one UID, a master
 * VEVENT, its changed occurrences. Anything Farley cannot keep faithfully is refused with a
 * clear message rather than stored half.
 */
export function fromICalendar(source: string): ParsedCalendar {
  const root = parseComponent(source);
  const events = root.getAllSubcomponents('vevent');
  if (events.length === 0)
    throw invalidCalendar('it holds no VEVENT (Farley keeps appointments, not tasks or journals)');
  if (events.length > maxEventsPerObject) {
    throw invalidCalendar(`it holds ${events.length} events; one object may hold at most ${maxEventsPerObject}`);
  }
  const uids = new Set(events.map((e) => String(e.getFirstPropertyValue('uid') ?? '')));
  if (uids.size !== 1) throw invalidCalendar('all VEVENTs of one object must share one UID');
  const uid = [...uids][0];
  if (!uid || uid.length > 255) throw invalidCalendar('a VEVENT needs a UID of at most 255 characters');
  const master = events.find((e) => !e.hasProperty('recurrence-id'));
  if (!master) throw invalidCalendar('it holds only changed occurrences, no series');
  if (events.filter((e) => !e.hasProperty('recurrence-id')).length > 1) {
    throw invalidCalendar('it holds two events without RECURRENCE-ID');
  }
  const startTzid = master.getFirstProperty('dtstart')?.getParameter('tzid') as string | undefined;
  const zone = startTzid ? zoneOf(startTzid) : defaultZone;
  const head = readEvent(master, zone);
  const timeZone = head.zone && head.zone !== 'UTC' ? head.zone : head.zone === 'UTC' ? 'UTC' : zone;
  const rruleValue = master.getFirstPropertyValue('rrule') as ICAL.Recur | null;
  const rrule = rruleValue ? rruleValue.toString() : null;
  if (master.getAllProperties('rrule').length > 1) throw invalidCalendar('Farley keeps one RRULE per series');
  if (rrule) parseRule(rrule, localOf(head.startsAt, timeZone));
  const exdates: Date[] = [];
  for (const property of master.getAllProperties('exdate')) {
    for (const value of property.getValues() as ICAL.Time[]) {
      const tzid = property.getParameter('tzid') as string | undefined;
      const local = wallTime(value);
      if (value.isDate) exdates.push(dayStart(isoDay(local), timeZone));
      else if (tzid) exdates.push(instantOf(local, zoneOf(tzid)));
      else if (value.zone?.tzid === 'UTC') exdates.push(new Date(asUtc(local)));
      else exdates.push(instantOf(local, timeZone));
    }
  }
  if (exdates.length > maxEventsPerObject) throw invalidCalendar(`at most ${maxEventsPerObject} EXDATEs`);
  const overrides: OverrideData[] = [];
  for (const event of events) {
    if (event === master) continue;
    const recurrence = readTime(event.getFirstProperty('recurrence-id'), timeZone);
    if (!recurrence) throw invalidCalendar('a RECURRENCE-ID is not a date or time');
    const data = readEvent(event, timeZone);
    const cancelled = String(event.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
    overrides.push({ ...data, recurrenceId: recurrence.date, cancelled });
  }
  const statusValue = String(master.getFirstPropertyValue('status') ?? 'CONFIRMED').toLowerCase();
  const organizer = master.getFirstProperty('organizer');
  const organizerEmail = organizer ? address(organizer.getFirstValue()) : null;
  const organizerName = organizer?.getParameter('cn');
  const sequence = Number(master.getFirstPropertyValue('sequence') ?? 0);
  const method = root.getFirstPropertyValue('method');
  return {
    method: method ? String(method).toUpperCase() : null,
    series: {
      uid,
      title: head.title,
      description: head.description,
      location: head.location,
      startsAt: head.startsAt,
      endsAt: head.endsAt,
      timeZone,
      allDay: head.allDay,
      rrule,
      exdates,
      reminders: remindersOf(master),
      status: statusValue === 'tentative' || statusValue === 'cancelled' ? statusValue : 'confirmed',
      sequence: Number.isInteger(sequence) && sequence >= 0 && sequence < 1_000_000 ? sequence : 0,
      organizer: organizerEmail
        ? { email: organizerEmail, name: typeof organizerName === 'string' ? organizerName : null }
        : null,
      attendees: attendeesOf(master),
      overrides,
    },
  };
}
