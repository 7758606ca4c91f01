// Where I am signed in: each session with its browser, address, start and last use; this one
import type { ReactNode } from 'react';
// marked. Ending one signs that browser out at its next request; "everywhere else" ends all others.
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { useEndOtherSessions, useEndSession, useMySessions } from './accountApi.ts';
import { browserName } from './browserName.ts';

export function SessionsCard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const sessions = useMySessions();
  const end = useEndSession();
  const endOthers = useEndOtherSessions();
  const errorMessage = useErrorMessage();
  const failed = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) });

  let content: ReactNode;
  if (sessions.isPending) content = <LoadingState />;
  else if (sessions.isError) content = <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />;
  else {
    const others = sessions.data.filter((session) => !session.current).length;
    content = (
      <>
        <Table data-testid="sessions" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('account.sessions.device')}</Table.Th>
              <Table.Th>{t('account.sessions.address')}</Table.Th>
              <Table.Th>{t('account.sessions.started')}</Table.Th>
              <Table.Th>{t('account.sessions.lastSeen')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data.map((session) => {
              const device = browserName(session.userAgent) ?? t('account.sessions.unknownDevice');
              return (
                <Table.Tr key={session.id} data-current={session.current || undefined}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" title={session.userAgent ?? undefined}>
                        {device}
                      </Text>
                      {session.current && (
                        <Badge size="sm" variant="light" color="green">
                          {t('account.sessions.current')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{session.ip ?? '–'}</Table.Td>
                  <Table.Td>{formatDateTime(session.createdAt, locale)}</Table.Td>
                  <Table.Td>{formatDateTime(session.lastSeenAt, locale)}</Table.Td>
                  <Table.Td>
                    {!session.current && (
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        loading={end.isPending && end.variables === session.id}
                        aria-label={t('account.sessions.endNamed', { device })}
                        onClick={() =>
                          end.mutate(session.id, {
                            onSuccess: () =>
                              notifications.show({ color: 'green', message: t('account.sessions.ended') }),
                            onError: failed,
                          })
                        }
                      >
                        {t('account.sessions.end')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Group>
          <Button
            variant="light"
            color="red"
            disabled={others === 0}
            loading={endOthers.isPending}
            onClick={() =>
              endOthers.mutate(undefined, {
                onSuccess: () => notifications.show({ color: 'green', message: t('account.sessions.endedOthers') }),
                onError: failed,
              })
            }
          >
            {t('account.sessions.endOthers')}
          </Button>
        </Group>
      </>
    );
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="account-sessions">
      <Stack gap="sm">
        <Title order={4} id="account-sessions">
          {t('account.sessions.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('account.sessions.intro')}
        </Text>
        {content}
      </Stack>
    </Paper>
  );
}
