// Sending from Farley: the message is built once (nodemailer's MailComposer), sent through the
// mailbox's own SMTP server, a copy put into the mailbox's Sent folder, and stored on the
// timeline at once. A reply carries In-Reply-To and References, so it joins its thread here and
// in the recipient's mail client. A message to send later waits, built, in the store.
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { Row } from '../../platform/presenting.ts';
import type { EmailSend } from '../../../contract/emails.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { acrossWorkspaces } from '../../platform/db/maintenance.ts';
import { assertLinkTargets, noLinks, type LinkSets } from '../../platform/db/links.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/db/records.ts';
import { readStoredFile } from '../../platform/files.ts';
import { cleanHtml } from '../../platform/html.ts';
import { classify, imapClient, smtpTransport } from '../mailboxes/mailboxes.check.ts';
import { storedServer, visibleMailboxes } from '../mailboxes/mailboxes.service.ts';
import { ensureQuotePdf } from '../salesDocuments/index.ts';
import { parseEmail, textOfHtml } from './emails.parse.ts';
import { restricted, restrictedAddresses, restrictedContactIds } from '../contacts/restriction.rules.ts';
import * as repo from './emails.repository.ts';
import { storeParsed, storeRules, verdict, type MailboxOfMessage } from './emails.store.ts';

const maxAttachmentBytes = 25 * 1024 * 1024;
const maxMessageBytes = 35 * 1024 * 1024;
/** A send time less than this ahead is "now". */
const laterThanMs = 60_000;

function notSent(message: string, path = 'smtp'): AppError {
  return new AppError(
    'invalid',
    `The email was not sent: ${message}`,
    [{ path, code: 'invalid', message }],
    undefined,
    'email_not_sent',
  );
}

type Attachment = { filename: string; contentType: string; content: Buffer };

async function attachmentsOf(tx: Db, workspaceId: string, input: EmailSend): Promise<Attachment[]> {
  const out: Attachment[] = [];
  for (const [index, item] of input.attachments.entries()) {
    if ('quoteId' in item) {
      const pdf = await ensureQuotePdf(tx, workspaceId, item.quoteId).catch(() => undefined);
      if (!pdf) {
        throw invalid(
          [{ path: `attachments.${index}.quoteId`, code: 'invalid', message: 'not an issued quote' }],
          'Only an issued quote has a PDF to attach.',
        );
      }
      out.push({ filename: pdf.fileName, contentType: 'application/pdf', content: pdf.bytes });
      continue;
    }
    const content = Buffer.from(item.content, 'base64');
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(item.content)) {
      throw invalid([{ path: `attachments.${index}.content`, code: 'invalid', message: 'must be base64' }]);
    }
    if (content.length > maxAttachmentBytes) {
      throw invalid([
        { path: `attachments.${index}.content`, code: 'too_big', message: 'an attachment has at most 25 MB' },
      ]);
    }
    out.push({ filename: item.filename, contentType: item.contentType, content });
  }
  if (out.reduce((sum, a) => sum + a.content.length, 0) > maxMessageBytes) {
    throw invalid([{ path: 'attachments', code: 'too_big', message: 'attachments together have at most 35 MB' }]);
  }
  return out;
}

async function build(options: ConstructorParameters<typeof MailComposer>[0], keepBcc: boolean): Promise<Buffer> {
  const node = new MailComposer(options).compile();
  node.keepBcc = keepBcc;
  return node.build();
}

/** The signature below what the user wrote: above a quoted earlier message, as mail programs put it. */
export function withSignature(html: string, signature: string): string {
  if (!signature) return html;
  const block = `<br><div class="signature">-- <br>${signature}</div>`;
  const quote = html.search(/<blockquote\b/i);
  return quote < 0 ? `${html}${block}` : `${html.slice(0, quote)}${block}${html.slice(quote)}`;
}

function boxOf(row: Row<'mailboxes'>): MailboxOfMessage {
  return {
    workspaceId: row.workspace_id,
    id: row.id,
    ownerId: row.owner_id,
    address: row.address,
    storeAll: row.store_all,
  };
}

