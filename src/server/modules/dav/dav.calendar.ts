// The CalDAV calendar of a user: their appointments, read and written through the
// appointments module (appointments.dav.ts), which owns iCalendar and its rules. An object's
// name is its UID, URL-encoded, with ".ics".
import { sql } from 'kysely';
import { AppError } from '../../platform/errors.ts';
import {
  calendarEtags,
  calendarObjects,
  calendarObjectsInRange,
  deleteCalendarObject,
  putCalendarObject,
} from '../appointments/appointments.dav.ts';
import type { DavCollection } from './dav.collection.ts';

const nameOf = (uid: string) => `${encodeURIComponent(uid)}.ics`;

/** The UID an object name stands for, or null when the name is not one of ours. */
function uidOf(name: string): string | null {
  if (!name.endsWith('.ics')) return null;
  try {
    const uid = decodeURIComponent(name.slice(0, -4));
    return uid === '' ? null : uid;
  } catch {
    return null;
  }
}

/** The UID inside an iCalendar text (its first, unfolded), to check it against the name. */
function uidInside(ics: string): string | null {
  const unfolded = ics.replace(/\r?\n[ \t]/g, '');
  return /^UID[^:\r\n]*:(.*)$/m.exec(unfolded)?.[1]?.trim() ?? null;
}

export const calendar: DavCollection = {
  name: 'calendar',
  home: 'calendars',
  slug: 'appointments',
  displayName: 'Farley',
  contentType: () => 'text/calendar; charset=utf-8',
  writable: true,
  async current(tx, actor) {
    const objects = await calendarEtags(tx, actor.userId);
    return sql`select * from unnest(${objects.map((o) => nameOf(o.uid))}::text[], ${objects.map((o) => o.etag)}::text[]) as cur(href, etag)`;
  },
  async read(tx, actor, names) {
    const uids = names.map(uidOf).filter((uid): uid is string => uid !== null);
    const objects = await calendarObjects(tx, actor.userId, uids);
    return new Map(objects.map((o) => [nameOf(o.uid), o.ics]));
  },
  async inRange(tx, actor, start, end) {
    return (await calendarObjectsInRange(tx, actor.userId, start, end)).map(nameOf);
  },
  async put(tx, actor, name, body, expected) {
    const uid = uidOf(name);
    if (!uid) throw new AppError('bad_request', 'A calendar object is named <UID>.ics.');
    const inside = uidInside(body);
    // A client that names the object other than its UID would find it under another name
    // after the next sync, and might upload it again: refused before anything is stored.
    if (inside !== null && inside !== uid)
      throw new AppError('bad_request', `The object's name says UID ${uid}, its iCalendar says ${inside}.`);
    return putCalendarObject(tx, actor, uid, body, expected);
  },
  async remove(tx, actor, name, expected) {
    const uid = uidOf(name);
    if (!uid) return false;
    return deleteCalendarObject(tx, actor, uid, expected === '*' ? null : expected);
  },
};
