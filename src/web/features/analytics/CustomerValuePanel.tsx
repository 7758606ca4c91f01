// A customer's value on their page (issue 22): ABC class, RFM segment, the chance they are
// still a customer, the purchases and spend expected, and the lifetime value — each labelled
// with what it rests on, and a reason instead of a number where there is too little to go on.
import { Alert, Anchor, Badge, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CustomerAnalytics } from '../../../contract/analytics.ts';
import { formatDate, formatMoney, formatNumber } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { Panel } from '../record/RecordPanels.tsx';
import type { RecordRef } from '../record/recordApi.ts';
import { analyticsKeys, fetchCustomerAnalytics } from './analyticsApi.ts';
import { abcColor, aliveColor } from './analyticsColumns.tsx';
import { PotentialSection } from './PotentialSection.tsx';
import { onlyIf } from '../../app/auth.tsx';

function Row({ label, hint, value, testId }: { label: string; hint: string; value: React.ReactNode; testId: string }) {
  return (
    <Table.Tr data-testid={testId}>
      <Table.Td>
        <Tooltip label={hint} multiline w={260} withArrow>
          <Text size="xs" c="dimmed" style={{ cursor: 'help' }}>
            {label}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td ta="right">{value}</Table.Td>
    </Table.Tr>
  );
}

function Predictions({ data }: { data: CustomerAnalytics }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (data.reason !== null || data.pAlive === null) {
    return (
      <Text size="xs" c="dimmed" data-testid="value-reason">
        {t(`analytics.reason.${data.reason ?? 'too_little_history'}`)}
      </Text>
    );
  }
  const settings = data.settings ?? { horizonMonths: 36, discountRate: 10 };
  const money = (amount: string | null) =>
    amount === null ? '–' : formatMoney({ amount, currency: data.currency ?? 'EUR' }, locale);
  return (
    <Table fz="xs" verticalSpacing={2} horizontalSpacing={4}>
      <Table.Tbody>
        <Row
          testId="value-alive"
          label={t('analytics.alive')}
          hint={t('analytics.aliveHint')}
          value={
            <Badge size="sm" variant="light" color={aliveColor(data.pAlive)}>
              {formatNumber(data.pAlive, locale, { style: 'percent', maximumFractionDigits: 0 })}
            </Badge>
          }
        />
        <Row
          testId="value-purchases"
          label={t('analytics.expectedPurchases')}
          hint={t('analytics.expectedPurchasesHint')}
          value={formatNumber(data.expectedPurchases ?? 0, locale, { maximumFractionDigits: 1 })}
        />
        <Row
          testId="value-spend"
          label={t('analytics.expectedSpend')}
          hint={t('analytics.expectedSpendHint')}
          value={money(data.expectedSpend)}
        />
        <Row
          testId="value-clv"
          label={t('analytics.clv', { horizon: settings.horizonMonths })}
          hint={t('analytics.clvHint', { horizon: settings.horizonMonths, rate: settings.discountRate })}
          value={money(data.clv)}
        />
      </Table.Tbody>
    </Table>
  );
}

function CustomerValuePanelShown({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const query = useQuery({
    queryKey: analyticsKeys.customer(record),
    queryFn: ({ signal }) => fetchCustomerAnalytics(record, signal),
  });
  const data = query.data;
  return (
    <Panel
      title={t('analytics.panel.title')}
      testId="record-value"
      action={
        <Anchor component={Link} to="/analytics" size="xs">
          {t('analytics.panel.how')}
        </Anchor>
      }
    >
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !data || data.reason === 'no_run' || data.reason === 'no_orders' ? (
        <Text size="sm" c="dimmed" data-testid="value-reason">
          {data?.reason === 'no_orders'
            ? t('analytics.reason.no_orders', { date: data.asOf ? formatDate(data.asOf, locale) : '' })
            : t('analytics.reason.no_run')}
        </Text>
      ) : (
        <Stack gap="xs">
          <Group gap="xs" wrap="wrap">
            {data.abcClass && (
              <Tooltip
                label={t('analytics.abcHint', {
                  a: data.settings?.abcA ?? 80,
                  b: data.settings?.abcB ?? 95,
                  window: data.settings?.windowMonths ?? 12,
                })}
                multiline
                w={260}
                withArrow
              >
                <Badge color={abcColor[data.abcClass]} variant="filled" data-testid="value-abc">
                  {t('analytics.abcBadge', { abc: data.abcClass })}
                </Badge>
              </Tooltip>
            )}
            {data.rfm && (
              <Tooltip label={t('analytics.rfmHint', data.rfm)} multiline w={260} withArrow>
                <Badge variant="light" data-testid="value-rfm">
                  {t(`analytics.segment.${data.rfm.segment}`)}
                </Badge>
              </Tooltip>
            )}
          </Group>
          {data.churn && (
            <Alert color="orange" variant="light" p="xs" data-testid="value-churn">
              <Text size="xs">
                {data.churn.signal === 'overdue'
                  ? t('analytics.churn.overdue', { days: data.churn.days, usual: data.churn.usualDays })
                  : t('analytics.churn.falling', {
                      revenue: formatMoney(
                        { amount: String(data.churn.revenue ?? 0), currency: data.currency ?? 'EUR' },
                        locale,
                      ),
                      previous: formatMoney(
                        { amount: String(data.churn.previous ?? 0), currency: data.currency ?? 'EUR' },
                        locale,
                      ),
                      months: data.settings?.windowMonths ?? 12,
                    })}
              </Text>
            </Alert>
          )}
          <Predictions data={data} />
          {data.crossSell.length > 0 && (
            <div data-testid="value-cross-sell">
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
                {t('analytics.crossSell.title')}
              </Text>
              <Stack gap={4}>
                {data.crossSell.map((offer) => (
                  <Text size="xs" key={offer.productId} data-testid="cross-sell-offer">
                    <Anchor component={Link} to={`/products/${offer.productId}`} size="xs" fw={600}>
                      {offer.name}
                    </Anchor>{' '}
                    {offer.upSell && (
                      <Badge size="xs" variant="light" color="grape" tt="none" data-testid="up-sell">
                        {t('analytics.crossSell.upSell')}
                      </Badge>
                    )}{' '}
                    {t('analytics.crossSell.because', {
                      share: formatNumber(offer.confidence, locale, { style: 'percent', maximumFractionDigits: 0 }),
                      product: offer.because.name,
                    })}
                  </Text>
                ))}
              </Stack>
            </div>
          )}
          {data.marginTotal !== null && (
            <Text size="xs" data-testid="value-margin">
              {t('analytics.margin', {
                margin: formatMoney({ amount: data.marginTotal, currency: data.currency ?? 'EUR' }, locale),
                coverage: formatNumber(data.costCoverage ?? 0, locale, { style: 'percent', maximumFractionDigits: 0 }),
              })}
            </Text>
          )}
          <PotentialSection record={record} currency={data.currency ?? 'EUR'} />
          <Text size="xs" c="dimmed" data-testid="value-as-of">
            {t('analytics.panel.asOf', { date: data.asOf ? formatDate(data.asOf, locale) : '' })}
            {data.history.length > 0 &&
              ` · ${t('analytics.panel.before')} ${data.history
                .slice(0, 3)
                .map((h) => `${h.abcClass ?? '–'} (${formatDate(h.asOf, locale, 'short')})`)
                .join(', ')}`}
          </Text>
        </Stack>
      )}
    </Panel>
  );
}

export const CustomerValuePanel = /* @__PURE__ */ onlyIf('read', 'analytics', CustomerValuePanelShown);
