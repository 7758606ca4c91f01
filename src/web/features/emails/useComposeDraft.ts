// The state of a message being written: where it starts from (a reply's recipients, subject
// and quote; the mailbox to send from), what the user typed, the checks before sending, and
// sending itself. A refused send leaves the state as it was, so nothing typed is lost.
import { useEffect, useRef, useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Editor } from '@tiptap/react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { serverErrors } from '../forms/fieldErrors.ts';
import { invalidAddresses } from './AddressField.tsx';
import type { OutgoingFile } from './AttachmentField.tsx';
import {
  formatAddress,
  messageHtml,
  parseAddress,
  quoteHtml,
  replyRecipients,
  replySubject,
  type Address,
} from './compose.ts';
import {
  defaultMailbox,
  refreshMail,
  sendEmail,
  type EmailDetail,
  type EmailRecords,
  type Mailbox,
} from './emailsApi.ts';
import type { AttachedQuote } from './QuotePicker.tsx';
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
const inFuture = (moment: string) => !!moment && new Date(moment).getTime() > Date.now();

export function useComposeDraft(
  request: ComposeRequest,
  mailboxes: Mailbox[],
  editor: Editor | null,
  onSent: () => void,
) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { me } = useAuth();
  const client = useQueryClient();
  const { replyTo, replyAll = false } = request;
  const records = recordsOf(request);
  const first =
    mailboxes.find((mailbox) => mailbox.id === replyTo?.mailboxId) ?? defaultMailbox(mailboxes, me?.user.id);
  const [mailboxId, setMailboxId] = useState(first?.id ?? null);
  const answered = replyTo ? replyRecipients(replyTo, first?.address ?? '', replyAll) : { to: [], cc: [] };
  const [to, setTo] = useState(typed(answered.to));
  const [cc, setCc] = useState(typed(answered.cc));
  const [bcc, setBcc] = useState<string[]>([]);
  const [subject, setSubject] = useState(replyTo ? replySubject(replyTo.subject) : '');
  const [withQuote, setWithQuote] = useState(true);
  const [files, setFiles] = useState<OutgoingFile[]>([]);
  const [quotes, setQuotes] = useState<AttachedQuote[]>([]);
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState('');
  const [checked, setChecked] = useState(false);
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

  // Writing from a contact's or deal's page: the contact's first address is the likely recipient.
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
        attachments: [
          ...quotes.map(({ quoteId }) => ({ quoteId })),
          ...files.map(({ filename, contentType, content }) => ({ filename, contentType, content })),
        ],
        sendAt: later ? new Date(sendAt).toISOString() : undefined,
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
      onSent();
    },
  });

  const fieldErrors = send.error ? serverErrors(send.error, t) : {};
  /** The browser's or the server's complaint about a field (the server's by path, "to.0.address"). */
  const errorAt = (field: 'to' | 'cc' | 'bcc' | 'subject' | 'sendAt'): string | null => {
    if (checked && field === 'to' && to.length === 0) return t('emails.compose.noRecipient');
    if (checked && field === 'sendAt' && later && !inFuture(sendAt)) return t('emails.compose.sendAtFuture');
    return Object.entries(fieldErrors).find(([path]) => path === field || path.startsWith(`${field}.`))?.[1] ?? null;
  };
  const submit = () => {
    setChecked(true);
    const wrong = invalidAddresses([...to, ...cc, ...bcc]).length > 0;
    if (mailboxId && to.length > 0 && !wrong && (!later || inFuture(sendAt))) send.mutate();
  };

  return {
    records,
    replyTo,
    mailbox: mailboxes.find((entry) => entry.id === mailboxId) ?? null,
    suggestions,
    quote,
    fields: { mailboxId, to, cc, bcc, subject, withQuote, files, quotes, later, sendAt },
    set: { mailboxId: setMailboxId, to: setTo, cc: setCc, bcc: setBcc, subject: setSubject },
    setWithQuote,
    setFiles,
    setQuotes,
    setLater,
    setSendAt,
    errorAt,
    send,
    submit,
  };
}

export type ComposeDraft = ReturnType<typeof useComposeDraft>;
