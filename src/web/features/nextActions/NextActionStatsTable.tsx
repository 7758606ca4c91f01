// The learning loop's figures on the analytics page: per kind of suggestion, how many are
// open, done and dismissed, how often they are taken up and how often an order followed.
import { Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { fetchNextActionStats, nextActionKeys } from './nextActionsApi.ts';

export function NextActionStatsTable() {
  const { t } = useTranslation();
  const locale = useLocale();
  const query = useQuery({ queryKey: nextActionKeys.stats, queryFn: ({ signal }) => fetchNextActionStats(signal) });
  const percent = (value: number | null) =>
    value === null ? '–' : formatNumber(value, locale, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <section id="next-actions" aria-labelledby="next-actions-title" data-testid="next-action-stats">
      <Title order={3} size="h4" id="next-actions-title" mb={4}>
        {t('nextActions.stats.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('nextActions.stats.hint')}
      </Text>
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('nextActions.stats.kind')}</Table.Th>
                <Table.Th ta="right">{t('nextActions.stats.open')}</Table.Th>
                <Table.Th ta="right">{t('nextActions.stats.done')}</Table.Th>
                <Table.Th ta="right">{t('nextActions.stats.dismissed')}</Table.Th>
                <Table.Th ta="right">{t('nextActions.stats.acceptance')}</Table.Th>
                <Table.Th ta="right">{t('nextActions.stats.outcome')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.data.map((row) => (
                <Table.Tr key={row.kind} data-testid={`next-action-stats-${row.kind}`}>
                  <Table.Td>{t(`nextActions.kindNames.${row.kind}`)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(row.open, locale)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(row.done, locale)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(row.dismissed, locale)}</Table.Td>
                  <Table.Td ta="right">{percent(row.acceptanceRate)}</Table.Td>
                  <Table.Td ta="right">{percent(row.outcomeRate)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}
