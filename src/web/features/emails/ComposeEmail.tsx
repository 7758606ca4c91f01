// Writing a message (a new one, a reply, a reply to all) in a dialog: the mailbox it goes out
// through, recipients, subject, a template, the body in the rich-text editor, the mailbox's
// signature, the quoted original, attachments and "send later". A refused send (422) keeps
// everything typed and says why; a sent one shows at once on the timelines.
import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { DateTimeField } from '../forms/DateFields.tsx';
import { serverErrors } from '../forms/fieldErrors.ts';
import { AddressField, invalidAddresses } from './AddressField.tsx';
import { AttachmentField, type OutgoingFile } from './AttachmentField.tsx';
import {
  formatAddress,
  messageHtml,
  parseAddress,
  quoteHtml,
  replyRecipients,
  replySubject,
  showsRemoteImages,
  type Address,
} from './compose.ts';
import { EmailFrame } from './EmailFrame.tsx';
import {
  defaultMailbox,
  refreshMail,
  sendEmail,
  useMailboxes,
  type EmailDetail,
  type EmailRecords,
  type Mailbox,
} from './emailsApi.ts';
import { RichBody, useBodyEditor } from './RichBody.tsx';
import { TemplatePicker } from './TemplatePicker.tsx';
import { useAddressSuggestions } from './useAddressSuggestions.ts';

export interface ComposeRequest {
  /** The records the message is about: its links, the template's values, the suggested addresses. */
  records: EmailRecords;
  replyTo?: EmailDetail;
  replyAll?: boolean;
}

/** The records of the request, completed from the links of the message answered. */
function recordsOf({ records, replyTo }: ComposeRequest): EmailRecords {
  const linked = (type: 'contact' | 'company' | 'deal') => replyTo?.links.find((link) => link.type === type)?.id;
  return {
    contactId: records.contactId ?? linked('contact') ?? null,
    companyId: records.companyId ?? linked('company') ?? null,
    dealId: records.dealId ?? linked('deal') ?? null,
  };
}

