// The contacts of a user's CardDAV address book (modules/dav): which they are, with an etag
// per contact, and the contacts themselves as the API shows them (for their vCards).
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { filterConditions, type ListQuery } from '../../platform/http/listing.ts';
import type { Contact } from '../../../contract/contacts.ts';
import { listSearchIn } from '../search/search.service.ts';
import { contactFields, shownContactsByIds } from './contacts.repository.ts';
import { presentContact, presentContactCompany } from './contacts.presenter.ts';

/** The contacts a user owns, or those of a saved view (its list parameters, see viewParameters). */
export type AddressBookSource = { ownerId: string } | { params: Record<string, string> };

/**
 * The address book's contacts as a select of `href` (<id>.vcf) and `etag`. The etag covers
 * what a card shows beyond the contact's own row: the names of its companies (ORG) and its
 * job titles there, so renaming a company reaches the phones too. A view's filters may name
 * scores, so a view reads contacts_listed; the user's own contacts need only the table. The
 * etag is computed for every contact on every sync, so it is kept cheap: the hash only over
 * the companies, the time as a number (formatting a timestamp as text costs more than all else).
 */
export async function addressBookEtags(
  tx: Db,
  workspaceId: string,
  source: AddressBookSource,
): Promise<RawBuilder<unknown>> {
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`contacts.deleted_at is null`];
  if ('ownerId' in source) conditions.push(sql<boolean>`contacts.owner_id = ${source.ownerId}::uuid`);
  else {
    const query: ListQuery = { ...source.params, limit: 0 };
    conditions.push(...filterConditions(contactFields, query));
    const search = await listSearchIn(tx, workspaceId, 'contact', query, false);
    if (search && 'where' in search) conditions.push(search.where);
    else if (search) conditions.push(sql<boolean>`contacts.id = any(${search.ids}::uuid[])`);
  }
  return sql`
    select contacts.id::text || '.vcf' as href,
      contacts.version::text || '.' || (extract(epoch from contacts.updated_at) * 1000)::bigint::text || coalesce('.' || md5((
        select string_agg(co.id::text || '/' || co.name || '/' || coalesce(a.job_title, '') || '/' || a.is_primary::text,
          '|' order by co.id)
        from affiliations a
        join companies co on co.workspace_id = a.workspace_id and co.id = a.company_id and co.deleted_at is null
        where a.workspace_id = contacts.workspace_id and a.contact_id = contacts.id)), '') as etag
    from ${sql.raw('ownerId' in source ? 'contacts' : 'contacts_listed as contacts')}
    where ${sql.join(conditions, sql` and `)}`;
}

/** Live contacts by id, as the API shows them, with their companies. */
export async function addressBookContacts(tx: Db, ids: string[]): Promise<Contact[]> {
  if (ids.length === 0) return [];
  const rows = await shownContactsByIds(tx, ids);
  return rows.map((row) => presentContact(row, row.company_links.map(presentContactCompany)));
}
