// What the API shows of a contact and of its companies.
import type { Contact, ContactCompany } from '../../../contract/contacts.ts';
import { iso, shownFrom } from '../../platform/presenting.ts';
import { presentAnalyticsFields } from '../../platform/customerAnalytics.ts';
import type { QualityReason } from '../../../contract/quality.ts';
import { type CompanyLink, type ContactRow, contactColumns } from './contacts.repository.ts';

export function presentContactCompany(row: CompanyLink): ContactCompany {
  return {
    affiliationId: row.id,
    companyId: row.company_id,
    name: row.company_name,
    city: row.company_city,
    jobTitle: row.job_title,
    buyingRole: row.buying_role,
    isPrimary: row.is_primary,
  };
}

export function presentContact(row: ContactRow, companies: ContactCompany[]): Contact {
  return {
    id: row.id,
    version: row.version,
    ...shownFrom(contactColumns, row),
    lastActivityAt: iso(row.last_activity_at),
    quality: row.quality,
    qualityReasons: row.quality_reasons as QualityReason[],
    ...presentAnalyticsFields(row),
    companies,
    restriction:
      row.restricted_at && row.restricted_by
        ? {
            reason: row.restriction_reason ?? '',
            restrictedAt: row.restricted_at.toISOString(),
            restrictedBy: row.restricted_by,
          }
        : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
