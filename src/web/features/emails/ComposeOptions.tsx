// The lower part of the compose dialog: the mailbox's signature (added by the server), the
// quoted original of a reply, attachments and "send later".
import { Checkbox, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DateTimeField } from '../forms/DateFields.tsx';
import { AttachmentField } from './AttachmentField.tsx';
import { showsRemoteImages } from './compose.ts';
import { EmailFrame } from './EmailFrame.tsx';
import type { ComposeDraft } from './useComposeDraft.ts';

export function ComposeOptions({ draft }: { draft: ComposeDraft }) {
  const { t } = useTranslation();
  const { mailbox, quote, fields } = draft;
  return (
    <>
      {mailbox?.signature?.trim() && (
        <Stack gap={2} data-testid="compose-signature">
          <Text size="xs" c="dimmed">
            {t('emails.compose.signature')}
          </Text>
          <EmailFrame html={mailbox.signature} remoteImages={false} height={90} />
        </Stack>
      )}
      {quote && (
        <Stack gap={2}>
          <Checkbox
            label={t('emails.compose.withQuote')}
            checked={fields.withQuote}
            onChange={(event) => draft.setWithQuote(event.currentTarget.checked)}
            data-testid="compose-with-quote"
          />
          {fields.withQuote && <EmailFrame html={quote} remoteImages={showsRemoteImages(quote)} height={140} />}
        </Stack>
      )}
      <AttachmentField
        files={fields.files}
        onChange={draft.setFiles}
        records={draft.records}
        quotes={fields.quotes}
        onQuotesChange={draft.setQuotes}
      />
      <Group gap="sm" align="flex-end">
        <Checkbox
          label={t('emails.compose.later')}
          checked={fields.later}
          onChange={(event) => draft.setLater(event.currentTarget.checked)}
          data-testid="compose-later"
        />
        {fields.later && (
          <DateTimeField
            label={t('emails.compose.sendAt')}
            value={fields.sendAt}
            onChange={draft.setSendAt}
            error={draft.errorAt('sendAt') ?? undefined}
            data-testid="compose-send-at"
          />
        )}
      </Group>
    </>
  );
}
