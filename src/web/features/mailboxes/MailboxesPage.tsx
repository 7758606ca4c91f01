// The email accounts page (/mailboxes): the user's mailboxes and their teams' shared ones (an
// admin's: all of the workspace), each with its status, and the way to connect another.
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { useUserNames } from '../users/usersApi.ts';
import { MailboxCard } from './MailboxCard.tsx';
import { useMailboxes, useMailboxRights, useTeams } from './mailboxesApi.ts';

export default function MailboxesPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const mailboxes = useMailboxes();
  const rights = useMailboxRights();
  const teams = useTeams((mailboxes.data ?? []).some((mailbox) => mailbox.teamId !== null));
  // Only an admin sees someone else's personal mailbox, and is told whose it is.
  const users = useUserNames();
  const teamName = (id: string | null) => (id ? (teams.data?.find((team) => team.id === id)?.name ?? '…') : null);
  const ownerName = (id: string) =>
    id === me?.user.id ? null : (users.data?.data.find((user) => user.id === id)?.name ?? null);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('mailboxes.title')}</Title>
        {rights.mayConnect && (
          <Button component={Link} to="/mailboxes/new">
            {t('mailboxes.add')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" maw={760}>
        {t('mailboxes.intro')} {rights.isAdmin && t('mailboxes.introAdmin')}{' '}
        {!rights.mayConnect && t('mailboxes.viewerOnly')}
      </Text>
      {mailboxes.isPending ? (
        <LoadingState />
      ) : mailboxes.isError ? (
        <ErrorState error={mailboxes.error} onRetry={() => void mailboxes.refetch()} />
      ) : mailboxes.data.length === 0 ? (
        <EmptyState>{t('mailboxes.none')}</EmptyState>
      ) : (
        <Stack gap="sm" data-testid="mailboxes">
          {mailboxes.data.map((mailbox) => (
            <MailboxCard
              key={mailbox.id}
              mailbox={mailbox}
              teamName={teamName(mailbox.teamId)}
              ownerName={mailbox.teamId === null ? ownerName(mailbox.ownerId) : null}
              mayCheck={rights.mayConnect}
              mayChange={rights.mayChange(mailbox)}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
