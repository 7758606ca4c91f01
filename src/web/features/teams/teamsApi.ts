// The workspace's teams for the teams page: list, create, change (members replaced as a
// whole, guarded by the version), move to the trash, and the trashed ones to restore.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Team, TeamCreate, TeamPatch } from '../../../contract/teams.ts';
import { api, type Page } from '../../app/api.ts';

export type { Team, TeamCreate, TeamPatch };

const teamsKey = ['teams'] as const;

export function useTeamList() {
  return useQuery({
    queryKey: [...teamsKey, 'page'],
    queryFn: ({ signal }) =>
      api<Page<Team>>('/teams', { query: { limit: 500, sort: 'name' }, signal }).then((page) => page.data),
  });
}

/** The teams most recently moved to the trash (trashing sets updatedAt), to bring one back. */
export function useTrashedTeams() {
  return useQuery({
    queryKey: [...teamsKey, 'trash'],
    queryFn: ({ signal }) =>
      api<Page<Team>>('/teams', { query: { trashed: 'true', sort: '-updatedAt', limit: 10 }, signal }).then(
        (page) => page.data,
      ),
  });
}

// Teams decide "my team" filters and what team-scoped roles and partners see: after a change,
// every list may show other rows.
function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries();
}

export function useCreateTeam() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: TeamCreate) => api<Team>('/teams', { method: 'POST', body: input }),
    onSuccess: refresh,
  });
}

export function useUpdateTeam() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ team, patch }: { team: Team; patch: TeamPatch }) =>
      api<Team>(`/teams/${team.id}`, { method: 'PATCH', body: patch, headers: { 'if-match': `"${team.version}"` } }),
    onSettled: refresh,
  });
}

export function useTrashTeam() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (team: Team) =>
      api<void>(`/teams/${team.id}`, { method: 'DELETE', headers: { 'if-match': `"${team.version}"` } }),
    onSettled: refresh,
  });
}

export function useRestoreTeam() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (team: Team) => api<Team>(`/teams/${team.id}/restore`, { method: 'POST' }),
    onSettled: refresh,
  });
}
