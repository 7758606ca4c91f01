// Revenue per month or quarter of the period against the same period a year before, as a
// table with a bar per row (the bar is the revenue against the larger of the two years).
import { useState } from 'react';
import { Group, Paper, Progress, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { fetchRevenue, type KpiFilter, kpiKeys } from './kpisApi.ts';
import { kpiFormats, quarterOf } from './kpisFormat.ts';

export function RevenuePanel({ filter }: { filter: KpiFilter }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [interval, setInterval] = useState<'month' | 'quarter'>('month');
  const query = useQuery({
    queryKey: kpiKeys.revenue(filter, interval),
    queryFn: ({ signal }) => fetchRevenue(filter, interval, signal),
  });
  const revenue = query.data;
  const f = kpiFormats(locale, revenue?.period.currency ?? 'EUR', t('kpis.none'));
  const label = (start: string) => (interval === 'quarter' ? t('kpis.quarter', quarterOf(start)) : f.month(start));
  const largest = Math.max(1, ...(revenue?.rows ?? []).flatMap((r) => [Number(r.revenue), Number(r.previousYear)]));
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('kpis.revenue.title')}</Title>
          <SegmentedControl
            size="xs"
            value={interval}
            onChange={(value) => setInterval(value === 'quarter' ? 'quarter' : 'month')}
            data={[
              { value: 'month', label: t('kpis.revenue.month') },
              { value: 'quarter', label: t('kpis.revenue.quarterly') },
            ]}
            data-testid="kpis-revenue-interval"
          />
        </Group>
        {query.isPending ? (
          <LoadingState />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : revenue ? (
          <>
            <Table.ScrollContainer minWidth={560}>
              <Table fz="sm" striped data-testid="kpis-revenue">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('kpis.revenue.period')}</Table.Th>
                    <Table.Th ta="right">{t('kpis.revenue.revenue')}</Table.Th>
                    <Table.Th ta="right">{t('kpis.revenue.previousYear')}</Table.Th>
                    <Table.Th ta="right">{t('kpis.revenue.change')}</Table.Th>
                    <Table.Th w={140} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {revenue.rows.map((r) => (
                    <Table.Tr key={r.start}>
                      <Table.Td>{label(r.start)}</Table.Td>
                      <Table.Td ta="right">{f.money(r.revenue)}</Table.Td>
                      <Table.Td ta="right">{f.money(r.previousYear)}</Table.Td>
                      <Table.Td ta="right" c={r.change === null ? undefined : r.change < 0 ? 'red' : 'green'}>
                        {f.change(r.change)}
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2} aria-hidden>
                          <Progress value={(Math.max(0, Number(r.revenue)) / largest) * 100} size="sm" />
                          <Progress
                            value={(Math.max(0, Number(r.previousYear)) / largest) * 100}
                            size="sm"
                            color="gray"
                          />
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th>{t('kpis.total')}</Table.Th>
                    <Table.Th ta="right">{f.money(revenue.total.revenue)}</Table.Th>
                    <Table.Th ta="right">{f.money(revenue.total.previousYear)}</Table.Th>
                    <Table.Th ta="right">{f.change(revenue.total.change)}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
            <Text size="xs" c="dimmed">
              {t('kpis.revenue.hint')}
              {revenue.otherCurrencyOrders > 0 &&
                ` ${t('kpis.revenue.otherCurrencies', { count: revenue.otherCurrencyOrders, currency: revenue.period.currency })}`}
            </Text>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
