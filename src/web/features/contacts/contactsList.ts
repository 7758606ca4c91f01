// The contacts list: its columns (in chooser order), the defaults, the fields the server
// filters by, the page a row opens and the bulk actions it offers.
import { lifecycleStages } from '../../../contract/contacts.ts';
import { personName, type PersonNameParts } from '../../../contract/names.ts';
import {
  cityColumn,
  col,
  emailColumn,
  ownerColumn,
  phoneColumn,
  postalColumn,
  reachable,
  tagsColumn,
  timestamps,
  unsorted,
} from '../lists/columns.tsx';
import type { ResourceConfig } from '../lists/listTypes.ts';

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
      render: (record) => personName(record as PersonNameParts),
    }),
    emailColumn,
    phoneColumn,
    cityColumn,
    col('lifecycleStage', 140),
    ownerColumn,
    col('jobTitle', 180),
    tagsColumn,
    col('salutation', 110),
    col('title', 100),
    col('firstName', 140),
    col('birthday', 130),
    col('source', 140),
    postalColumn,
    ...timestamps,
  ],
  defaultColumns: ['lastName', 'email', 'phone', 'city', 'lifecycleStage', 'ownerId'],
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
    { name: 'ownerId', kind: 'uuid', nullable: true },
    ...reachable,
  ],
  bulk: ['assignOwner', 'addTag', 'trash'],
  newHref: '/contacts/new',
};
