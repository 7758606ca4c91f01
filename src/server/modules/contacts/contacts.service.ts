// Contacts (people): rules, normalisation of contact data, and the API shape.
import { noScores, withScores } from '../../platform/customerAnalytics.ts';
import type { AppContext } from '../../platform/context.ts';
import { partnerOnly } from '../../platform/db/visibleSet.ts';
import type { SecretKeys } from '../../platform/secrets.ts';
import type { Db } from '../../platform/db/database.ts';
import {
  contactIdentified,
  contactUnidentified,
  type Contact,
  type ContactCompany,
  type ContactCreate,
  type ContactPatch,
} from '../../../contract/contacts.ts';
import { columnsFrom, type Row } from '../../platform/presenting.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { finalRead } from '../../platform/db/intent.ts';
import { assertExists, findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import { normalizeReach, phoneSearchParts } from '../../platform/contactdata.ts';
import { inTrash, invalid, mergedInto, notFound } from '../../platform/errors.ts';
import { searchText } from '../../platform/text.ts';
import { hasFilters, limitOf, type ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import { assertCustomerNumberFree } from '../../platform/recordkeys.ts';
import { scored, scoreOfWrite, withWarnings } from '../quality/quality.service.ts';
import type { FieldWarning } from '../../../contract/problems.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { checkPriceListId } from '../priceLists/priceLists.rules.ts';
import { listSearchIn } from '../search/search.service.ts';
import * as repo from './contacts.repository.ts';
import type { ContactRow } from './contacts.repository.ts';
import { presentContact, presentContactCompany } from './contacts.presenter.ts';
import { affiliationsOf } from './affiliations.repository.ts';
import { assertNotBlocked } from '../privacy/blocking.ts';
import { assertUnrestricted } from './restriction.rules.ts';
import { consentsOfContact } from '../consents/consents.service.ts';

/** Contacts with their companies, read in one query for the whole page. */
async function withCompanies(tx: Db, rows: ContactRow[]): Promise<Contact[]> {
  const companies = await companiesOfContacts(
    tx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => presentContact(row, companies.get(row.id) ?? []));
}

/** The columns a contact's search text is made of. */
export type ContactSearchSource = Partial<
  Pick<
    Row<'contacts'>,
    'first_name' | 'last_name' | 'customer_number' | 'external_id' | 'email_list' | 'phone_list' | 'cities'
  >
>;

/** Also used by the bulk actions, which change tags of many records at once. */
export function contactSearchText(row: ContactSearchSource): string {
  return searchText([
    row.first_name,
    row.last_name,
    row.customer_number,
    row.external_id,
    ...(row.email_list ?? []),
    ...phoneSearchParts(row.phone_list ?? []),
    ...(row.cities ?? []),
  ]);
}

/**
 * A contact must stay someone (contactIdentified): a create that names no one, or an edit that
 * blanks the last of what told who it is, is refused (422) before anything is written.
 */
function assertIdentified(current: Row<'contacts'> | null, patch: ContactPatch) {
  const stored = current && {
    firstName: current.first_name,
    lastName: current.last_name,
    emails: current.emails,
    phones: current.phones,
    addresses: current.addresses,
    customerNumber: current.customer_number,
    externalId: current.external_id,
  };
  if (!contactIdentified({ ...stored, ...patch }))
    throw invalid(
      [{ ...contactUnidentified }],
      'A contact needs a name, an email, a phone or another way to tell who it is.',
    );
}

/** Maps API fields to columns, normalising what needs it. */
async function columnsOf(
  tx: Db,
  secrets: SecretKeys,
  workspaceId: string,
  id: string,
  input: ContactPatch,
  warnings: FieldWarning[],
  currentPriceListId: string | null = null,
) {
  const settings = await workspaceSettings(tx, workspaceId);
  // Emails, phones and addresses are written normalised, with the lists derived from them.
  const { emails, phones, addresses, ...plain } = input;
  const values = {
    ...columnsFrom(repo.contactColumns, plain),
    ...normalizeReach(input, settings.defaultCountry, warnings),
  };
  // An erased person's email or phone may not come back (GDPR Art. 17, the blocking list).
  await assertNotBlocked(
    tx,
    secrets,
    workspaceId,
    values.emails === undefined ? undefined : JSON.parse(values.emails),
    values.phones === undefined ? undefined : JSON.parse(values.phones),
  );
  await assertExists(tx, 'users', [input.ownerId], 'ownerId');
  await assertCustomerNumberFree(tx, 'contacts', input.customerNumber, id);
  await checkPriceListId(tx, input.priceListId, currentPriceListId);
  return values;
}

export function contactService(ctx: AppContext): RecordService<Contact, ContactCreate, ContactPatch> {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        // A filtered list needs every match of its search; a whole list the first ones (see listSearchIn).
        const search = await listSearchIn(
          tx,
          actor.workspaceId,
          'contact',
          query,
          !hasFilters(repo.contactFields, query),
        );
        // The page is the transaction's final read: it takes the commit along.
        const page = await repo.listContacts(finalRead(tx), query, search, partnerOnly(actor, 'contact', 'contacts'));
        return {
          data: page.rows.map((row) => presentContact(row, row.company_links.map(presentContactCompany))),
          nextCursor: page.nextCursor,
          ...limitOf(page),
        };
      }),
    count: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        // Every match of the search counts, not the first ones a page sorts.
        const search = await listSearchIn(tx, actor.workspaceId, 'contact', query, false);
        return repo.countContacts(finalRead(tx), query, search, partnerOnly(actor, 'contact', 'contacts'));
      }),
    get: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        // The consents first; the contact is the request's last statement: the commit goes with it.
        const { current } = await consentsOfContact(tx, id);
        const row = await repo.findShownContact(finalRead(tx), id);
        if (!row) throw notFound('contact');
        if (row.deleted_at) throw row.merged_into_id ? mergedInto('contact', row.merged_into_id) : inTrash('contact');
        return { ...presentContact(row, row.company_links.map(presentContactCompany)), consents: current };
      }),
    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        assertIdentified(null, input);
        const id = newId();
        const warnings: FieldWarning[] = [];
        const values = await columnsOf(tx, ctx.secrets, actor.workspaceId, id, input, warnings);
        const row = { ...values, last_name: input.lastName ?? '', workspace_id: actor.workspaceId, id };
        const score = await scoreOfWrite(tx, 'contacts', {}, row);
        const inserted = await repo.insertContact(tx, { ...row, ...score, search_text: contactSearchText(row) });
        return withWarnings(presentContact({ ...inserted, ...noScores }, []), warnings);
      }),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'contacts', id, 'contact');
        assertUnrestricted(current);
        assertIdentified(current, patch);
        const warnings: FieldWarning[] = [];
        const values = await columnsOf(tx, ctx.secrets, actor.workspaceId, id, patch, warnings, current.price_list_id);
        const written = {
          ...values,
          ...(await scoreOfWrite(tx, 'contacts', current, values)),
          search_text: contactSearchText({ ...current, ...values }),
        };
        const updated = await updateLive(tx, 'contacts', id, written, version, 'contact');
        const [contact] = await withCompanies(tx, [await withScores(tx, 'contacts', updated)]);
        return withWarnings(contact, warnings);
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        assertUnrestricted(await findLive(tx, 'contacts', id, 'contact'));
        await trash(tx, 'contacts', id, version, 'contact');
      }),
    restore: (actor, id) =>
      inTenant(db, actor, async (tx) => {
        const restored = await restore(tx, 'contacts', id, 'contact');
        const [contact] = await withCompanies(tx, [
          await withScores(tx, 'contacts', await scored(tx, 'contacts', restored)),
        ]);
        return contact;
      }),
  };
}

/** For other modules: a live contact or 404. */
export async function requireContact(tx: Db, id: string) {
  const row = await repo.findContact(tx, id);
  if (!row || row.deleted_at) throw notFound('contact');
  return row;
}

/** For other modules: the live companies of some contacts, primary first, by contact id. */
export async function companiesOfContacts(tx: Db, contactIds: string[]): Promise<Map<string, ContactCompany[]>> {
  const byContact = new Map<string, ContactCompany[]>(contactIds.map((id) => [id, []]));
  for (const link of await affiliationsOf(tx, contactIds))
    byContact.get(link.contact_id)?.push(presentContactCompany(link));
  return byContact;
}
