// What the DAV server needs of a collection (the address book, the calendar): where it lives,
// what it holds now (for the change log of dav.sync.ts), and its objects' data.
import type { RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { CollectionName } from './dav.sync.ts';

export interface DavCollection {
  name: CollectionName;
  /** The home's path segment: /dav/<home>/<user id>/<slug>/. */
  home: 'addressbooks' | 'calendars';
  slug: string;
  displayName: string;
  /** The content type of an object; `variant` is the vCard version for address books. */
  contentType(variant: string): string;
  writable: boolean;
  /** What the collection holds now: a select of `href` (the object's name) and `etag`. */
  current(tx: Db, actor: Actor): Promise<RawBuilder<unknown>>;
  /** The data of the named objects that exist (name → vCard or iCalendar text). */
  read(tx: Db, actor: Actor, names: string[], variant: string): Promise<Map<string, string>>;
  /** The names of objects with an occurrence in the range (calendars). */
  inRange?(tx: Db, actor: Actor, start: Date | null, end: Date | null): Promise<string[]>;
  /** Creates or replaces an object; `expected`: null (no condition), '*' (must not exist) or an etag. */
  put?(
    tx: Db,
    actor: Actor,
    name: string,
    body: string,
    expected: string | null,
  ): Promise<{ etag: string; created: boolean }>;
  remove?(tx: Db, actor: Actor, name: string, expected: string | null): Promise<boolean>;
}
