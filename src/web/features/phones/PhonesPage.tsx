// The phone settings (/phones): the server and user name to enter on a phone, which contacts its
// address book shows, and the app passwords, one per device: created (and shown once), listed
// with their last use, revoked. Every user manages their own.
import { useState, type FormEvent } from 'react';
import { Alert, Button, Code, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { useViews } from '../lists/listApi.ts';
import {
  type CreatedAppPassword,
  useAppPasswords,
  useChooseContactsView,
  useCreateAppPassword,
  useDavSettings,
  useRevokeAppPassword,
} from './phonesApi.ts';

function ServerDetails({ serverUrl, username }: { serverUrl: string; username: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm">
        {t('phones.server')}: <Code data-testid="dav-server">{serverUrl}</Code>
      </Text>
      <Text size="sm">
        {t('phones.username')}: <Code data-testid="dav-username">{username}</Code>
      </Text>
    </Stack>
  );
}

function AddressBookSource({ contactsViewId }: { contactsViewId: string | null }) {
  const { t } = useTranslation();
  const views = useViews('contacts');
  const choose = useChooseContactsView();
  const errorMessage = useErrorMessage();
  const data = [
    { value: '', label: t('phones.ownContacts') },
    ...(views.data ?? []).map((view) => ({ value: view.id, label: view.name })),
  ];
  return (
    <Select
      label={t('phones.addressBook')}
      description={t('phones.addressBookHint')}
      data={data}
      value={contactsViewId ?? ''}
      allowDeselect={false}
      maw={420}
      disabled={choose.isPending}
      onChange={(value) =>
        choose.mutate(value ? value : null, {
          onSuccess: () => notifications.show({ color: 'green', message: t('phones.saved') }),
          onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
        })
      }
    />
  );
}

function NewPassword({
  created,
  serverUrl,
  username,
}: {
  created: CreatedAppPassword;
  serverUrl: string;
  username: string;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="green" title={t('phones.createdTitle', { name: created.name })} data-testid="new-app-password">
      <Stack gap="xs">
        <Text size="sm">{t('phones.createdOnce')}</Text>
        <Text size="sm">
          {t('phones.password')}:{' '}
          <Code fz="lg" data-testid="app-password">
            {created.password}
          </Code>
        </Text>
        <ServerDetails serverUrl={serverUrl} username={username} />
      </Stack>
    </Alert>
  );
}

export default function PhonesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const settings = useDavSettings();
  const passwords = useAppPasswords();
  const create = useCreateAppPassword();
  const revoke = useRevokeAppPassword();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedAppPassword | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate(name.trim(), {
      onSuccess: (answer) => {
        setCreated(answer);
        setName('');
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
    });
  };

  if (settings.isPending || passwords.isPending) return <LoadingState />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  if (passwords.isError) return <ErrorState error={passwords.error} onRetry={() => void passwords.refetch()} />;
  const { serverUrl, username, contactsViewId } = settings.data;

  return (
    <Stack gap="md" maw={900}>
      <Title order={2}>{t('phones.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('phones.intro')}
      </Text>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={4}>{t('phones.setup')}</Title>
          <ServerDetails serverUrl={serverUrl} username={username} />
          <Text size="sm" c="dimmed">
            {t('phones.setupHint')}
          </Text>
          <AddressBookSource contactsViewId={contactsViewId} />
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={4}>{t('phones.passwords')}</Title>
          <form onSubmit={submit}>
            <Group align="flex-end">
              <TextInput
                label={t('phones.device')}
                placeholder={t('phones.devicePlaceholder')}
                value={name}
                maxLength={100}
                onChange={(event) => setName(event.currentTarget.value)}
              />
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                {t('phones.create')}
              </Button>
            </Group>
          </form>
          {created && <NewPassword created={created} serverUrl={serverUrl} username={username} />}
          {passwords.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('phones.none')}
            </Text>
          ) : (
            <Table data-testid="app-passwords">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('phones.device')}</Table.Th>
                  <Table.Th>{t('phones.createdAt')}</Table.Th>
                  <Table.Th>{t('phones.lastUsed')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {passwords.data.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td>{entry.name}</Table.Td>
                    <Table.Td>{formatDateTime(entry.createdAt, locale)}</Table.Td>
                    <Table.Td>
                      {entry.lastUsedAt ? formatDateTime(entry.lastUsedAt, locale) : t('phones.never')}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        loading={revoke.isPending && revoke.variables === entry.id}
                        aria-label={t('phones.revokeNamed', { name: entry.name })}
                        onClick={() =>
                          revoke.mutate(entry.id, {
                            onSuccess: () => {
                              if (created?.id === entry.id) setCreated(null);
                              notifications.show({
                                color: 'green',
                                message: t('phones.revoked', { name: entry.name }),
                              });
                            },
                            onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                          })
                        }
                      >
                        {t('phones.revoke')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
