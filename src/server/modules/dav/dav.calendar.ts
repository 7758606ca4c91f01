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

// The appointments module's etags are HTTP entity tags, quotes and all; the DAV server keeps
// them bare (dav_items, If-Match parsed) and quotes them when it answers.
const bare = (etag: string) => etag.replace(/^"(.*)"$/, '$1');
const quoted = (etag: string) => `"${etag}"`;

export const calendar: DavCollection = {
  name: 'calendar',
  home: 'calendars',
  slug: 'appointments',
  displayName: 'Farley',
  contentType: () => 'text/calendar; charset=utf-8',
  writable: true,
  async current(tx, actor) {
    const objects = await calendarEtags(tx, actor.userId);
    return sql`select * from unnest(${objects.map((o) => nameOf(o.uid))}::text[], ${objects.map((o) => bare(o.etag))}::text[]) as cur(href, etag)`;
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
    // The appointments module checks that the iCalendar's UID is the name's.
    const createOnly = expected === '*';
    const ifMatch = expected && !createOnly ? quoted(expected) : null;
    const result = await putCalendarObject(tx, actor, uid, body, ifMatch, createOnly);
    return { etag: bare(result.etag), created: result.created };
  },
  async remove(tx, actor, name, expected) {
    const uid = uidOf(name);
    if (!uid) return false;
    return deleteCalendarObject(tx, actor, uid, expected && expected !== '*' ? quoted(expected) : null);
  },
};
