// A conversation: every message of a thread, oldest first, the newest (and the one asked for)
// open, the others as a line each (sender, date, beginning) that opens on a click.
import { useState } from 'react';
import { Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { formatAddress } from './compose.ts';
import { EmailBadges } from './EmailHeader.tsx';
import { emailKeys, fetchThread, type EmailRecords, type EmailSummary } from './emailsApi.ts';
import { EmailView } from './EmailView.tsx';

function Collapsed({ email, onOpen }: { email: EmailSummary; onOpen(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <UnstyledButton onClick={onOpen} w="100%" data-testid="thread-message-closed">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600} truncate>
          {email.from ? formatAddress(email.from) : t('emails.unknownSender')}
        </Text>
        <Group gap={4} wrap="nowrap">
          <EmailBadges email={email} />
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {formatDateTime(email.sentAt, locale)}
          </Text>
        </Group>
      </Group>
      <Text size="xs" c="dimmed" lineClamp={1}>
        {email.snippet}
      </Text>
    </UnstyledButton>
  );
}

export function EmailThread({
  threadId,
  focusId,
  records,
  onRemoved,
}: {
  threadId: string;
  /** The message the user chose: open besides the newest. */
  focusId?: string;
  records?: EmailRecords;
  onRemoved(): void;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState<string[]>([]);
  const query = useQuery({
    queryKey: emailKeys.thread(threadId),
    queryFn: ({ signal }) => fetchThread(threadId, signal),
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const messages = query.data.data;
  if (messages.length === 0) return <EmptyState>{t('emails.thread.empty')}</EmptyState>;
  const open = new Set([...opened, messages.at(-1)!.id, ...(focusId ? [focusId] : [])]);
  return (
    <Stack gap="xs" data-testid="email-thread">
      {messages.length > 1 && (
        <Text size="xs" c="dimmed">
          {t('emails.thread.count', { count: messages.length })}
        </Text>
      )}
      {messages.map((email) => (
        <Paper key={email.id} withBorder p="sm" data-testid="thread-message">
          {open.has(email.id) ? (
            <EmailView id={email.id} records={records} onRemoved={onRemoved} />
          ) : (
            <Collapsed email={email} onOpen={() => setOpened((ids) => [...ids, email.id])} />
          )}
        </Paper>
      ))}
    </Stack>
  );
}
