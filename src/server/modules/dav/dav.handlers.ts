// PROPFIND and PROPPATCH of the DAV server: which properties each resource has, and the
// object responses the reports share (dav.reports.ts). A collection's change log is brought
// up to date first (dav.sync.ts), so etags, ctag and sync token agree with what is served.
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/errors.ts';
import type { DavCollection } from './dav.collection.ts';
import { addressBook, calendar, collectionPath, homePath, principalPath, type Target } from './dav.paths.ts';
import { emailOf } from './dav.repository.ts';
import { liveItems, refresh, syncTokenOf, type Change } from './dav.sync.ts';
import {
  cal,
  card,
  child,
  cs,
  dav,
  element,
  escapeXml,
  hrefXml,
  multistatus,
  type DavResponse,
  type XmlElement,
} from './dav.xml.ts';

export interface Answer {
  status: number;
  body: string;
  type?: string;
  headers?: Record<string, string>;
}

/** A refusal with a DAV precondition (RFC 4918 16), answered as a DAV:error body. */
export class DavError extends Error {
  constructor(
    readonly status: number,
    readonly condition: string,
    readonly content = '',
  ) {
    super(condition);
  }

  /** A write to a read-only resource (RFC 3744 7.1.1). */
  static needPrivileges(path: string): DavError {
    const resource = element(dav('resource'), hrefXml(path) + element(dav('privilege'), element(dav('write'))));
    return new DavError(403, dav('need-privileges'), resource);
  }
}

const privilegeXml = (writable: boolean) =>
  (writable
    ? ['read', 'write', 'write-content', 'bind', 'unbind', 'read-current-user-privilege-set']
    : ['read', 'read-current-user-privilege-set']
  )
    .map((p) => element(dav('privilege'), element(dav(p))))
    .join('');

const maxResourceSize = String(1024 * 1024);

type Props = Record<string, () => Promise<string> | string>;

/** What every resource tells about its caller. */
function callerProps(actor: Actor, writable: boolean): Props {
  return {
    [dav('current-user-principal')]: () => hrefXml(principalPath(actor)),
    [dav('owner')]: () => hrefXml(principalPath(actor)),
    [dav('current-user-privilege-set')]: () => privilegeXml(writable),
  };
}

function homeSets(collections: { addressBook: string; calendar: string }): Props {
  return {
    [card('addressbook-home-set')]: () => hrefXml(collections.addressBook),
    [cal('calendar-home-set')]: () => hrefXml(collections.calendar),
  };
}

/** The state of a collection after bringing its change log up to date. */
interface Snapshot {
  seq: number;
  items: Change[];
}

export async function snapshot(tx: Db, actor: Actor, collection: DavCollection): Promise<Snapshot> {
  const seq = await refresh(tx, actor.userId, collection.name, await collection.current(tx, actor));
  return { seq, items: await liveItems(tx, actor.userId, collection.name) };
}

function collectionProps(actor: Actor, collection: DavCollection, state: () => Promise<Snapshot>): Props {
  const isCalendar = collection.name === 'calendar';
  const kind = isCalendar ? element(cal('calendar')) : element(card('addressbook'));
  const reports = isCalendar
    ? [cal('calendar-multiget'), cal('calendar-query'), dav('sync-collection')]
    : [card('addressbook-multiget'), card('addressbook-query'), dav('sync-collection')];
  return {
    ...callerProps(actor, collection.writable),
    [dav('resourcetype')]: () => element(dav('collection')) + kind,
    [dav('displayname')]: () => escapeXml(collection.displayName),
    [cs('getctag')]: async () => escapeXml(syncTokenOf((await state()).seq)),
    [dav('sync-token')]: async () => escapeXml(syncTokenOf((await state()).seq)),
    [dav('supported-report-set')]: () =>
      reports.map((r) => element(dav('supported-report'), element(dav('report'), element(r)))).join(''),
    ...(isCalendar
      ? {
          [cal('supported-calendar-component-set')]: () => '<cal:comp name="VEVENT"/>',
          [cal('supported-calendar-data')]: () => '<cal:calendar-data content-type="text/calendar" version="2.0"/>',
          [cal('max-resource-size')]: () => maxResourceSize,
        }
      : {
          [card('supported-address-data')]: () =>
            '<card:address-data-type content-type="text/vcard" version="3.0"/>' +
            '<card:address-data-type content-type="text/vcard" version="4.0"/>',
          [card('max-resource-size')]: () => maxResourceSize,
        }),
  };
}

/** The data variant a request asks for: the vCard version of address-data (default 3.0, as iOS wants). */
export function variantOf(dataProp: XmlElement | undefined, accept: string | undefined): string {
  const version = dataProp?.attributes.version ?? /version\s*=\s*"?([\d.]+)/.exec(accept ?? '')?.[1];
  return version === '4.0' ? '4.0' : '3.0';
}

const dataPropName = (collection: DavCollection) =>
  collection.name === 'calendar' ? cal('calendar-data') : card('address-data');

