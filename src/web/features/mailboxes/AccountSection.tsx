// The mailbox itself: its name in Farley and its address, and the provider whose servers fill
// the IMAP and SMTP sections, with what to know about that provider (an app password…).
import { Alert, NativeSelect, Paper, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../forms/fieldErrors.ts';
import type { MailboxValues } from './mailboxForm.ts';
import { type Provider, providers } from './providers.ts';

export function AccountSection({
  values,
  onChange,
  provider,
  onProvider,
  errors,
}: {
  values: MailboxValues;
  onChange(values: MailboxValues): void;
  provider: Provider | undefined;
  onProvider(provider: Provider | undefined): void;
  errors: FieldErrors;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="mailbox-account-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="mailbox-account-title">
          {t('mailboxes.form.sections.account')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('mailboxes.form.name')}
            description={t('mailboxes.form.nameHint')}
            value={values.name}
            onChange={(event) => onChange({ ...values, name: event.currentTarget.value })}
            error={errors.name}
            maxLength={100}
            required
            data-autofocus
          />
          <TextInput
            type="email"
            label={t('mailboxes.form.address')}
            description={t('mailboxes.form.addressHint')}
            value={values.address}
            onChange={(event) => onChange({ ...values, address: event.currentTarget.value })}
            error={errors.address}
            required
            autoComplete="off"
            spellCheck={false}
          />
        </SimpleGrid>
        <NativeSelect
          label={t('mailboxes.form.provider')}
          description={t('mailboxes.form.providerHint')}
          data={[
            { value: '', label: t('mailboxes.form.otherProvider') },
            ...providers.map((option) => ({ value: option.id, label: option.name })),
          ]}
          value={provider?.id ?? ''}
          onChange={(event) => onProvider(providers.find((option) => option.id === event.currentTarget.value))}
          data-testid="mailbox-provider"
        />
        {provider?.hasNote && (
          <Alert color="blue" variant="light" p="xs" data-testid="provider-note">
            {t(`mailboxes.providers.notes.${provider.id}`)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
