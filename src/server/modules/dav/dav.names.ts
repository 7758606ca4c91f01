// The names clients gave calendar objects. A client chooses the name of what it creates, and
// not always "<UID>.ics" (vdirsyncer takes a random one when the UID holds an @, iOS its own):
// it must find the object under that name afterwards, or it would see its object vanish and
// another appear. Objects created in Farley keep the default name.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { type CollectionName, lockCollection } from './dav.sync.ts';

/** The given names whose `column` is one of `values`. */
async function givenNames(
  tx: Db,
  userId: string,
  collection: CollectionName,
  column: 'uid' | 'href',
  values: string[],
) {
  if (values.length === 0) return [];
  return tx
    .selectFrom('dav_object_names')
    .select(['uid', 'href'])
    .where('user_id', '=', userId)
    .where('collection', '=', collection)
    .where(column, 'in', values)
    .execute();
}

/** The UIDs behind names clients gave (name → UID); names not given are not in the map. */
export async function uidsOfNames(tx: Db, userId: string, collection: CollectionName, names: string[]) {
  return new Map((await givenNames(tx, userId, collection, 'href', names)).map((r) => [r.href, r.uid]));
}

/** The names clients gave objects, by UID (UID → name). */
export async function namesOfUids(tx: Db, userId: string, collection: CollectionName, uids: string[]) {
  return new Map((await givenNames(tx, userId, collection, 'uid', uids)).map((r) => [r.uid, r.href]));
}

/** `current` of a collection whose objects are (UID, etag) pairs: each under its given name, or `fallback`. */
export function namedObjects(
  userId: string,
  collection: CollectionName,
  objects: Array<{ uid: string; name: string; etag: string }>,
) {
  return sql`
    select coalesce(n.href, o.name) as href, o.etag
    from unnest(${objects.map((o) => o.uid)}::text[], ${objects.map((o) => o.name)}::text[],
      ${objects.map((o) => o.etag)}::text[]) as o(uid, name, etag)
    left join dav_object_names n on n.workspace_id = farley_workspace() and n.user_id = ${userId}::uuid
      and n.collection = ${collection} and n.uid = o.uid`;
}

/** Keeps the name a client gave an object (null: the default name, nothing to keep). */
export async function nameObject(
  tx: Db,
  userId: string,
  collection: CollectionName,
  uid: string,
  href: string | null,
): Promise<void> {
  if (href === null) return forgetName(tx, userId, collection, uid);
  await lockCollection(tx, userId, collection);
  await tx
    .insertInto('dav_object_names')
    .values({ workspace_id: sql<string>`farley_workspace()`, user_id: userId, collection, uid, href })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id', 'collection', 'uid']).doUpdateSet({ href }))
    .execute();
}

export async function forgetName(tx: Db, userId: string, collection: CollectionName, uid: string): Promise<void> {
  await tx
    .deleteFrom('dav_object_names')
    .where('user_id', '=', userId)
    .where('collection', '=', collection)
    .where('uid', '=', uid)
    .execute();
}
