// The CalDAV calendar of a user: their appointments, read and written through the
// appointments module (appointments.dav.ts), which owns iCalendar and its rules. An object is
// named "<UID>.ics" (URL-encoded), or as the client named it when it created it (dav.names.ts).
import { AppError } from '../../platform/errors.ts';
import {
  calendarEtags,
  calendarObjects,
  calendarObjectsInRange,
  deleteCalendarObject,
  putCalendarObject,
} from '../appointments/appointments.dav.ts';
import type { DavCollection } from './dav.collection.ts';
import { forgetName, nameObject, namedObjects, namesOfUids, uidsOfNames } from './dav.names.ts';

const defaultName = (uid: string) => `${encodeURIComponent(uid)}.ics`;

/** The UID a default name stands for, or null when the name is not one. */
function uidOfDefaultName(name: string): string | null {
  if (!name.endsWith('.ics')) return null;
  try {
    const uid = decodeURIComponent(name.slice(0, -4));
    return uid === '' ? null : uid;
  } catch {
    return null;
  }
}

/** The UID inside an iCalendar text (the first, unfolded): what a new object is known by. */
function uidInside(ics: string): string | null {
  const unfolded = ics.replace(/\r?\n[ \t]/g, '');
  return /^UID(?:;[^:\r\n]*)?:(.+)$/m.exec(unfolded)?.[1]?.trim() || null;
}

// The appointments module's etags are HTTP entity tags, quotes and all; the DAV server keeps
// them bare (dav_items, If-Match parsed) and quotes them when it answers.
const bare = (etag: string) => etag.replace(/^"(.*)"$/, '$1');
const quoted = (etag: string) => `"${etag}"`;

/** The UIDs of object names: the names clients gave first, else the default names'. */
async function uidsOf(tx: Parameters<typeof uidsOfNames>[0], userId: string, names: string[]) {
  const given = await uidsOfNames(tx, userId, 'calendar', names);
  return new Map(
    names.flatMap((name) => {
      const uid = given.get(name) ?? uidOfDefaultName(name);
      return uid ? [[name, uid] as const] : [];
    }),
  );
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
    return namedObjects(
      actor.userId,
      'calendar',
      objects.map((o) => ({ uid: o.uid, name: defaultName(o.uid), etag: bare(o.etag) })),
    );
  },
  async read(tx, actor, names) {
    const uids = await uidsOf(tx, actor.userId, names);
    const objects = await calendarObjects(tx, actor.userId, [...new Set(uids.values())]);
    const byUid = new Map(objects.map((o) => [o.uid, o.ics]));
    const data = new Map<string, string>();
    for (const [name, uid] of uids) {
      const ics = byUid.get(uid);
      if (ics !== undefined) data.set(name, ics);
    }
    return data;
  },
  async inRange(tx, actor, start, end) {
    const uids = await calendarObjectsInRange(tx, actor.userId, start, end);
    const given = await namesOfUids(tx, actor.userId, 'calendar', uids);
    return uids.map((uid) => given.get(uid) ?? defaultName(uid));
  },
  async put(tx, actor, name, body, expected) {
    if (!name.endsWith('.ics')) throw new AppError('bad_request', 'A calendar object is named <name>.ics.');
    // An existing object keeps its UID; a new one is known by the UID inside (the appointments
    // module checks that the two agree, and refuses iCalendar without one).
    const uid =
      (await uidsOfNames(tx, actor.userId, 'calendar', [name])).get(name) ?? uidInside(body) ?? uidOfDefaultName(name);
    if (!uid) throw new AppError('bad_request', 'The calendar object has no UID.');
    const createOnly = expected === '*';
    const ifMatch = expected && !createOnly ? quoted(expected) : null;
    const result = await putCalendarObject(tx, actor, uid, body, ifMatch, createOnly);
    await nameObject(tx, actor.userId, 'calendar', uid, name === defaultName(uid) ? null : name);
    return { etag: bare(result.etag), created: result.created };
  },
  async remove(tx, actor, name, expected) {
    const uid = (await uidsOf(tx, actor.userId, [name])).get(name);
    if (!uid) return false;
    const removed = await deleteCalendarObject(tx, actor, uid, expected && expected !== '*' ? quoted(expected) : null);
    if (removed) await forgetName(tx, actor.userId, 'calendar', uid);
    return removed;
  },
};
