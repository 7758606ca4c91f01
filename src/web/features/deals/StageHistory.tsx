// A deal's stage history: every stage it entered, oldest first, with from → to, who moved it,
// when, and how long it stayed (the current stage: so far).
import { List, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Deal, DealStageChange } from '../../../contract/deals.ts';
import { api } from '../../app/api.ts';
import { formatDateTime, formatNumber } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { recordKeys, useUserName } from '../record/recordApi.ts';
import { Panel } from '../record/RecordPanels.tsx';

export const stageHistoryKey = (dealId: string) =>
  [...recordKeys.detail({ type: 'deal', id: dealId }), 'stage-history'] as const;

/** A duration in the largest sensible unit, locale-formatted: "3 days", "5 Std.", "12 minutes". */
export function formatDuration(milliseconds: number, locale: string): string {
  const minutes = Math.max(0, Math.round(milliseconds / 60_000));
  const [value, unit] =
    minutes >= 2 * 24 * 60
      ? [Math.floor(minutes / (24 * 60)), 'day']
      : minutes >= 60
        ? [Math.floor(minutes / 60), 'hour']
        : [minutes, 'minute'];
  return formatNumber(value, locale, { style: 'unit', unit, unitDisplay: 'long' });
}

export function StageHistory({ deal }: { deal: Deal }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const userName = useUserName();
  const query = useQuery({
    queryKey: stageHistoryKey(deal.id),
    queryFn: ({ signal }) => api<{ data: DealStageChange[] }>(`/deals/${deal.id}/stage-history`, { signal }),
  });
  const changes = query.data?.data ?? [];
  const now = Date.now();
  return (
    <Panel title={t('deal.history.title')} testId="stage-history">
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('deal.history.empty')}
        </Text>
      ) : (
        <List component="ol" spacing="xs" listStyleType="none" p={0}>
          {changes.map((change, index) => {
            const next = changes[index + 1];
            const spent = (next ? Date.parse(next.changedAt) : now) - Date.parse(change.changedAt);
            const who = userName(change.changedBy);
            return (
              <List.Item key={change.id} data-testid="stage-change">
                <Text size="sm" fw={600}>
                  {change.fromStageName
                    ? t('deal.history.moved', { from: change.fromStageName, to: change.toStageName })
                    : t('deal.history.created', { to: change.toStageName })}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(change.changedAt, locale)}
                  {who ? ` · ${t('deal.history.by', { name: who })}` : ''}
                </Text>
                <Text size="xs" c="dimmed" data-testid="stage-duration">
                  {next
                    ? t('deal.history.spent', { stage: change.toStageName, duration: formatDuration(spent, locale) })
                    : t('deal.history.current', { stage: change.toStageName, duration: formatDuration(spent, locale) })}
                </Text>
              </List.Item>
            );
          })}
        </List>
      )}
    </Panel>
  );
}
