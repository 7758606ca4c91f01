// An import run as it goes and when it is over: the progress (rows done, rate, time left) with
// Cancel while it runs; then the counts, the errors with line, field and message, the rejected
// rows to download, undo, and the way to the imported records. Step 5 of the wizard and the
// page of a past import (/imports/:id) alike.
import { Alert, Anchor, Button, Group, Paper, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatNumber } from '../../ui/format.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { useHasRole } from '../forms/FormPage.tsx';
import {
  cancelImport,
  canUndo,
  isRunning,
  listPath,
  rejectedUrl,
  undoImport,
  useImportRun,
  type ImportRun,
} from './importApi.ts';
import { useFieldLabel } from './MappingStep.tsx';
import { rowProblemText } from './problemText.ts';

function Count({ label, value, testId }: { label: string; value: number; testId: string }) {
  const locale = useLocale();
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {formatNumber(value, locale)}
      </Text>
    </Paper>
  );
}

/** Seconds as "1 h 5 min", "3 min", "12 s". */
function duration(seconds: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return t('imports.run.hours', { h: Math.floor(s / 3600), m: Math.round((s % 3600) / 60) });
  if (s >= 60) return t('imports.run.minutes', { m: Math.round(s / 60) });
  return t('imports.run.seconds', { s });
}

function Progressing({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => cancelImport(run.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['imports'] }),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const total = run.rowsTotal ?? null;
  const share = total ? Math.min(100, (run.rowsDone / total) * 100) : null;
  return (
    <Stack gap="sm" data-testid="import-progress">
      <Progress
        value={share ?? 100}
        animated
        striped={share === null}
        size="lg"
        aria-label={t('imports.run.progress')}
      />
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" data-testid="import-rows-done">
          {total
            ? t('imports.run.rowsOf', { done: formatNumber(run.rowsDone, locale), total: formatNumber(total, locale) })
            : t('imports.run.rows', { done: formatNumber(run.rowsDone, locale) })}
        </Text>
        <Text size="sm" c="dimmed">
          {run.rate ? t('imports.run.rate', { rate: formatNumber(Math.round(run.rate), locale) }) : ''}
          {run.secondsLeft != null ? ` · ${t('imports.run.left', { time: duration(run.secondsLeft, t) })}` : ''}
        </Text>
      </Group>
      <Group>
        <Button variant="default" color="red" onClick={() => cancel.mutate()} loading={cancel.isPending}>
          {t('imports.run.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

function Finished({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = useFieldLabel(run.recordType ?? 'contacts');
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  // The server lets managers and admins undo an import (it moves records to the trash).
  const mayUndo = useHasRole('manager');
  const undo = useMutation({
    mutationFn: () => undoImport(run.id),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('imports.run.undone') });
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
      void queryClient.invalidateQueries({ queryKey: [run.recordType ?? 'contacts'] });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const errors = run.errors ?? [];
  const errorsTotal = run.errorsTotal ?? errors.length;
  return (
    <Stack gap="md" data-testid="import-finished">
      <Alert
        color={run.status === 'done' ? (run.failed > 0 ? 'orange' : 'green') : run.status === 'failed' ? 'red' : 'gray'}
        title={t(`imports.run.status.${run.status}`)}
        data-testid="import-status"
      >
        {run.finishedAt ? t('imports.run.finishedAt', { when: formatDateTime(run.finishedAt, locale) }) : null}
        {run.failure ? <Text size="sm">{run.failure}</Text> : null}
      </Alert>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Count label={t('imports.counts.created')} value={run.created} testId="import-created" />
        <Count label={t('imports.counts.updated')} value={run.updated} testId="import-updated" />
        <Count label={t('imports.counts.skipped')} value={run.skipped} testId="import-skipped" />
        <Count label={t('imports.counts.failed')} value={run.failed} testId="import-failed" />
      </SimpleGrid>
      <Group gap="sm" wrap="wrap">
        {run.status !== 'undone' && run.created + run.updated > 0 && (
          <Button component={Link} to={listPath(run.recordType)} variant="light">
            {t(`imports.run.open.${run.recordType ?? 'contacts'}`)}
          </Button>
        )}
        {(run.hasRejected ?? run.failed > 0) && (
          <Button component="a" href={rejectedUrl(run.id)} download variant="light" color="orange">
            {t('imports.run.downloadRejected')}
          </Button>
        )}
        {mayUndo && canUndo(run) && (
          <Button variant="default" color="red" onClick={() => undo.mutate()} loading={undo.isPending}>
            {t('imports.run.undo')}
          </Button>
        )}
      </Group>
      {run.undoableUntil && canUndo(run) && (
        <Text size="xs" c="dimmed">
          {t('imports.run.undoUntil', { when: formatDateTime(run.undoableUntil, locale) })}
        </Text>
      )}
      {errors.length > 0 && (
        <Stack gap="xs">
          <Text fw={500}>
            {t('imports.run.errors', { count: errorsTotal, total: formatNumber(errorsTotal, locale) })}
          </Text>
          <Table.ScrollContainer minWidth={340}>
            <Table withTableBorder striped fz="sm" data-testid="import-errors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.preview.line')}</Table.Th>
                  <Table.Th>{t('imports.run.field')}</Table.Th>
                  <Table.Th>{t('imports.run.message')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {errors.map((error) => (
                  <Table.Tr key={`${error.line}-${error.field}-${error.message}`} data-testid="import-error">
                    <Table.Td>{error.line}</Table.Td>
                    <Table.Td>{error.field ? label(error.field) : '—'}</Table.Td>
                    <Table.Td>{rowProblemText(error, t, label)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {errorsTotal > errors.length && (
            <Text size="xs" c="dimmed">
              {t('imports.run.moreErrors', { shown: errors.length, total: formatNumber(errorsTotal, locale) })}
            </Text>
          )}
        </Stack>
      )}
      {run.status === 'undone' && (
        <Text size="sm" c="dimmed">
          {t('imports.run.undoneHelp')}{' '}
          <Anchor component={Link} to="/trash">
            {t('imports.run.toTrash')}
          </Anchor>
        </Text>
      )}
    </Stack>
  );
}

export function RunView({ id }: { id: string }) {
  const run = useImportRun(id);
  if (run.isPending) return <LoadingState />;
  if (run.isError) return <ErrorState error={run.error} onRetry={() => void run.refetch()} />;
  return isRunning(run.data) || run.data.status === 'uploaded' ? (
    <Progressing run={run.data} />
  ) : (
    <Finished run={run.data} />
  );
}
