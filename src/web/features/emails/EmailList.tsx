// Messages as a list: who (the sender, or the recipient of one sent from here), subject,
// beginning and date; a row opens the message.
import { Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { EmailBadges } from './EmailHeader.tsx';
import type { EmailSummary } from './emailsApi.ts';

function who(email: EmailSummary): string | null {
  const party = email.direction === 'outbound' ? email.to[0] : email.from;
  return party ? party.name || party.address : null;
}

export function EmailRow({
  email,
  selected,
  onOpen,
}: {
  email: EmailSummary;
  selected?: boolean;
  onOpen(id: string): void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const name = who(email) ?? t('emails.unknownSender');
  return (
    <UnstyledButton
      onClick={() => onOpen(email.id)}
      px="xs"
      py={6}
      w="100%"
      aria-current={selected ? 'true' : undefined}
      style={{
        borderRadius: 'var(--mantine-radius-sm)',
        background: selected ? 'var(--mantine-color-blue-light)' : undefined,
      }}
      data-testid="email-row"
    >
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600} truncate>
          {email.direction === 'outbound' ? t('emails.list.toWhom', { name }) : name}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(email.sentAt, locale)}
        </Text>
      </Group>
      <Group gap={4} wrap="nowrap">
        <Text size="sm" truncate>
          {email.subject || t('emails.noSubject')}
        </Text>
        <EmailBadges email={email} />
      </Group>
      <Text size="xs" c="dimmed" lineClamp={1}>
        {email.attachmentCount > 0 ? `📎 ${email.snippet}` : email.snippet}
      </Text>
    </UnstyledButton>
  );
}

export function EmailList({
  emails,
  selectedId,
  onOpen,
}: {
  emails: EmailSummary[];
  selectedId?: string | null;
  onOpen(id: string): void;
}) {
  return (
    <Stack gap={2} component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="email-list">
      {emails.map((email) => (
        <li key={email.id}>
          <EmailRow email={email} selected={email.id === selectedId} onOpen={onOpen} />
        </li>
      ))}
    </Stack>
  );
}
