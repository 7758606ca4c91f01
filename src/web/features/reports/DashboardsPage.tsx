// The dashboards page (/dashboards): the default dashboards (sales rep, manager) and the
// user's own and shared ones, a date range for every tile, and a grid of tiles; own
// dashboards take and lose tiles (saved reports and built-in tiles).
import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Menu,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Dashboard, DateRange, TileResult } from '../../../contract/reports.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { DateField } from '../forms/DateFields.tsx';
import { ReportChart } from './ReportChart.tsx';
import {
  createDashboard,
  deleteDashboard,
  fetchDashboardData,
  fetchDashboards,
  fetchReports,
  fetchTileNames,
  reportKeys,
  type TileSpec,
  updateDashboard,
} from './reportsApi.ts';

const presets = ['thisMonth', 'thisQuarter', 'thisYear', 'last12Months', 'all'] as const;
type Preset = (typeof presets)[number] | 'custom';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A preset's first and last day, whole months (so order-line reports read the monthly totals). */
export function rangeOf(preset: Preset, today = new Date()): DateRange {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const monthEnd = day(new Date(Date.UTC(y, m + 1, 0)));
  switch (preset) {
    case 'thisMonth':
      return { from: day(new Date(Date.UTC(y, m, 1))), to: monthEnd };
    case 'thisQuarter': {
      const q = Math.floor(m / 3) * 3;
      return { from: day(new Date(Date.UTC(y, q, 1))), to: day(new Date(Date.UTC(y, q + 3, 0))) };
    }
    case 'thisYear':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
    case 'last12Months':
      return { from: day(new Date(Date.UTC(y, m - 11, 1))), to: monthEnd };
    default:
      return {};
  }
}

/** The tiles with the one at `from` moved to `to`. */
function moved<T>(tiles: T[], from: number, to: number): T[] {
  const next = [...tiles];
  const [tile] = next.splice(from, 1);
  next.splice(to, 0, tile);
  return next;
}

function dashboardName(dashboard: Dashboard, t: (key: string) => string) {
  return dashboard.builtin ? t(`reports.dashboards.${dashboard.builtin}`) : dashboard.name;
}

/** What the owner of a dashboard may do with one of its tiles (absent: not theirs to change). */
interface TileEdits {
  onRemove: () => void;
  onEarlier?: () => void;
  onLater?: () => void;
  onWiden: () => void;
}

function Tile({ tile, edits }: { tile: TileResult; edits?: TileEdits }) {
  const { t } = useTranslation();
  const title = tile.builtin ? t(`reports.tiles.${tile.builtin}`) : tile.title;
  return (
    <Paper withBorder p="sm" h="100%" data-testid="dashboard-tile">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h5">
          {tile.reportId ? (
            <Anchor component={Link} to={`/reports?report=${tile.reportId}`} inherit>
              {title || t('reports.untitled')}
            </Anchor>
          ) : (
            title
          )}
        </Title>
        {edits && (
          <Group gap={2} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              aria-label={t('reports.moveTileEarlier', { title })}
              disabled={!edits.onEarlier}
              onClick={edits.onEarlier}
            >
              ‹
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              aria-label={t('reports.moveTileLater', { title })}
              disabled={!edits.onLater}
              onClick={edits.onLater}
            >
              ›
            </ActionIcon>
            <ActionIcon variant="subtle" aria-label={t('reports.widenTile', { title })} onClick={edits.onWiden}>
              ↔
            </ActionIcon>
            <ActionIcon variant="subtle" aria-label={t('reports.removeTile', { title })} onClick={edits.onRemove}>
              ×
            </ActionIcon>
          </Group>
        )}
      </Group>
      {tile.problem ? (
        <Text size="sm" c="dimmed">
          {t(`reports.problems.${tile.problem}`)}
        </Text>
      ) : tile.result ? (
        <ReportChart result={tile.result} chart={tile.chart} title={title} height={240} />
      ) : null}
    </Paper>
  );
}

