// The list screen of a resource (contacts, companies, deals): quick search, filter builder,
// column chooser, saved views, the virtualised grid loaded page by page, and bulk actions.
// Sort, search and filters live in the URL; the column choice in the view and localStorage.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Group, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { formatNumber } from '../../ui/format.ts';
import type { ColumnDef, FieldMeta, Filter, ListRecord, ResourceConfig, SavedView } from './listTypes.ts';
import {
  apiQuery,
  loadColumns,
  nextSort,
  readUrlState,
  sameFilters,
  saveColumns,
  toggleColumn,
  writeUrlState,
  type ListUrlState,
} from './listState.ts';
import { useCount, useListFields, useRecords, useViews } from './listApi.ts';
import { useCellContext } from './cellContext.ts';
import { useRecordTitles } from '../forms/pickers.tsx';
import { defaultCell } from './columns.tsx';
import { VirtualGrid, type GridColumn } from './VirtualGrid.tsx';
import { FilterBuilder, FilterChips, type Choice } from './FilterBuilder.tsx';
import { ColumnChooser } from './ColumnChooser.tsx';
import { ViewPicker } from './ViewPicker.tsx';
import { BulkBar } from './BulkBar.tsx';
import { ExportMenu } from '../exports/ExportMenu.tsx';
import { listSearchLimit } from '../../../contract/common.ts';

const noPickers: NonNullable<ResourceConfig['pickers']> = {};

