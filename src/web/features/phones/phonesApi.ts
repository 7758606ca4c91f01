// App passwords and phone settings through the API; after a change the lists load again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AppPassword, CreatedAppPassword, DavSettings } from '../../../contract/dav.ts';
import { api } from '../../app/api.ts';

export type { AppPassword, CreatedAppPassword, DavSettings };

const phonesKey = ['phones'] as const;

export function useAppPasswords() {
  return useQuery({
    queryKey: [...phonesKey, 'passwords'],
    queryFn: ({ signal }) => api<{ data: AppPassword[] }>('/app-passwords', { signal }).then((list) => list.data),
  });
}

export function useDavSettings() {
  return useQuery({
    queryKey: [...phonesKey, 'settings'],
    queryFn: ({ signal }) => api<DavSettings>('/dav-settings', { signal }),
  });
}

export function useCreateAppPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<CreatedAppPassword>('/app-passwords', { method: 'POST', body: { name } }),
    onSuccess: () => client.invalidateQueries({ queryKey: phonesKey }),
  });
}

export function useRevokeAppPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/app-passwords/${id}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: phonesKey }),
  });
}

export function useChooseContactsView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (contactsViewId: string | null) =>
      api<DavSettings>('/dav-settings', { method: 'PUT', body: { contactsViewId } }),
    onSuccess: (settings) => client.setQueryData([...phonesKey, 'settings'], settings),
  });
}
