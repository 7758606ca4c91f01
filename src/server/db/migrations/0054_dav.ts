// CardDAV and CalDAV (issue 24): app passwords are API tokens of kind 'dav' (a phone's
// password opens the DAV server and nothing else; an API token never opens it), and the
// change log of each user's DAV collections for sync tokens (RFC 6578). dav_collections keeps
// a collection's last sequence number and its settings (the saved view an address book shows);
// dav_items the (href, etag) each object had when last seen, with the sequence number of its
// last change: a sync token is a sequence number, and what changed since is `seq > token`;
// dav_object_names the names clients gave calendar objects.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    alter table api_tokens add column kind text not null default 'api' check (kind in ('api', 'dav'));
    create index api_tokens_user_kind on api_tokens (workspace_id, user_id, kind) where deleted_at is null;

    create table dav_collections (
      workspace_id uuid not null,
      user_id uuid not null,
      collection text not null check (collection in ('contacts', 'calendar')),
      seq bigint not null default 0,
      view_id uuid,
      primary key (workspace_id, user_id, collection),
      foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade,
      foreign key (workspace_id, view_id) references saved_views (workspace_id, id) on delete set null (view_id)
    );
    ${tenantTableSql('dav_collections')}

    create table dav_items (
      workspace_id uuid not null,
      user_id uuid not null,
      collection text not null,
      href text not null,
      etag text not null,
      seq bigint not null,
      deleted boolean not null default false,
      primary key (workspace_id, user_id, collection, href),
      foreign key (workspace_id, user_id, collection)
        references dav_collections (workspace_id, user_id, collection) on delete cascade
    );
    create index dav_items_changes on dav_items (workspace_id, user_id, collection, seq);
    ${tenantTableSql('dav_items')}

    -- The name a client gave a calendar object when it is not "<UID>.ics": clients choose the
    -- names of what they create (vdirsyncer a random one when the UID has an @), and must find
    -- the object under that name afterwards.
    create table dav_object_names (
      workspace_id uuid not null,
      user_id uuid not null,
      collection text not null,
      uid text not null,
      href text not null,
      primary key (workspace_id, user_id, collection, uid),
      unique (workspace_id, user_id, collection, href),
      foreign key (workspace_id, user_id, collection)
        references dav_collections (workspace_id, user_id, collection) on delete cascade
    );
    ${tenantTableSql('dav_object_names')}
  `)
    .execute(db);
}
