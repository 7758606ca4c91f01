// What the API shows of a company.
import type { Company } from '../../../contract/companies.ts';
import { iso, type Row } from '../../platform/presenting.ts';
import { presentAnalyticsFields, type Scores } from '../../platform/customerAnalytics.ts';
import type { QualityReason } from '../../../contract/quality.ts';

export function presentCompany(row: Row<'companies'> & Scores): Company {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    customerNumber: row.customer_number,
    externalId: row.external_id,
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
    priceListId: row.price_list_id,
    lastActivityAt: iso(row.last_activity_at),
    quality: row.quality,
    qualityReasons: row.quality_reasons as QualityReason[],
    ...presentAnalyticsFields(row),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
