// The workspace's data quality (/data-quality): per type the average score, how the records
// spread over the five bands, the most frequent problems (each a link to the list filtered
// by it), the open pairs of likely duplicates (a link to /duplicates) and the daily average
// over the last weeks, so that one sees whether the data is getting better.
import { Anchor, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { QualityOverview, QualityType, TypeOverview } from '../../../contract/quality.ts';
import { api } from '../../app/api.ts';
import { formatDate, formatNumber } from '../../ui/format.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { qualityColor } from './QualityBadge.tsx';

function Trend({ trend }: { trend: TypeOverview['trend'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (trend.length < 2)
    return (
      <Text size="sm" c="dimmed">
        {t('quality.trendEmpty')}
      </Text>
    );
  const width = 240;
  const height = 48;
  const points = trend
    .map((point, i) => `${(i / (trend.length - 1)) * width},${height - (point.average / 100) * height}`)
    .join(' ');
  const first = trend[0]!;
  const last = trend.at(-1)!;
  return (
    <Stack gap={4}>
      <svg width={width} height={height} role="img" aria-label={t('quality.trend')}>
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth={2} />
      </svg>
      <Text size="sm" data-testid="quality-trend">
        {t('quality.trendChange', {
          first: formatNumber(first.average, locale, { maximumFractionDigits: 1 }),
          last: formatNumber(last.average, locale, { maximumFractionDigits: 1 }),
          since: formatDate(first.day, locale),
        })}
      </Text>
    </Stack>
  );
}

function TypePanel({ type, data }: { type: QualityType; data: TypeOverview }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const largest = Math.max(1, ...data.buckets.map((b) => b.count));
  return (
    <Paper withBorder p="md" data-testid={`quality-${type}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={3}>{t(`quality.types.${type}`)}</Title>
          <Text size="sm" c="dimmed">
            {t(`quality.count.${type}`, { count: data.records })}
          </Text>
        </Group>
        <Group gap="xs" align="baseline">
          <Text size="sm">{t('quality.average')}:</Text>
          <Text fw={700} size="xl" c={data.average === null ? 'dimmed' : qualityColor(data.average)}>
            {data.average === null ? '–' : formatNumber(data.average, locale, { maximumFractionDigits: 1 })}
          </Text>
        </Group>
        <Anchor component={Link} to={`/${type}?quality.lt=60`} size="sm" data-testid={`quality-below-${type}`}>
          {t('quality.belowSixty', { count: data.belowSixty })}
        </Anchor>
        <Text size="sm" fw={600}>
          {t('quality.distribution')}
        </Text>
        <Stack gap={4}>
          {data.buckets.map((bucket) => (
            <Group key={bucket.from} gap="xs" wrap="nowrap">
              <Text size="xs" w={60}>
                {t('quality.bucket', { from: bucket.from, to: bucket.to })}
              </Text>
              <Progress
                value={(bucket.count / largest) * 100}
                color={qualityColor(bucket.from)}
                style={{ flex: 1 }}
                aria-label={t('quality.bucket', { from: bucket.from, to: bucket.to })}
              />
              <Text size="xs" w={50} ta="right" data-testid={`bucket-${type}-${bucket.from}`}>
                {formatNumber(bucket.count, locale)}
              </Text>
            </Group>
          ))}
        </Stack>
        <Text size="sm" fw={600}>
          {t('quality.problems')}
        </Text>
        {data.problems.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('quality.problemsEmpty')}
          </Text>
        ) : (
          <Stack gap={2}>
            {data.problems.map((problem) => (
              <Group key={problem.reason} justify="space-between" wrap="nowrap">
                <Anchor component={Link} to={`/${type}?qualityReasons.has=${problem.reason}`} size="sm">
                  {t(`quality.reasons.${problem.reason}`)}
                </Anchor>
                <Text size="sm">{formatNumber(problem.count, locale)}</Text>
              </Group>
            ))}
          </Stack>
        )}
        <Text size="sm" fw={600}>
          {t('quality.trend')}
        </Text>
        <Trend trend={data.trend} />
      </Stack>
    </Paper>
  );
}

export default function DataQualityPage() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['data-quality'],
    queryFn: ({ signal }) => api<QualityOverview>('/data-quality', { signal }),
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  return (
    <Stack gap="md" data-testid="data-quality-page">
      <Title order={2}>{t('quality.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('quality.intro')}
      </Text>
      <Paper withBorder p="md">
        <Group justify="space-between">
          <Text fw={600}>{t('quality.duplicates')}</Text>
          {data.openDuplicatePairs === null ? (
            <Text size="sm" c="dimmed">
              {t('quality.duplicatesUnknown')}
            </Text>
          ) : (
            <Anchor component={Link} to="/duplicates" data-testid="quality-duplicates">
              {t('quality.duplicatesOpen', { count: data.openDuplicatePairs })}
            </Anchor>
          )}
        </Group>
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <TypePanel type="contacts" data={data.contacts} />
        <TypePanel type="companies" data={data.companies} />
      </SimpleGrid>
    </Stack>
  );
}
