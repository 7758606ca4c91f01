// A question before something that cannot be taken back (a message or a correspondent leaving
// the CRM): what will happen, and a button that says what it does.
import type { ReactNode } from 'react';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function ConfirmDialog({
  opened,
  title,
  confirmLabel,
  onConfirm,
  onClose,
  loading,
  children,
  testId,
}: {
  opened: boolean;
  title: string;
  confirmLabel: string;
  onConfirm(): void;
  onClose(): void;
  loading?: boolean;
  children: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} data-testid={testId} zIndex={400}>
      <Stack gap="md">
        {children}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('emails.confirm.cancel')}
          </Button>
          <Button color="red" onClick={onConfirm} loading={loading} data-testid={`${testId}-confirm`}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
