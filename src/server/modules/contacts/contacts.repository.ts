// SQL of contacts.
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { ContactsTable } from '../../platform/db/schema.ts';
import { listPage, type Fields, type ListQuery } from '../../platform/http/listing.ts';
import { reachableFields } from '../../platform/contactdata.ts';
import { lifecycleStages } from '../../../contract/contacts.ts';

export const contactFields: Fields = {
  salutation: { column: 'salutation', kind: 'text', nullable: true },
  title: { column: 'title', kind: 'text', nullable: true },
  firstName: { column: 'first_name', kind: 'text', nullable: true },
  lastName: { column: 'last_name', kind: 'text' },
  birthday: { column: 'birthday', kind: 'date', nullable: true },
  jobTitle: { column: 'job_title', kind: 'text', nullable: true },
  lifecycleStage: { column: 'lifecycle_stage', kind: 'enum', values: lifecycleStages },
  source: { column: 'source', kind: 'text', nullable: true },
  ownerId: { column: 'owner_id', kind: 'uuid', nullable: true },
  ...reachableFields,
};

/** lastName matches the index contacts_last_name (workspace_id, last_name collate "und-x-icu", id). */
export const defaultContactSort = 'lastName';

export async function findContact(tx: Db, id: string) {
  return tx.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listContacts(tx: Db, query: ListQuery) {
  return listPage(tx.selectFrom('contacts').selectAll(), {
    fields: contactFields, query, defaultSort: defaultContactSort, searchColumn: 'search_text',
  });
}

export async function insertContact(tx: Db, values: Insertable<ContactsTable>) {
  return tx.insertInto('contacts').values(values).returningAll().executeTakeFirstOrThrow();
}
