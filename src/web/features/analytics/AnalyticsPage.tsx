// The analytics overview (/analytics): the latest run — as of which day, how many customers
// fell into each ABC class, the model parameters fitted on the workspace's own orders — what
// each number means, and for managers a new run, as of today or of a chosen day.
import { useState } from 'react';
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AnalyticsRun } from '../../../contract/analytics.ts';
import { formatDate, formatNumber } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { DateField } from '../forms/DateFields.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import { analyticsKeys, fetchLatestRun, startRun } from './analyticsApi.ts';
import { AnalyticsSettingsForm } from './AnalyticsSettingsForm.tsx';
import { PortfolioMatrix } from './PortfolioMatrix.tsx';
import { AbcChart } from './AbcChart.tsx';
import { PotentialRulesForm } from './PotentialRulesForm.tsx';
import { NextActionStatsTable } from '../nextActions/index.ts';
import { abcColor } from './analyticsColumns.tsx';

function Parameters({ run }: { run: AnalyticsRun }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const number = (value: number) => formatNumber(value, locale, { maximumSignificantDigits: 4 });
  if (!run.bgnbd || !run.gammaGamma)
    return (
      <Text size="sm" c="dimmed" data-testid="analytics-no-models">
        {t('analytics.reason.too_few_customers')}
      </Text>
    );
  return (
    <Table fz="sm" data-testid="analytics-parameters" withTableBorder>
      <Table.Tbody>
        <Table.Tr>
          <Table.Td>{t('analytics.page.bgnbd')}</Table.Td>
          <Table.Td>
            r = {number(run.bgnbd.r)}, α = {number(run.bgnbd.alpha)}, a = {number(run.bgnbd.a)}, b ={' '}
            {number(run.bgnbd.b)}
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Td>{t('analytics.page.gammaGamma')}</Table.Td>
          <Table.Td>
            p = {number(run.gammaGamma.p)}, q = {number(run.gammaGamma.q)}, γ = {number(run.gammaGamma.gamma)}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

export default function AnalyticsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorMessage = useErrorMessage();
  const canRun = useHasRole('manager');
  const client = useQueryClient();
  const [asOf, setAsOf] = useState('');
  const query = useQuery({ queryKey: analyticsKeys.latest, queryFn: ({ signal }) => fetchLatestRun(signal) });
  const run = useMutation({
    mutationFn: () => startRun(asOf || null),
    onSuccess: (result) => {
      client.setQueryData(analyticsKeys.latest, result);
      void client.invalidateQueries({ queryKey: ['contacts'] });
      void client.invalidateQueries({ queryKey: ['companies'] });
      notifications.show({ color: 'green', message: t('analytics.page.done', { count: result.customers }) });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const latest = query.data;
  return (
    <Stack gap="md" maw={960}>
      <Title order={2}>{t('analytics.page.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('analytics.page.intro')}
      </Text>
      {canRun && (
        <Paper withBorder p="md">
          <Group align="flex-start" gap="sm">
            <Stack gap={2}>
              <DateField
                label={t('analytics.page.asOf')}
                value={asOf}
                onChange={setAsOf}
                noShortcuts
                data-testid="analytics-as-of"
              />
              <Text size="xs" c="dimmed">
                {t('analytics.page.asOfHint')}
              </Text>
            </Stack>
            <Button mt={25} onClick={() => run.mutate()} loading={run.isPending} data-testid="analytics-run">
              {t('analytics.page.run')}
            </Button>
          </Group>
        </Paper>
      )}
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !latest ? (
        <Alert color="gray" data-testid="analytics-none">
          {t('analytics.page.none')}
        </Alert>
      ) : (
        <Paper withBorder p="md" data-testid="analytics-latest">
          <Stack gap="sm">
            <Text fw={600}>
              {t('analytics.page.latest', {
                date: formatDate(latest.asOf, locale),
                count: latest.customers,
                customers: formatNumber(latest.customers, locale),
              })}
            </Text>
            <SimpleGrid cols={{ base: 3 }} spacing="xs" data-testid="analytics-abc">
              {(['A', 'B', 'C'] as const).map((abc) => (
                <Paper key={abc} withBorder p="xs" ta="center" bg={`${abcColor[abc]}.0`}>
                  <Text size="xs" c="dimmed">
                    {t('analytics.abcBadge', { abc })}
                  </Text>
                  <Text fw={700} size="lg" data-testid={`analytics-abc-${abc}`}>
                    {formatNumber(latest.abc[abc], locale)}
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              {t('analytics.page.settings', {
                window: latest.settings.windowMonths,
                a: formatNumber(latest.settings.abcA, locale),
                b: formatNumber(latest.settings.abcB, locale),
                horizon: latest.settings.horizonMonths,
                rate: formatNumber(latest.settings.discountRate, locale),
              })}
            </Text>
            <Parameters run={latest} />
          </Stack>
        </Paper>
      )}
      {latest && (
        <Paper withBorder p="md">
          <AbcChart />
        </Paper>
      )}
      <Paper withBorder p="md">
        <PortfolioMatrix />
      </Paper>
      <AnalyticsSettingsForm />
      <PotentialRulesForm />
      <Paper withBorder p="md">
        <NextActionStatsTable />
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={4}>{t('analytics.page.methods')}</Title>
          {(['abc', 'rfm', 'alive', 'clv'] as const).map((method) => (
            <Text size="sm" key={method}>
              <b>{t(`analytics.method.${method}.name`)}</b> — {t(`analytics.method.${method}.text`)}
            </Text>
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}
