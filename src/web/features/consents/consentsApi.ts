// The GDPR parts of a contact as the web app reads and writes them: consents, purposes, the
// restriction of processing. Writes refresh the contact (its current consents and restriction).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ConsentCreate,
  ConsentPurpose,
  ConsentPurposeCreate,
  ContactConsents,
} from '../../../contract/consents.ts';
import type { Contact } from '../../../contract/contacts.ts';
import { api } from '../../app/api.ts';
import { recordKeys } from '../record/recordApi.ts';

export const privacyKeys = {
  consents: (contactId: string) => ['contacts', contactId, 'consents'] as const,
  purposes: ['consent-purposes'] as const,
};

export function useConsents(contactId: string) {
  return useQuery({
    queryKey: privacyKeys.consents(contactId),
    queryFn: ({ signal }) => api<ContactConsents>(`/contacts/${contactId}/consents`, { signal }),
  });
}

export function usePurposes() {
  return useQuery({
    queryKey: privacyKeys.purposes,
    queryFn: ({ signal }) => api<{ data: ConsentPurpose[] }>('/consent-purposes', { signal }),
    staleTime: 5 * 60_000,
  });
}

/** Adds a purpose of the workspace (the privacy page's "Zwecke"). */
export function addPurpose(input: ConsentPurposeCreate): Promise<ConsentPurpose> {
  return api<ConsentPurpose>('/consent-purposes', { method: 'POST', body: input });
}

function useRefresh(contactId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: privacyKeys.consents(contactId) });
    void client.invalidateQueries({ queryKey: recordKeys.detail({ type: 'contact', id: contactId }) });
  };
}

export function useRecordConsent(contactId: string) {
  const refresh = useRefresh(contactId);
  return useMutation({
    mutationFn: (input: Partial<ConsentCreate> & Pick<ConsentCreate, 'purpose' | 'method'>) =>
      api(`/contacts/${contactId}/consents`, { method: 'POST', body: input }),
    onSuccess: refresh,
  });
}

export function useRestriction(contactId: string) {
  const refresh = useRefresh(contactId);
  const restrict = useMutation({
    mutationFn: (reason: string) =>
      api<Contact>(`/contacts/${contactId}/restriction`, { method: 'PUT', body: { reason } }),
    onSuccess: refresh,
  });
  const lift = useMutation({
    mutationFn: () => api<Contact>(`/contacts/${contactId}/restriction`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return { restrict, lift };
}
