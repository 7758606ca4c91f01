// One mailbox in the list: its name, address and whose it is, its status with the last
// check's problems, and what the user may do with it (check again, edit, remove).
import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorMessage } from '../../ui/states.tsx';
import { MailboxStatus } from './MailboxStatus.tsx';
import { type Mailbox, useCheckMailbox } from './mailboxesApi.ts';
import { RemoveMailbox } from './RemoveMailbox.tsx';

export function MailboxCard({
  mailbox,
  teamName,
  ownerName,
  mayCheck,
  mayChange,
}: {
  mailbox: Mailbox;
  teamName: string | null;
  /** Set when the mailbox is someone else's personal one (an admin sees those too). */
  ownerName: string | null;
  mayCheck: boolean;
  mayChange: boolean;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const check = useCheckMailbox();
  const [removing, setRemoving] = useState(false);
  const checkAgain = () =>
    check.mutate(mailbox, {
      onSuccess: (result) =>
        notifications.show(
          result.imap.ok && result.smtp.ok
            ? { color: 'green', message: t('mailboxes.checked.ok') }
            : { color: 'red', message: t('mailboxes.checked.failing', { name: mailbox.name }) },
        ),
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
    });
  return (
    <Paper withBorder p="md" data-testid="mailbox" aria-label={mailbox.name} component="article">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={600} data-testid="mailbox-name">
                {mailbox.name}
              </Text>
              <Badge variant="outline" color={teamName ? 'blue' : 'gray'} size="sm">
                {teamName ? t('mailboxes.team', { name: teamName }) : t('mailboxes.personal')}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed" data-testid="mailbox-address">
              {mailbox.address}
              {ownerName && ` · ${t('mailboxes.connectedBy', { name: ownerName })}`}
            </Text>
          </Stack>
          <Group gap="xs">
            {mayCheck && (
              <Button size="xs" variant="light" onClick={checkAgain} loading={check.isPending}>
                {t('mailboxes.actions.check')}
              </Button>
            )}
            {mayChange && (
              <>
                <Button size="xs" variant="default" component={Link} to={`/mailboxes/${mailbox.id}/edit`}>
                  {t('mailboxes.actions.edit')}
                </Button>
                <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(true)}>
                  {t('mailboxes.actions.remove')}
                </Button>
              </>
            )}
          </Group>
        </Group>
        <MailboxStatus mailbox={mailbox} />
      </Stack>
      {removing && <RemoveMailbox mailbox={mailbox} onClose={() => setRemoving(false)} />}
    </Paper>
  );
}