/** Responses for objects of a collection: the requested props of each, data read in one go. */
export async function objectResponses(
  tx: Db,
  actor: Actor,
  collection: DavCollection,
  items: Array<Change & { known: boolean }>,
  requested: XmlElement[] | null,
  variant: string,
): Promise<DavResponse[]> {
  const base = collectionPath(collection, actor);
  const names = requested ? requested.map((p) => p.name) : [dav('getetag'), dav('getcontenttype'), dav('resourcetype')];
  const wantsData = names.includes(dataPropName(collection));
  const live = items.filter((i) => i.known && !i.deleted);
  const data = wantsData
    ? await collection.read(
        tx,
        actor,
        live.map((i) => i.href),
        variant,
      )
    : new Map<string, string>();
  return items.map((item) => {
    const href = `${base}${item.href}`;
    if (!item.known || item.deleted || (wantsData && !data.has(item.href))) return { href, status: 404 };
    const found: Array<[string, string]> = [];
    const missing: string[] = [];
    for (const name of names) {
      if (name === dav('getetag')) found.push([name, escapeXml(`"${item.etag}"`)]);
      else if (name === dav('getcontenttype')) found.push([name, escapeXml(collection.contentType(variant))]);
      else if (name === dav('resourcetype')) found.push([name, '']);
      else if (name === dataPropName(collection)) found.push([name, escapeXml(data.get(item.href)!)]);
      else missing.push(name);
    }
    return { href, found, missing };
  });
}

/** Props of a non-object resource: the requested ones (or all), found or missing. */
async function propsResponse(href: string, props: Props, requested: XmlElement[] | null): Promise<DavResponse> {
  const found: Array<[string, string]> = [];
  const missing: string[] = [];
  for (const name of requested ? requested.map((p) => p.name) : Object.keys(props)) {
    const value = props[name];
    if (value) found.push([name, await value()]);
    else missing.push(name);
  }
  return { href, found, missing };
}

/** The props a PROPFIND or REPORT asks for; null for all (allprop, or no body). */
export function requestedProps(root: XmlElement | null): XmlElement[] | null {
  const prop = child(root, dav('prop'));
  return prop ? prop.children : null;
}

export async function propfind(
  tx: Db,
  actor: Actor,
  target: Target,
  root: XmlElement | null,
  depthHeader: string | string[] | undefined,
): Promise<Answer> {
  if (root && root.name !== dav('propfind'))
    throw new AppError('bad_request', 'PROPFIND takes a DAV:propfind body.', undefined, undefined, 'invalid_xml');
  const depth = depthHeader === '0' ? 0 : 1;
  const requested = requestedProps(root);
  const homes = { addressBook: homePath(addressBook, actor), calendar: homePath(calendar, actor) };
  const principal = principalPath(actor);
  const responses: DavResponse[] = [];
  const principalProps: Props = {
    ...callerProps(actor, false),
    ...homeSets(homes),
    [dav('principal-URL')]: () => hrefXml(principal),
    [dav('displayname')]: () => 'Farley',
    // Calendar clients (iOS) recognise their user among an appointment's attendees by it.
    [cal('calendar-user-address-set')]: async () => hrefXml(`mailto:${await emailOf(tx, actor.userId)}`),
  };
  switch (target.kind) {
    case 'root':
      responses.push(
        await propsResponse(
          '/dav/',
          { ...principalProps, [dav('resourcetype')]: () => element(dav('collection')) },
          requested,
        ),
      );
      break;
    case 'principal':
      responses.push(
        await propsResponse(
          principal,
          {
            ...principalProps,
            [dav('resourcetype')]: () => element(dav('collection')) + element(dav('principal')),
          },
          requested,
        ),
      );
      break;
    case 'home': {
      const { collection } = target;
      responses.push(
        await propsResponse(
          homePath(collection, actor),
          { ...callerProps(actor, false), [dav('resourcetype')]: () => element(dav('collection')) },
          requested,
        ),
      );
      if (depth === 1) {
        const state = memo(() => snapshot(tx, actor, collection));
        responses.push(
          await propsResponse(collectionPath(collection, actor), collectionProps(actor, collection, state), requested),
        );
      }
      break;
    }
    case 'collection': {
      const { collection } = target;
      const state = memo(() => snapshot(tx, actor, collection));
      responses.push(
        await propsResponse(collectionPath(collection, actor), collectionProps(actor, collection, state), requested),
      );
      if (depth === 1) {
        const items = (await state()).items.map((i) => ({ ...i, known: true }));
        responses.push(...(await objectResponses(tx, actor, collection, items, requested, '3.0')));
      }
      break;
    }
    case 'object': {
      const { collection, name } = target;
      const { items } = await snapshot(tx, actor, collection);
      const item = items.find((i) => i.href === name);
      if (!item) return { status: 404, body: '' };
      responses.push(...(await objectResponses(tx, actor, collection, [{ ...item, known: true }], requested, '3.0')));
      break;
    }
  }
  return { status: 207, body: multistatus(responses) };
}

function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/**
 * PROPPATCH: nothing of a collection is the client's to change (its name and colour come from
 * Farley), so every property is refused with 403 in a multistatus, which clients (iOS sets a
 * calendar's colour) take in their stride, where a 405 for the method makes some give up.
 */
export function proppatch(href: string, root: XmlElement | null): Answer {
  if (root?.name !== dav('propertyupdate'))
    throw new AppError(
      'bad_request',
      'PROPPATCH takes a DAV:propertyupdate body.',
      undefined,
      undefined,
      'invalid_xml',
    );
  const refused = root.children.flatMap((change) => child(change, dav('prop'))?.children ?? []).map((p) => p.name);
  return { status: 207, body: multistatus([{ href, refused }]) };
}
