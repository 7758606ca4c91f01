// Data access of email in the web app: lists, one email, a thread, sending, taking mail out of
// the CRM, unknown senders, mailboxes and their sync, templates. Query keys start with the
// resource ('emails', 'mailboxes', 'email-templates'), so one invalidation reaches every view.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type {
  EmailDetail,
  EmailSend,
  EmailSummary,
  SyncStatus,
  UnknownSender,
  emailExclusion,
} from '../../../contract/emails.ts';
import type { RenderedEmail } from '../../../contract/emailTemplates.ts';
import type { Mailbox } from '../../../contract/mailboxes.ts';
import type { Quote } from '../../../contract/quotes.ts';
import type { z } from 'zod';
import { api, type Page } from '../../app/api.ts';

export type { EmailDetail, EmailSend, EmailSummary, Mailbox, RenderedEmail, SyncStatus, UnknownSender };
export type EmailExclusion = z.infer<typeof emailExclusion>;

/** A record an email is about: the filters of GET /emails and the links of a new email. */
export interface EmailRecords {
  contactId?: string | null;
  companyId?: string | null;
  dealId?: string | null;
}

export interface EmailListParams extends EmailRecords {
  q?: string;
  mailboxId?: string | null;
  threadId?: string;
  limit?: number;
}

export const emailKeys = {
  all: ['emails'] as const,
  list: (params: EmailListParams) => ['emails', 'list', params] as const,
  detail: (id: string, images: boolean) => ['emails', 'detail', id, images] as const,
  thread: (threadId: string) => ['emails', 'thread', threadId] as const,
  search: (q: string) => ['emails', 'search', q] as const,
  senders: ['emails', 'senders'] as const,
  mailboxes: ['mailboxes', 'list'] as const,
  sync: (mailboxId: string) => ['mailboxes', mailboxId, 'sync'] as const,
};

export function fetchEmails(params: EmailListParams, cursor: string | null, signal?: AbortSignal) {
  return api<Page<EmailSummary>>('/emails', { query: { ...params, cursor }, signal });
}

export function fetchEmail(id: string, images: boolean, signal?: AbortSignal) {
  return api<EmailDetail>(`/emails/${id}`, { query: { images: images ? 1 : undefined }, signal });
}

/** A thread's messages, oldest first; a thread longer than one page is rare enough to read in one. */
export function fetchThread(threadId: string, signal?: AbortSignal) {
  return api<Page<EmailSummary>>('/emails', { query: { threadId, limit: 100 }, signal });
}

export function sendEmail(body: EmailSend) {
  return api<EmailDetail>('/emails', { method: 'POST', body });
}

/** One message out of the CRM (never synced again). */
export function makePrivate(id: string) {
  return api<{ removed: number }>(`/emails/${id}/private`, { method: 'POST' });
}

/** A correspondent out of the CRM: every message to and from the address. */
export function excludeCorrespondent(address: string) {
  return api<{ removed: number }>('/email-exclusions', { method: 'POST', body: { address } });
}

export function fetchSenders(signal?: AbortSignal) {
  return api<{ data: UnknownSender[] }>('/email-senders', { signal });
}

export function dismissSender(address: string) {
  return api<void>('/email-senders/dismiss', { method: 'POST', body: { address } });
}

export function fetchMailboxes(signal?: AbortSignal) {
  return api<{ data: Mailbox[] }>('/mailboxes', { signal });
}

/** The mailboxes the user sees (their own, their teams', every one for admins). */
export function useMailboxes() {
  return useQuery({
    queryKey: emailKeys.mailboxes,
    queryFn: ({ signal }) => fetchMailboxes(signal),
    staleTime: 60_000,
  });
}

/** The mailbox to write from when none is given: the user's own first, else the first they see. */
export function defaultMailbox(mailboxes: Mailbox[], userId: string | undefined): Mailbox | null {
  return mailboxes.find((mailbox) => mailbox.ownerId === userId && !mailbox.teamId) ?? mailboxes[0] ?? null;
}

/**
 * The issued quotes of the record a message is about, to attach as their PDFs: the deal's when
 * written from a deal, else the contact's, else the company's. Drafts have no PDF, and a
 * superseded revision gave way to the newer one, which is offered instead.
 */
export function useIssuedQuotes(records: EmailRecords) {
  const filter = records.dealId
    ? { dealId: records.dealId }
    : records.contactId
      ? { contactId: records.contactId }
      : records.companyId
        ? { companyId: records.companyId }
        : null;
  return useQuery({
    queryKey: ['quotes', 'list', 'issued', filter] as const,
    queryFn: ({ signal }) =>
      api<Page<Quote>>('/quotes', {
        query: { ...filter, status: 'sent,expired,accepted,declined', limit: 50 },
        signal,
      }),
    enabled: filter !== null,
  });
}

export function fetchSyncStatus(mailboxId: string, signal?: AbortSignal) {
  return api<SyncStatus>(`/mailboxes/${mailboxId}/sync`, { signal });
}

export function startSync(mailboxId: string) {
  return api<{ started: boolean }>(`/mailboxes/${mailboxId}/sync`, { method: 'POST' });
}

/** A template filled from the records a message is about. */
export function previewTemplate(id: string, records: EmailRecords) {
  const body = Object.fromEntries(Object.entries(records).filter(([, value]) => value));
  return api<RenderedEmail>(`/email-templates/${id}/preview`, { method: 'POST', body });
}

/** Where an attachment downloads from (the session cookie goes along with a plain link). */
export const attachmentUrl = (emailId: string, attachmentId: string) =>
  `/api/v1/emails/${emailId}/attachments/${attachmentId}`;

/**
 * After mail came (sent, synced) or left the CRM: every email view and every record's timeline
 * and figures read again, so a reply shows at once and a private message disappears. Mail that
 * left is not asked for again: its open views are closing, so single messages and threads are
 * only marked stale, read again when next shown.
 */
export function refreshMail(client: QueryClient, after: 'added' | 'removed') {
  if (after === 'removed') {
    for (const part of ['detail', 'thread'])
      void client.invalidateQueries({ queryKey: ['emails', part], refetchType: 'none' });
  }
  void client.invalidateQueries({
    predicate: (query) =>
      query.queryKey[0] === 'emails' &&
      (after === 'added' || !['detail', 'thread'].includes(String(query.queryKey[1]))),
  });
  void client.invalidateQueries({
    predicate: (query) =>
      ['contacts', 'companies', 'deals'].includes(String(query.queryKey[0])) && query.queryKey[1] === 'detail',
  });
}
