// REPORT of the DAV server on a collection: multiget and query of the address book and the
// calendar (a calendar-query by time range), and sync-collection (RFC 6578) for both.
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/errors.ts';
import type { DavCollection } from './dav.collection.ts';
import { type Answer, DavError, objectResponses, requestedProps, snapshot, variantOf } from './dav.handlers.ts';
import { collectionPath, objectName } from './dav.paths.ts';
import { changesSince, currentItems, seqOfSyncToken, syncTokenOf, type Change } from './dav.sync.ts';
import {
  cal,
  card,
  child,
  childrenNamed,
  dav,
  element,
  escapeXml,
  multistatus,
  type DavResponse,
  type XmlElement,
} from './dav.xml.ts';

/** The name of an object from an href of a multiget (a path or a URL). */
function nameOfHref(href: string, base: string): string | null {
  let path = href.trim();
  try {
    if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
    if (!path.startsWith(base)) return null;
    const name = path.slice(base.length);
    return name && !name.includes('/') ? objectName(name) : null;
  } catch {
    return null;
  }
}

/** A CalDAV time (20261205T120000Z) as a Date; null when absent. */
function caldavTime(value: string | undefined): Date | null {
  if (!value) return null;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value.trim());
  if (!m) throw new DavError(400, cal('valid-filter'));
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/** The time-range of a calendar-query's filter, wherever it sits in the comp-filters. */
function timeRange(element: XmlElement | undefined): XmlElement | undefined {
  if (!element) return undefined;
  for (const c of element.children) {
    if (c.name === cal('time-range')) return c;
    const inner = timeRange(c);
    if (inner) return inner;
  }
  return undefined;
}

/** Whether a calendar-query asks for components other than events (to-dos, journals): none here. */
function asksForOtherComponents(filter: XmlElement | undefined): boolean {
  const calendarFilter = child(filter, cal('comp-filter'));
  const inner = childrenNamed(calendarFilter, cal('comp-filter'));
  return inner.some((c) => c.attributes.name && c.attributes.name.toUpperCase() !== 'VEVENT');
}

export async function report(
  tx: Db,
  actor: Actor,
  collection: DavCollection,
  root: XmlElement,
  accept: string | undefined,
): Promise<Answer> {
  const requested = requestedProps(root);
  const variant = variantOf(
    requested?.find((p) => p.name === card('address-data')),
    accept,
  );
  const base = collectionPath(collection, actor);
  const isCalendar = collection.name === 'calendar';
  const multiget = isCalendar ? cal('calendar-multiget') : card('addressbook-multiget');
  const query = isCalendar ? cal('calendar-query') : card('addressbook-query');
  if (root.name === multiget) {
    const asked = childrenNamed(root, dav('href')).map((h) => h.text);
    if (asked.length > 10_000) throw new AppError('bad_request', 'A multiget takes at most 10,000 hrefs.');
    // A phone's first sync fetches a big address book in many small multigets: they read the
    // objects asked for, and leave the whole collection's change log to the next sync.
    const names = asked.map((href) => nameOfHref(href, base)).filter((n): n is string => n !== null);
    const items = await currentItems(tx, await collection.current(tx, actor), names);
    const byName = new Map(items.map((i) => [i.href, i]));
    const responses: DavResponse[] = [];
    const wanted: Array<Change & { known: boolean }> = [];
    for (const href of asked) {
      const name = nameOfHref(href, base);
      const item = name ? byName.get(name) : undefined;
      if (item) wanted.push({ ...item, known: true });
      else responses.push({ href, status: 404 });
    }
    responses.push(...(await objectResponses(tx, actor, collection, wanted, requested, variant)));
    return { status: 207, body: multistatus(responses) };
  }
  if (root.name === query) {
    const { items } = await snapshot(tx, actor, collection);
    let chosen = items;
    if (isCalendar) {
      const filter = child(root, cal('filter'));
      if (asksForOtherComponents(filter)) chosen = [];
      const range = timeRange(filter);
      if (range && collection.inRange && chosen.length) {
        const names = new Set(
          await collection.inRange(tx, actor, caldavTime(range.attributes.start), caldavTime(range.attributes.end)),
        );
        chosen = chosen.filter((i) => names.has(i.href));
      }
    }
    // An address book query's filters are not applied: every card matches (RFC 6352 allows a
    // server to return more; clients filter what they show themselves).
    const responses = await objectResponses(
      tx,
      actor,
      collection,
      chosen.map((i) => ({ ...i, known: true })),
      requested,
      variant,
    );
    return { status: 207, body: multistatus(responses) };
  }
  if (root.name === dav('sync-collection')) {
    const tokenText = child(root, dav('sync-token'))?.text ?? '';
    const { seq, items } = await snapshot(tx, actor, collection);
    let changes: Change[] = items;
    if (tokenText !== '') {
      const since = seqOfSyncToken(tokenText);
      if (since === null || since > seq) throw new DavError(403, dav('valid-sync-token'));
      changes = await changesSince(tx, actor.userId, collection.name, since);
    }
    const responses = await objectResponses(
      tx,
      actor,
      collection,
      changes.map((c) => ({ ...c, known: true })),
      requested,
      variant,
    );
    return { status: 207, body: multistatus(responses, element(dav('sync-token'), escapeXml(syncTokenOf(seq)))) };
  }
  throw new DavError(403, dav('supported-report'));
}
