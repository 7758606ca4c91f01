// The workspace's teams (/teams): who belongs to which, and which are partner organisations.
// Teams decide "my team" in the lists and what a role with the scope "team" sees (the access
// page). Everyone reads the list; admins create, change and move teams to the trash, and bring
// trashed ones back.
import { useState } from 'react';
import { ActionIcon, Anchor, Badge, Button, Group, Menu, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth.tsx';
import { EmptyState, ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { ConfirmDialog } from '../emails/ConfirmDialog.tsx';
import { type User, useUserList } from '../users/usersApi.ts';
import { TeamDialog } from './TeamDialog.tsx';
import { type Team, useRestoreTeam, useTeamList, useTrashedTeams, useTrashTeam } from './teamsApi.ts';

/** How many members a row names before it says "+N". */
const shownMembers = 3;

function Members({ team, users }: { team: Team; users: Map<string, User> }) {
  const { t } = useTranslation();
  const members = team.memberIds
    .map((id) => users.get(id))
    .filter((user): user is User => user !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (team.memberIds.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('teams.noMembers')}
      </Text>
    );
  const rest = members.slice(shownMembers);
  // Members the user list does not hold (beyond its first page) are counted, not named.
  const more = team.memberIds.length - Math.min(members.length, shownMembers);
  return (
    <Group gap={4} data-testid="team-members">
      {members.slice(0, shownMembers).map((user) => (
        <Badge key={user.id} size="sm" variant="light" color={user.active ? 'blue' : 'gray'} tt="none">
          {user.active ? user.name : t('teams.inactiveMember', { name: user.name })}
        </Badge>
      ))}
      {more > 0 && (
        <Tooltip
          label={rest.map((user) => user.name).join(', ')}
          disabled={rest.length === 0}
          multiline
          maw={320}
          withArrow
        >
          <Badge size="sm" variant="outline" color="gray" tt="none">
            {t('teams.more', { count: more })}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

function TrashedTeams({ onError }: { onError(error: unknown): void }) {
  const { t } = useTranslation();
  const trashed = useTrashedTeams();
  const restore = useRestoreTeam();
  if (!trashed.data || trashed.data.length === 0) return null;
  return (
    <Stack gap={4} data-testid="trashed-teams">
      <Text size="sm" fw={500}>
        {t('teams.trashed')}
      </Text>
      {trashed.data.map((team) => (
        <Group key={team.id} gap="xs">
          <Text size="sm" c="dimmed">
            {team.name}
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            loading={restore.isPending && restore.variables?.id === team.id}
            aria-label={t('teams.restoreNamed', { name: team.name })}
            onClick={() =>
              restore.mutate(team, {
                onSuccess: () =>
                  notifications.show({ color: 'green', message: t('teams.restored', { name: team.name }) }),
                onError,
              })
            }
          >
            {t('teams.restore')}
          </Button>
        </Group>
      ))}
    </Stack>
  );
}

export default function TeamsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const teams = useTeamList();
  const users = useUserList();
  const trash = useTrashTeam();
  const errorMessage = useErrorMessage();
  // The team being changed, as listed when its dialog opened; 'new' for a new one.
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [trashing, setTrashing] = useState<Team | null>(null);
  const isAdmin = me?.user.role === 'admin';
  const failed = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) });

  if (teams.isPending || users.isPending) return <LoadingState />;
  if (teams.isError) return <ErrorState error={teams.error} onRetry={() => void teams.refetch()} />;
  if (users.isError) return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  const byId = new Map(users.data.map((user) => [user.id, user]));

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('teams.title')}</Title>
          <Text c="dimmed" size="sm" maw={760}>
            {t('teams.intro')}{' '}
            <Anchor component={Link} to="/access" size="sm" data-testid="teams-access-link">
              {t('teams.accessLink')}
            </Anchor>
          </Text>
        </div>
        {isAdmin && (
          <Button onClick={() => setEditing('new')} data-testid="new-team">
            {t('teams.new.open')}
          </Button>
        )}
      </Group>
      {teams.data.length === 0 ? (
        <EmptyState>{isAdmin ? t('teams.emptyAdmin') : t('teams.empty')}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table data-testid="teams" verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('teams.name')}</Table.Th>
                <Table.Th>{t('teams.members')}</Table.Th>
                {isAdmin && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {teams.data.map((team) => (
                <Table.Tr key={team.id} data-testid="team-row">
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={500}>
                        {team.name}
                      </Text>
                      {team.partner && (
                        <Tooltip label={t('teams.partnerHint')} multiline maw={320} withArrow>
                          <Badge size="sm" color="orange" variant="light" tt="none" data-testid="partner-badge">
                            {t('teams.partnerBadge')}
                          </Badge>
                        </Tooltip>
                      )}
                    </Group>
                    {team.description && (
                      <Text size="xs" c="dimmed" lineClamp={2} maw={460}>
                        {team.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Members team={team} users={byId} />
                  </Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => setEditing(team)}
                          aria-label={t('teams.editNamed', { name: team.name })}
                        >
                          {t('teams.edit.open')}
                        </Button>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" aria-label={t('teams.actionsOf', { name: team.name })}>
                              ⋯
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item color="red" onClick={() => setTrashing(team)}>
                              {t('teams.trash')}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {isAdmin ? (
        <>
          <Text size="sm" c="dimmed">
            {t('teams.hint')}
          </Text>
          <TrashedTeams onError={failed} />
        </>
      ) : (
        <Text size="sm" c="dimmed" data-testid="teams-read-only">
          {t('teams.readOnly')}
        </Text>
      )}
      {isAdmin && (
        <TeamDialog
          opened={editing !== null}
          team={editing === 'new' ? null : editing}
          users={users.data}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        opened={trashing !== null}
        title={t('teams.trashTitle', { name: trashing?.name ?? '' })}
        confirmLabel={t('teams.trash')}
        loading={trash.isPending}
        testId="trash-team"
        onClose={() => setTrashing(null)}
        onConfirm={() =>
          trashing &&
          trash.mutate(trashing, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: t('teams.movedToTrash', { name: trashing.name }) });
              setTrashing(null);
            },
            onError: failed,
          })
        }
      >
        <Text size="sm">{trashing?.partner ? t('teams.trashTextPartner') : t('teams.trashText')}</Text>
      </ConfirmDialog>
    </Stack>
  );
}
