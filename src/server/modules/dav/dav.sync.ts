// Sync tokens (RFC 6578) for any DAV collection: what the collection holds now, as (href, etag)
// rows from SQL, is diffed against what it held when last looked at (dav_items), in SQL and
// set-based (10,000 contacts cost one statement, not 10,000): a new or changed object gets the
// collection's next sequence number, one that is gone is kept as deleted with it. A sync token
// names a sequence number; what changed since is every item with a higher one.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export type CollectionName = 'contacts' | 'calendar';

export interface Change {
  href: string;
  etag: string;
  deleted: boolean;
}

/** The sync token of a sequence number: a URI, as RFC 6578 asks. */
export const syncTokenOf = (seq: string | number) => `http://farley.example/ns/sync/${seq}`;

/** The sequence number of a sync token, or null when it is not one of ours. */
export function seqOfSyncToken(token: string): number | null {
  const match = /^http:\/\/farley\.example\/ns\/sync\/(\d{1,15})$/.exec(token.trim());
  return match ? Number(match[1]) : null;
}

/** The collection's settings row, created on first use; locked until the transaction ends. */
export async function lockCollection(tx: Db, userId: string, collection: CollectionName) {
  return tx
    .insertInto('dav_collections')
    .values({ workspace_id: sql<string>`farley_workspace()`, user_id: userId, collection })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'user_id', 'collection']).doUpdateSet({ seq: sql`dav_collections.seq` }),
    )
    .returning(['seq', 'view_id'])
    .executeTakeFirstOrThrow();
}

/**
 * Brings the change log of a collection up to date with `current` (a select of text columns
 * `href` and `etag`) and returns the collection's sequence number after it. The collection's
 * row stays locked to the end of the transaction, so two refreshes of one collection never
 * hand out the same number.
 */
export async function refresh(
  tx: Db,
  userId: string,
  collection: CollectionName,
  current: RawBuilder<unknown>,
): Promise<number> {
  const { seq } = await lockCollection(tx, userId, collection);
  const next = Number(seq) + 1;
  // One full join of what is against what was: PostgreSQL runs a full join as a hash or merge
  // join, never as a nested loop, so the diff stays linear whatever the planner estimates of a
  // collection it has no statistics for yet. Only the differences are written (PostgreSQL runs
  // every data-modifying CTE, referenced or not).
  const { rows } = await sql<{ changed: number }>`
    with cur as (${current}),
    diff as (
      select coalesce(cur.href, was.href) as href, cur.etag
      from cur
      full join (
        select href, etag, deleted from dav_items
        where workspace_id = farley_workspace() and user_id = ${userId}::uuid and collection = ${collection}
      ) was on was.href = cur.href
      where was.href is null or (cur.href is null and not was.deleted) or was.etag <> cur.etag or was.deleted),
    written as (
      insert into dav_items (workspace_id, user_id, collection, href, etag, seq, deleted)
      select farley_workspace(), ${userId}::uuid, ${collection}, href, etag, ${next}, false
      from diff where etag is not null
      on conflict (workspace_id, user_id, collection, href) do update
        set etag = excluded.etag, seq = excluded.seq, deleted = false
      returning 1),
    gone as (
      update dav_items d set deleted = true, seq = ${next}
      from diff
      where diff.etag is null and d.workspace_id = farley_workspace() and d.user_id = ${userId}::uuid
        and d.collection = ${collection} and d.href = diff.href
      returning 1),
    bumped as (
      update dav_collections set seq = ${next}
      where workspace_id = farley_workspace() and user_id = ${userId}::uuid and collection = ${collection}
        and exists (select 1 from diff)
      returning 1)
    select (select count(*) from bumped)::int as changed`.execute(tx);
  return rows[0].changed > 0 ? next : Number(seq);
}

/**
 * Some objects of `current` as they are now, without a refresh: what a multiget or a GET
 * needs. The names' filter goes into the select, so only their etags are computed; their
 * changes reach the change log with the next refresh all the same.
 */
export async function currentItems(tx: Db, current: RawBuilder<unknown>, names: string[]): Promise<Change[]> {
  if (names.length === 0) return [];
  const { rows } = await sql<{ href: string; etag: string }>`
    select cur.href, cur.etag from (${current}) cur where cur.href = any(${names}::text[])`.execute(tx);
  return rows.map((r) => ({ ...r, deleted: false }));
}

/** The live items of a collection as last refreshed (href and etag). */
export async function liveItems(tx: Db, userId: string, collection: CollectionName): Promise<Change[]> {
  return tx
    .selectFrom('dav_items')
    .select(['href', 'etag', 'deleted'])
    .where('user_id', '=', userId)
    .where('collection', '=', collection)
    .where('deleted', '=', false)
    .orderBy('href')
    .execute();
}

/** What changed after sequence number `since`, deletions included. */
export async function changesSince(
  tx: Db,
  userId: string,
  collection: CollectionName,
  since: number,
): Promise<Change[]> {
  return tx
    .selectFrom('dav_items')
    .select(['href', 'etag', 'deleted'])
    .where('user_id', '=', userId)
    .where('collection', '=', collection)
    .where('seq', '>', String(since))
    .orderBy('seq')
    .orderBy('href')
    .execute();
}

/** The saved view an address book shows, or null for the user's own contacts. */
export async function collectionView(tx: Db, userId: string, collection: CollectionName): Promise<string | null> {
  const row = await tx
    .selectFrom('dav_collections')
    .select('view_id')
    .where('user_id', '=', userId)
    .where('collection', '=', collection)
    .executeTakeFirst();
  return row?.view_id ?? null;
}

/** Chooses the saved view an address book shows (null: the user's own contacts). */
export async function setCollectionView(tx: Db, userId: string, collection: CollectionName, viewId: string | null) {
  await tx
    .insertInto('dav_collections')
    .values({ workspace_id: sql<string>`farley_workspace()`, user_id: userId, collection, view_id: viewId })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id', 'collection']).doUpdateSet({ view_id: viewId }))
    .execute();
}
