// SQL of contacts.
import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { compiledOnce } from '../../platform/db/compiled.ts';
import type { AffiliationsTable, ContactsTable } from '../../platform/db/schema.ts';
import {
  listCount,
  listPage,
  type Field,
  type Fields,
  type ListQuery,
  type ListSearch,
} from '../../platform/http/listing.ts';
import { reachableFields } from '../../platform/contactdata.ts';
import { analyticsColumns, analyticsListFields } from '../../platform/customerAnalytics.ts';
import { lifecycleStages, type ContactPatch } from '../../../contract/contacts.ts';
import { columnsOf, listedFields, type FieldColumns, type Row } from '../../platform/presenting.ts';

/**
 * The contact's fields as the API names them, in the order it shows them, with their columns:
 * the one list from which the columns a write sets, the list's filters and sorts, the select
 * list and the presenter derive. It holds every field of the contract's input (the compiler
 * checks), and its kinds make a field filterable (tags is, with the other reachable fields).
 */
export const contactColumns = {
  customerNumber: { column: 'customer_number', kind: 'text', nullable: true },
  externalId: { column: 'external_id', kind: 'text', nullable: true },
  salutation: { column: 'salutation', kind: 'text', nullable: true },
  title: { column: 'title', kind: 'text', nullable: true },
  firstName: { column: 'first_name', kind: 'text', nullable: true },
  lastName: { column: 'last_name', kind: 'text' },
  emails: { column: 'emails' },
  phones: { column: 'phones' },
  addresses: { column: 'addresses' },
  birthday: { column: 'birthday', kind: 'date', nullable: true },
  jobTitle: { column: 'job_title', kind: 'text', nullable: true },
  lifecycleStage: { column: 'lifecycle_stage', kind: 'enum', values: lifecycleStages },
  source: { column: 'source', kind: 'text', nullable: true },
  tags: { column: 'tags' },
  ownerId: { column: 'owner_id', kind: 'uuid', nullable: true },
  priceListId: { column: 'price_list_id', kind: 'uuid', nullable: true },
} as const satisfies Required<FieldColumns<'contacts', ContactPatch>>;

/**
 * The contact's companies as a filter (companyId=…: works at that company; .empty=true: at
 * none). Not a sort key: a contact may belong to several companies, and sorting a million
 * contacts by a name in another table would read every contact's links for each page.
 */
const companyField: Field = {
  column: 'id',
  kind: 'uuid',
  // A contact may have no company (companyId.empty=true).
  nullable: true,
  unsortable: true,
  linked: (alias, ids) => {
    const contact = sql.ref(alias ? `${alias}.id` : 'contacts.id');
    const workspace = sql.ref(alias ? `${alias}.workspace_id` : 'contacts.workspace_id');
    return sql<boolean>`exists (
      select 1 from affiliations a
      join companies co on co.workspace_id = a.workspace_id and co.id = a.company_id and co.deleted_at is null
      where a.workspace_id = ${workspace} and a.contact_id = ${contact}
      ${ids ? sql`and a.company_id = any(${ids}::uuid[])` : sql``})`;
  },
};

export const contactFields: Fields = {
  ...listedFields(contactColumns),
  companyId: companyField,
  quality: { column: 'quality', kind: 'integer', nullable: true },
  qualityReasons: { column: 'quality_reasons', kind: 'array' },
  // Art. 18: restrictedAt.empty=true leaves restricted contacts out of a list (a marketing export).
  restrictedAt: { column: 'restricted_at', kind: 'timestamp', nullable: true, unsortable: true },
  ...analyticsListFields,
  ...reachableFields,
};

/**
 * lastName matches the index contacts_last_name (workspace_id, last_name collate "und-x-icu", id),
 * which includes tags, cities, owner_id and lifecycle_stage for filtered pages.
 */
export const defaultContactSort = 'lastName';

/** What a contact shows of each of its companies (affiliations read with the company's name). */
export interface CompanyLink {
  id: string;
  company_id: string;
  company_name: string;
  company_city: string | null;
  job_title: string | null;
  buying_role: AffiliationsTable['buying_role'];
  is_primary: boolean;
}

/**
 * The city of company `co`'s primary address (else of its first), as the web app picks a
 * record's address: lists show it for a contact without an address of its own.
 */
