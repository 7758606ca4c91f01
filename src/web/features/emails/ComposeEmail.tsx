// Writing a message (a new one, a reply, a reply to all) in a dialog: the mailbox it goes out
// through, recipients, subject, a template, the body in the rich-text editor, then signature,
// quote, attachments and "send later" (ComposeOptions). A refused send (422) keeps everything
// typed and says why; a sent one shows at once on the timelines.
import { useState } from 'react';
import { Alert, Anchor, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { AddressField } from './AddressField.tsx';
import { ComposeOptions } from './ComposeOptions.tsx';
import { useMailboxes, type Mailbox } from './emailsApi.ts';
import { RichBody, useBodyEditor } from './RichBody.tsx';
import { TemplatePicker } from './TemplatePicker.tsx';
import { useComposeDraft, type ComposeRequest } from './useComposeDraft.ts';

export type { ComposeRequest };

function SendError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  return (
    <Alert color="red" data-testid="compose-error">
      <Text size="sm">{errorMessage(error)}</Text>
      {error instanceof ApiError && error.status === 422 && error.problem?.detail && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('emails.compose.serverSaid', { detail: error.problem.detail })}
        </Text>
      )}
    </Alert>
  );
}

function ComposeForm({
  request,
  mailboxes,
  onClose,
}: {
  request: ComposeRequest;
  mailboxes: Mailbox[];
  onClose(): void;
}) {
  const { t } = useTranslation();
  const editor = useBodyEditor('<p></p>', t('emails.compose.body'));
  const draft = useComposeDraft(request, mailboxes, editor, onClose);
  const { fields, set, suggestions, replyTo, send } = draft;
  const [copies, setCopies] = useState(fields.cc.length > 0);
  const address = (field: 'to' | 'cc' | 'bcc') => (
    <AddressField
      label={t(`emails.fields.${field}`)}
      value={fields[field]}
      onChange={set[field]}
      suggestions={suggestions}
      error={draft.errorAt(field)}
      testId={`compose-${field}`}
      autoFocus={field === 'to' && !replyTo}
    />
  );
  return (
    <Stack gap="sm">
      {mailboxes.length === 0 ? (
        <Alert color="yellow" data-testid="compose-no-mailbox">
          <Text size="sm">{t('emails.compose.noMailbox')}</Text>
          <Anchor component={Link} to="/mailboxes/new" size="sm" onClick={onClose}>
            {t('emails.compose.connect')}
          </Anchor>
        </Alert>
      ) : (
        <Select
          label={t('emails.fields.from')}
          data={mailboxes.map((entry) => ({ value: entry.id, label: `${entry.name} <${entry.address}>` }))}
          value={fields.mailboxId}
          onChange={set.mailboxId}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true, zIndex: 500 }}
          data-testid="compose-mailbox"
        />
      )}
      {address('to')}
      {copies ? (
        <>
          {address('cc')}
          {address('bcc')}
        </>
      ) : (
        <Button
          variant="subtle"
          size="compact-xs"
          onClick={() => setCopies(true)}
          style={{ alignSelf: 'flex-start' }}
          data-testid="compose-show-copies"
        >
          {t('emails.compose.showCopies')}
        </Button>
      )}
      <TextInput
        label={t('emails.fields.subject')}
        value={fields.subject}
        onChange={(event) => set.subject(event.currentTarget.value)}
        error={draft.errorAt('subject')}
        data-testid="compose-subject"
      />
      <TemplatePicker
        records={draft.records}
        onApply={(rendered) => {
          // A reply keeps its "Re:" subject, so that it stays in the thread.
          if (!replyTo || !fields.subject.trim()) set.subject(rendered.subject);
          editor?.commands.setContent(rendered.html);
        }}
      />
      <RichBody editor={editor} />
      <ComposeOptions draft={draft} />
      {send.isError && <SendError error={send.error} />}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          {t('emails.compose.cancel')}
        </Button>
        <Button onClick={draft.submit} loading={send.isPending} disabled={!draft.mailbox} data-testid="compose-send">
          {fields.later ? t('emails.compose.schedule') : t('emails.compose.send')}
        </Button>
      </Group>
    </Stack>
  );
}

export default function ComposeEmail({ request, onClose }: { request: ComposeRequest; onClose(): void }) {
  const { t } = useTranslation();
  const mailboxes = useMailboxes();
  const phone = useMediaQuery('(max-width: 48em)');
  const title = request.replyTo
    ? t(request.replyAll ? 'emails.compose.titleReplyAll' : 'emails.compose.titleReply')
    : t('emails.compose.title');
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      size="xl"
      fullScreen={phone}
      closeOnClickOutside={false}
      data-testid="compose-email"
    >
      {mailboxes.isPending ? (
        <LoadingState />
      ) : mailboxes.isError ? (
        <ErrorState error={mailboxes.error} onRetry={() => void mailboxes.refetch()} />
      ) : (
        <ComposeForm request={request} mailboxes={mailboxes.data.data} onClose={onClose} />
      )}
    </Modal>
  );
}
