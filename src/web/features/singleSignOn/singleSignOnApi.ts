// The workspace's identity provider settings through the API: read, save, remove.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { OidcSettingsInput, OidcSetup } from '../../../contract/oidc.ts';

export type { OidcSettingsInput, OidcSetup };

export const useOidcSetup = () =>
  useQuery({ queryKey: ['oidc-settings'], queryFn: () => api<OidcSetup>('/oidc-settings'), retry: false });

export function useSaveOidcSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OidcSettingsInput) => api<OidcSetup>('/oidc-settings', { method: 'PUT', body: input }),
    onSuccess: (saved) => queryClient.setQueryData(['oidc-settings'], saved),
  });
}

export function useRemoveOidcSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/oidc-settings', { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['oidc-settings'] }),
  });
}
