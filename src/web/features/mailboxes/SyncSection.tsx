// What Farley syncs of a mailbox: its folders (a missing one is shown here, with the folders
// the server has to pick from), the day the first sync starts, for admins the team a shared
// mailbox belongs to, whether it keeps every message, and the signature below sent mail.
import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DateField } from '../forms/DateFields.tsx';
import type { FieldErrors } from '../forms/fieldErrors.ts';
import { CheckProblem } from './CheckProblem.tsx';
import { type CheckFailure, type MailboxValues, serverFolders } from './mailboxForm.ts';
import { useTeams } from './mailboxesApi.ts';

export function SyncSection({
  values,
  onChange,
  errors,
  failures,
  withTeam,
}: {
  values: MailboxValues;
  onChange(values: MailboxValues): void;
  errors: FieldErrors;
  failures: CheckFailure[];
  /** Admins share a mailbox with a team. */
  withTeam: boolean;
}) {
  const { t } = useTranslation();
  const teams = useTeams(withTeam);
  const missing = failures.find((failure) => failure.code === 'folder_missing');
  const onServer = missing ? serverFolders(missing.message) : [];
  const offered = onServer.filter((folder) => !values.folders.includes(folder));
  // A folder picked from the server's takes the place of those the server does not have.
  const pick = (folder: string) =>
    onChange({
      ...values,
      folders: [...values.folders.filter((f) => onServer.includes(f) || f.toUpperCase() === 'INBOX'), folder],
    });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="mailbox-sync-title" data-testid="mailbox-sync">
      <Stack gap="sm">
        <Title order={3} size="h5" id="mailbox-sync-title">
          {t('mailboxes.form.sections.sync')}
        </Title>
        {missing && <CheckProblem {...missing} />}
        <TagsInput
          label={t('mailboxes.form.folders')}
          description={t('mailboxes.form.foldersHint')}
          value={values.folders}
          onChange={(folders) => onChange({ ...values, folders })}
          error={errors.folders ?? Boolean(missing)}
          acceptValueOnBlur
          splitChars={[]}
        />
        {offered.length > 0 && (
          <Stack gap={4}>
            <Text size="sm">{t('mailboxes.form.serverFolders')}</Text>
            <Group gap="xs" data-testid="server-folders">
              {offered.map((folder) => (
                <Button key={folder} size="compact-sm" variant="light" onClick={() => pick(folder)}>
                  {folder}
                </Button>
              ))}
            </Group>
          </Stack>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateField
            label={t('mailboxes.form.syncSince')}
            value={values.syncSince}
            onChange={(syncSince) => onChange({ ...values, syncSince })}
            error={errors.syncSince}
            noShortcuts
          />
          {withTeam && (
            <NativeSelect
              label={t('mailboxes.form.team')}
              data={[
                { value: '', label: t('mailboxes.form.noTeam') },
                ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
              ]}
              value={values.teamId ?? ''}
              onChange={(event) => onChange({ ...values, teamId: event.currentTarget.value || null })}
              error={errors.teamId}
            />
          )}
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('mailboxes.form.syncSinceHint')} {withTeam && t('mailboxes.form.teamHint')}
        </Text>
        <Checkbox
          label={t('mailboxes.form.storeAll')}
          description={t('mailboxes.form.storeAllHint')}
          checked={values.storeAll}
          onChange={(event) => onChange({ ...values, storeAll: event.currentTarget.checked })}
        />
        <Textarea
          label={t('mailboxes.form.signature')}
          description={t('mailboxes.form.signatureHint')}
          value={values.signature}
          onChange={(event) => onChange({ ...values, signature: event.currentTarget.value })}
          error={errors.signature}
          autosize
          minRows={3}
          maxRows={8}
        />
      </Stack>
    </Paper>
  );
}
