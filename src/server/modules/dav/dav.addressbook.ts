// The CardDAV address book of a user: the contacts they own, or those of the saved view they
// chose, as vCards (3.0 unless the client asks for 4.0). Read-only: a phone is a place to look
// customers up (and to recognise their calls), the CRM the place to change them.
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { addressBookContacts, addressBookEtags, type AddressBookSource } from '../contacts/contacts.dav.ts';
import { contactVCard, type VCardVersion } from '../exports/vcard.ts';
import { findVisibleView } from '../views/views.repository.ts';
import { viewParameters } from '../views/views.service.ts';
import type { ViewConfig } from '../../../contract/views.ts';
import { collectionView } from './dav.sync.ts';
import { fieldAccessOf, withoutHidden } from '../../platform/fieldAccess.ts';
import type { DavCollection } from './dav.collection.ts';

const uuidName = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.vcf$/;

/** What the address book shows: the chosen view's contacts while the user may see that view. */
async function sourceOf(tx: Db, actor: Actor): Promise<AddressBookSource> {
  const viewId = await collectionView(tx, actor.userId, 'contacts');
  const view = viewId ? await findVisibleView(tx, viewId, actor.userId) : undefined;
  if (view && view.resource === 'contacts') return { params: viewParameters(view.config as ViewConfig) };
  return { ownerId: actor.userId };
}

export const addressBook: DavCollection = {
  name: 'contacts',
  home: 'addressbooks',
  slug: 'contacts',
  displayName: 'Farley',
  contentType: (version) => `text/vcard; charset=utf-8${version === '4.0' ? '; version=4.0' : ''}`,
  writable: false,
  current: async (tx, actor) => addressBookEtags(tx, actor.workspaceId, await sourceOf(tx, actor)),
  async read(tx, actor, names, version) {
    const ids = names.map((name) => uuidName.exec(name)?.[1]).filter((id): id is string => id !== undefined);
    const cards = new Map<string, string>();
    // The phone gets what the API would give this user: no field their role may not see.
    const access = await fieldAccessOf(tx, actor.role);
    for (const contact of await addressBookContacts(tx, ids))
      cards.set(`${contact.id}.vcf`, contactVCard(withoutHidden(contact, access), version as VCardVersion));
    return cards;
  },
};
