// Email in the CRM as the API shows and accepts it: the messages the sync kept (or Farley
// sent), read one by one or in threads, searched, sent and taken out of the CRM again.
import { z } from 'zod';
import { id, timestamp } from './common.ts';

export const emailAddress = z.object({ address: z.string(), name: z.string().optional() }).meta({ id: 'EmailAddress' });

const recipient = z
  .object({
    address: z.email({ message: 'must be an email address' }).max(320),
    name: z.string().trim().max(200).optional(),
  })
  .strict();

export const emailLink = z
  .object({ type: z.enum(['contact', 'company', 'deal']), id, name: z.string() })
  .meta({ id: 'EmailLink', description: 'A record the email is on the timeline of' });

export const emailAttachment = z
  .object({
    id,
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    inline: z.boolean().describe('An image the HTML body shows (by Content-ID)'),
  })
  .meta({ id: 'EmailAttachment' });

export const emailSummary = z
  .object({
    id,
    mailboxId: id,
    threadId: id,
    subject: z.string(),
    from: emailAddress.nullable(),
    to: z.array(emailAddress),
    cc: z.array(emailAddress),
    sentAt: timestamp,
    direction: z.enum(['inbound', 'outbound']),
    snippet: z.string(),
    autoKind: z
      .enum(['bounce', 'auto_reply'])
      .nullable()
      .describe('A machine wrote it: a delivery report or an auto-reply'),
    status: z.enum(['stored', 'scheduled', 'sent', 'failed']).describe('scheduled: to be sent at sendAt'),
    sendAt: timestamp.nullable(),
    attachmentCount: z.number().int(),
    links: z.array(emailLink),
  })
  .meta({ id: 'EmailSummary' });

export const emailDetail = emailSummary
  .extend({
    messageId: z.string(),
    inReplyTo: z.string().nullable(),
    bcc: z.array(emailAddress),
    text: z.string(),
    html: z
      .string()
      .nullable()
      .describe(
        'The HTML body, sanitised (no script, no event handlers, no forms); remote images are blocked ' +
          '(src moved to data-blocked-src) unless asked for with images=1',
      ),
    remoteImages: z.number().int().describe('How many remote images the HTML body has (blocked unless asked for)'),
    attachments: z.array(emailAttachment),
    bouncedAddresses: z.array(z.string()),
  })
  .meta({ id: 'EmailDetail' });

export const emailQuery = z
  .object({
    q: z.string().trim().min(1).max(200).optional().describe('Full-text search (German and English word forms)'),
    mailboxId: id.optional().describe("One mailbox's mail (the caller must see the mailbox)"),
    contactId: id.optional(),
    companyId: id.optional(),
    dealId: id.optional(),
    threadId: id.optional().describe('One thread, oldest first'),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

export const emailList = z
  .object({ data: z.array(emailSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'EmailList' });

export const emailDetailQuery = z
  .object({ images: z.enum(['0', '1']).optional().describe('1: keep remote images in the HTML') })
  .strict();

const maxAttachmentBytes = 25 * 1024 * 1024;

export const outgoingAttachment = z
  .union([
    z
      .object({
        filename: z.string().trim().min(1).max(255),
        contentType: z.string().trim().max(255).default('application/octet-stream'),
        content: z
          .string()
          .max(Math.ceil((maxAttachmentBytes * 4) / 3) + 4, { message: 'an attachment has at most 25 MB' })
          .describe('The file, base64'),
      })
      .strict(),
    z.object({ quoteId: id.describe("An issued quote's PDF") }).strict(),
  ])
  .meta({ id: 'OutgoingAttachment' });

export const emailSend = z
  .object({
    mailboxId: id.describe('Sent through this mailbox’s SMTP server, a copy into its Sent folder'),
    to: z.array(recipient).min(1, { message: 'at least one recipient' }).max(100),
    cc: z.array(recipient).max(100).default([]),
    bcc: z.array(recipient).max(100).default([]),
    subject: z.string().trim().max(998).default(''),
    html: z.string().max(2_000_000).describe('The body as HTML (sanitised before sending)'),
    replyToId: id.optional().describe('The email this answers: threading headers are set from it'),
    attachments: z.array(outgoingAttachment).max(20).default([]),
    sendAt: timestamp.optional().describe('Send later (scheduled); default now'),
    contactIds: z.array(id).max(50).default([]).describe('Records to put it on besides those its addresses match'),
    companyIds: z.array(id).max(50).default([]),
    dealIds: z.array(id).max(50).default([]),
    restrictionNotice: z
      .boolean()
      .optional()
      .describe(
        'A message a restriction of processing (GDPR Art. 18) allows: telling the person about their restriction or that it ends (Art. 18(3)). Without it, mail to a restricted contact is refused (409 contact_restricted).',
      ),
  })
  .strict()
  .meta({ id: 'EmailSend' });

export const emailExclusion = z
  .object({
    kind: z.enum(['address', 'message']),
    value: z.string().describe('The address, or the Message-ID'),
    createdAt: timestamp,
  })
  .meta({ id: 'EmailExclusion' });

export const emailExclusionCreate = z
  .object({
    address: z.email({ message: 'must be an email address' }).max(320).toLowerCase(),
  })
  .strict()
  .meta({ id: 'EmailExclusionCreate', description: 'A correspondent to take out of the CRM' });

export const privateOutcome = z
  .object({ removed: z.number().int().describe('How many stored emails left the CRM') })
  .meta({ id: 'EmailPrivateOutcome' });

export const unknownSender = z
  .object({
    address: z.string(),
    name: z.string().nullable(),
    messages: z.number().int(),
    lastSeenAt: timestamp,
    signature: z
      .object({
        name: z.string().optional(),
        phone: z.string().optional(),
        company: z.string().optional(),
        jobTitle: z.string().optional(),
      })
      .describe('What their signature said'),
  })
  .meta({ id: 'UnknownSender', description: 'Someone the CRM does not know who wrote more than once' });

export const syncFolder = z
  .object({
    path: z.string(),
    total: z.number().int(),
    done: z.number().int(),
    firstSyncDone: z.boolean(),
    syncedAt: timestamp.nullable(),
  })
  .meta({ id: 'MailSyncFolder' });

export const syncLogEntry = z
  .object({
    at: timestamp,
    level: z.enum(['info', 'skipped', 'failed', 'error']),
    folder: z.string().nullable(),
    message: z.string(),
    resolved: z.boolean().describe('A failed message that a later run could read'),
  })
  .meta({ id: 'MailSyncLogEntry' });

export const syncStatus = z
  .object({
    state: z.enum(['idle', 'syncing', 'failing']),
    syncedAt: timestamp.nullable(),
    error: z.string().nullable(),
    folders: z.array(syncFolder),
    log: z.array(syncLogEntry).describe('The newest entries'),
  })
  .meta({ id: 'MailSyncStatus' });

export type EmailSummary = z.infer<typeof emailSummary>;
export type EmailDetail = z.infer<typeof emailDetail>;
export type EmailQuery = z.infer<typeof emailQuery>;
export type EmailSend = z.infer<typeof emailSend>;
export type SyncStatus = z.infer<typeof syncStatus>;
export type UnknownSender = z.infer<typeof unknownSender>;
