// The latest run's ABC classes as a table (customers, revenue, share) and the Lorenz curve of
// the revenue as a chart: how much of it the best x per cent of the customers bring. The chart
// is the reports' (lazy ECharts, with its table for screen readers and on request).
import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AbcOverview } from '../../../contract/analytics.ts';
import type { ReportResult } from '../../../contract/reports.ts';
import { api } from '../../app/api.ts';
import { formatMoney, formatNumber } from '../../ui/format.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { ReportChart } from '../reports/ReportChart.tsx';
import { abcColor } from './analyticsColumns.tsx';

export function AbcChart() {
  const { t } = useTranslation();
  const locale = useLocale();
  const query = useQuery({
    queryKey: ['analytics', 'abc'],
    queryFn: ({ signal }) => api<AbcOverview>('/analytics/abc', { signal }),
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  if (!data.runId || data.lorenz.length === 0) return null;
  const curve: ReportResult = {
    columns: [
      { key: 'group0', field: 'customerShare', fn: null, bucket: null, kind: 'number' },
      { key: 'measure0', field: 'revenueShare', fn: null, bucket: null, kind: 'number' },
    ],
    rows: data.lorenz.map((point) => [point.customers, point.revenue]),
    labels: {},
    truncated: false,
    rollup: false,
  };
  const currency = data.currency ?? 'EUR';
  return (
    <Stack gap="xs" data-testid="analytics-lorenz">
      <Title order={4}>{t('analytics.lorenz.title')}</Title>
      <Text size="sm" c="dimmed">
        {t(`analytics.lorenz.hint.${data.basis ?? 'revenue'}`)}
      </Text>
      <Table fz="sm" data-testid="analytics-abc-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('analytics.lorenz.class')}</Table.Th>
            <Table.Th ta="right">{t('analytics.lorenz.customers')}</Table.Th>
            <Table.Th ta="right">{t('analytics.lorenz.revenue')}</Table.Th>
            <Table.Th ta="right">{t('analytics.lorenz.share')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.classes.map((row) => (
            <Table.Tr key={row.abcClass}>
              <Table.Td>
                <Badge color={abcColor[row.abcClass]} variant="filled">
                  {row.abcClass}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{formatNumber(row.customers, locale)}</Table.Td>
              <Table.Td ta="right">{formatMoney({ amount: row.revenue, currency }, locale)}</Table.Td>
              <Table.Td ta="right">
                {formatNumber(row.share, locale, { style: 'percent', maximumFractionDigits: 1 })}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ReportChart result={curve} chart="line" title={t('analytics.lorenz.title')} height={260} />
    </Stack>
  );
}
