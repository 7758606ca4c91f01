// People the CRM does not know who wrote more than once: what their signature said, "Create
// contact" (a dialog filled from the signature) and "Ignore" (they are not suggested again).
import { useState } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { Panel } from '../record/RecordPanels.tsx';
import { dismissSender, emailKeys, fetchSenders, type UnknownSender } from './emailsApi.ts';
import { NewContactDialog } from './NewContactDialog.tsx';

function SenderRow({ sender, onCreate }: { sender: UnknownSender; onCreate(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { me } = useAuth();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const dismiss = useMutation({
    mutationFn: () => dismissSender(sender.address),
    onSuccess: () => void client.invalidateQueries({ queryKey: emailKeys.senders }),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const facts = [sender.signature.jobTitle, sender.signature.company, sender.signature.phone].filter(Boolean);
  return (
    <Stack gap={2} data-testid="unknown-sender">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600} truncate>
          {sender.signature.name ?? sender.name ?? sender.address}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {t('emails.senders.messages', { count: sender.messages })}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" truncate>
        {sender.address} · {t('emails.senders.lastSeen', { when: formatDateTime(sender.lastSeenAt, locale) })}
      </Text>
      {facts.length > 0 && <Text size="xs">{facts.join(' · ')}</Text>}
      {me?.user.role !== 'viewer' && (
        <Group gap="xs">
          <Button size="compact-xs" variant="light" onClick={onCreate} data-testid="sender-create">
            {t('emails.senders.create')}
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            onClick={() => dismiss.mutate()}
            loading={dismiss.isPending}
            data-testid="sender-dismiss"
          >
            {t('emails.senders.dismiss')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function UnknownSenders() {
  const { t } = useTranslation();
  const [creating, setCreating] = useState<UnknownSender | null>(null);
  const query = useQuery({ queryKey: emailKeys.senders, queryFn: ({ signal }) => fetchSenders(signal) });
  return (
    <Panel title={t('emails.senders.title')} testId="inbox-senders">
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('emails.senders.empty')}
        </Text>
      ) : (
        <Stack gap="sm">
          {query.data.data.map((sender) => (
            <SenderRow key={sender.address} sender={sender} onCreate={() => setCreating(sender)} />
          ))}
        </Stack>
      )}
      {creating && <NewContactDialog sender={creating} onClose={() => setCreating(null)} />}
    </Panel>
  );
}
