// The customer portfolio on the analytics page: a 2×2 matrix of current value (ABC) against
// potential, each field with its strategy, how many customers, their revenue and potential and
// the customers with the most room to grow; a note that potentials are assumptions. The
// matrix is itself a table of numbers, so it needs no separate fallback.
import { Anchor, Badge, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Portfolio } from '../../../contract/analytics.ts';
import { api } from '../../app/api.ts';
import { formatMoney, formatNumber } from '../../ui/format.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { collectionOf } from '../record/recordApi.ts';

export const portfolioColor = { invest: 'green', develop: 'blue', maintain: 'yellow', withdraw: 'gray' } as const;

/** High potential on top, high value on the right: the usual reading of the matrix. */
const layout = ['develop', 'invest', 'withdraw', 'maintain'] as const;

export function PortfolioMatrix() {
  const { t } = useTranslation();
  const locale = useLocale();
  const query = useQuery({
    queryKey: ['analytics', 'portfolio'],
    queryFn: ({ signal }) => api<Portfolio>('/analytics/portfolio', { signal }),
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  const currency = data.currency ?? 'EUR';
  const money = (amount: string) => formatMoney({ amount, currency }, locale);
  return (
    <section aria-labelledby="portfolio-title" data-testid="analytics-portfolio">
      <Title order={3} size="h4" id="portfolio-title" mb={4}>
        {t('analytics.portfolio.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {data.potentialMedian
          ? t('analytics.portfolio.hint', { median: money(data.potentialMedian) })
          : t('analytics.portfolio.empty')}
      </Text>
      <SimpleGrid cols={2} spacing="xs" role="table" aria-label={t('analytics.portfolio.title')}>
        {layout.map((name) => {
          const field = data.fields.find((f) => f.field === name);
          if (!field) return null;
          return (
            <Paper
              key={name}
              withBorder
              p="xs"
              bg={`${portfolioColor[name]}.0`}
              role="row"
              data-testid={`portfolio-${name}`}
            >
              <Stack gap={2}>
                <Badge color={portfolioColor[name]} variant="filled" role="rowheader">
                  {t(`analytics.portfolio.fields.${name}.name`)}
                </Badge>
                <Text size="xs" c="dimmed" role="cell">
                  {t(`analytics.portfolio.fields.${name}.where`)}
                </Text>
                <Text size="sm" fw={600} role="cell" data-testid={`portfolio-${name}-customers`}>
                  {t('analytics.portfolio.customers', {
                    count: field.customers,
                    formatted: formatNumber(field.customers, locale),
                  })}
                </Text>
                <Text size="xs" role="cell">
                  {t('analytics.portfolio.sums', { revenue: money(field.revenue), potential: money(field.potential) })}
                </Text>
                <Text size="xs" c="dimmed" role="cell">
                  {t(`analytics.portfolio.fields.${name}.strategy`)}
                </Text>
                {field.top.map((customer) => (
                  <Anchor
                    key={customer.id}
                    component={Link}
                    to={`/${collectionOf[customer.type]}/${customer.id}`}
                    size="xs"
                  >
                    {customer.name} ({money(customer.revenue)} / {money(customer.potential)})
                  </Anchor>
                ))}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        {t('analytics.portfolio.without', {
          count: data.withoutPotential,
          formatted: formatNumber(data.withoutPotential, locale),
        })}
      </Text>
    </section>
  );
}