const addresses = (entries: string[]) => entries.flatMap((entry) => parseAddress(entry) ?? []);
const typed = (list: Address[]) => list.map(formatAddress);

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
  const locale = useLocale();
  const { me } = useAuth();
  const client = useQueryClient();
  const errorMessage = useErrorMessage();
  const { replyTo, replyAll = false } = request;
  const records = recordsOf(request);
  const first =
    mailboxes.find((mailbox) => mailbox.id === replyTo?.mailboxId) ?? defaultMailbox(mailboxes, me?.user.id);
  const [mailboxId, setMailboxId] = useState(first?.id ?? null);
  const mailbox = mailboxes.find((entry) => entry.id === mailboxId) ?? null;
  const answered = replyTo ? replyRecipients(replyTo, first?.address ?? '', replyAll) : { to: [], cc: [] };
  const [to, setTo] = useState(typed(answered.to));
  const [cc, setCc] = useState(typed(answered.cc));
  const [bcc, setBcc] = useState<string[]>([]);
  const [copies, setCopies] = useState(answered.cc.length > 0);
  const [subject, setSubject] = useState(replyTo ? replySubject(replyTo.subject) : '');
  const [withQuote, setWithQuote] = useState(true);
  const [files, setFiles] = useState<OutgoingFile[]>([]);
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState('');
  const [checked, setChecked] = useState(false);
  const editor = useBodyEditor('<p></p>', t('emails.compose.body'));
  const suggestions = useAddressSuggestions(records);
  const quote = replyTo
    ? quoteHtml(
        replyTo,
        t('emails.compose.quoteHeader', {
          date: formatDateTime(replyTo.sentAt, locale),
          name: replyTo.from ? formatAddress(replyTo.from) : t('emails.unknownSender'),
        }),
      )
    : null;

  // Writing from a contact's page: the contact's first address is the likely recipient.
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || replyTo || !records.contactId || suggestions.length === 0) return;
    prefilled.current = true;
    setTo((current) => (current.length ? current : [suggestions[0]!]));
  }, [suggestions, replyTo, records.contactId]);

  const send = useMutation({
    mutationFn: () =>
      sendEmail({
        mailboxId: mailboxId ?? '',
        to: addresses(to),
        cc: addresses(cc),
        bcc: addresses(bcc),
        subject,
        html: messageHtml(editor?.getHTML() ?? '', withQuote ? quote : null),
        replyToId: replyTo?.id,
        attachments: files.map(({ filename, contentType, content }) => ({ filename, contentType, content })),
        sendAt: later && sendAt ? new Date(sendAt).toISOString() : undefined,
        contactIds: records.contactId ? [records.contactId] : [],
        companyIds: records.companyId ? [records.companyId] : [],
        dealIds: records.dealId ? [records.dealId] : [],
      }),
    onSuccess: (sent) => {
      refreshMail(client, 'added');
      notifications.show({
        color: 'green',
        message:
          sent.status === 'scheduled' && sent.sendAt
            ? t('emails.compose.scheduled', { when: formatDateTime(sent.sendAt, locale) })
            : t('emails.compose.sent'),
      });
      onClose();
    },
  });

  const fieldErrors = send.error ? serverErrors(send.error, t) : {};
  const errorAt = (field: string) =>
    Object.entries(fieldErrors).find(([path]) => path === field || path.startsWith(`${field}.`))?.[1] ?? null;
  const missingTo = checked && to.length === 0 ? t('emails.compose.noRecipient') : null;
  const pastSendAt = checked && later && (!sendAt || new Date(sendAt).getTime() <= Date.now());
  const onSend = () => {
    setChecked(true);
    const wrong = invalidAddresses([...to, ...cc, ...bcc]).length > 0;
    if (!mailbox || to.length === 0 || wrong || (later && (!sendAt || new Date(sendAt).getTime() <= Date.now())))
      return;
    send.mutate();
  };

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
          value={mailboxId}
          onChange={setMailboxId}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true, zIndex: 500 }}
          data-testid="compose-mailbox"
        />
      )}
      <AddressField
        label={t('emails.fields.to')}
        value={to}
        onChange={setTo}
        suggestions={suggestions}
        error={missingTo ?? errorAt('to')}
        testId="compose-to"
        autoFocus={!replyTo}
      />
      {copies ? (
        <>
          <AddressField
            label={t('emails.fields.cc')}
            value={cc}
            onChange={setCc}
            suggestions={suggestions}
            error={errorAt('cc')}
            testId="compose-cc"
          />
          <AddressField
            label={t('emails.fields.bcc')}
            value={bcc}
            onChange={setBcc}
            suggestions={suggestions}
            error={errorAt('bcc')}
            testId="compose-bcc"
          />
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
        value={subject}
        onChange={(event) => setSubject(event.currentTarget.value)}
        error={errorAt('subject')}
        data-testid="compose-subject"
      />
      <TemplatePicker
        records={records}
        onApply={(rendered) => {
          // A reply keeps its "Re:" subject, so that it stays in the thread.
          if (!replyTo || !subject.trim()) setSubject(rendered.subject);
          editor?.commands.setContent(rendered.html);
        }}
      />
      <RichBody editor={editor} />
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
            checked={withQuote}
            onChange={(event) => setWithQuote(event.currentTarget.checked)}
            data-testid="compose-with-quote"
          />
          {withQuote && <EmailFrame html={quote} remoteImages={showsRemoteImages(quote)} height={140} />}
        </Stack>
      )}
      <AttachmentField files={files} onChange={setFiles} />
      <Group gap="sm" align="flex-end">
        <Checkbox
          label={t('emails.compose.later')}
          checked={later}
          onChange={(event) => setLater(event.currentTarget.checked)}
          data-testid="compose-later"
        />
        {later && (
          <DateTimeField
            label={t('emails.compose.sendAt')}
            value={sendAt}
            onChange={setSendAt}
            error={pastSendAt ? t('emails.compose.sendAtFuture') : (errorAt('sendAt') ?? undefined)}
            data-testid="compose-send-at"
          />
        )}
      </Group>
      {send.isError && (
        <Alert color="red" data-testid="compose-error">
          <Text size="sm">{errorMessage(send.error)}</Text>
          {send.error instanceof ApiError && send.error.status === 422 && send.error.problem?.detail && (
            <Text size="xs" c="dimmed" mt={4}>
              {t('emails.compose.serverSaid', { detail: send.error.problem.detail })}
            </Text>
          )}
        </Alert>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          {t('emails.compose.cancel')}
        </Button>
        <Button onClick={onSend} loading={send.isPending} disabled={!mailbox} data-testid="compose-send">
          {later ? t('emails.compose.schedule') : t('emails.compose.send')}
        </Button>
      </Group>
    </Stack>
  );
}

export default function ComposeEmail({ request, onClose }: { request: ComposeRequest; onClose(): void }) {
  const { t } = useTranslation();
  const mailboxes = useMailboxes();
  const title = request.replyTo
    ? t(request.replyAll ? 'emails.compose.titleReplyAll' : 'emails.compose.titleReply')
    : t('emails.compose.title');
  return (
    <Modal opened onClose={onClose} title={title} size="xl" closeOnClickOutside={false} data-testid="compose-email">
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
