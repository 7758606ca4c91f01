// What one can do with a message: reply, reply to all, and take it out of the CRM — the message
// alone, or everything to and from its correspondent — each after a question that says so.
import { useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { useErrorMessage } from '../../ui/states.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { excludeCorrespondent, makePrivate, refreshMail, type EmailDetail } from './emailsApi.ts';

/** The other side of a message: its sender, or for one sent from here its first recipient. */
export function correspondentOf(email: Pick<EmailDetail, 'direction' | 'from' | 'to'>): string | null {
  return (email.direction === 'inbound' ? email.from?.address : email.to[0]?.address) ?? null;
}

export function EmailActions({
  email,
  onReply,
  onRemoved,
}: {
  email: EmailDetail;
  onReply(all: boolean): void;
  /** Called before the views refresh: whoever shows the message closes it. */
  onRemoved(): void;
}) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const [asking, setAsking] = useState<'message' | 'correspondent' | null>(null);
  const correspondent = correspondentOf(email);
  const removal = useMutation({
    mutationFn: (what: 'message' | 'correspondent') =>
      what === 'message' ? makePrivate(email.id) : excludeCorrespondent(correspondent ?? ''),
    onSuccess: ({ removed }) => {
      setAsking(null);
      onRemoved();
      refreshMail(client, 'removed');
      notifications.show({ color: 'green', message: t('emails.private.done', { count: removed }) });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  if (me?.user.role === 'viewer') return null;
  const recipients = new Set([...email.to, ...email.cc].map((entry) => entry.address.toLowerCase()));
  return (
    <Group gap="xs" data-testid="email-actions">
      <Button size="compact-sm" onClick={() => onReply(false)} data-testid="email-reply">
        {t('emails.actions.reply')}
      </Button>
      {recipients.size > 1 && (
        <Button size="compact-sm" variant="light" onClick={() => onReply(true)} data-testid="email-reply-all">
          {t('emails.actions.replyAll')}
        </Button>
      )}
      <Button
        size="compact-sm"
        variant="subtle"
        color="red"
        onClick={() => setAsking('message')}
        data-testid="email-private"
      >
        {t('emails.actions.private')}
      </Button>
      {correspondent && (
        <Button
          size="compact-sm"
          variant="subtle"
          color="red"
          onClick={() => setAsking('correspondent')}
          data-testid="email-exclude"
        >
          {t('emails.actions.excludeCorrespondent')}
        </Button>
      )}
      <ConfirmDialog
        opened={asking === 'message'}
        title={t('emails.private.messageTitle')}
        confirmLabel={t('emails.private.messageConfirm')}
        onConfirm={() => removal.mutate('message')}
        onClose={() => setAsking(null)}
        loading={removal.isPending}
        testId="email-private-dialog"
      >
        <Text size="sm">{t('emails.private.messageText')}</Text>
      </ConfirmDialog>
      <ConfirmDialog
        opened={asking === 'correspondent'}
        title={t('emails.private.correspondentTitle')}
        confirmLabel={t('emails.private.correspondentConfirm')}
        onConfirm={() => removal.mutate('correspondent')}
        onClose={() => setAsking(null)}
        loading={removal.isPending}
        testId="email-exclude-dialog"
      >
        <Text size="sm">{t('emails.private.correspondentText', { address: correspondent })}</Text>
      </ConfirmDialog>
    </Group>
  );
}
