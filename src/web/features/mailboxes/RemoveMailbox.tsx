// Removing a mailbox, after a confirmation that says what goes (Farley's access and the stored
// passwords) and what stays (the mail on the server).
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../ui/states.tsx';
import { type Mailbox, useRemoveMailbox } from './mailboxesApi.ts';

export function RemoveMailbox({ mailbox, onClose }: { mailbox: Mailbox; onClose(): void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const remove = useRemoveMailbox();
  const confirm = () =>
    remove.mutate(mailbox, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('mailboxes.remove.done') });
        onClose();
      },
    });
  return (
    <Modal opened onClose={onClose} title={t('mailboxes.remove.title')} centered>
      <Stack gap="md" data-testid="remove-mailbox">
        <Text size="sm">{t('mailboxes.remove.text', { name: mailbox.name })}</Text>
        {remove.isError && (
          <Text size="sm" c="red" role="alert">
            {errorMessage(remove.error)}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('mailboxes.remove.cancel')}
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending}>
            {t('mailboxes.remove.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
