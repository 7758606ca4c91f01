// The contacts list: its columns (in chooser order), the defaults, the fields the server
// filters by, the page a row opens and the bulk actions it offers.
import { lifecycleStages } from '../../../contract/contacts.ts';
import type { PersonNameParts } from '../../../contract/names.ts';
import { shownPersonName } from '../../ui/names.ts';
import {
  cityOr,
  col,
  emailColumn,
  linkColumn,
  ownerColumn,
  phoneColumn,
  postalColumn,
  reachable,
  tagsColumn,
  timestamps,
  unsorted,
} from '../lists/columns.tsx';
import { qualityColumn } from '../quality/QualityBadge.tsx';
import { analyticsColumns, analyticsFieldMetas } from '../analytics/analyticsColumns.tsx';
import type { ListRecord, ResourceConfig } from '../lists/listTypes.ts';
import type { ContactCompany } from '../../../contract/contacts.ts';

/** The contact's primary company (the server lists it first), as a link target with its city. */
function firstCompany(record: ListRecord): { id: string; name: string; city: string | null } | null {
  const [company] = (record.companies as ContactCompany[] | undefined) ?? [];
  return company ? { id: company.companyId, name: company.name, city: company.city } : null;
}

export const contactsConfig: ResourceConfig = {
  resource: 'contacts',
  title: 'contacts.title',
  href: (record) => `/contacts/${record.id}`,
  primary: 'lastName',
  columns: [
    // The whole name, under the last name's field (what views save and the server sorts by).
    unsorted('lastName', 220, {
      label: 'lists.fields.name',
      sortBy: ['lastName', 'firstName'],
      render: (record, context) => shownPersonName(record as PersonNameParts, context.t),
    }),
    // The primary company (first of the contact's companies): a link, not a sort key.
    linkColumn('companyId', 'companies', (record) => firstCompany(record)),
    emailColumn,
    phoneColumn,
    cityOr((record) => firstCompany(record)?.city ?? null, 'lists.companyAddress'),
    // In funnel order (lead first), by name within a stage.
    col('lifecycleStage', 170, { sortBy: ['lifecycleStage', 'lastName'] }),
    ownerColumn,
    col('jobTitle', 180),
    tagsColumn,
    col('salutation', 110),
    col('title', 100),
    col('firstName', 140),
    col('birthday', 130),
    col('source', 140),
    col('customerNumber', 140),
    col('externalId', 140),
    qualityColumn,
    ...analyticsColumns,
    postalColumn,
    ...timestamps,
  ],
  defaultColumns: ['lastName', 'companyId', 'email', 'phone', 'city', 'lifecycleStage', 'ownerId'],
  defaultSort: 'lastName,firstName',
  fields: [
    { name: 'salutation', kind: 'text', nullable: true },
    { name: 'title', kind: 'text', nullable: true },
    { name: 'firstName', kind: 'text', nullable: true },
    { name: 'lastName', kind: 'text' },
    { name: 'birthday', kind: 'date', nullable: true },
    { name: 'jobTitle', kind: 'text', nullable: true },
    { name: 'lifecycleStage', kind: 'enum', values: lifecycleStages },
    { name: 'source', kind: 'text', nullable: true },
    { name: 'customerNumber', kind: 'text', nullable: true },
    { name: 'externalId', kind: 'text', nullable: true },
    { name: 'quality', kind: 'integer', nullable: true },
    { name: 'qualityReasons', kind: 'array' },
    ...analyticsFieldMetas,
    { name: 'ownerId', kind: 'uuid', nullable: true },
    { name: 'companyId', kind: 'uuid', nullable: true, sortable: false, operators: ['eq', 'ne', 'in', 'empty'] },
    ...reachable,
  ],
  commonFields: ['lifecycleStage', 'ownerId', 'companyId', 'city', 'tags', 'lastName'],
  pickers: { companyId: 'company' },
  bulk: ['assignOwner', 'addTag', 'trash'],
  newHref: '/contacts/new',
};
