// Mailboxes through the API: the list, one mailbox, the teams a shared one can go to, and the
// changes (connect, change, remove, check again), after which the list loads again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Mailbox, MailboxCheck, MailboxCreate, MailboxPatch } from '../../../contract/mailboxes.ts';
import type { Team } from '../../../contract/teams.ts';
import { api, type Page } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useHasRole } from '../forms/FormPage.tsx';

export type { Mailbox, MailboxCheck };

const mailboxesKey = ['mailboxes'] as const;

export function useMailboxes() {
  return useQuery({
    queryKey: [...mailboxesKey, 'all'],
    queryFn: ({ signal }) => api<{ data: Mailbox[] }>('/mailboxes', { signal }).then((list) => list.data),
  });
}

export function useMailbox(id: string | undefined) {
  return useQuery({
    enabled: id !== undefined,
    queryKey: [...mailboxesKey, 'one', id],
    queryFn: ({ signal }) => api<Mailbox>(`/mailboxes/${id}`, { signal }),
  });
}

/** The workspace's teams, for the admins who share a mailbox with one (and to name it). */
export function useTeams(enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: ['teams', 'options'],
    queryFn: ({ signal }) => api<Page<Team>>('/teams', { query: { limit: 200 }, signal }).then((page) => page.data),
    staleTime: 5 * 60_000,
  });
}

/**
 * What the signed-in user may do with mailboxes, as the server decides it (this only hides
 * buttons): agents connect their own; admins share them with teams and change everyone's.
 */
export function useMailboxRights() {
  const { me } = useAuth();
  const isAdmin = useHasRole('admin');
  const mayConnect = useHasRole('agent');
  return {
    isAdmin,
    mayConnect,
    mayChange: (mailbox: Mailbox) =>
      isAdmin || (mayConnect && mailbox.teamId === null && mailbox.ownerId === me?.user.id),
  };
}

const ifMatch = (mailbox: Mailbox) => ({ 'if-match': `"${mailbox.version}"` });

export type MailboxChange =
  | { kind: 'create'; body: MailboxCreate }
  | { kind: 'patch'; mailbox: Mailbox; body: MailboxPatch };

/** Connects or changes a mailbox; the server checks both servers first (422 when one refuses). */
export function useSaveMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: MailboxChange) =>
      change.kind === 'create'
        ? api<Mailbox>('/mailboxes', { method: 'POST', body: change.body })
        : api<Mailbox>(`/mailboxes/${change.mailbox.id}`, {
            method: 'PATCH',
            body: change.body,
            headers: ifMatch(change.mailbox),
          }),
    onSuccess: () => client.invalidateQueries({ queryKey: mailboxesKey }),
  });
}

export function useRemoveMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (mailbox: Mailbox) =>
      api<void>(`/mailboxes/${mailbox.id}`, { method: 'DELETE', headers: ifMatch(mailbox) }),
    onSettled: () => client.invalidateQueries({ queryKey: mailboxesKey }),
  });
}

/** Checks a saved mailbox's servers again; its status and problems change with the result. */
export function useCheckMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (mailbox: Mailbox) => api<MailboxCheck>(`/mailboxes/${mailbox.id}/check`, { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: mailboxesKey }),
  });
}
