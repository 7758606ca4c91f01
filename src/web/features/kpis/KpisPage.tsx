// The sales KPIs (/kpis): a period, an owner or a team to look at; the headline figures as
// tiles; the pipeline per stage, stage conversion and time in stage; the figures per owner and
// per team; revenue against the year before; and the forecast with its accuracy.
import { Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { SalesKpis } from '../../../contract/kpis.ts';
import { formatDate } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { DateField } from '../forms/DateFields.tsx';
import { useUserNames } from '../users/usersApi.ts';
import { ForecastPanel } from './ForecastPanel.tsx';
import { ConversionTable, GroupTable, PipelineTable } from './KpiTables.tsx';
import { fetchSalesKpis, fetchTeams, type KpiFilter, kpiKeys } from './kpisApi.ts';
import { type KpiFormats, kpiFormats } from './kpisFormat.ts';
import { RevenuePanel } from './RevenuePanel.tsx';

function Tile({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={`${testId}-value`}>
        {value}
      </Text>
      {detail && (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      )}
    </Paper>
  );
}

function Tiles({ kpis, f }: { kpis: SalesKpis; f: KpiFormats }) {
  const { t } = useTranslation();
  const { outcomes, pipeline, quotes } = kpis;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
      <Tile
        label={t('kpis.tile.weighted')}
        value={f.money(pipeline.weighted)}
        detail={t('kpis.tile.pipelineDetail', {
          count: pipeline.deals,
          deals: f.count(pipeline.deals),
          amount: f.money(pipeline.amount),
        })}
        testId="kpis-tile-weighted"
      />
      <Tile
        label={t('kpis.tile.winRate')}
        value={f.share(outcomes.winRate)}
        detail={t('kpis.tile.winRateDetail', { won: f.count(outcomes.won), lost: f.count(outcomes.lost) })}
        testId="kpis-tile-win-rate"
      />
      <Tile
        label={t('kpis.tile.averageDeal')}
        value={f.money(outcomes.averageDealSize)}
        detail={t('kpis.tile.wonAmount', { amount: f.money(outcomes.wonAmount) })}
        testId="kpis-tile-average"
      />
      <Tile
        label={t('kpis.tile.cycle')}
        value={
          outcomes.cycleMedianDays === null ? f.days(null) : t('kpis.days', { days: f.days(outcomes.cycleMedianDays) })
        }
        detail={t('kpis.tile.cycleDetail', { days: f.days(outcomes.cycleAverageDays) })}
        testId="kpis-tile-cycle"
      />
      <Tile
        label={t('kpis.tile.acceptance')}
        value={f.share(quotes.acceptanceRate)}
        detail={t('kpis.tile.acceptanceDetail', {
          accepted: f.count(quotes.accepted),
          declined: f.count(quotes.declined),
        })}
        testId="kpis-tile-acceptance"
      />
    </SimpleGrid>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={4}>{title}</Title>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
        {children}
      </Stack>
    </Paper>
  );
}

export default function KpisPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const filter: KpiFilter = {
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    ownerId: params.get('ownerId'),
    teamId: params.get('teamId'),
  };
  const change = (key: keyof KpiFilter, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const users = useUserNames();
  const teams = useQuery({ queryKey: kpiKeys.teams, queryFn: ({ signal }) => fetchTeams(signal), staleTime: 300_000 });
  const query = useQuery({
    queryKey: kpiKeys.sales(filter),
    queryFn: ({ signal }) => fetchSalesKpis(filter, signal),
    placeholderData: keepPreviousData,
  });
  const kpis = query.data;
  const f = kpiFormats(locale, kpis?.period.currency ?? 'EUR', t('kpis.none'));
  return (
    <Stack gap="md" maw={1200}>
      <Title order={2}>{t('kpis.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('kpis.intro')}
      </Text>
      <Paper withBorder p="sm">
        <Group align="flex-end" gap="sm" data-testid="kpis-filter">
          {(['from', 'to'] as const).map((key) => (
            <DateField
              key={key}
              label={t(`kpis.filter.${key}`)}
              value={filter[key]}
              onChange={(day) => change(key, day)}
              data-testid={`kpis-${key}`}
            />
          ))}
          <Select
            label={t('kpis.filter.owner')}
            placeholder={t('kpis.filter.allOwners')}
            data={(users.data?.data ?? []).map((user) => ({ value: user.id, label: user.name }))}
            value={filter.ownerId}
            onChange={(id) => change('ownerId', id)}
            searchable
            clearable
            data-testid="kpis-owner"
          />
          <Select
            label={t('kpis.filter.team')}
            placeholder={t('kpis.filter.allTeams')}
            data={(teams.data?.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            value={filter.teamId}
            onChange={(id) => change('teamId', id)}
            clearable
            data-testid="kpis-team"
          />
        </Group>
        {kpis && (
          <Text size="xs" c="dimmed" mt="xs" data-testid="kpis-period">
            {t('kpis.period', {
              from: formatDate(kpis.period.from, locale),
              to: formatDate(kpis.period.to, locale),
              currency: kpis.period.currency,
            })}
          </Text>
        )}
      </Paper>
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : kpis ? (
        <>
          <Tiles kpis={kpis} f={f} />
          {kpis.otherCurrencyDeals > 0 && (
            <Text size="xs" c="dimmed">
              {t('kpis.otherCurrencies', { count: kpis.otherCurrencyDeals, currency: kpis.period.currency })}
            </Text>
          )}
          <Section title={t('kpis.section.pipeline')} hint={t('kpis.section.pipelineHint')}>
            <PipelineTable kpis={kpis} f={f} />
          </Section>
          <Section title={t('kpis.section.conversion')} hint={t('kpis.section.conversionHint')}>
            <ConversionTable kpis={kpis} f={f} />
          </Section>
          <Section title={t('kpis.section.byOwner')}>
            <GroupTable rows={kpis.byOwner} f={f} testId="kpis-by-owner" nameless={t('kpis.nobody')} />
          </Section>
          <Section title={t('kpis.section.byTeam')} hint={t('kpis.section.byTeamHint')}>
            <GroupTable rows={kpis.byTeam} f={f} testId="kpis-by-team" nameless={t('kpis.nobody')} />
          </Section>
        </>
      ) : null}
      <RevenuePanel filter={filter} />
      <ForecastPanel filter={filter} />
    </Stack>
  );
}