/** Sends built bytes through the mailbox's SMTP server to every recipient (Bcc too). */
async function deliver(ctx: AppContext, box: Row<'mailboxes'>, raw: Buffer, recipients: string[]) {
  const server = storedServer(ctx, box, 'smtp');
  const transport = smtpTransport(server, 120_000);
  try {
    await transport.sendMail({ envelope: { from: box.address, to: recipients }, raw });
  } catch (error) {
    throw notSent(classify(error, 'SMTP', server.host).message);
  } finally {
    transport.close();
  }
}

/** Puts the copy into the Sent folder (the one the server marks \Sent, else one called Sent). */
async function fileInSent(ctx: AppContext, box: Row<'mailboxes'>, raw: Buffer): Promise<string | null> {
  const client = imapClient(storedServer(ctx, box, 'imap'), { socketTimeoutMs: 120_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const folders = await client.list();
    const sent =
      folders.find((f) => f.specialUse === '\\Sent')?.path ??
      folders.find((f) => /^(sent|gesendet|gesendete (objekte|elemente)|sent items)$/i.test(f.name))?.path ??
      null;
    if (!sent) return 'The mailbox has no Sent folder; no copy was filed';
    await client.append(sent, raw, ['\\Seen']);
    return null;
  } catch (error) {
    return `The copy could not be put into the Sent folder: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}

async function storeSent(
  ctx: AppContext,
  actor: { workspaceId: string; userId: string },
  box: Row<'mailboxes'>,
  raw: Buffer,
  extra: LinkSets,
  status: 'sent' | 'scheduled',
  sendAt: Date | null,
): Promise<string> {
  const parsed = await parseEmail(raw);
  const mailbox = boxOf(box);
  return inTenant(ctx.db.app, actor, async (tx) => {
    const rules = await storeRules(tx, mailbox);
    const judged = await verdict(tx, mailbox, rules, parsed);
    // Written from the CRM: kept whoever it is to, on the records it was written from too.
    const stored = await storeParsed(ctx, tx, mailbox, rules, parsed, raw, judged.keep ? judged.matches : [], {
      status,
      sendAt,
      createdBy: actor.userId,
      extraLinks: extra,
    });
    return stored.emailId;
  });
}

/** GDPR Art. 18: no mail to a restricted contact, by address or by link (unless a restriction notice). */
async function assertNoRestrictedRecipient(tx: Db, input: EmailSend): Promise<void> {
  const addresses = [...input.to, ...input.cc, ...input.bcc].map((r) => r.address);
  const [address] = await restrictedAddresses(tx, addresses);
  if (address) throw restricted(`The recipient ${address}`);
  if ((await restrictedContactIds(tx, input.contactIds)).length) throw restricted('A linked contact');
}

/** What only Farley itself adds to a message: an iTIP calendar part (invitations, their updates). */
export interface SendExtras {
  icalEvent?: { method: 'REQUEST' | 'CANCEL' | 'REPLY'; content: string; filename?: string };
}

export async function sendEmail(
  ctx: AppContext,
  actor: Actor,
  input: EmailSend,
  extras: SendExtras = {},
): Promise<string> {
  const prepared = await inTenant(ctx.db.app, actor, async (tx) => {
    if (!input.restrictionNotice) await assertNoRestrictedRecipient(tx, input);
    const box = (await visibleMailboxes(tx, actor)).find((m) => m.id === input.mailboxId);
    if (!box) throw notFound('mailbox');
    await assertLinkTargets(tx, { contactIds: input.contactIds, companyIds: input.companyIds, dealIds: input.dealIds });
    const replyTo = input.replyToId
      ? await tx.selectFrom('emails').selectAll().where('id', '=', input.replyToId).executeTakeFirst()
      : undefined;
    if (input.replyToId && !replyTo) {
      throw invalid([{ path: 'replyToId', code: 'not_found', message: 'no such email' }]);
    }
    const user = await tx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirst();
    return {
      box,
      replyTo,
      userName: user?.name ?? null,
      attachments: await attachmentsOf(tx, actor.workspaceId, input),
    };
  });
  const { box, replyTo } = prepared;
  const signature = box.signature ? cleanHtml(box.signature, { remoteImages: true }).html : '';
  const html = withSignature(cleanHtml(input.html, { remoteImages: true }).html, signature);
  const domain = box.address.split('@')[1] ?? 'farley.invalid';
  const options = {
    from: prepared.userName ? { name: prepared.userName, address: box.address } : box.address,
    to: input.to,
    cc: input.cc,
    bcc: input.bcc,
    subject: input.subject,
    html,
    text: textOfHtml(html),
    attachments: prepared.attachments,
    messageId: `<${randomUUID()}@${domain}>`,
    date: new Date(),
    ...(extras.icalEvent && { icalEvent: extras.icalEvent }),
    ...(replyTo && {
      inReplyTo: `<${replyTo.message_id}>`,
      references: [...replyTo.reference_ids, replyTo.message_id].map((id) => `<${id}>`),
    }),
  };
  const copy = await build(options, true);
  const extra = { ...noLinks(), contactIds: input.contactIds, companyIds: input.companyIds, dealIds: input.dealIds };
  const sendAt = input.sendAt ? new Date(input.sendAt) : null;
  if (sendAt && sendAt.getTime() > Date.now() + laterThanMs) {
    return storeSent(ctx, actor, box, copy, extra, 'scheduled', sendAt);
  }
  const recipients = [...input.to, ...input.cc, ...input.bcc].map((r) => r.address);
  await deliver(ctx, box, await build(options, false), recipients);
  const id = await storeSent(ctx, actor, box, copy, extra, 'sent', null);
  const filed = await fileInSent(ctx, box, copy);
  if (filed) await logSent(ctx, box, filed);
  return id;
}

async function logSent(ctx: AppContext, box: Row<'mailboxes'>, message: string) {
  await inTenant(ctx.db.app, { workspaceId: box.workspace_id }, (tx) =>
    repo.logSync(tx, {
      workspace_id: box.workspace_id,
      id: newId(),
      mailbox_id: box.id,
      folder: null,
      uid: null,
      level: 'error',
      message,
    }),
  );
}

/** Sends the scheduled messages whose time has come (the job runs it every minute). */
export async function sendDueEmails(ctx: AppContext, log: (message: string, error?: unknown) => void = () => {}) {
  const due = await acrossWorkspaces(ctx.db.owner, (tx) =>
    tx
      .updateTable('emails')
      .set({ status: 'sent' })
      .where('status', '=', 'scheduled')
      .where('send_at', '<=', new Date())
      .returning(['workspace_id', 'id', 'mailbox_id', 'raw_sha256', 'participants', 'recipients'])
      .execute(),
  );
  for (const email of due) {
    try {
      const box = await inTenant(ctx.db.app, { workspaceId: email.workspace_id }, (tx) =>
        tx.selectFrom('mailboxes').selectAll().where('id', '=', email.mailbox_id).executeTakeFirstOrThrow(),
      );
      const copy = await readStoredFile(ctx.config.dataDir, email.raw_sha256!);
      const { to, cc, bcc } = email.recipients;
      const withoutBcc = bcc.length === 0 ? copy : stripBcc(copy);
      await deliver(
        ctx,
        box,
        withoutBcc,
        [...to, ...cc, ...bcc].map((r) => r.address),
      );
      const filed = await fileInSent(ctx, box, copy);
      if (filed) await logSent(ctx, box, filed);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`scheduled email ${email.id}`, error);
      await inTenant(ctx.db.app, { workspaceId: email.workspace_id }, (tx) =>
        tx
          .updateTable('emails')
          .set({ status: 'failed', send_error: message.slice(0, 2000) })
          .where('id', '=', email.id)
          .execute(),
      );
    }
  }
  return due.length;
}

/** The message without its Bcc header (the copy in Sent keeps it; recipients must not see it). */
function stripBcc(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = text.slice(0, end).replace(/^Bcc:.*(\r?\n[ \t].*)*\r?\n/im, '');
  return Buffer.from(head + text.slice(end), 'latin1');
}
