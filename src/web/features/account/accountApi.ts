// My account through the API: sessions, tokens and app passwords, password, name and language.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccountSession, AccountToken } from '../../../contract/account.ts';
import type { User } from '../../../contract/users.ts';
import { api } from '../../app/api.ts';

export type { AccountSession, AccountToken };

const accountKey = ['account'] as const;

export function useMySessions() {
  return useQuery({
    queryKey: [...accountKey, 'sessions'],
    queryFn: ({ signal }) => api<{ data: AccountSession[] }>('/auth/sessions', { signal }).then((list) => list.data),
  });
}

export function useMyTokens() {
  return useQuery({
    queryKey: [...accountKey, 'tokens'],
    queryFn: ({ signal }) => api<{ data: AccountToken[] }>('/auth/tokens', { signal }).then((list) => list.data),
  });
}

/** A change that ends sessions or revokes tokens: the lists (and the phone page's) load again. */
function useAccountChange<Input>(mutationFn: (input: Input) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: accountKey });
      await client.invalidateQueries({ queryKey: ['phones'] });
    },
  });
}

export const useEndSession = () =>
  useAccountChange((id: string) => api<void>(`/auth/sessions/${id}`, { method: 'DELETE' }));

export const useEndOtherSessions = () => useAccountChange(() => api<void>('/auth/sessions', { method: 'DELETE' }));

export const useRevokeToken = () =>
  useAccountChange((id: string) => api<void>(`/auth/tokens/${id}`, { method: 'DELETE' }));

export const useChangePassword = () =>
  useAccountChange((input: { currentPassword: string; newPassword: string }) =>
    api<void>('/auth/password', { method: 'POST', body: input }),
  );

export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: { name?: string; locale?: 'de' | 'en' }) =>
      api<User>('/auth/me', { method: 'PATCH', body: patch }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['auth', 'me'] }),
  });
}
