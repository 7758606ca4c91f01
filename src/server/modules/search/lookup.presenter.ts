// What a lookup shows of a matching contact or company: the record's reach, its companies and
// the facts an agent needs while the phone rings (owner, open deals and tasks, last activity).
import type { ContactCompany } from '../../../contract/contacts.ts';
import type { LookupCompany, LookupContact } from '../../../contract/search.ts';
import type * as repo from './lookup.repository.ts';

export type Facts = Pick<LookupContact, 'owner' | 'openDeals' | 'openTasks' | 'lastActivity'>;
type ContactHit = Awaited<ReturnType<typeof repo.contactsMatching>>[number];
type CompanyHit = Awaited<ReturnType<typeof repo.companiesMatching>>[number];

export function presentLookupContact(row: ContactHit, companies: ContactCompany[], facts: Facts): LookupContact {
  return {
    type: 'contact',
    id: row.id,
    name: row.name,
    emails: row.email_list,
    phones: row.phone_list,
    jobTitle: row.job_title,
    lifecycleStage: row.lifecycle_stage,
    companies: companies.map((a) => ({
      id: a.companyId,
      name: a.name,
      jobTitle: a.jobTitle,
      buyingRole: a.buyingRole,
      isPrimary: a.isPrimary,
    })),
    ...facts,
  };
}

export function presentLookupCompany(row: CompanyHit, facts: Facts): LookupCompany {
  return {
    type: 'company',
    id: row.id,
    name: row.name,
    emails: row.email_list,
    phones: row.phone_list,
    industry: row.industry,
    city: row.cities[0] ?? null,
    ...facts,
  };
}
