// The files of a new message: picked with the file dialog, read as base64 for the API, each at
// most 25 MB (the limit is shown; a larger file is refused with its name); beside them the PDFs
// of the record's issued quotes (QuotePicker), listed by their file name.
import { useState } from 'react';
import { ActionIcon, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../ui/useLocale.ts';
import { fileToBase64, maxAttachmentBytes, maxAttachmentsBytes } from './compose.ts';
import { formatSize } from './EmailAttachments.tsx';
import type { EmailRecords } from './emailsApi.ts';
import { QuotePicker, type AttachedQuote } from './QuotePicker.tsx';

export interface OutgoingFile {
  /** Tells two files of the same name apart in the list. */
  key: string;
  filename: string;
  contentType: string;
  size: number;
  content: string;
}

function AttachmentRow({ filename, detail, onRemove }: { filename: string; detail: string; onRemove(): void }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" data-testid="compose-attachment">
      <Text size="sm" truncate>
        {filename}
      </Text>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {detail}
      </Text>
      <ActionIcon
        size="sm"
        variant="subtle"
        color="gray"
        aria-label={t('emails.compose.removeAttachment', { file: filename })}
        onClick={onRemove}
      >
        <span aria-hidden>×</span>
      </ActionIcon>
    </Group>
  );
}

export function AttachmentField({
  files,
  onChange,
  records,
  quotes,
  onQuotesChange,
}: {
  files: OutgoingFile[];
  onChange(files: OutgoingFile[]): void;
  records: EmailRecords;
  quotes: AttachedQuote[];
  onQuotesChange(quotes: AttachedQuote[]): void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [refused, setRefused] = useState<string[]>([]);
  const add = async (picked: File[]) => {
    // Each file up to the limit, and together no more than the message may carry.
    let total = files.reduce((sum, file) => sum + file.size, 0);
    const taken = picked.filter((file) => {
      if (file.size > maxAttachmentBytes || total + file.size > maxAttachmentsBytes) return false;
      total += file.size;
      return true;
    });
    setRefused(picked.filter((file) => !taken.includes(file)).map((file) => file.name));
    const read = await Promise.all(
      taken.map(async (file) => ({
        key: crypto.randomUUID(),
        filename: file.name,
        contentType: file.type || 'application/octet-stream',
        size: file.size,
        content: await fileToBase64(file),
      })),
    );
    onChange([...files, ...read]);
  };
  return (
    <Stack gap={4} data-testid="compose-attachments">
      <Group gap="xs">
        <FileButton onChange={(picked) => void add(picked)} multiple>
          {(props) => (
            <Button {...props} size="compact-sm" variant="default" data-testid="compose-attach">
              {t('emails.compose.attach')}
            </Button>
          )}
        </FileButton>
        <QuotePicker records={records} chosen={quotes} onChange={onQuotesChange} />
        <Text size="xs" c="dimmed">
          {t('emails.compose.attachLimit', {
            size: formatSize(maxAttachmentBytes, locale),
            total: formatSize(maxAttachmentsBytes, locale),
          })}
        </Text>
      </Group>
      {refused.length > 0 && (
        <Text size="xs" c="red" data-testid="compose-attach-refused">
          {t('emails.compose.attachTooLarge', { files: refused.join(', ') })}
        </Text>
      )}
      {quotes.map((quote) => (
        <AttachmentRow
          key={quote.quoteId}
          filename={quote.filename}
          detail={t('emails.compose.quotePdf')}
          onRemove={() => onQuotesChange(quotes.filter((other) => other.quoteId !== quote.quoteId))}
        />
      ))}
      {files.map((file) => (
        <AttachmentRow
          key={file.key}
          filename={file.filename}
          detail={formatSize(file.size, locale)}
          onRemove={() => onChange(files.filter((other) => other.key !== file.key))}
        />
      ))}
    </Stack>
  );
}
