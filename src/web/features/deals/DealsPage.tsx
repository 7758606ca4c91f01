// The deals area: the pipeline board (a column per stage, totals, drag and drop between
// stages with mouse, touch or keyboard), its filters kept in the URL (owner: mine by
// default, my teams' or all; a search; the period of the won and lost columns: this
// quarter by default) and the "new deal" form.
import { useEffect, useMemo, useState } from 'react';
import { Button, Group, SegmentedControl, Select, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { type BoardFilters, defaultBoardFilters, usePipelines } from './dealsData.ts';
import { PipelineBoard } from './PipelineBoard.tsx';
import { NewDealModal } from './NewDealModal.tsx';
import { DealsViewSwitch } from './DealsViewSwitch.tsx';
import { LostReasonsSettings } from './LostReasonsSettings.tsx';

const owners = ['me', 'team', 'all'] as const;
const periods = ['quarter', 'lastQuarter', 'year', 'all'] as const;

/** The filters a URL asks for; unknown values fall back to the defaults. */
function filtersOf(params: URLSearchParams): BoardFilters {
  const pick = <T extends string>(list: readonly T[], value: string | null, fallback: T) =>
    list.find((item) => item === value) ?? fallback;
  return {
    owner: pick(owners, params.get('owner'), defaultBoardFilters.owner),
    period: pick(periods, params.get('period'), defaultBoardFilters.period),
    q: params.get('q') ?? '',
  };
}

export default function DealsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const pipelines = usePipelines();
  const [params, setParams] = useSearchParams();
  const [creating, { open, close }] = useDisclosure(false);
  const [editingReasons, reasons] = useDisclosure(false);
  const filters = useMemo(() => filtersOf(params), [params]);
  const [search, setSearch] = useState(filters.q);
  const [debounced] = useDebouncedValue(search, 300);

  const pipeline = useMemo(() => {
    const list = pipelines.data ?? [];
    return list.find((p) => p.id === params.get('pipeline')) ?? list[0];
  }, [pipelines.data, params]);

  /** Sets one parameter; a default value leaves the URL (the board's own URL stays short). */
  const setParam = (name: string, value: string | null, fallback?: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (!value || value === fallback) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled search writes the URL; the URL's own changes come in through filters
  useEffect(() => {
    if (debounced.trim() !== filters.q.trim()) setParam('q', debounced.trim() || null);
  }, [debounced]);

  return (
    <>
      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={2}>{t('deals.title')}</Title>
        <Group gap="sm">
          <DealsViewSwitch current="board" />
          {pipelines.data && pipelines.data.length > 1 && pipeline && (
            <Select
              aria-label={t('deals.pipeline')}
              data-testid="pipeline-select"
              data={pipelines.data.map((p) => ({ value: p.id, label: p.name }))}
              value={pipeline.id}
              onChange={(id) => setParam('pipeline', id)}
              allowDeselect={false}
              w={200}
            />
          )}
          {me?.user.role === 'admin' && (
            <Button variant="default" onClick={reasons.open} data-testid="edit-lost-reasons">
              {t('lostReasons.settings.title')}
            </Button>
          )}
          <Button onClick={open} disabled={!pipeline} data-testid="new-deal">
            {t('deals.new')}
          </Button>
        </Group>
      </Group>
      <Group gap="sm" mb="md" data-testid="board-filters">
        <SegmentedControl
          aria-label={t('deals.filters.owner')}
          data-testid="owner-filter"
          value={filters.owner}
          onChange={(value) => setParam('owner', value, defaultBoardFilters.owner)}
          data={owners.map((value) => ({ value, label: t(`deals.filters.owners.${value}`) }))}
        />
        <TextInput
          aria-label={t('deals.filters.search')}
          placeholder={t('deals.filters.search')}
          data-testid="board-search"
          type="search"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={220}
        />
        <Select
          aria-label={t('deals.filters.period')}
          data-testid="period-filter"
          value={filters.period}
          onChange={(value) => setParam('period', value, defaultBoardFilters.period)}
          data={periods.map((value) => ({ value, label: t(`deals.filters.periods.${value}`) }))}
          allowDeselect={false}
          w={220}
        />
      </Group>
      {pipelines.isPending ? (
        <LoadingState />
      ) : pipelines.isError ? (
        <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : !pipeline ? (
        <EmptyState>{t('deals.noPipeline')}</EmptyState>
      ) : (
        <PipelineBoard key={pipeline.id} pipeline={pipeline} filters={filters} />
      )}
      {pipeline && <NewDealModal opened={creating} onClose={close} pipeline={pipeline} />}
      <LostReasonsSettings opened={editingReasons} onClose={reasons.close} />
    </>
  );
}
