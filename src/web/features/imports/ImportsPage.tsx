// The imports of the workspace (/imports), newest first: file, record type, status, counts,
// when and by whom; undo while it is possible, the rejected rows to download, and the way
// to a new import.
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatNumber } from '../../ui/format.ts';
import { EmptyState, ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { useHasRole } from '../forms/FormPage.tsx';
import { useUserNames } from '../users/usersApi.ts';
import { canUndo, rejectedUrl, undoImport, useImports, type ImportRun, type ImportStatus } from './importApi.ts';

export const statusColor: Record<ImportStatus, string> = {
  uploaded: 'gray',
  running: 'blue',
  done: 'green',
  failed: 'red',
  cancelled: 'gray',
  undone: 'gray',
};

function ImportRow({ run, mayUndo }: { run: ImportRun; mayUndo: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const users = useUserNames();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const undo = useMutation({
    mutationFn: () => undoImport(run.id),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('imports.run.undone') });
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const userId = run.createdBy ?? run.userId;
  const who = run.userName ?? users.data?.data.find((user) => user.id === userId)?.name;
  const count = (n: number) => formatNumber(n, locale);
  return (
    <Paper withBorder p="sm" data-testid="import-row">
      <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Group gap="xs" wrap="nowrap">
            <Anchor component={Link} to={`/imports/${run.id}`} fw={500} truncate>
              {run.fileName}
            </Anchor>
            <Badge color={statusColor[run.status]} variant="light" style={{ flexShrink: 0 }}>
              {t(`imports.run.status.${run.status}`)}
            </Badge>
            {run.dryRun && (
              <Badge color="gray" variant="outline" style={{ flexShrink: 0 }}>
                {t('imports.history.dryRun')}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {[
              run.recordType ? t(`imports.recordTypes.${run.recordType}`) : null,
              formatDateTime(run.createdAt, locale),
              who ? t('imports.history.by', { name: who }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          {run.status !== 'uploaded' && (
            <Text size="sm" data-testid="import-row-counts">
              {t('imports.history.counts', {
                created: count(run.created),
                updated: count(run.updated),
                skipped: count(run.skipped),
                failed: count(run.failed),
              })}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          {(run.hasRejected ?? run.failed > 0) && (
            <Button size="xs" variant="light" color="orange" component="a" href={rejectedUrl(run.id)} download>
              {t('imports.history.rejected')}
            </Button>
          )}
          {mayUndo && canUndo(run) && (
            <Button
              size="xs"
              variant="default"
              color="red"
              onClick={() => undo.mutate()}
              loading={undo.isPending}
              aria-label={t('imports.history.undoNamed', { name: run.fileName })}
            >
              {t('imports.history.undo')}
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );
}

export default function ImportsPage() {
  const { t } = useTranslation();
  const mayImport = useHasRole('agent');
  const mayUndo = useHasRole('manager');
  const imports = useImports(mayImport);
  // A file uploaded but never started (the wizard left early, or read again with other settings) is no import.
  const runs = imports.data?.filter((run) => run.status !== 'uploaded') ?? [];
  return (
    <Stack gap="sm" maw={960}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('imports.history.title')}</Title>
        {mayImport && (
          <Button component={Link} to="/imports/new">
            {t('imports.history.new')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('imports.history.intro')}
      </Text>
      {!mayImport ? (
        <EmptyState>{t('imports.history.viewer')}</EmptyState>
      ) : imports.isPending ? (
        <LoadingState />
      ) : imports.isError ? (
        <ErrorState error={imports.error} onRetry={() => void imports.refetch()} />
      ) : runs.length === 0 ? (
        <EmptyState>{t('imports.history.empty')}</EmptyState>
      ) : (
        <Stack gap="xs" data-testid="import-history">
          {runs.map((run) => (
            <ImportRow key={run.id} run={run} mayUndo={mayUndo} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
