// The one-time password link an admin hands to a user (forgot it, or new and without one):
// shown once, to copy; valid 24 hours, works once.
import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import type { PasswordResetLink } from './usersApi.ts';

export function ResetLinkDialog({
  link,
  userName,
  onClose,
}: {
  link: PasswordResetLink | null;
  userName: string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const url = link ? `${window.location.origin}${link.path}` : '';
  return (
    <Modal opened={link !== null} onClose={onClose} title={t('users.link.title', { name: userName })} size="lg">
      {link && (
        <Stack gap="sm" data-testid="reset-link-dialog">
          <Text size="sm">{t('users.link.intro', { name: userName })}</Text>
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              label={t('users.link.label')}
              value={url}
              readOnly
              style={{ flex: 1 }}
              onFocus={(event) => event.currentTarget.select()}
              data-testid="reset-link"
            />
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy} color={copied ? 'teal' : undefined}>
                  {copied ? t('users.link.copied') : t('users.link.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Alert color="yellow">{t('users.link.once', { until: formatDateTime(link.expiresAt, locale) })}</Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('users.link.done')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
