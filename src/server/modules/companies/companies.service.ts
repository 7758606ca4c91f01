// Companies (accounts): rules, normalisation of contact data, and the API shape.
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { CompanyCreate, CompanyPatch, Company } from '../../../contract/companies.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { assertExists, findLive, newId, restore, trash, updateLive } from '../../platform/db/records.ts';
import { normalizeReach, phoneSearchParts } from '../../platform/contactdata.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { searchText } from '../../platform/text.ts';
import { hasFilters, limitOf, type ListQuery } from '../../platform/http/listing.ts';
import type { RecordService } from '../../platform/http/recordRoutes.ts';
import { workspaceSettings } from '../workspaces/workspaces.service.ts';
import { listSearchIn } from '../search/search.service.ts';
import * as repo from './companies.repository.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCompany(row: Record<string, any>): Company {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    legalForm: row.legal_form,
    industry: row.industry,
    employeeCount: row.employee_count,
    annualRevenue:
      row.annual_revenue === null
        ? null
        : { amount: row.annual_revenue, currency: row.annual_revenue_currency ?? 'EUR' },
    website: row.website,
    vatId: row.vat_id,
    description: row.description,
    emails: row.emails,
    phones: row.phones,
    addresses: row.addresses,
    tags: row.tags,
    ownerId: row.owner_id,
    parentCompanyId: row.parent_company_id,
    lastActivityAt: iso(row.last_activity_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}

/** Also used by the bulk actions, which change tags of many records at once. */
export function companySearchText(row: Record<string, any>): string {
  return searchText([
    row.name,
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
async function columnsOf(tx: Db, workspaceId: string, input: CompanyPatch) {
  const settings = await workspaceSettings(tx, workspaceId);
  const values: Record<string, unknown> = {};
  const direct: Array<[keyof CompanyPatch, string]> = [
    ['name', 'name'],
    ['legalForm', 'legal_form'],
    ['industry', 'industry'],
    ['employeeCount', 'employee_count'],
    ['website', 'website'],
    ['vatId', 'vat_id'],
    ['description', 'description'],
    ['tags', 'tags'],
    ['ownerId', 'owner_id'],
    ['parentCompanyId', 'parent_company_id'],
  ];
  for (const [field, column] of direct) if (input[field] !== undefined) values[column] = input[field];
  if (input.annualRevenue !== undefined) {
    values.annual_revenue = input.annualRevenue?.amount ?? null;
    values.annual_revenue_currency = input.annualRevenue?.currency ?? null;
  }
  Object.assign(values, normalizeReach(input, settings.defaultCountry));
  await assertExists(tx, 'users', [input.ownerId], 'ownerId');
  await assertExists(tx, 'companies', [input.parentCompanyId], 'parentCompanyId');
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
        const page = await repo.listCompanies(tx, query, search);
        return { data: page.rows.map(toCompany), nextCursor: page.nextCursor, ...limitOf(page) };
      }),
    get: (actor, id) => inTenant(db, actor, async (tx) => toCompany(await findLive(tx, 'companies', id, 'company'))),
    create: (actor, input) =>
      inTenant(db, actor, async (tx) => {
        const values = await columnsOf(tx, actor.workspaceId, input);
        const row = { ...values, workspace_id: actor.workspaceId, id: newId() } as Record<string, any>;
        row.search_text = companySearchText(row);
        return toCompany(await repo.insertCompany(tx, row as never));
      }),
    update: (actor, id, patch, version) =>
      inTenant(db, actor, async (tx) => {
        const current = await findLive(tx, 'companies', id, 'company');
        if (patch.parentCompanyId && (await repo.wouldCycle(tx, id, patch.parentCompanyId))) {
          throw invalid([
            { path: 'parentCompanyId', message: 'a company cannot be its own parent, directly or through others' },
          ]);
        }
        const values = await columnsOf(tx, actor.workspaceId, patch);
        values.search_text = companySearchText({ ...current, ...values });
        return toCompany(await updateLive(tx, 'companies', id, values, version, 'company'));
      }),
    trash: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        await trash(tx, 'companies', id, version, 'company');
      }),
    restore: (actor, id) => inTenant(db, actor, async (tx) => toCompany(await restore(tx, 'companies', id, 'company'))),
  };
}

/** For other modules: a live company or 404. */
export async function requireCompany(tx: Db, id: string) {
  const row = await repo.findCompany(tx, id);
  if (!row || row.deleted_at) throw notFound('company');
  return row;
}
