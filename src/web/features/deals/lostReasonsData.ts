// The workspace's lost reasons on the web: the list (offered ones, or all for the settings),
// their names in the reader's language, and the admin's changes.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LostReason } from '../../../contract/lostReasons.ts';
import { api } from '../../app/api.ts';

const reasonsKey = ['lost-reasons'] as const;

/** The reasons; `enabled: false` until a screen shows them (a closed dialog need not load them). */
export function useLostReasons(includeInactive = false, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...reasonsKey, includeInactive ? 'all' : 'offered'],
    queryFn: ({ signal }) =>
      api<{ data: LostReason[] }>('/lost-reasons', {
        query: includeInactive ? { includeInactive: 'true' } : {},
        signal,
      }).then((list) => list.data),
    staleTime: 5 * 60_000,
  });
}

/**
 * A reason's name for the reader: a default reason not renamed since (it has a key) in the
 * reader's language, any other as the workspace wrote it.
 */
export function useReasonName() {
  const { t } = useTranslation();
  return (reason: Pick<LostReason, 'key' | 'name'>) =>
    reason.key ? t(`lostReasons.defaults.${reason.key}`, { defaultValue: reason.name }) : reason.name;
}

/** The name of the reason with this id (also of a deactivated one), or null. */
export function useReasonNameOf(id: string | null) {
  const all = useLostReasons(true);
  const name = useReasonName();
  const reason = id ? all.data?.find((r) => r.id === id) : undefined;
  return reason ? name(reason) : null;
}

type Change =
  | { kind: 'create'; name: string }
  | { kind: 'patch'; reason: LostReason; patch: { name?: string; active?: boolean } }
  | { kind: 'order'; ids: string[] };

/** Adding, renaming, (de)activating and reordering reasons; every list of them reloads after. */
export function useChangeLostReasons() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: Change): Promise<unknown> => {
      if (change.kind === 'create') return api('/lost-reasons', { method: 'POST', body: { name: change.name } });
      if (change.kind === 'order') return api('/lost-reasons/order', { method: 'PUT', body: { ids: change.ids } });
      return api(`/lost-reasons/${change.reason.id}`, {
        method: 'PATCH',
        body: change.patch,
        headers: { 'if-match': `"${change.reason.version}"` },
      });
    },
    onSettled: () => client.invalidateQueries({ queryKey: reasonsKey }),
  });
}
