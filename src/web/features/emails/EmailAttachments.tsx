// A message's attachments as download links with their sizes (inline images are in the body).
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { attachmentUrl, type EmailDetail } from './emailsApi.ts';

/** A size in the unit that reads best: "820 B", "14 kB", "2,4 MB". */
export function formatSize(bytes: number, locale: string): string {
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / (1024 * 1024), 'megabyte']
      : bytes >= 1024
        ? [bytes / 1024, 'kilobyte']
        : [bytes, 'byte'];
  return formatNumber(value, locale, { style: 'unit', unit, maximumFractionDigits: value < 10 ? 1 : 0 });
}

export function EmailAttachments({ email }: { email: EmailDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const files = email.attachments.filter((attachment) => !attachment.inline || !email.html);
  if (files.length === 0) return null;
  return (
    <Stack gap={2} data-testid="email-attachments">
      <Text size="xs" c="dimmed" fw={600}>
        {t('emails.view.attachments', { count: files.length })}
      </Text>
      {files.map((file) => (
        <Group key={file.id} gap="xs" wrap="nowrap">
          <Anchor
            href={attachmentUrl(email.id, file.id)}
            download={file.filename}
            size="sm"
            data-testid="email-attachment"
          >
            {file.filename}
          </Anchor>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {formatSize(file.size, locale)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
