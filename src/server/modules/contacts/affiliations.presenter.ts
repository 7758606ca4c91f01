// What the API shows of an affiliation, and of a company's people with their affiliation.
import type { Affiliation, CompanyPerson } from '../../../contract/affiliations.ts';
import { iso } from '../../platform/presenting.ts';
import type * as repo from './affiliations.repository.ts';

export function presentAffiliation(row: repo.AffiliationRow): Affiliation {
  return {
    id: row.id,
    version: row.version,
    contactId: row.contact_id,
    companyId: row.company_id,
    companyName: row.company_name,
    jobTitle: row.job_title,
    buyingRole: row.buying_role,
    isPrimary: row.is_primary,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentPerson(row: repo.PersonRow): CompanyPerson {
  return {
    id: row.id,
    salutation: row.salutation,
    title: row.title,
    firstName: row.first_name,
    lastName: row.last_name,
    emails: row.emails,
    phones: row.phones,
    lifecycleStage: row.lifecycle_stage,
    ownerId: row.owner_id,
    lastActivityAt: iso(row.last_activity_at),
    affiliation: {
      id: row.affiliation_id,
      jobTitle: row.affiliation_job_title,
      buyingRole: row.buying_role,
      isPrimary: row.is_primary,
    },
  };
}
