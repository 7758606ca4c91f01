// The sync of each mailbox: its state, the last sync, each folder's progress (done/total) and
// the newest lines of its log, with "Sync now". While a run goes on the panel asks again every
// few seconds, and when it ends the mail views read again.
import { useEffect, useRef, useState } from 'react';
import { Anchor, Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../app/api.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatNumber } from '../../ui/format.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { Panel } from '../record/RecordPanels.tsx';
import { emailKeys, fetchSyncStatus, refreshMail, startSync, type Mailbox, type SyncStatus } from './emailsApi.ts';

const stateColor: Record<SyncStatus['state'], string> = { idle: 'green', syncing: 'blue', failing: 'red' };

function MailboxSync({ mailbox }: { mailbox: Mailbox }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  // After "Sync now" the run may take a moment to show as running: ask often for a while.
  const [watchUntil, setWatchUntil] = useState(0);
  const status = useQuery({
    queryKey: emailKeys.sync(mailbox.id),
    queryFn: ({ signal }) => fetchSyncStatus(mailbox.id, signal),
    refetchInterval: (query) => (query.state.data?.state === 'syncing' || Date.now() < watchUntil ? 1500 : false),
  });
  const start = useMutation({
    mutationFn: () => startSync(mailbox.id),
    onSuccess: () => {
      setWatchUntil(Date.now() + 10_000);
      void client.invalidateQueries({ queryKey: emailKeys.sync(mailbox.id) });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  // A mailbox removed meanwhile (by its owner, elsewhere): the list of mailboxes is read again.
  const gone = status.error instanceof ApiError && status.error.status === 404;
  useEffect(() => {
    if (gone) void client.invalidateQueries({ queryKey: emailKeys.mailboxes });
  }, [gone, client]);
  const state = status.data?.state;
  const syncedAt = status.data?.syncedAt;
  const seen = useRef(syncedAt);
  useEffect(() => {
    if (syncedAt && seen.current !== undefined && syncedAt !== seen.current) refreshMail(client, 'added');
    seen.current = syncedAt;
  }, [syncedAt, client]);

  return (
    <Stack gap={6} data-testid="mailbox-sync" data-state={state}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate>
            {mailbox.name}
          </Text>
          {state && (
            <Badge size="sm" variant="light" color={stateColor[state]} data-testid="sync-state">
              {t(`emails.sync.state.${state}`)}
            </Badge>
          )}
        </Group>
        <Button
          size="compact-xs"
          variant="light"
          onClick={() => start.mutate()}
          loading={start.isPending}
          disabled={state === 'syncing'}
          data-testid="sync-now"
        >
          {t('emails.sync.now')}
        </Button>
      </Group>
      {status.isPending ? (
        <LoadingState />
      ) : status.isError ? (
        <ErrorState error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <>
          <Text size="xs" c="dimmed" data-testid="sync-last">
            {status.data.syncedAt
              ? t('emails.sync.last', { when: formatDateTime(status.data.syncedAt, locale) })
              : t('emails.sync.never')}
          </Text>
          {status.data.error && (
            <Text size="xs" c="red">
              {status.data.error}
            </Text>
          )}
          {status.data.folders.map((folder) => (
            <Stack key={folder.path} gap={2} data-testid="sync-folder">
              <Group justify="space-between" gap="xs">
                <Text size="xs">{folder.path}</Text>
                <Text size="xs" c="dimmed">
                  {t('emails.sync.progress', {
                    done: formatNumber(folder.done, locale),
                    total: formatNumber(folder.total, locale),
                  })}
                </Text>
              </Group>
              <Progress size="xs" value={folder.total ? (100 * folder.done) / folder.total : 100} />
            </Stack>
          ))}
          {status.data.log.length > 0 && (
            <Stack gap={0} data-testid="sync-log">
              {status.data.log.slice(0, 5).map((entry) => (
                <Text
                  key={`${entry.at}-${entry.folder}-${entry.message}`}
                  size="xs"
                  c={entry.level === 'info' ? 'dimmed' : 'orange'}
                  lineClamp={2}
                >
                  {formatDateTime(entry.at, locale)} · {entry.message}
                </Text>
              ))}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}

export function SyncPanel({ mailboxes }: { mailboxes: Mailbox[] }) {
  const { t } = useTranslation();
  return (
    <Panel title={t('emails.sync.title')} testId="inbox-sync">
      {mailboxes.length === 0 ? (
        <Stack gap={4} align="flex-start">
          <Text size="sm" c="dimmed">
            {t('emails.sync.noMailbox')}
          </Text>
          <Anchor component={Link} to="/mailboxes/new" size="sm">
            {t('emails.compose.connect')}
          </Anchor>
        </Stack>
      ) : (
        <Stack gap="md">
          {mailboxes.map((mailbox) => (
            <MailboxSync key={mailbox.id} mailbox={mailbox} />
          ))}
        </Stack>
      )}
    </Panel>
  );
}
