// The addresses to suggest when writing from a contact, company or deal: the contact's emails,
// the company's own and its people's, each as "Name <address>".
import { useQuery } from '@tanstack/react-query';
import type { Company } from '../../../contract/companies.ts';
import type { Contact } from '../../../contract/contacts.ts';
import { api, type Page } from '../../app/api.ts';
import { fetchRecord, recordKeys } from '../record/recordApi.ts';
import { formatAddress } from './compose.ts';
import type { EmailRecords } from './emailsApi.ts';

/** A person's name as an address shows it: first and last name, no salutation. */
const nameOf = (contact: Contact) => [contact.firstName, contact.lastName].filter(Boolean).join(' ') || undefined;

const addressesOf = (contact: Contact) =>
  contact.emails.map((mail) => formatAddress({ address: mail.email, name: nameOf(contact) }));

export function useAddressSuggestions(records: EmailRecords): string[] {
  const contactRef = { type: 'contact' as const, id: records.contactId ?? '' };
  const companyRef = { type: 'company' as const, id: records.companyId ?? '' };
  const contact = useQuery({
    queryKey: recordKeys.detail(contactRef),
    queryFn: ({ signal }) => fetchRecord<Contact>(contactRef, signal),
    enabled: !!records.contactId,
  });
  const company = useQuery({
    queryKey: recordKeys.detail(companyRef),
    queryFn: ({ signal }) => fetchRecord<Company>(companyRef, signal),
    enabled: !!records.companyId,
  });
  const people = useQuery({
    queryKey: ['contacts', 'list', { companyId: records.companyId, purpose: 'addresses' }],
    queryFn: ({ signal }) =>
      api<Page<Contact>>('/contacts', { query: { companyId: records.companyId, limit: 25 }, signal }),
    enabled: !!records.companyId,
  });
  const all = [
    ...(contact.data ? addressesOf(contact.data) : []),
    ...(company.data?.emails ?? []).map((mail) => formatAddress({ address: mail.email, name: company.data?.name })),
    ...(people.data?.data ?? []).flatMap(addressesOf),
  ];
  return [...new Set(all)];
}