export default function DashboardsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const [preset, setPreset] = useState<Preset>('last12Months');
  const [custom, setCustom] = useState<DateRange>({});
  const [newName, setNewName] = useState('');
  const range = preset === 'custom' ? custom : rangeOf(preset);
  const dashboards = useQuery({ queryKey: reportKeys.dashboards, queryFn: ({ signal }) => fetchDashboards(signal) });
  const fallback = me && ['manager', 'admin'].includes(me.user.role) ? 'manager' : 'salesRep';
  const id = params.get('dashboard') ?? fallback;
  const data = useQuery({
    queryKey: reportKeys.dashboard(id, range),
    queryFn: ({ signal }) => fetchDashboardData(id, range, signal),
    placeholderData: keepPreviousData,
  });
  const reports = useQuery({ queryKey: reportKeys.list, queryFn: ({ signal }) => fetchReports(signal) });
  const tileNames = useQuery({ queryKey: ['dashboards', 'tiles'], queryFn: ({ signal }) => fetchTileNames(signal) });

  const changed = () => void client.invalidateQueries({ queryKey: ['dashboards'] });
  const onError = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) });
  const create = useMutation({
    mutationFn: () => createDashboard(newName.trim(), []),
    onSuccess: (dashboard) => {
      setNewName('');
      changed();
      setParams({ dashboard: dashboard.id });
    },
    onError,
  });
  const setTiles = useMutation({
    mutationFn: (tiles: TileSpec[]) => updateDashboard(id, { tiles }),
    onSuccess: changed,
    onError,
  });
  const remove = useMutation({
    mutationFn: () => deleteDashboard(id),
    onSuccess: () => {
      changed();
      setParams({});
    },
    onError,
  });

  if (dashboards.isPending) return <LoadingState />;
  if (dashboards.isError) return <ErrorState error={dashboards.error} onRetry={() => void dashboards.refetch()} />;
  const current = data.data?.dashboard;
  const editable = current && !current.builtin && current.ownerId === me?.user.id;
  const tiles = current?.tiles ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('reports.dashboardsTitle')}</Title>
        <Button component={Link} to="/reports" variant="default">
          {t('reports.toReports')}
        </Button>
      </Group>
      <Group align="flex-end">
        <Select
          label={t('reports.dashboard')}
          data={dashboards.data.map((d) => ({ value: d.id, label: dashboardName(d, t) }))}
          value={id}
          allowDeselect={false}
          onChange={(value) => value && setParams({ dashboard: value })}
          data-testid="dashboard-select"
        />
        <Select
          label={t('reports.range')}
          data={[...presets, 'custom'].map((p) => ({ value: p, label: t(`reports.presets.${p}`) }))}
          value={preset}
          allowDeselect={false}
          onChange={(value) => value && setPreset(value as Preset)}
          data-testid="dashboard-range"
        />
        {preset === 'custom' && (
          <>
            <DateField
              label={t('reports.from')}
              value={custom.from ?? ''}
              onChange={(from) => setCustom({ ...custom, from: from || undefined })}
              noShortcuts
            />
            <DateField
              label={t('reports.to')}
              value={custom.to ?? ''}
              onChange={(to) => setCustom({ ...custom, to: to || undefined })}
              noShortcuts
            />
          </>
        )}
        {editable && (
          <Menu withinPortal>
            <Menu.Target>
              <Button variant="default" data-testid="dashboard-add-tile">
                {t('reports.addTile')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('reports.savedReports')}</Menu.Label>
              {(reports.data ?? []).map((r) => (
                <Menu.Item key={r.id} onClick={() => setTiles.mutate([...tiles, { reportId: r.id, width: 1 }])}>
                  {r.name}
                </Menu.Item>
              ))}
              <Menu.Label>{t('reports.builtinTiles')}</Menu.Label>
              {(tileNames.data ?? []).map((name) => (
                <Menu.Item key={name} onClick={() => setTiles.mutate([...tiles, { builtin: name, width: 1 }])}>
                  {t(`reports.tiles.${name}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
        {editable && (
          <Button variant="subtle" color="red" onClick={() => remove.mutate()}>
            {t('reports.deleteDashboard')}
          </Button>
        )}
        <Group gap="xs" align="flex-end" ml="auto">
          <TextInput
            label={t('reports.newDashboard')}
            value={newName}
            onChange={(e) => setNewName(e.currentTarget.value)}
            maxLength={100}
            data-testid="dashboard-new-name"
          />
          <Button
            variant="default"
            disabled={!newName.trim()}
            loading={create.isPending}
            onClick={() => create.mutate()}
            data-testid="dashboard-create"
          >
            {t('reports.create')}
          </Button>
        </Group>
      </Group>
      {data.isError ? (
        <Alert color="red">{errorMessage(data.error)}</Alert>
      ) : !data.data ? (
        <LoadingState />
      ) : data.data.tiles.length === 0 ? (
        <Text c="dimmed">{t('reports.emptyDashboard')}</Text>
      ) : (
        <Grid aria-busy={data.isFetching}>
          {data.data.tiles.map((tile, i) => (
            <Grid.Col
              // Tiles have no id; a dashboard's tiles are its list.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              key={i}
              span={{ base: 12, md: 4 * Math.min(tiles[i]?.width ?? 1, 3) }}
            >
              <Tile
                tile={tile}
                edits={
                  editable
                    ? {
                        onRemove: () => setTiles.mutate(tiles.filter((_, j) => j !== i)),
                        onEarlier: i > 0 ? () => setTiles.mutate(moved(tiles, i, i - 1)) : undefined,
                        onLater: i < tiles.length - 1 ? () => setTiles.mutate(moved(tiles, i, i + 1)) : undefined,
                        // One, two or three of the grid's three columns, in turn.
                        onWiden: () =>
                          setTiles.mutate(
                            tiles.map((x, j) => (j === i ? { ...x, width: (Math.min(x.width, 3) % 3) + 1 } : x)),
                          ),
                      }
                    : undefined
                }
              />
            </Grid.Col>
          ))}
        </Grid>
      )}
    </Stack>
  );
}
