// The forecast of the coming months: the weighted pipeline beside the history forecast, what
// is overdue or undated, how the history method did on the past months (backtest), and how the
// stored forecasts compared with what came. Managers store a snapshot on demand.
import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ForecastKpis } from '../../../contract/kpis.ts';
import { api } from '../../app/api.ts';
import { formatDate } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import { fetchForecast, type KpiFilter, kpiKeys } from './kpisApi.ts';
import { type KpiFormats, kpiFormats } from './kpisFormat.ts';

function Accuracy({
  accuracy,
  method,
  f,
  testId,
}: {
  accuracy: ForecastKpis['backtest']['accuracy'];
  method: string;
  f: KpiFormats;
  testId: string;
}) {
  const { t } = useTranslation();
  if (accuracy.error === null || accuracy.bias === null)
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        {t('kpis.forecast.noAccuracy', { method })}
      </Text>
    );
  return (
    <Text size="sm" data-testid={testId}>
      {t('kpis.forecast.accuracy', {
        method,
        count: accuracy.months,
        error: f.share(accuracy.error),
        bias: f.change(accuracy.bias),
      })}
    </Text>
  );
}

export function ForecastPanel({ filter }: { filter: KpiFilter }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorMessage = useErrorMessage();
  const canSnapshot = useHasRole('manager');
  const client = useQueryClient();
  const query = useQuery({
    queryKey: kpiKeys.forecast(filter),
    queryFn: ({ signal }) => fetchForecast(filter, signal),
  });
  const snapshot = useMutation({
    mutationFn: () => api<{ takenOn: string; rows: number }>('/kpis/forecast/snapshots', { method: 'POST', body: {} }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['kpis', 'forecast'] });
      notifications.show({ color: 'green', message: t('kpis.forecast.saved') });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const forecast = query.data;
  const f = kpiFormats(locale, forecast?.currency ?? 'EUR', t('kpis.none'));
  return (
    <Paper withBorder p="md" data-testid="kpis-forecast-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('kpis.forecast.title')}</Title>
          {canSnapshot && (
            <Button
              size="xs"
              variant="light"
              onClick={() => snapshot.mutate()}
              loading={snapshot.isPending}
              data-testid="kpis-snapshot"
            >
              {t('kpis.forecast.snapshot')}
            </Button>
          )}
        </Group>
        {query.isPending ? (
          <LoadingState />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : forecast ? (
          <>
            <Text size="sm" c="dimmed">
              {t('kpis.forecast.intro')}
            </Text>
            <Table.ScrollContainer minWidth={560}>
              <Table fz="sm" striped data-testid="kpis-forecast">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('kpis.forecast.month')}</Table.Th>
                    <Table.Th ta="right">{t('kpis.forecast.weighted')}</Table.Th>
                    <Table.Th ta="right">{t('kpis.column.deals')}</Table.Th>
                    <Table.Th ta="right">{t('kpis.forecast.history')}</Table.Th>
                    <Table.Th ta="right">{t('kpis.forecast.booked')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {forecast.months.map((m) => (
                    <Table.Tr key={m.month}>
                      <Table.Td>{f.month(m.month)}</Table.Td>
                      <Table.Td ta="right">{f.money(m.weighted)}</Table.Td>
                      <Table.Td ta="right">{f.count(m.deals)}</Table.Td>
                      <Table.Td ta="right">{f.money(m.history)}</Table.Td>
                      <Table.Td ta="right">{f.money(m.booked)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {(forecast.overdue.deals > 0 || forecast.undated.deals > 0) && (
              <Text size="sm" data-testid="kpis-forecast-unplaced">
                {t('kpis.forecast.unplaced', {
                  overdue: f.count(forecast.overdue.deals),
                  overdueWeighted: f.money(forecast.overdue.weighted),
                  undated: f.count(forecast.undated.deals),
                  undatedWeighted: f.money(forecast.undated.weighted),
                })}
              </Text>
            )}
            {forecast.historyNote && (
              <Alert color="yellow" data-testid="kpis-history-note">
                {t('kpis.forecast.tooLittleHistory')}
              </Alert>
            )}
            <Title order={5}>{t('kpis.forecast.backtestTitle')}</Title>
            <Accuracy
              accuracy={forecast.backtest.accuracy}
              method={t('kpis.forecast.history')}
              f={f}
              testId="kpis-backtest"
            />
            {forecast.backtest.note && (
              <Text size="sm" c="dimmed">
                {t('kpis.forecast.backtestTooShort')}
              </Text>
            )}
            {forecast.backtest.rows.length > 0 && (
              <Table.ScrollContainer minWidth={420}>
                <Table fz="xs" striped data-testid="kpis-backtest-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('kpis.forecast.month')}</Table.Th>
                      <Table.Th ta="right">{t('kpis.forecast.history')}</Table.Th>
                      <Table.Th ta="right">{t('kpis.forecast.actual')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {forecast.backtest.rows.map((r) => (
                      <Table.Tr key={r.month}>
                        <Table.Td>{f.month(r.month)}</Table.Td>
                        <Table.Td ta="right">{f.money(r.forecast)}</Table.Td>
                        <Table.Td ta="right">{f.money(r.actual)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <Title order={5}>{t('kpis.forecast.snapshotsTitle')}</Title>
            {forecast.snapshots.rows.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="kpis-snapshots">
                {t('kpis.forecast.noSnapshots')}
              </Text>
            ) : (
              <>
                <Accuracy
                  accuracy={forecast.snapshots.weightedAccuracy}
                  method={t('kpis.forecast.weightedVsWon')}
                  f={f}
                  testId="kpis-snapshots-weighted"
                />
                <Accuracy
                  accuracy={forecast.snapshots.historyAccuracy}
                  method={t('kpis.forecast.history')}
                  f={f}
                  testId="kpis-snapshots-history"
                />
                <Table.ScrollContainer minWidth={640}>
                  <Table fz="xs" striped data-testid="kpis-snapshots">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('kpis.forecast.month')}</Table.Th>
                        <Table.Th>{t('kpis.forecast.takenOn')}</Table.Th>
                        <Table.Th ta="right">{t('kpis.forecast.weighted')}</Table.Th>
                        <Table.Th ta="right">{t('kpis.forecast.wonAmount')}</Table.Th>
                        <Table.Th ta="right">{t('kpis.forecast.history')}</Table.Th>
                        <Table.Th ta="right">{t('kpis.forecast.actual')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {forecast.snapshots.rows.map((r) => (
                        <Table.Tr key={r.month}>
                          <Table.Td>{f.month(r.month)}</Table.Td>
                          <Table.Td>{formatDate(r.takenOn, locale)}</Table.Td>
                          <Table.Td ta="right">{f.money(r.weighted)}</Table.Td>
                          <Table.Td ta="right">{f.money(r.wonAmount)}</Table.Td>
                          <Table.Td ta="right">{f.money(r.history)}</Table.Td>
                          <Table.Td ta="right">{f.money(r.revenue)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            )}
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
