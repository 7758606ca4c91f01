// Companies (accounts): rules, normalisation of contact data, and the API shape.
import { noScores, withScores } from '../../platform/customerAnalytics.ts';
import type { AppContext } from '../../platform/context.ts';
import { partnerOnly } from '../../platform/db/visibleSet.ts';
import type { Db } from '../../platform/db/database.ts';
import type { CompanyCreate, CompanyPatch, Company } from '../../../contract/companies.ts';
import { columnsFrom, type FieldColumns, type Row } from '../../platform/presenting.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { assertExists, findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import { normalizeReach, phoneSearchParts } from '../../platform/contactdata.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { searchText } from '../../platform/text.ts';
import { hasFilters, limitOf, type ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import { assertCustomerNumberFree } from '../../platform/recordkeys.ts';
import { scored, scoreOfWrite, withWarnings } from '../quality/quality.service.ts';
import type { FieldWarning } from '../../../contract/problems.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { checkPriceListId } from '../priceLists/priceLists.rules.ts';
import { listSearchIn } from '../search/search.service.ts';
import * as repo from './companies.repository.ts';
import { presentCompany } from './companies.presenter.ts';

/** The fields a write stores as they come, each in its column. */
export const companyColumns = {
  name: { column: 'name' },
  customerNumber: { column: 'customer_number' },
  externalId: { column: 'external_id' },
  legalForm: { column: 'legal_form' },
  industry: { column: 'industry' },
  employeeCount: { column: 'employee_count' },
  website: { column: 'website' },
  vatId: { column: 'vat_id' },
  description: { column: 'description' },
  tags: { column: 'tags' },
  ownerId: { column: 'owner_id' },
  parentCompanyId: { column: 'parent_company_id' },
  priceListId: { column: 'price_list_id' },
} as const satisfies FieldColumns<'companies', CompanyPatch>;

/** The columns a company's search text is made of. */
export type CompanySearchSource = Partial<
  Pick<
    Row<'companies'>,
    | 'name'
    | 'customer_number'
    | 'external_id'
    | 'legal_form'
    | 'industry'
    | 'website'
    | 'vat_id'
    | 'tags'
    | 'email_list'
    | 'phone_list'
    | 'cities'
  >
>;

/** Also used by the bulk actions, which change tags of many records at once. */
export function companySearchText(row: CompanySearchSource): string {
  return searchText([
    row.name,
    row.customer_number,
    row.external_id,
    row.legal_form,
    row.industry,
    row.website,
    row.vat_id,
    ...(row.tags ?? []),
    ...(row.email_list ?? []),
    ...phoneSearchParts(row.phone_list ?? []),
    ...(row.cities ?? []),
  ]);
}

/** Maps API fields to columns, normalising what needs it. */
async function columnsOf(
  tx: Db,
  workspaceId: string,
  id: string,
  input: CompanyPatch,
  warnings: FieldWarning[],
  currentPriceListId: string | null = null,
) {
  const settings = await workspaceSettings(tx, workspaceId);
  const values = {
    ...columnsFrom(companyColumns, input),
    ...(input.annualRevenue !== undefined && {
      annual_revenue: input.annualRevenue?.amount ?? null,
      annual_revenue_currency: input.annualRevenue?.currency ?? null,
    }),
    ...normalizeReach(input, settings.defaultCountry, warnings),
  };
  await assertExists(tx, 'users', [input.ownerId], 'ownerId');
  await assertCustomerNumberFree(tx, 'companies', input.customerNumber, id);
  await assertExists(tx, 'companies', [input.parentCompanyId], 'parentCompanyId');
  await checkPriceListId(tx, input.priceListId, currentPriceListId);
  return values;
}

export function companyService(ctx: AppContext): RecordService<Company, CompanyCreate, CompanyPatch> {
  const db = ctx.db.app;
  return {
    list: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        // A filtered list needs every match of its search; a whole list the first ones (see listSearchIn).
        const search = await listSearchIn(
          tx,
          actor.workspaceId,
          'company',
          query,
          !hasFilters(repo.companyFields, query),
        );
        const page = await repo.listCompanies(tx, query, search, partnerOnly(actor, 'company', 'companies'));
        return { data: page.rows.map(presentCompany), nextCursor: page.nextCursor, ...limitOf(page) };
      }),
    count: (actor, query: ListQuery) =>
      inTenant(db, actor, async (tx) => {
        // Every match of the search counts, not the first ones a page sorts.
        const search = await listSearchIn(tx, actor.workspaceId, 'company', query, false);
        return repo.countCompanies(tx, query, search, partnerOnly(actor, 'company', 'companies'));
      }),
    get: (actor, id) =>
      inTenant(db, actor, async (tx) =>
        presentCompany(await withScores(tx, 'companies', await findLive(tx, 'companies', id, 'company'))),
      ),
    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        const id = newId();
        const warnings: FieldWarning[] = [];
        const values = await columnsOf(tx, actor.workspaceId, id, input, warnings);
        const row = { ...values, name: input.name, workspace_id: actor.workspaceId, id };
        const score = await scoreOfWrite(tx, 'companies', {}, row);
        const inserted = await repo.insertCompany(tx, { ...row, ...score, search_text: companySearchText(row) });
        return withWarnings(presentCompany({ ...inserted, ...noScores }), warnings);
      }),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'companies', id, 'company');
        if (patch.parentCompanyId && (await repo.wouldCycle(tx, id, patch.parentCompanyId))) {
          throw invalid([
            { path: 'parentCompanyId', message: 'a company cannot be its own parent, directly or through others' },
          ]);
        }
        const warnings: FieldWarning[] = [];
        const values = await columnsOf(tx, actor.workspaceId, id, patch, warnings, current.price_list_id);
        const written = {
          ...values,
          ...(await scoreOfWrite(tx, 'companies', current, values)),
          search_text: companySearchText({ ...current, ...values }),
        };
        const updated = await updateLive(tx, 'companies', id, written, version, 'company');
        return withWarnings(presentCompany(await withScores(tx, 'companies', updated)), warnings);
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        await trash(tx, 'companies', id, version, 'company');
      }),
    restore: (actor, id) =>
      inTenant(db, actor, async (tx) =>
        presentCompany(
          await withScores(
            tx,
            'companies',
            await scored(tx, 'companies', await restore(tx, 'companies', id, 'company')),
          ),
        ),
      ),
  };
}

/** For other modules: a live company or 404. */
export async function requireCompany(tx: Db, id: string) {
  const row = await repo.findCompany(tx, id);
  if (!row || row.deleted_at) throw notFound('company');
  return row;
}