export const companyCity = sql<string | null>`(
  select e->>'city' from jsonb_array_elements(co.addresses) with ordinality as x(e, n)
  order by coalesce((e->>'primary')::boolean, false) desc, n limit 1)`;

/**
 * The companies of the contact row `contacts` as a JSON array, ordered like affiliationsOf:
 * a column for the contact's own query, which spares a list or a get a second query.
 */
const companyLinksColumn = sql<CompanyLink[]>`(
  select coalesce(json_agg(json_build_object(
    'id', a.id, 'company_id', a.company_id, 'company_name', co.name, 'company_city', ${companyCity},
    'job_title', a.job_title,
    'buying_role', a.buying_role, 'is_primary', a.is_primary)
    order by a.is_primary desc, co.name collate "und-x-icu", a.id), '[]')
  from affiliations a
  join companies co on co.workspace_id = a.workspace_id and co.id = a.company_id and co.deleted_at is null
  where a.workspace_id = contacts.workspace_id and a.contact_id = contacts.id)`.as('company_links');

/**
 * Contacts with their analytics scores (migration 0048), under the table's name, so that the
 * SQL of fields and columns (`contacts.id`) reads the same on the table and the view.
 */
const listed = (tx: Db) => tx.selectFrom('contacts_listed as contacts');

/**
 * The columns the API shows, with the contact's companies: not the lists and search text
 * derived for filters and search, which would only be read and parsed to be thrown away.
 */
function shownContacts(tx: Db) {
  return listed(tx).select([
    'id',
    'version',
    ...columnsOf(contactColumns),
    'last_activity_at',
    'quality',
    'quality_reasons',
    ...analyticsColumns,
    'created_at',
    'updated_at',
    'deleted_at',
    'merged_into_id',
    'restricted_at',
    'restricted_by',
    'restriction_reason',
    companyLinksColumn,
  ]);
}

/** A contact as the API shows it, without its companies: what every read and write returns. */
export type ContactRow = Pick<
  Row<'contacts_listed'>,
  | 'id'
  | 'version'
  | (typeof contactColumns)[keyof typeof contactColumns]['column']
  | 'last_activity_at'
  | 'quality'
  | 'quality_reasons'
  | (typeof analyticsColumns)[number]
  | 'created_at'
  | 'updated_at'
  | 'deleted_at'
  | 'restricted_at'
  | 'restricted_by'
  | 'restriction_reason'
>;

/**
 * A contact as the API shows it, with its companies (one query), trashed or not: the caller
 * tells a trashed one apart. Compiled once, for get by id.
 */
export const findShownContact = compiledOnce((tx: Db, id: string) => shownContacts(tx).where('id', '=', id));

/** Live contacts as the API shows them, with their companies. */
export async function shownContactsByIds(tx: Db, ids: string[]) {
  return shownContacts(tx).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
}

export async function findContact(tx: Db, id: string) {
  return tx.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A page of contacts; `search`: what the list's search found (see the search module's
 * listSearchIn); `only`: a condition the list starts from (platform/db/visibleSet.ts).
 */
export async function listContacts(tx: Db, query: ListQuery, search: ListSearch | null, only?: RawBuilder<boolean>) {
  // Sorting is by shown columns only (lists are not sortable), so the cursor finds its values.
  return listPage(only ? shownContacts(tx).where(only) : shownContacts(tx), {
    // A filtered page's ids come from contacts_last_name, which carries the common filter
    // columns (migration 0012); only the rows shown are read from the table.
    hydrate: (ids) => shownContacts(tx).where('id', 'in', ids),
    fields: contactFields,
    query,
    defaultSort: defaultContactSort,
    search,
  });
}

/** How many contacts the list holds (see listCount); `search` uncapped. */
export async function countContacts(tx: Db, query: ListQuery, search: ListSearch | null, only?: RawBuilder<boolean>) {
  return listCount(tx, only ? listed(tx).where(only) : listed(tx), { fields: contactFields, query, search });
}

export async function insertContact(tx: Db, values: Insertable<ContactsTable>) {
  return tx.insertInto('contacts').values(values).returningAll().executeTakeFirstOrThrow();
}
