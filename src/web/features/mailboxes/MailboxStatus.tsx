// A mailbox's state: the outcome of its last check (working, failing, not checked), when that
// was, and each problem of a failing one.
import { Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { CheckProblem } from './CheckProblem.tsx';
import type { Mailbox } from './mailboxesApi.ts';

const colors = { ok: 'green', failing: 'red', unchecked: 'gray' } as const;

export function MailboxStatus({ mailbox }: { mailbox: Mailbox }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Badge color={colors[mailbox.status]} variant="light" data-testid="mailbox-status">
          {t(`mailboxes.status.${mailbox.status}`)}
        </Badge>
        <Text size="sm" c="dimmed" data-testid="mailbox-checked-at">
          {mailbox.checkedAt
            ? t('mailboxes.checkedAt', { time: formatDateTime(mailbox.checkedAt, locale) })
            : t('mailboxes.neverChecked')}
        </Text>
      </Group>
      {mailbox.problems.map((problem) => (
        <CheckProblem key={problem.server} {...problem} />
      ))}
    </Stack>
  );
}
