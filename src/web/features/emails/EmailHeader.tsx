// The head of one message: subject, badges (auto-reply, bounce, scheduled, not sent), who wrote
// to whom and when, and the records it is on the timeline of.
import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { RecordLink } from '../record/RecordLink.tsx';
import type { EmailSummary } from './emailsApi.ts';
import { formatAddress } from './compose.ts';

/** Badges that say a message is not an ordinary one. */
export function EmailBadges({ email }: { email: EmailSummary }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <>
      {email.autoKind && (
        <Badge size="sm" variant="light" color={email.autoKind === 'bounce' ? 'red' : 'gray'} data-testid="email-badge">
          {t(`emails.autoKind.${email.autoKind}`)}
        </Badge>
      )}
      {email.status === 'scheduled' && (
        <Badge size="sm" variant="light" color="orange" data-testid="email-badge">
          {email.sendAt
            ? t('emails.status.scheduledAt', { when: formatDateTime(email.sendAt, locale) })
            : t('emails.status.scheduled')}
        </Badge>
      )}
      {email.status === 'failed' && (
        <Badge size="sm" variant="light" color="red" data-testid="email-badge">
          {t('emails.status.failed')}
        </Badge>
      )}
    </>
  );
}

function Line({ label, children, testId }: { label: string; children: string; testId: string }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={48} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

export function EmailHeader({ email, bcc = [] }: { email: EmailSummary; bcc?: EmailSummary['to'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const list = (addresses: EmailSummary['to']) => addresses.map(formatAddress).join(', ');
  return (
    <Stack gap={4} data-testid="email-header">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Title order={3} size="h4" data-testid="email-subject" style={{ overflowWrap: 'anywhere' }}>
          {email.subject || t('emails.noSubject')}
        </Title>
        <Group gap={4}>
          <EmailBadges email={email} />
        </Group>
      </Group>
      <Line label={t('emails.fields.from')} testId="email-from">
        {email.from ? formatAddress(email.from) : t('emails.unknownSender')}
      </Line>
      {email.to.length > 0 && (
        <Line label={t('emails.fields.to')} testId="email-to">
          {list(email.to)}
        </Line>
      )}
      {email.cc.length > 0 && (
        <Line label={t('emails.fields.cc')} testId="email-cc">
          {list(email.cc)}
        </Line>
      )}
      {bcc.length > 0 && (
        <Line label={t('emails.fields.bcc')} testId="email-bcc">
          {list(bcc)}
        </Line>
      )}
      <Line label={t('emails.fields.date')} testId="email-date">
        {formatDateTime(email.sentAt, locale)}
      </Line>
      {email.links.length > 0 && (
        <Group gap="xs" data-testid="email-links">
          <Text size="sm" c="dimmed">
            {t('emails.view.links')}
          </Text>
          {email.links.map((link) => (
            <RecordLink key={`${link.type}-${link.id}`} record={{ ...link, trashed: false }} />
          ))}
        </Group>
      )}
    </Stack>
  );
}
