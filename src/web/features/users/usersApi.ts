// The workspace's users for the users page: list (with last sign-in for admins), create,
// change role or active, sign out everywhere, and a one-time password link.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PasswordResetLink } from '../../../contract/account.ts';
import type { User, UserName } from '../../../contract/users.ts';
import { api, type Page } from '../../app/api.ts';

export type { PasswordResetLink, User, UserName };

const usersKey = ['users'] as const;

/**
 * The names behind user ids (owners, assignees, authors, who moved a deal), sorted by name:
 * one cached list for the whole app, former users included (`active: false`). Partners get
 * only the people they work with (GET /users/names).
 */
export function useUserNames(enabled = true) {
  return useQuery({
    queryKey: [...usersKey, 'names'],
    queryFn: ({ signal }) => api<{ data: UserName[] }>('/users/names', { signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useUserList() {
  return useQuery({
    queryKey: [...usersKey, 'page'],
    queryFn: ({ signal }) => api<Page<User>>('/users', { query: { limit: 500 }, signal }).then((page) => page.data),
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; email: string; role: User['role']; locale: 'de' | 'en' }) =>
      api<User>('/users', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ user, patch }: { user: User; patch: { role?: User['role']; active?: boolean } }) =>
      api<User>(`/users/${user.id}`, { method: 'PATCH', body: patch, headers: { 'if-match': `"${user.version}"` } }),
    onSettled: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useSignOutEverywhere() {
  return useMutation({
    mutationFn: (id: string) => api<void>(`/users/${id}/sign-out`, { method: 'POST' }),
  });
}

export function useIssueResetLink() {
  return useMutation({
    mutationFn: (id: string) => api<PasswordResetLink>(`/users/${id}/password-reset-link`, { method: 'POST' }),
  });
}