export function RecordList({ config, actions }: { config: ResourceConfig; actions?: ReactNode }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { me } = useAuth();
  const role = me?.user.role ?? 'viewer';
  const compact = useMediaQuery('(max-width: 40em)') ?? false;
  // The server's field description and the saved views load on first need, not with the page.
  const [wanted, setWanted] = useState({ fields: false, views: false });
  const { fields } = useListFields(config, wanted.fields);
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readUrlState(params, fields), [params, fields]);
  const setState = useCallback((next: ListUrlState) => setParams(writeUrlState(next), { replace: true }), [setParams]);

  // Every column: the resource's own, then any field the server describes that it lacks.
  const allColumns = useMemo<ColumnDef[]>(() => {
    const own = new Set(config.columns.map((c) => c.key));
    const extra = fields.filter((f) => !own.has(f.name)).map((f) => ({ key: f.name, width: 160, sortBy: [f.name] }));
    return [...config.columns, ...extra];
  }, [config, fields]);
  const order = useMemo(() => allColumns.map((c) => c.key), [allColumns]);
  const [columns, setColumns] = useState(() =>
    loadColumns(
      config.resource,
      config.columns.map((c) => c.key),
      config.defaultColumns,
    ),
  );
  const chooseColumns = useCallback(
    (next: string[]) => {
      setColumns(next);
      saveColumns(config.resource, next);
    },
    [config.resource],
  );

  const views = useViews(config.resource, wanted.views || !!state.view);
  const activeView = useMemo(
    () => views.data?.find((view) => view.id === state.view) ?? null,
    [views.data, state.view],
  );
  const applyView = useCallback(
    (view: SavedView | null) => {
      if (!view) {
        setState({ sort: null, q: '', filters: [], view: null });
        return;
      }
      setState({
        sort: view.config.sort ?? null,
        q: view.config.q ?? '',
        filters: view.config.filters ?? [],
        view: view.id,
      });
      if (view.config.columns?.length) chooseColumns(view.config.columns.filter((key) => order.includes(key)));
    },
    [setState, chooseColumns, order],
  );
  const viewConfig = useMemo(
    () => ({ columns, sort: state.sort, filters: state.filters, ...(state.q ? { q: state.q } : {}) }),
    [columns, state],
  );
  const modified =
    !!activeView &&
    ((activeView.config.sort ?? null) !== state.sort ||
      (activeView.config.q ?? '') !== state.q ||
      !sameFilters(activeView.config.filters ?? [], state.filters) ||
      (activeView.config.columns ?? []).join() !== columns.join());

  // The quick search types into local state; the URL (and the query) follow after a pause.
  const [search, setSearch] = useState(state.q);
  const [debounced] = useDebouncedValue(search, 300);
  useEffect(() => setSearch(state.q), [state.q]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of the typed text starts a search, not a change of sort or filters
  useEffect(() => {
    if (debounced !== state.q) setState({ ...state, q: debounced });
    // Only a change of the typed text starts a search.
  }, [debounced]);

  const sort = state.sort ?? config.defaultSort ?? null;
  const query = useMemo(() => apiQuery({ ...state, sort }), [state, sort]);
  const queryText = JSON.stringify(query);
  const records = useRecords(config.resource, query);
  const total = useCount(config.resource, query);
  const rows = useMemo(() => records.data?.pages.flatMap((page) => page.data) ?? [], [records.data]);
  const hasMore = !!records.hasNextPage;
  const searchLimited = !!records.data?.pages.some((page) => page.searchLimited);

  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // biome-ignore lint/correctness/useExhaustiveDependencies: another query (its text) is another set of rows: the selection goes
  useEffect(() => setSelected(new Set()), [queryText]);
  const select = useCallback(
    (ids: string[], on: boolean) =>
      setSelected((current) => {
        const next = new Set(current);
        for (const id of ids) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      }),
    [],
  );

  const { context, userChoices, stageChoices } = useCellContext(config.resource === 'deals');

  // The names of records a filter picks (a company): its chip shows the name, not the id.
  const pickers = config.pickers ?? noPickers;
  const titles = useRecordTitles(
    state.filters.flatMap((filter) => {
      const type = pickers[filter.field];
      return type && filter.op !== 'empty' ? filter.value.split(',').map((id) => ({ type, id })) : [];
    }),
  );
  // The same names are the same choices: a page of rows arriving does not render the toolbar again.
  const titlesText = JSON.stringify([...titles]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the text stands for the names it was made from
  const picked = useMemo(() => titles, [titlesText]);

  const fieldLabel = useCallback((name: string) => t(`lists.fields.${name}`, { defaultValue: name }), [t]);
  const choices = useCallback(
    (field: FieldMeta): Choice[] | null => {
      if (field.name === 'ownerId') return userChoices;
      if (field.name === 'stageId') return stageChoices;
      const type = config.pickers?.[field.name];
      if (type)
        return [...picked].flatMap(([key, label]) =>
          key.startsWith(`${type}:`) ? [{ value: key.slice(type.length + 1), label }] : [],
        );
      return null;
    },
    [userChoices, stageChoices, config.pickers, picked],
  );

  const sortable = useMemo(() => new Set(fields.filter((f) => f.sortable).map((f) => f.name)), [fields]);
  const gridColumns = useMemo<GridColumn[]>(
    () =>
      allColumns
        .filter((column) => columns.includes(column.key))
        .map((column) => {
          const field = fields.find((f) => f.name === column.key);
          return {
            ...column,
            sortBy: column.sortBy?.every((key) => sortable.has(key)) ? column.sortBy : undefined,
            label: column.label ? t(column.label) : fieldLabel(column.key),
            cell: (record: ListRecord) =>
              column.render ? column.render(record, context) : defaultCell(record, field, column.key, context),
          };
        }),
    [allColumns, columns, fields, sortable, fieldLabel, context, t],
  );

  const setFilters = useCallback((filters: Filter[]) => setState({ ...state, filters }), [state, setState]);
  const openFields = useCallback(() => setWanted((w) => (w.fields ? w : { ...w, fields: true })), []);
  const openViews = useCallback(() => setWanted((w) => (w.views ? w : { ...w, views: true })), []);
  const chooserColumns = useMemo(
    () => allColumns.map((c) => ({ key: c.key, label: c.label ? t(c.label) : fieldLabel(c.key) })),
    [allColumns, t, fieldLabel],
  );
  const onToggleColumn = useCallback(
    (key: string) => chooseColumns(toggleColumn(columns, key, order)),
    [chooseColumns, columns, order],
  );
  const onResetColumns = useCallback(
    () => chooseColumns(config.defaultColumns),
    [chooseColumns, config.defaultColumns],
  );
  const { fetchNextPage } = records;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const onOpen = useCallback((record: ListRecord) => navigate(config.href(record)), [navigate, config]);
  const canWrite = role !== 'viewer';
  const bulkActions = config.bulk.filter((action) => action !== 'trash' || role === 'admin' || role === 'manager');
  const filtered = state.filters.length > 0 || state.q.trim() !== '';

  return (
    <>
      <Group justify="space-between" mb="sm" gap="sm">
        <Group gap="sm" align="baseline">
          <Title order={2}>{t(config.title)}</Title>
          {total.data && (
            <Text
              size="sm"
              c="dimmed"
              data-testid="list-total"
              aria-live="polite"
              style={total.isPlaceholderData ? { opacity: 0.5 } : undefined}
            >
              {t(total.data.more ? `lists.totalMore.${config.resource}` : `lists.total.${config.resource}`, {
                count: total.data.total,
                n: formatNumber(total.data.total, locale),
              })}
            </Text>
          )}
        </Group>
        <Group gap="xs">
          {actions}
          {canWrite && config.newHref && (
            <Button component={Link} to={config.newHref}>
              {t(`lists.new.${config.resource}`)}
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="xs" mb="xs" wrap="wrap">
        <TextInput
          type="search"
          aria-label={t('lists.search')}
          placeholder={t('lists.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', xs: 240 }}
          data-testid="list-search"
        />
        <FilterBuilder
          onOpen={openFields}
          fields={fields}
          filters={state.filters}
          onChange={setFilters}
          fieldLabel={fieldLabel}
          choices={choices}
          context={context}
          common={config.commonFields}
          pickers={pickers}
        />
        <ColumnChooser all={chooserColumns} chosen={columns} onToggle={onToggleColumn} onReset={onResetColumns} />
        <ExportMenu resource={config.resource} query={query} columns={columns} />
        {me && config.views !== false && (
          <ViewPicker
            onOpen={openViews}
            resource={config.resource}
            userId={me.user.id}
            active={activeView}
            modified={modified}
            config={viewConfig}
            onApply={applyView}
          />
        )}
      </Group>
      <FilterChips
        fields={fields}
        filters={state.filters}
        onChange={setFilters}
        fieldLabel={fieldLabel}
        choices={choices}
        context={context}
      />
      {searchLimited && (
        <Text size="sm" c="dimmed" mb="xs" data-testid="search-limited">
          {t('lists.searchLimited', { n: formatNumber(listSearchLimit, locale) })}
        </Text>
      )}
      {canWrite && selected.size > 0 && (
        <BulkBar
          resource={config.resource}
          ids={[...selected]}
          actions={bulkActions}
          onDone={() => setSelected(new Set())}
        />
      )}
      <div style={{ marginTop: 'var(--mantine-spacing-xs)' }}>
        {records.isPending ? (
          <LoadingState />
        ) : records.isError && !records.data ? (
          <ErrorState error={records.error} onRetry={() => void records.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState>{filtered ? t('lists.noMatch') : t(`lists.empty.${config.resource}`)}</EmptyState>
        ) : (
          <VirtualGrid
            key={queryText}
            testId={`${config.resource}-table`}
            label={t(config.title)}
            records={rows}
            columns={gridColumns}
            primary={config.primary}
            href={config.href}
            onOpen={onOpen}
            hasMore={hasMore}
            loadingMore={records.isFetchingNextPage}
            loadMore={loadMore}
            sort={sort}
            onSort={(column) => column.sortBy && setState({ ...state, sort: nextSort(sort, column.sortBy) })}
            selectable={canWrite && config.bulk.length > 0}
            selected={selected}
            onSelect={select}
            compact={compact}
            context={context}
          />
        )}
        {records.isFetchNextPageError && (
          <ErrorState error={records.error} onRetry={() => void records.fetchNextPage()} />
        )}
      </div>
    </>
  );
}
