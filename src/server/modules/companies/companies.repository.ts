// SQL of companies.
import type { Db } from '../../platform/db/database.ts';
import type { CompaniesTable } from '../../platform/db/schema.ts';
import type { Insertable, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import { listCount, listPage, type Fields, type ListQuery, type ListSearch } from '../../platform/http/listing.ts';
import { reachableFields } from '../../platform/contactdata.ts';
import { analyticsListFields } from '../../platform/customerAnalytics.ts';

export const companyFields: Fields = {
  name: { column: 'name', kind: 'text' },
  customerNumber: { column: 'customer_number', kind: 'text', nullable: true },
  externalId: { column: 'external_id', kind: 'text', nullable: true },
  legalForm: { column: 'legal_form', kind: 'text', nullable: true },
  industry: { column: 'industry', kind: 'text', nullable: true },
  employeeCount: { column: 'employee_count', kind: 'integer', nullable: true },
  annualRevenue: { column: 'annual_revenue', kind: 'decimal', nullable: true },
  website: { column: 'website', kind: 'text', nullable: true },
  vatId: { column: 'vat_id', kind: 'text', nullable: true },
  ownerId: { column: 'owner_id', kind: 'uuid', nullable: true },
  parentCompanyId: { column: 'parent_company_id', kind: 'uuid', nullable: true },
  priceListId: { column: 'price_list_id', kind: 'uuid', nullable: true },
  quality: { column: 'quality', kind: 'integer', nullable: true },
  qualityReasons: { column: 'quality_reasons', kind: 'array' },
  ...analyticsListFields,
  ...reachableFields,
};

/**
 * Companies with their analytics scores (migration 0048), under the table's name, so that the
 * list SQL reads the same on the table and the view.
 */
const listed = (tx: Db) => tx.selectFrom('companies_listed as companies');

export type CompanyRow = Awaited<ReturnType<typeof findCompany>> & {};

export async function findCompany(tx: Db, id: string) {
  return tx.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A page of companies; `search`: what the list's search found (see the search module's listSearchIn). */
export async function listCompanies(tx: Db, query: ListQuery, search: ListSearch | null, only?: RawBuilder<boolean>) {
  return listPage((only ? listed(tx).where(only) : listed(tx)).selectAll(), {
    fields: companyFields,
    query,
    defaultSort: 'name',
    search,
  });
}

/** How many companies the list holds (see listCount); `search` uncapped. */
export async function countCompanies(tx: Db, query: ListQuery, search: ListSearch | null, only?: RawBuilder<boolean>) {
  return listCount(tx, only ? listed(tx).where(only) : listed(tx), { fields: companyFields, query, search });
}

export async function insertCompany(tx: Db, values: Insertable<CompaniesTable>) {
  return tx.insertInto('companies').values(values).returningAll().executeTakeFirstOrThrow();
}

/** True when making `parentId` the parent of `id` would close a loop. */
export async function wouldCycle(tx: Db, id: string, parentId: string): Promise<boolean> {
  if (id === parentId) return true;
  const row = await sql<{ found: boolean }>`
    with recursive up(id, parent_company_id, depth) as (
      select id, parent_company_id, 0 from companies where id = ${parentId}
      union all
      select c.id, c.parent_company_id, up.depth + 1 from companies c join up on c.id = up.parent_company_id where up.depth < 100
    )
    select exists(select 1 from up where id = ${id}) as found`.execute(tx);
  return row.rows[0]?.found ?? false;
}
