// Where the DAV server's resources live, and which one a path names for a caller:
// /dav/principals/<user>/, /dav/addressbooks/<user>/contacts/<contact id>.vcf and
// /dav/calendars/<user>/appointments/<uid>.ics. Another user's paths do not exist.
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { addressBook } from './dav.addressbook.ts';
import { calendar } from './dav.calendar.ts';
import type { DavCollection } from './dav.collection.ts';

export { addressBook, calendar };
export const davRoot = '/dav/';
export const collections: DavCollection[] = [addressBook, calendar];

export type Target =
  | { kind: 'root' }
  | { kind: 'principal' }
  | { kind: 'home'; collection: DavCollection }
  | { kind: 'collection'; collection: DavCollection }
  | { kind: 'object'; collection: DavCollection; name: string };

export const principalPath = (actor: Actor) => `${davRoot}principals/${actor.userId}/`;
export const homePath = (collection: DavCollection, actor: Actor) => `${davRoot}${collection.home}/${actor.userId}/`;
export const collectionPath = (collection: DavCollection, actor: Actor) =>
  `${homePath(collection, actor)}${collection.slug}/`;

/**
 * An object's name as the server spells it: decoded, then encoded again, so that "a@b.ics" and
 * "a%40b.ics" are one object.
 */
export function objectName(segment: string): string {
  return encodeURIComponent(decodeURIComponent(segment));
}

/** The resource a path names for this caller, or null (another user's paths included). */
export function resolve(path: string, actor: Actor): Target | null {
  if (!path.startsWith('/dav')) return null;
  let segments: string[];
  try {
    segments = path
      .slice(4)
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
  } catch {
    throw new AppError('bad_request', 'The path is not valid: check its %-escapes.');
  }
  if (segments.length === 0) return { kind: 'root' };
  const [first, user, slug, name, ...rest] = segments;
  if (user !== actor.userId || rest.length) return null;
  if (first === 'principals') return slug === undefined ? { kind: 'principal' } : null;
  const collection = collections.find((c) => c.home === first);
  if (!collection) return null;
  if (slug === undefined) return { kind: 'home', collection };
  if (slug !== collection.slug) return null;
  if (name === undefined) return { kind: 'collection', collection };
  return { kind: 'object', collection, name: encodeURIComponent(name) };
}
