// SQL of affiliations: the link between a contact and a company. Affiliations belong to the
// contacts module; the companies table is only joined to show a company's name next to the
// link (read-only). Writes to companies go through the companies service.
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { AffiliationsTable } from '../../platform/db/schema.ts';
import { listPage, type Fields, type ListQuery, type ListSearch } from '../../platform/http/listing.ts';
import { buyingRoles } from '../../../contract/affiliations.ts';
import { companyCity, contactFields, defaultContactSort } from './contacts.repository.ts';

const withCompanyName = (tx: Db) =>
  tx
    .selectFrom('affiliations as a')
    .innerJoin('companies as co', (join) =>
      join.onRef('co.workspace_id', '=', 'a.workspace_id').onRef('co.id', '=', 'a.company_id'),
    )
    .selectAll('a')
    .select(['co.name as company_name', companyCity.as('company_city')])
    // A trashed company hides its affiliations until it is restored.
    .where('co.deleted_at', 'is', null);

export type AffiliationRow = Awaited<ReturnType<typeof findAffiliation>> & {};

/** The affiliations of some contacts (live companies only), primary first, then by company name. */
export async function affiliationsOf(tx: Db, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  return withCompanyName(tx)
    .where('a.contact_id', 'in', contactIds)
    .orderBy('a.is_primary', 'desc')
    .orderBy(sql`co.name collate "und-x-icu"`)
    .orderBy('a.id')
    .execute();
}

export async function findAffiliation(tx: Db, contactId: string, affiliationId: string) {
  return withCompanyName(tx).where('a.id', '=', affiliationId).where('a.contact_id', '=', contactId).executeTakeFirst();
}

export async function findPair(tx: Db, contactId: string, companyId: string) {
  return tx
    .selectFrom('affiliations')
    .select('id')
    .where('contact_id', '=', contactId)
    .where('company_id', '=', companyId)
    .executeTakeFirst();
}

export async function hasAffiliations(tx: Db, contactId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('affiliations')
    .select('id')
    .where('contact_id', '=', contactId)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

export async function insertAffiliation(tx: Db, values: Insertable<AffiliationsTable>) {
  return tx.insertInto('affiliations').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Takes the primary mark from every affiliation of the contact except `keepId`. */
export async function clearPrimary(tx: Db, contactId: string, keepId: string) {
  await tx
    .updateTable('affiliations')
    .set({ is_primary: false, version: sql`version + 1`, updated_at: sql`now()` })
    .where('contact_id', '=', contactId)
    .where('id', '!=', keepId)
    .where('is_primary', '=', true)
    .execute();
}

/** Deletes an affiliation; with `expectedVersion` only that version. Returns whether a row went. */
export async function deleteAffiliation(
  tx: Db,
  contactId: string,
  affiliationId: string,
  expectedVersion: number | undefined,
) {
  let query = tx.deleteFrom('affiliations').where('id', '=', affiliationId).where('contact_id', '=', contactId);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The filters of a company's people: every contact field plus the affiliation's own. */
export const personFields: Fields = {
  ...contactFields,
  buyingRole: { column: 'buying_role', kind: 'enum', values: buyingRoles, nullable: true },
  isPrimary: { column: 'is_primary', kind: 'boolean' },
  affiliationJobTitle: { column: 'affiliation_job_title', kind: 'text', nullable: true },
};

/** A contact of a company's people, with its affiliation to the company. */
export type PersonRow = Awaited<ReturnType<typeof listPeople>>['rows'][number];

/** Live contacts of a company with their affiliation to it, as a filterable, keyset-paginated list. */
export async function listPeople(tx: Db, companyId: string, query: ListQuery, search: ListSearch | null) {
  // The listed view: a person's scores are filterable fields of the list like any other.
  const people = tx
    .selectFrom('contacts_listed as c')
    .innerJoin('affiliations as a', (join) =>
      join.onRef('a.workspace_id', '=', 'c.workspace_id').onRef('a.contact_id', '=', 'c.id'),
    )
    .selectAll('c')
    .select(['a.id as affiliation_id', 'a.job_title as affiliation_job_title', 'a.buying_role', 'a.is_primary'])
    .where('a.company_id', '=', companyId)
    .as('p');
  return listPage(tx.selectFrom(people).selectAll(), {
    fields: personFields,
    query,
    defaultSort: defaultContactSort,
    alias: 'p',
    search,
  });
}
