// Test support: an email stored in a workspace as the sync stores one (parsed from raw bytes,
// files in the file store, rows under row-level security), without mail servers: for tests
// about who may read a stored message and its attachments, not about the sync.
import crypto from 'node:crypto';
import { acrossWorkspaces } from '../platform/db/maintenance.ts';
import { inTenant } from '../platform/db/tenant.ts';
import { seal } from '../platform/secrets.ts';
import { parseEmail } from '../modules/emails/emails.parse.ts';
import { storeParsed, storeRules, verdict, type MailboxOfMessage } from '../modules/emails/emails.store.ts';
import type { Client, Harness } from './harness.ts';

/** A mailbox of the client's user that keeps every message (no mail server behind it). */
export async function mailboxOf(h: Harness, owner: Client, name = 'Postfach'): Promise<MailboxOfMessage> {
  const id = crypto.randomUUID();
  const address = `postfach-${id.slice(0, 8)}@farley.example`;
  await acrossWorkspaces(h.ctx.db.owner, (tx) =>
    tx
      .insertInto('mailboxes')
      .values({
        workspace_id: owner.workspaceId,
        id,
        owner_id: owner.userId,
        name,
        address,
        imap_host: 'imap.farley.example',
        imap_port: 993,
        imap_security: 'tls',
        imap_username: address,
        imap_password: seal(h.ctx.secrets, 'unbenutzt'),
        smtp_host: 'smtp.farley.example',
        smtp_port: 465,
        smtp_security: 'tls',
        smtp_username: address,
        smtp_password: seal(h.ctx.secrets, 'unbenutzt'),
        store_all: true,
      })
      .execute(),
  );
  return { workspaceId: owner.workspaceId, id, ownerId: owner.userId, address, storeAll: true };
}

/** Stores a raw message in the mailbox; its id and its attachments' ids, in order. */
export async function storeEmail(
  h: Harness,
  box: MailboxOfMessage,
  raw: string,
): Promise<{ emailId: string; attachmentIds: string[] }> {
  const bytes = Buffer.from(raw.replace(/\r?\n/g, '\r\n'));
  const parsed = await parseEmail(bytes);
  return inTenant(h.ctx.db.app, { workspaceId: box.workspaceId, userId: box.ownerId }, async (tx) => {
    const rules = await storeRules(tx, box);
    const judged = await verdict(tx, box, rules, parsed);
    const { emailId } = await storeParsed(h.ctx, tx, box, rules, parsed, bytes, judged.keep ? judged.matches : []);
    const attachments = await tx
      .selectFrom('email_attachments')
      .select('id')
      .where('email_id', '=', emailId)
      .orderBy('position')
      .execute();
    return { emailId, attachmentIds: attachments.map((a) => a.id) };
  });
}

/** A raw message with one attachment `fileName` (any text: it is put into the MIME headers encoded). */
export function messageWithAttachment(headers: { from: string; to: string; subject: string }, fileName: string) {
  const encoded = `=?UTF-8?B?${Buffer.from(fileName).toString('base64')}?=`;
  const boundary = `b-${crypto.randomBytes(4).toString('hex')}`;
  return [
    `From: ${headers.from}`,
    `To: ${headers.to}`,
    `Subject: =?UTF-8?B?${Buffer.from(headers.subject).toString('base64')}?=`,
    `Message-ID: <${crypto.randomUUID()}@farley.example>`,
    'Date: Mon, 02 Mar 2026 09:00:00 +0100',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Anbei die Unterlagen.',
    `--${boundary}`,
    `Content-Type: application/octet-stream; name="${encoded}"`,
    `Content-Disposition: attachment; filename="${encoded}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('Geheime Unterlagen').toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\n');
}
