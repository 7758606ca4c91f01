// A user's or a team's mailbox as the API shows and accepts it: the IMAP server Farley reads
// from, the SMTP server it sends through, and the result of checking both. Passwords go in
// and never come out (`hasPassword`).
import { z } from 'zod';
import { id, isoDate, requiredText, timestamp } from './common.ts';

const hostnamePattern = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ipv6Pattern = /^[0-9a-f:.]+$/;

/** A server's host: a DNS name or an IP address (no scheme, no port, no path). */
const host = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, { message: 'at most 253 characters' })
  .refine((value) => hostnamePattern.test(value) || (value.includes(':') && ipv6Pattern.test(value)), {
    message: 'must be a host name like imap.example.de or an IP address, without scheme or port',
  });

export const serverSecurity = z
  .enum(['tls', 'starttls', 'none'])
  .describe('tls: encrypted from the first byte (IMAPS 993, SMTPS 465); starttls: upgraded (143, 587); none: plain');

const serverFields = {
  host,
  port: z.number().int().min(1).max(65535),
  security: serverSecurity,
  trustSelfSigned: z
    .boolean()
    .describe("Accept a certificate no authority signed (a self-hosted server's); default false"),
  username: requiredText(320),
  password: z.string().min(1, { message: 'must not be empty' }).max(1000).describe('Write-only: never shown again'),
};

export const mailServerInput = z
  .object({ ...serverFields, trustSelfSigned: serverFields.trustSelfSigned.default(false) })
  .strict()
  .meta({ id: 'MailServerCreate' });

export const mailServerPatch = z
  .object(serverFields)
  .partial()
  .strict()
  .meta({ id: 'MailServerPatch', description: 'The fields to change; without password the stored one stays' });

export const mailServer = z
  .object({
    host: z.string(),
    port: z.number().int(),
    security: serverSecurity,
    trustSelfSigned: z.boolean(),
    username: z.string(),
    hasPassword: z.literal(true).describe('A password is stored (sealed); it is never shown'),
  })
  .meta({ id: 'MailServer' });

const folders = z
  .array(requiredText(200))
  .min(1, { message: 'at least one folder' })
  .max(50, { message: 'at most 50 folders' })
  .refine((list) => new Set(list).size === list.length, { message: 'each folder once' })
  .describe('IMAP folders to sync, by their path on the server (default INBOX and Sent)');

const common = {
  name: requiredText(100).describe('What the mailbox is called in Farley ("Vertrieb", "Anna privat")'),
  address: z.email({ message: 'must be an email address' }).max(320).describe('The address mail is sent from'),
  folders,
  syncSince: isoDate.describe('The first sync fetches mail from this day on (default: 12 months back)'),
  teamId: id
    .nullable()
    .describe("A shared team mailbox (info@, vertrieb@): the team's members see it. Only admins set it"),
  storeAll: z
    .boolean()
    .describe('Keep every message in the CRM, not only those with a known contact or company (default false)'),
  signature: z.string().max(20_000).nullable().describe('HTML put below every message sent from this mailbox'),
};

export const mailboxCreate = z
  .object({
    name: common.name,
    address: common.address,
    imap: mailServerInput,
    smtp: mailServerInput,
    folders: common.folders.optional(),
    syncSince: common.syncSince.optional(),
    teamId: common.teamId.optional(),
    storeAll: common.storeAll.optional(),
    signature: common.signature.optional(),
  })
  .strict()
  .meta({ id: 'MailboxCreate', description: 'A new mailbox; both servers are checked before it is saved' });

export const mailboxPatch = z
  .object({ ...common, imap: mailServerPatch, smtp: mailServerPatch })
  .partial()
  .strict()
  .meta({ id: 'MailboxPatch', description: 'A change of server settings is checked before it is saved' });

export const checkFailureCode = z
  .enum(['dns', 'unreachable', 'tls', 'auth', 'folder_missing', 'timeout', 'protocol'])
  .describe(
    'dns: the host name is unknown; unreachable: nothing answers on the port; tls: encryption or ' +
      'certificate refused; auth: the login was refused; folder_missing: a folder to sync does not ' +
      'exist; timeout: the server did not answer in time; protocol: it answered, but not as expected',
  );

export const mailboxProblem = z
  .object({ server: z.enum(['imap', 'smtp']), code: checkFailureCode, message: z.string() })
  .meta({ id: 'MailboxProblem' });

export const mailbox = z
  .object({
    id,
    ownerId: id.describe('The user who connected it'),
    teamId: id.nullable(),
    name: z.string(),
    address: z.string(),
    imap: mailServer,
    smtp: mailServer,
    folders: z.array(z.string()),
    syncSince: z.string().describe('YYYY-MM-DD'),
    status: z.enum(['unchecked', 'ok', 'failing']).describe('The outcome of the last check'),
    checkedAt: timestamp.nullable(),
    problems: z.array(mailboxProblem).describe("The last check's failures (empty when it passed)"),
    storeAll: z.boolean(),
    signature: z.string().nullable(),
    syncState: z.enum(['idle', 'syncing', 'failing']).describe('GET /mailboxes/{id}/sync tells more'),
    syncedAt: timestamp.nullable().describe('When the last sync ended well'),
    syncError: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Mailbox' });

export const mailboxList = z.object({ data: z.array(mailbox) }).meta({ id: 'MailboxList' });

const serverCheck = {
  ok: z.boolean(),
  code: checkFailureCode.optional(),
  message: z.string().optional().describe('What failed, in English, for people'),
};

export const mailboxCheck = z
  .object({
    imap: z
      .object({ ...serverCheck, folders: z.array(z.string()).optional().describe("The server's folders") })
      .meta({ id: 'ImapCheck' }),
    smtp: z.object(serverCheck).meta({ id: 'SmtpCheck' }),
  })
  .meta({ id: 'MailboxCheck' });

export type MailServerInput = z.infer<typeof mailServerInput>;
export type MailboxCreate = z.infer<typeof mailboxCreate>;
export type MailboxPatch = z.infer<typeof mailboxPatch>;
export type Mailbox = z.infer<typeof mailbox>;
export type MailboxCheck = z.infer<typeof mailboxCheck>;
export type CheckFailureCode = z.infer<typeof checkFailureCode>;
export type MailboxProblem = z.infer<typeof mailboxProblem>;
