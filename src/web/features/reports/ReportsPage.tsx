// The reports page (/reports): the saved reports beside the builder, the result as chart and
// table while it is being built, saving (own or shared), exports, and adding a saved report
// to a dashboard.
import { useEffect, useState } from 'react';
import { Alert, Button, Grid, Group, Menu, NavLink, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Report, ReportDefinition } from '../../../contract/reports.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import { ReportBuilder } from './ReportBuilder.tsx';
import { ReportChart } from './ReportChart.tsx';
import {
  createReport,
  deleteReport,
  fetchDashboards,
  fetchReportFields,
  fetchReports,
  reportExportUrl,
  reportKeys,
  runReport,
  updateDashboard,
  updateReport,
} from './reportsApi.ts';

const blank: ReportDefinition = {
  type: 'orders',
  filters: [],
  groups: [{ field: 'orderDate', bucket: 'month' }],
  measures: [{ fn: 'sum', field: 'netTotal' }],
  chart: 'bar',
  dateField: 'orderDate',
};

function AddToDashboard({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const dashboards = useQuery({ queryKey: reportKeys.dashboards, queryFn: ({ signal }) => fetchDashboards(signal) });
  const own = (dashboards.data ?? []).filter((d) => !d.builtin && d.ownerId === me?.user.id);
  const add = useMutation({
    mutationFn: (id: string) => {
      const dashboard = own.find((d) => d.id === id)!;
      return updateDashboard(id, { tiles: [...dashboard.tiles, { reportId: report.id, width: 1 }] });
    },
    onSuccess: (dashboard) => {
      void client.invalidateQueries({ queryKey: ['dashboards'] });
      notifications.show({ message: t('reports.addedTo', { name: dashboard.name }) });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  return (
    <Menu withinPortal>
      <Menu.Target>
        <Button variant="default" data-testid="report-add-to-dashboard">
          {t('reports.addToDashboard')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {own.length === 0 && <Menu.Label>{t('reports.noOwnDashboards')}</Menu.Label>}
        {own.map((d) => (
          <Menu.Item key={d.id} onClick={() => add.mutate(d.id)} data-testid="report-dashboard-choice">
            {d.name}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item component={Link} to="/dashboards">
          {t('reports.toDashboards')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export default function ReportsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const mayShare = useHasRole('agent');
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('report');
  const fields = useQuery({ queryKey: reportKeys.fields, queryFn: ({ signal }) => fetchReportFields(signal) });
  const reports = useQuery({ queryKey: reportKeys.list, queryFn: ({ signal }) => fetchReports(signal) });
  const selected = reports.data?.find((r) => r.id === selectedId) ?? null;
  const [definition, setDefinition] = useState<ReportDefinition>(blank);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);

  // Opening a saved report loads its definition into the builder.
  useEffect(() => {
    if (selected) {
      setDefinition(selected.definition);
      setName(selected.name);
      setShared(selected.shared);
    }
  }, [selected]);

  const [debounced] = useDebouncedValue(definition, 300);
  const result = useQuery({
    queryKey: reportKeys.run(debounced),
    queryFn: ({ signal }) => runReport(debounced, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });

  const mine = !selected || selected.ownerId === me?.user.id;
  const save = useMutation({
    mutationFn: (asNew: boolean) =>
      selected && !asNew && mine
        ? updateReport(selected.id, { name, shared, definition })
        : createReport({ name, shared, definition }),
    onSuccess: (report) => {
      void client.invalidateQueries({ queryKey: reportKeys.list });
      void client.invalidateQueries({ queryKey: ['dashboards'] });
      setParams({ report: report.id });
      notifications.show({ message: t('reports.saved', { name: report.name }) });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteReport(id),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: reportKeys.list });
      setParams({});
      setDefinition(blank);
      setName('');
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });

  if (fields.isPending || reports.isPending) return <LoadingState />;
  if (fields.isError) return <ErrorState error={fields.error} onRetry={() => void fields.refetch()} />;
  const title = name || t('reports.untitled');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('reports.title')}</Title>
        <Button component={Link} to="/dashboards" variant="default">
          {t('reports.toDashboards')}
        </Button>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder p="xs">
            <NavLink
              label={t('reports.new')}
              active={!selectedId}
              onClick={() => {
                setParams({});
                setDefinition(blank);
                setName('');
                setShared(false);
              }}
              data-testid="report-new"
            />
            {(reports.data ?? []).map((r) => (
              <NavLink
                key={r.id}
                label={r.name}
                description={r.shared ? t('reports.sharedBadge') : undefined}
                active={r.id === selectedId}
                onClick={() => setParams({ report: r.id })}
                data-testid="report-saved"
              />
            ))}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack>
            <Paper withBorder p="md">
              <ReportBuilder definition={definition} fields={fields.data[definition.type]} onChange={setDefinition} />
            </Paper>
            <Paper withBorder p="md" aria-busy={result.isFetching}>
              <Title order={2} size="h4" mb="sm">
                {title}
              </Title>
              {result.isError ? (
                <Alert color="red" data-testid="report-error">
                  {errorMessage(result.error)}
                </Alert>
              ) : result.data ? (
                <>
                  <ReportChart result={result.data} chart={debounced.chart} title={title} />
                  {result.data.truncated && (
                    <Text size="sm" c="dimmed">
                      {t('reports.truncated')}
                    </Text>
                  )}
                </>
              ) : (
                <LoadingState />
              )}
            </Paper>
            <Paper withBorder p="md">
              <Group align="flex-end">
                <TextInput
                  label={t('reports.name')}
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  maxLength={100}
                  data-testid="report-name"
                />
                {mayShare && (
                  <Switch
                    label={t('reports.shared')}
                    checked={shared}
                    onChange={(e) => setShared(e.currentTarget.checked)}
                    data-testid="report-shared"
                  />
                )}
                <Button
                  onClick={() => save.mutate(false)}
                  loading={save.isPending}
                  disabled={!name.trim()}
                  data-testid="report-save"
                >
                  {selected && mine ? t('reports.saveChanges') : t('reports.save')}
                </Button>
                {selected && (
                  <>
                    <Button variant="default" onClick={() => save.mutate(true)} disabled={!name.trim()}>
                      {t('reports.saveAsNew')}
                    </Button>
                    {(['csv', 'xlsx'] as const).map((format) => (
                      <Button
                        key={format}
                        variant="default"
                        component="a"
                        href={reportExportUrl(selected.id, format, i18n.language)}
                        data-testid={`report-${format}`}
                      >
                        {t(`reports.${format}`)}
                      </Button>
                    ))}
                    <AddToDashboard report={selected} />
                    {mine && (
                      <Button color="red" variant="subtle" onClick={() => remove.mutate(selected.id)}>
                        {t('reports.delete')}
                      </Button>
                    )}
                  </>
                )}
              </Group>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
