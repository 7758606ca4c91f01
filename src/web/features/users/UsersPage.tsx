// The workspace's users (/users): who they are, their role, whether they may sign in and when
// they last did. Admins add users (with a one-time link to choose a password), change roles,
// deactivate, sign a user out everywhere, and issue a one-time password link.
import { useState } from 'react';
import { ActionIcon, Anchor, Badge, Button, Group, Menu, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { roles } from '../../../contract/users.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { ConfirmDialog } from '../emails/ConfirmDialog.tsx';
import { NewUserDialog } from './NewUserDialog.tsx';
import { ResetLinkDialog } from './ResetLinkDialog.tsx';
import {
  type PasswordResetLink,
  type User,
  useIssueResetLink,
  useSignOutEverywhere,
  useUpdateUser,
  useUserList,
} from './usersApi.ts';

export default function UsersPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { me } = useAuth();
  const users = useUserList();
  const update = useUpdateUser();
  const signOut = useSignOutEverywhere();
  const issue = useIssueResetLink();
  const errorMessage = useErrorMessage();
  const [creating, setCreating] = useState(false);
  const [signingOut, setSigningOut] = useState<User | null>(null);
  const [link, setLink] = useState<{ user: User; link: PasswordResetLink } | null>(null);
  const isAdmin = me?.user.role === 'admin';
  const failed = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) });

  const issueLink = (user: User) =>
    issue.mutate(user.id, { onSuccess: (answer) => setLink({ user, link: answer }), onError: failed });

  if (users.isPending) return <LoadingState />;
  if (users.isError) return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between">
        <Group gap="md" align="baseline">
          <Title order={2}>{t('users.title')}</Title>
          <Anchor component={Link} to="/teams" size="sm" data-testid="users-teams-link">
            {t('users.teamsLink')}
          </Anchor>
        </Group>
        {isAdmin && <Button onClick={() => setCreating(true)}>{t('users.new.open')}</Button>}
      </Group>
      <Table data-testid="users" verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.name')}</Table.Th>
            <Table.Th>{t('users.email')}</Table.Th>
            <Table.Th>{t('users.role')}</Table.Th>
            <Table.Th>{t('users.status')}</Table.Th>
            {isAdmin && <Table.Th>{t('users.lastSignIn')}</Table.Th>}
            {isAdmin && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.data.map((user) => {
            const self = user.id === me?.user.id;
            return (
              <Table.Tr key={user.id}>
                <Table.Td>{user.name}</Table.Td>
                <Table.Td>{user.email}</Table.Td>
                <Table.Td>
                  {isAdmin && !self ? (
                    <Select
                      size="xs"
                      w={150}
                      aria-label={t('users.roleOf', { name: user.name })}
                      data={roles.map((value) => ({ value, label: t(`users.roles.${value}`) }))}
                      value={user.role}
                      allowDeselect={false}
                      onChange={(value) =>
                        value && update.mutate({ user, patch: { role: value as User['role'] } }, { onError: failed })
                      }
                    />
                  ) : (
                    t(`users.roles.${user.role}`)
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={user.active ? 'green' : 'gray'}>
                    {user.active ? t('users.active') : t('users.inactive')}
                  </Badge>
                </Table.Td>
                {isAdmin && (
                  <Table.Td>
                    {user.lastSignInAt ? formatDateTime(user.lastSignInAt, locale) : t('users.neverSignedIn')}
                  </Table.Td>
                )}
                {isAdmin && (
                  <Table.Td>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" aria-label={t('users.actionsOf', { name: user.name })}>
                          ⋯
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => issueLink(user)}>{t('users.issueLink')}</Menu.Item>
                        <Menu.Item color="red" onClick={() => setSigningOut(user)}>
                          {t('users.signOut')}
                        </Menu.Item>
                        {!self && (
                          <Menu.Item
                            onClick={() =>
                              update.mutate({ user, patch: { active: !user.active } }, { onError: failed })
                            }
                          >
                            {user.active ? t('users.deactivate') : t('users.activate')}
                          </Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {isAdmin && (
        <Text size="sm" c="dimmed">
          {t('users.hint')}
        </Text>
      )}
      <NewUserDialog
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          issueLink(user);
        }}
      />
      <ConfirmDialog
        opened={signingOut !== null}
        title={t('users.signOutTitle', { name: signingOut?.name ?? '' })}
        confirmLabel={t('users.signOut')}
        loading={signOut.isPending}
        testId="sign-out-everywhere"
        onClose={() => setSigningOut(null)}
        onConfirm={() =>
          signingOut &&
          signOut.mutate(signingOut.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: t('users.signedOut', { name: signingOut.name }) });
              setSigningOut(null);
            },
            onError: failed,
          })
        }
      >
        <Text size="sm">{t('users.signOutText')}</Text>
      </ConfirmDialog>
      <ResetLinkDialog link={link?.link ?? null} userName={link?.user.name ?? ''} onClose={() => setLink(null)} />
    </Stack>
  );
}
